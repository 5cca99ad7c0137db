package properties

// ignored are Java (and librdkafka) keys every client accepts and that
// have no effect here, with the reason.
var ignored = map[string]string{
	"metadata.max.age.ms":                    "metadata is refreshed every 5 minutes and whenever an answer shows it stale",
	"connections.max.idle.ms":                "connections stay open until the client closes or they fail",
	"reconnect.backoff.ms":                   "redials back off from the client's RetryBackoff to RetryBackoffMax",
	"reconnect.backoff.max.ms":               "redials back off from the client's RetryBackoff to RetryBackoffMax",
	"socket.connection.setup.timeout.ms":     "dials time out after 10s (conn.ConnConfig.DialTimeout)",
	"socket.connection.setup.timeout.max.ms": "dials time out after 10s (conn.ConnConfig.DialTimeout)",
	"send.buffer.bytes":                      "the operating system's socket buffer sizes are used",
	"receive.buffer.bytes":                   "the operating system's socket buffer sizes are used",
	"socket.send.buffer.bytes":               "the operating system's socket buffer sizes are used", // librdkafka
	"socket.receive.buffer.bytes":            "the operating system's socket buffer sizes are used", // librdkafka
	"client.dns.lookup":                      "every address a host name resolves to is tried, as use_all_dns_ips",
	"metrics.num.samples":                    "metrics come from Config.Hooks",
	"metrics.recording.level":                "metrics come from Config.Hooks",
	"metrics.sample.window.ms":               "metrics come from Config.Hooks",
	"metric.reporters":                       "metrics come from Config.Hooks",
	"auto.include.jmx.reporter":              "metrics come from Config.Hooks",
	"enable.metrics.push":                    "metrics come from Config.Hooks (KIP-714 push is not implemented)",
	"security.providers":                     "Java security providers; Go's crypto is used",
	"api.version.request":                    "API versions are always negotiated", // librdkafka
}

// javaKeys names, for each Java (and librdkafka) client key that no table
// here maps, the kinds of client it belongs to, so a key given to the
// wrong client is told so, and a known key kafkawire does not support is
// not called a typo. Keys the client tables map are listed too, with
// their owners (a test checks every table against this).
var javaKeys = map[string]Client{
	// Producer.
	"acks": Producer, "request.required.acks": Producer, "batch.size": Producer, "linger.ms": Producer,
	"queue.buffering.max.ms": Producer, "buffer.memory": Producer, "compression.type": Producer,
	"compression.codec": Producer, "compression.gzip.level": Producer, "compression.lz4.level": Producer,
	"compression.zstd.level": Producer, "compression.level": Producer, "delivery.timeout.ms": Producer,
	"message.timeout.ms": Producer, "enable.idempotence": Producer, "max.block.ms": Producer,
	"max.in.flight.requests.per.connection": Producer, "max.in.flight": Producer, "max.request.size": Producer,
	"partitioner.class": Producer, "partitioner": Producer, "partitioner.ignore.keys": Producer,
	"partitioner.adaptive.partitioning.enable": Producer, "partitioner.availability.timeout.ms": Producer,
	"retries": Producer, "message.send.max.retries": Producer, "transactional.id": Producer,
	"transaction.timeout.ms": Producer, "key.serializer": Producer, "value.serializer": Producer,
	"metadata.max.idle.ms": Producer, "queue.buffering.max.messages": Producer,
	"queue.buffering.max.kbytes": Producer, "batch.num.messages": Producer, "transaction.two.phase.commit.enable": Producer,

	// Consumer.
	"group.id": Consumer, "group.instance.id": Consumer, "group.protocol": Consumer,
	"group.remote.assignor": Consumer, "auto.offset.reset": Consumer, "enable.auto.commit": Consumer,
	"auto.commit.interval.ms": Consumer, "isolation.level": Consumer, "fetch.min.bytes": Consumer,
	"fetch.max.bytes": Consumer, "max.partition.fetch.bytes": Consumer, "fetch.max.wait.ms": Consumer,
	"fetch.wait.max.ms": Consumer, "max.poll.records": Consumer, "max.poll.interval.ms": Consumer,
	"session.timeout.ms": Consumer, "heartbeat.interval.ms": Consumer, "partition.assignment.strategy": Consumer,
	"key.deserializer": Consumer, "value.deserializer": Consumer, "check.crcs": Consumer,
	"exclude.internal.topics": Consumer, "allow.auto.create.topics": Consumer, "client.rack": Consumer,
	"default.api.timeout.ms": Consumer | Admin, "enable.auto.offset.store": Consumer,
	"queued.max.messages.kbytes": Consumer, "queued.min.messages": Consumer, "fetch.message.max.bytes": Consumer,
	"share.acknowledgement.mode": Consumer,

	// Shared by several kinds, not mapped by every one.
	"retry.backoff.ms": Producer | Consumer | Admin, "retry.backoff.max.ms": Producer | Consumer | Admin,
	"interceptor.classes": Producer | Consumer, "enable.metrics.push": Producer | Consumer | Admin,

	// Security keys kafkawire does not map (every kind).
	"sasl.login.callback.handler.class":   Producer | Consumer | Admin,
	"sasl.login.class":                    Producer | Consumer | Admin,
	"sasl.client.callback.handler.class":  Producer | Consumer | Admin,
	"sasl.kerberos.service.name":          Producer | Consumer | Admin,
	"sasl.kerberos.kinit.cmd":             Producer | Consumer | Admin,
	"sasl.login.refresh.window.factor":    Producer | Consumer | Admin,
	"sasl.oauthbearer.token.endpoint.url": Producer | Consumer | Admin,
	"sasl.oauthbearer.method":             Producer | Consumer | Admin,
	"sasl.oauthbearer.config":             Producer | Consumer | Admin,
	"ssl.cipher.suites":                   Producer | Consumer | Admin,
	"ssl.engine.factory.class":            Producer | Consumer | Admin,
	"ssl.provider":                        Producer | Consumer | Admin,
}

// javaDefaults are the Java defaults of keys in javaKeys that no table
// maps: a file spelling out the default asks for what kafkawire does, so
// it is accepted.
var javaDefaults = map[string]string{
	"partitioner.ignore.keys":  "false",
	"allow.auto.create.topics": "true",
	"exclude.internal.topics":  "true",
	"enable.auto.offset.store": "true",
}
