package producer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kafkawire/kafkawire/internal/propdoc"
	"github.com/kafkawire/kafkawire/internal/testcert"
	"github.com/kafkawire/kafkawire/properties"
	"github.com/kafkawire/kafkawire/sasl"
)

// javaProducerFile is a producer configuration as a Java user writes one,
// for a SASL_SSL listener with SCRAM and a PEM truststore.
const javaProducerFile = `# Producer for the orders service
bootstrap.servers=kafka-1.example.com:9093,kafka-2.example.com:9093
client.id=orders-producer
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \
    username="orders" \
    password="s3cr3t-pw";
ssl.truststore.location=CA_FILE
ssl.truststore.type=PEM
ssl.endpoint.identification.algorithm=https
key.serializer=org.apache.kafka.common.serialization.StringSerializer
value.serializer=org.apache.kafka.common.serialization.ByteArraySerializer
acks=all
enable.idempotence=true
linger.ms=20
batch.size=65536
buffer.memory=67108864
compression.type=zstd
compression.zstd.level=6
compression.gzip.level=9
max.in.flight.requests.per.connection=5
max.request.size=2097152
delivery.timeout.ms=180000
request.timeout.ms=40000
retries=2147483647
retry.backoff.ms=200
retry.backoff.max.ms=2000
max.block.ms=30000
transactional.id=orders-1
transaction.timeout.ms=90000
partitioner.class=org.apache.kafka.clients.producer.RoundRobinPartitioner
metadata.max.age.ms=300000
reconnect.backoff.ms=50
interceptor.classes=
`

func writeProps(t *testing.T, text string) properties.Properties {
	t.Helper()
	dir := t.TempDir()
	ca := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(ca, testcert.New(t).PEM, 0o600); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "producer.properties")
	if err := os.WriteFile(file, []byte(strings.ReplaceAll(text, "CA_FILE", ca)), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := properties.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestConfigFromJavaProducerFile(t *testing.T) {
	c, err := ConfigFromProperties(writeProps(t, javaProducerFile))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(c.Brokers, ",") != "kafka-1.example.com:9093,kafka-2.example.com:9093" || c.ClientID != "orders-producer" {
		t.Errorf("brokers %v, client id %q", c.Brokers, c.ClientID)
	}
	if s, ok := c.SASL.(sasl.Scram); !ok || s.Hash != sasl.SHA512 || s.User != "orders" || s.Password != "s3cr3t-pw" {
		t.Errorf("SASL = %v", c.SASL)
	}
	if c.TLS == nil || c.TLS.RootCAs == nil {
		t.Errorf("TLS = %v", c.TLS)
	}
	if c.Acks != AcksAll || c.Idempotence != Enabled || c.Linger != 20*time.Millisecond || c.BatchSize != 65536 ||
		c.MaxBufferedBytes != 64<<20 || c.Compression != CompressionZstd || c.CompressionLevel != 6 ||
		c.MaxInFlight != 5 || c.MaxRequestSize != 2<<20 || c.DeliveryTimeout != 3*time.Minute ||
		c.RequestTimeout != 40*time.Second || c.DisableRetries || c.RetryBackoff != 200*time.Millisecond ||
		c.RetryBackoffMax != 2*time.Second || c.MaxBlock != 30*time.Second || c.FailWhenFull ||
		c.TransactionalID != "orders-1" || c.TransactionTimeout != 90*time.Second {
		t.Errorf("config %+v", c)
	}
	if _, ok := c.Partitioner.(*roundRobin); !ok {
		t.Errorf("partitioner %T", c.Partitioner)
	}
	if _, err := c.validate(); err != nil {
		t.Errorf("the mapped config does not validate: %v", err)
	}
}

func TestConfigFromPropertiesValues(t *testing.T) {
	for _, tc := range []struct {
		props map[string]string
		check func(Config) bool
	}{
		{map[string]string{"acks": "1"}, func(c Config) bool { return c.Acks == AcksLeader }},
		{map[string]string{"acks": "0"}, func(c Config) bool { return c.Acks == AcksNone }},
		{map[string]string{"request.required.acks": "-1"}, func(c Config) bool { return c.Acks == AcksAll }},
		{map[string]string{"linger.ms": "0"}, func(c Config) bool { return c.Linger == NoLinger }},
		{map[string]string{"queue.buffering.max.ms": "3"}, func(c Config) bool { return c.Linger == 3*time.Millisecond }},
		{map[string]string{"batch.size": "0"}, func(c Config) bool { return c.BatchSize == 1 }},
		{map[string]string{"max.block.ms": "0"}, func(c Config) bool { return c.FailWhenFull }},
		{map[string]string{"retries": "0"}, func(c Config) bool { return c.DisableRetries }},
		{map[string]string{"enable.idempotence": "false"}, func(c Config) bool { return c.Idempotence == Disabled }},
		{map[string]string{"compression.codec": "LZ4", "compression.level": "-3"}, func(c Config) bool {
			return c.Compression == CompressionLZ4 && c.CompressionLevel == -3
		}},
		{map[string]string{"compression.type": "gzip", "compression.zstd.level": "3"}, func(c Config) bool { return c.CompressionLevel == 0 }},
		{map[string]string{"partitioner": "murmur2_random"}, func(c Config) bool { _, ok := c.Partitioner.(*stickyPartitioner); return ok }},
		{map[string]string{"message.timeout.ms": "60000", "max.in.flight": "3"}, func(c Config) bool {
			return c.DeliveryTimeout == time.Minute && c.MaxInFlight == 3
		}},
	} {
		p := properties.Properties{"bootstrap.servers": "b:9092"}
		for k, v := range tc.props {
			p[k] = v
		}
		c, err := ConfigFromProperties(p)
		if err != nil || !tc.check(c) {
			t.Errorf("%v: %+v, %v", tc.props, c, err)
		}
	}
}

func TestConfigFromPropertiesErrors(t *testing.T) {
	for k, want := range map[string][2]string{
		"acks":                    {"2", `acks: "2": want all, -1, 1 or 0`},
		"compression.type":        {"brotli", `compression.type: "brotli": want none, gzip`},
		"partitioner.class":       {"com.example.MyPartitioner", "partitioner.class: \"com.example.MyPartitioner\": is not one kafkawire has"},
		"group.id":                {"g", "group.id: belongs to the consumer, not the producer"},
		"enable.auto.commit":      {"true", "belongs to the consumer"},
		"lingr.ms":                {"5", `lingr.ms: unknown key (did you mean "linger.ms"?)`},
		"compression.zstd.level":  {"x", "compression.zstd.level"},
		"partitioner.ignore.keys": {"true", "partitioner.ignore.keys: is not supported"},
	} {
		_, err := ConfigFromProperties(properties.Properties{"bootstrap.servers": "b:9092", k: want[0]})
		if err == nil || !strings.Contains(err.Error(), want[1]) {
			t.Errorf("%s=%s: got %v, want %q", k, want[0], err, want[1])
		}
	}
}

// TestPropertyTableMatchesComments keeps one source of truth: every key the
// table maps is named in the comment of the Config field it sets.
func TestPropertyTableMatchesComments(t *testing.T) {
	propdoc.Check(t, "config.go", "Config", append(properties.Docs(propertyKeys), properties.ConnectionKeys()...))
	for _, k := range propertyKeys {
		if owner := properties.BelongsTo(k.Name); owner&properties.Producer == 0 {
			t.Errorf("table key %s is not listed as a producer key in package properties", k.Name)
		}
		if (k.Set == nil) == (k.Ignore == "") {
			t.Errorf("table key %s needs exactly one of Set and Ignore", k.Name)
		}
	}
}
