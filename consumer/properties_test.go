package consumer

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

// javaConsumerFile is a consumer configuration as a Java user writes one,
// for a SASL_SSL listener with SCRAM, a PEM truststore and mTLS.
const javaConsumerFile = `# Consumer for the billing service
bootstrap.servers = kafka-1.example.com:9093, kafka-2.example.com:9093
client.id = billing
group.id = billing-v2
group.instance.id = billing-host-7
security.protocol = SASL_SSL
sasl.mechanism = SCRAM-SHA-256
sasl.jaas.config = org.apache.kafka.common.security.scram.ScramLoginModule required username="billing" password="p@ss=word;x";
ssl.truststore.location = CA_FILE
ssl.truststore.type = PEM
ssl.truststore.password = changeit
ssl.keystore.type = PEM
ssl.keystore.location = KEYSTORE_FILE
key.deserializer = org.apache.kafka.common.serialization.StringDeserializer
value.deserializer = org.apache.kafka.common.serialization.ByteArrayDeserializer
auto.offset.reset = earliest
enable.auto.commit = false
auto.commit.interval.ms = 1000
isolation.level = read_committed
fetch.min.bytes = 1024
fetch.max.bytes = 10485760
max.partition.fetch.bytes = 2097152
fetch.max.wait.ms = 250
max.poll.records = 1000
session.timeout.ms = 30000
heartbeat.interval.ms = 2000
max.poll.interval.ms = 600000
partition.assignment.strategy = org.apache.kafka.clients.consumer.CooperativeStickyAssignor,org.apache.kafka.clients.consumer.RangeAssignor
group.protocol = classic
request.timeout.ms = 20000
retry.backoff.ms = 150
default.api.timeout.ms = 60000
check.crcs = true
allow.auto.create.topics = true
exclude.internal.topics = true
client.dns.lookup = use_all_dns_ips
`

func TestConfigFromJavaConsumerFile(t *testing.T) {
	dir := t.TempDir()
	ca := testcert.New(t)
	cert, key := ca.Issue(t, true)
	caFile, ksFile := filepath.Join(dir, "ca.pem"), filepath.Join(dir, "client.pem")
	if err := os.WriteFile(caFile, ca.PEM, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(ksFile, append(cert, key...), 0o600); err != nil {
		t.Fatal(err)
	}
	text := strings.NewReplacer("CA_FILE", caFile, "KEYSTORE_FILE", ksFile).Replace(javaConsumerFile)
	p, err := properties.Parse(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	c, err := ConfigFromProperties(p)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(c.Brokers, ",") != "kafka-1.example.com:9093,kafka-2.example.com:9093" || c.ClientID != "billing" ||
		c.GroupID != "billing-v2" || c.GroupInstanceID != "billing-host-7" {
		t.Errorf("config %+v", c)
	}
	if s, ok := c.SASL.(sasl.Scram); !ok || s.Hash != sasl.SHA256 || s.User != "billing" || s.Password != "p@ss=word;x" {
		t.Errorf("SASL = %v", c.SASL)
	}
	if c.TLS == nil || c.TLS.RootCAs == nil || len(c.TLS.Certificates) != 1 {
		t.Errorf("TLS = %v", c.TLS)
	}
	if c.AutoOffsetReset != ResetEarliest || c.AutoCommit != Disabled || c.AutoCommitInterval != time.Second ||
		c.Isolation != ReadCommitted || c.FetchMinBytes != 1024 || c.FetchMaxBytes != 10<<20 ||
		c.MaxPartitionFetchBytes != 2<<20 || c.FetchMaxWait != 250*time.Millisecond || c.MaxPollRecords != 1000 ||
		c.SessionTimeout != 30*time.Second || c.HeartbeatInterval != 2*time.Second || c.RebalanceTimeout != 10*time.Minute ||
		c.RequestTimeout != 20*time.Second || c.RetryBackoff != 150*time.Millisecond || c.GroupProtocol != GroupProtocolClassic {
		t.Errorf("config %+v", c)
	}
	if strings.Join(c.Assignors, ",") != "cooperative-sticky,range" {
		t.Errorf("assignors %v", c.Assignors)
	}
	if _, err := c.validate(); err != nil {
		t.Errorf("the mapped config does not validate: %v", err)
	}
}

func TestConsumerConfigFromPropertiesValues(t *testing.T) {
	for _, tc := range []struct {
		props map[string]string
		check func(Config) bool
	}{
		{map[string]string{"auto.offset.reset": "smallest"}, func(c Config) bool { return c.AutoOffsetReset == ResetEarliest }},
		{map[string]string{"auto.offset.reset": "latest"}, func(c Config) bool { return c.AutoOffsetReset == ResetLatest }},
		{map[string]string{"auto.offset.reset": "none"}, func(c Config) bool { return c.AutoOffsetReset == ResetNone }},
		{map[string]string{"enable.auto.commit": "TRUE", "group.id": "g"}, func(c Config) bool { return c.AutoCommit == Enabled }},
		{map[string]string{"isolation.level": "read_uncommitted"}, func(c Config) bool { return c.Isolation == ReadUncommitted }},
		{map[string]string{"fetch.wait.max.ms": "100"}, func(c Config) bool { return c.FetchMaxWait == 100*time.Millisecond }},
		{map[string]string{"partition.assignment.strategy": "roundrobin"}, func(c Config) bool { return c.Assignors[0] == "roundrobin" }},
		{map[string]string{"group.remote.assignor": "uniform", "retry.backoff.max.ms": "5000"}, func(c Config) bool {
			return c.GroupRemoteAssignor == "uniform" && c.RetryBackoffMax == 5*time.Second
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

func TestConsumerConfigFromPropertiesErrors(t *testing.T) {
	for k, want := range map[string][2]string{
		"auto.offset.reset":  {"oldest", `auto.offset.reset: "oldest": want earliest, latest or none`},
		"isolation.level":    {"serializable", "want read_uncommitted or read_committed"},
		"acks":               {"all", "acks: belongs to the producer, not the consumer"},
		"linger.ms":          {"5", "belongs to the producer"},
		"group.idd":          {"g", `group.idd: unknown key (did you mean "group.id"?)`},
		"max.poll.records":   {"-1", "want a non-negative whole number"},
		"client.rack":        {"rack-1", "client.rack: is not supported"},
		"enable.auto.commit": {"yes", "want true or false"},
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
		if owner := properties.BelongsTo(k.Name); owner&properties.Consumer == 0 {
			t.Errorf("table key %s is not listed as a consumer key in package properties", k.Name)
		}
		if (k.Set == nil) == (k.Ignore == "") {
			t.Errorf("table key %s needs exactly one of Set and Ignore", k.Name)
		}
	}
}
