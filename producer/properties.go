package producer

import (
	"errors"
	"strings"
	"time"

	"github.com/kafkawire/kafkawire/properties"
)

// ConfigFromProperties maps a Java (or librdkafka) producer properties
// file to a Config: the connection keys of package properties plus the
// keys in propertyKeys below, which are the Config fields' comments'
// names. An unknown key, a consumer key, a Java key kafkawire does not
// support, and a bad value are errors naming the key; the Config is then
// validated by New as usual.
func ConfigFromProperties(p properties.Properties) (Config, error) {
	var pc propConfig
	conn, err := properties.Apply(p, properties.Producer, propertyKeys, &pc)
	if err != nil {
		return Config{}, err
	}
	c := pc.cfg
	c.Brokers, c.ClientID, c.TLS, c.SASL, c.RequestTimeout = conn.Brokers, conn.ClientID, conn.TLS, conn.SASL, conn.RequestTimeout
	// Java keeps one level per codec; the chosen codec's applies.
	if lvl, ok := pc.levels[c.Compression]; ok {
		c.CompressionLevel = lvl
	} else if pc.anyLevel != nil {
		c.CompressionLevel = *pc.anyLevel
	}
	return c, nil
}

// propConfig is what the producer's keys set: the Config, and the
// per-codec compression levels until the codec is known.
type propConfig struct {
	cfg      Config
	levels   map[Compression]int
	anyLevel *int // librdkafka's compression.level, for whichever codec
}

type propKey = properties.Key[propConfig]

func propSet(name, field string, f func(c *Config, v string) error) propKey {
	return propKey{Name: name, Field: field, Set: func(pc *propConfig, v string) error { return f(&pc.cfg, v) }}
}

// propertyKeys is the producer's table: Java's key names first, then
// librdkafka's spellings of the same options.
var propertyKeys = []propKey{
	propSet("acks", "Acks", setAcks),
	propSet("request.required.acks", "Acks", setAcks), // librdkafka
	propSet("enable.idempotence", "Idempotence", func(c *Config, v string) error {
		on, err := properties.Bool(v)
		c.Idempotence = map[bool]Toggle{true: Enabled, false: Disabled}[on]
		return err
	}),
	propSet("linger.ms", "Linger", setLinger),
	propSet("queue.buffering.max.ms", "Linger", setLinger), // librdkafka
	propSet("batch.size", "BatchSize", func(c *Config, v string) error {
		n, err := properties.Int(v)
		// Java's batch.size=0 turns batching off: a batch per record.
		c.BatchSize = max(n, 1)
		return err
	}),
	properties.IntKey("buffer.memory", "MaxBufferedBytes", func(pc *propConfig) *int { return &pc.cfg.MaxBufferedBytes }),
	propSet("max.block.ms", "MaxBlock", func(c *Config, v string) error {
		d, err := properties.Millis(v)
		c.MaxBlock, c.FailWhenFull = d, d == 0 && err == nil
		return err
	}),
	properties.MillisKey("delivery.timeout.ms", "DeliveryTimeout", propDeliveryTimeout),
	properties.MillisKey("message.timeout.ms", "DeliveryTimeout", propDeliveryTimeout), // librdkafka
	properties.MillisKey("retry.backoff.ms", "RetryBackoff", func(pc *propConfig) *time.Duration { return &pc.cfg.RetryBackoff }),
	properties.MillisKey("retry.backoff.max.ms", "RetryBackoffMax", func(pc *propConfig) *time.Duration { return &pc.cfg.RetryBackoffMax }),
	// Any positive count keeps retries on until DeliveryTimeout, as Java's
	// default (MAX_INT) does; a finite count is not kept.
	propSet("retries", "DisableRetries", setRetries),
	propSet("message.send.max.retries", "DisableRetries", setRetries), // librdkafka
	properties.IntKey("max.in.flight.requests.per.connection", "MaxInFlight", propMaxInFlight),
	properties.IntKey("max.in.flight", "MaxInFlight", propMaxInFlight), // librdkafka
	properties.IntKey("max.request.size", "MaxRequestSize", func(pc *propConfig) *int { return &pc.cfg.MaxRequestSize }),
	propSet("compression.type", "Compression", setCompression),
	propSet("compression.codec", "Compression", setCompression), // librdkafka
	propLevel("compression.gzip.level", CompressionGzip),
	propLevel("compression.lz4.level", CompressionLZ4),
	propLevel("compression.zstd.level", CompressionZstd),
	{Name: "compression.level", Field: "CompressionLevel", Set: func(pc *propConfig, v string) error { // librdkafka
		n, err := parseLevel(v)
		pc.anyLevel = &n
		return err
	}},
	propSet("partitioner.class", "Partitioner", setPartitioner),
	propSet("partitioner", "Partitioner", setPartitioner), // librdkafka
	properties.StringKey("transactional.id", "TransactionalID", func(pc *propConfig) *string { return &pc.cfg.TransactionalID }),
	properties.MillisKey("transaction.timeout.ms", "TransactionTimeout", func(pc *propConfig) *time.Duration { return &pc.cfg.TransactionTimeout }),
	{Name: "key.serializer", Ignore: "records carry bytes; typed keys and values are serialized by Go functions (NewTyped)"},
	{Name: "value.serializer", Ignore: "records carry bytes; typed keys and values are serialized by Go functions (NewTyped)"},
	{Name: "partitioner.adaptive.partitioning.enable", Ignore: "the default partitioner is Java's uniform sticky one, without adaptive load weighting"},
	{Name: "metadata.max.idle.ms", Ignore: "a partition idle for a minute is dropped (not configurable)"},
}

func setAcks(c *Config, v string) error {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "all", "-1":
		c.Acks = AcksAll
	case "1":
		c.Acks = AcksLeader
	case "0":
		c.Acks = AcksNone
	default:
		return errors.New("want all, -1, 1 or 0")
	}
	return nil
}

func setLinger(c *Config, v string) error {
	d, err := properties.Millis(v)
	c.Linger = d
	if d == 0 {
		c.Linger = NoLinger // Java's 0 sends at once; our zero value means 5ms
	}
	return err
}

func propDeliveryTimeout(pc *propConfig) *time.Duration { return &pc.cfg.DeliveryTimeout }

func setRetries(c *Config, v string) error {
	n, err := properties.Int(v)
	c.DisableRetries = n == 0 && err == nil
	return err
}

func propMaxInFlight(pc *propConfig) *int { return &pc.cfg.MaxInFlight }

var propCodecs = map[string]Compression{"none": CompressionNone, "gzip": CompressionGzip, "snappy": CompressionSnappy, "lz4": CompressionLZ4, "zstd": CompressionZstd}

func setCompression(c *Config, v string) error {
	codec, ok := propCodecs[strings.ToLower(strings.TrimSpace(v))]
	if !ok {
		return errors.New("want none, gzip, snappy, lz4 or zstd")
	}
	c.Compression = codec
	return nil
}

func propLevel(name string, codec Compression) propKey {
	return propKey{Name: name, Field: "CompressionLevel", Set: func(pc *propConfig, v string) error {
		n, err := parseLevel(v)
		if pc.levels == nil {
			pc.levels = map[Compression]int{}
		}
		pc.levels[codec] = n
		return err
	}}
}

func parseLevel(v string) (int, error) {
	// Levels may be negative (zstd's fast levels); the codec checks the range.
	neg := strings.HasPrefix(strings.TrimSpace(v), "-")
	n, err := properties.Int(strings.TrimPrefix(strings.TrimSpace(v), "-"))
	if neg {
		n = -n
	}
	return n, err
}

// propPartitioners maps Java's partitioner classes and librdkafka's names to
// ours; Java's default (no class) and librdkafka's murmur2_random are the
// default partitioner.
var propPartitioners = map[string]func() Partitioner{
	"org.apache.kafka.clients.producer.internals.DefaultPartitioner": DefaultPartitioner,
	"org.apache.kafka.clients.producer.UniformStickyPartitioner":     DefaultPartitioner,
	"org.apache.kafka.clients.producer.RoundRobinPartitioner":        RoundRobinPartitioner,
	"murmur2_random": DefaultPartitioner,
}

func setPartitioner(c *Config, v string) error {
	f, ok := propPartitioners[strings.TrimSpace(v)]
	if !ok {
		return errors.New("is not one kafkawire has (Java's DefaultPartitioner and RoundRobinPartitioner; librdkafka's murmur2_random); set Config.Partitioner in code")
	}
	c.Partitioner = f()
	return nil
}
