package consumer

import (
	"errors"
	"strings"
	"time"

	"github.com/kafkawire/kafkawire/properties"
)

// ConfigFromProperties maps a Java (or librdkafka) consumer properties
// file to a Config: the connection keys of package properties plus the
// keys in propertyKeys below, which the Config fields' comments name. An
// unknown key, a producer key, a Java key kafkawire does not support, and
// a bad value are errors naming the key; New validates the Config as
// usual.
func ConfigFromProperties(p properties.Properties) (Config, error) {
	var c Config
	conn, err := properties.Apply(p, properties.Consumer, propertyKeys, &c)
	if err != nil {
		return Config{}, err
	}
	c.Brokers, c.ClientID, c.TLS, c.SASL, c.RequestTimeout = conn.Brokers, conn.ClientID, conn.TLS, conn.SASL, conn.RequestTimeout
	return c, nil
}

type propKey = properties.Key[Config]

// propertyKeys is the consumer's table: Java's key names, then
// librdkafka's spellings of the same options.
var propertyKeys = []propKey{
	properties.StringKey("group.id", "GroupID", func(c *Config) *string { return &c.GroupID }),
	properties.StringKey("group.instance.id", "GroupInstanceID", func(c *Config) *string { return &c.GroupInstanceID }),
	{Name: "auto.offset.reset", Field: "AutoOffsetReset", Set: func(c *Config, v string) error {
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "latest", "largest", "end": // librdkafka: largest, end
			c.AutoOffsetReset = ResetLatest
		case "earliest", "smallest", "beginning":
			c.AutoOffsetReset = ResetEarliest
		case "none", "error":
			c.AutoOffsetReset = ResetNone
		default:
			return errors.New("want earliest, latest or none")
		}
		return nil
	}},
	{Name: "enable.auto.commit", Field: "AutoCommit", Set: func(c *Config, v string) error {
		on, err := properties.Bool(v)
		c.AutoCommit = map[bool]Toggle{true: Enabled, false: Disabled}[on]
		return err
	}},
	properties.MillisKey("auto.commit.interval.ms", "AutoCommitInterval", func(c *Config) *time.Duration { return &c.AutoCommitInterval }),
	{Name: "isolation.level", Field: "Isolation", Set: func(c *Config, v string) error {
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "read_uncommitted":
			c.Isolation = ReadUncommitted
		case "read_committed":
			c.Isolation = ReadCommitted
		default:
			return errors.New("want read_uncommitted or read_committed")
		}
		return nil
	}},
	properties.IntKey("fetch.min.bytes", "FetchMinBytes", func(c *Config) *int { return &c.FetchMinBytes }),
	properties.IntKey("fetch.max.bytes", "FetchMaxBytes", func(c *Config) *int { return &c.FetchMaxBytes }),
	properties.IntKey("max.partition.fetch.bytes", "MaxPartitionFetchBytes", func(c *Config) *int { return &c.MaxPartitionFetchBytes }),
	properties.MillisKey("fetch.max.wait.ms", "FetchMaxWait", func(c *Config) *time.Duration { return &c.FetchMaxWait }),
	properties.MillisKey("fetch.wait.max.ms", "FetchMaxWait", func(c *Config) *time.Duration { return &c.FetchMaxWait }), // librdkafka
	properties.IntKey("max.poll.records", "MaxPollRecords", func(c *Config) *int { return &c.MaxPollRecords }),
	properties.MillisKey("session.timeout.ms", "SessionTimeout", func(c *Config) *time.Duration { return &c.SessionTimeout }),
	properties.MillisKey("heartbeat.interval.ms", "HeartbeatInterval", func(c *Config) *time.Duration { return &c.HeartbeatInterval }),
	properties.MillisKey("max.poll.interval.ms", "RebalanceTimeout", func(c *Config) *time.Duration { return &c.RebalanceTimeout }),
	{Name: "partition.assignment.strategy", Field: "Assignors", Set: setAssignors},
	{Name: "group.protocol", Field: "GroupProtocol", Set: func(c *Config, v string) error {
		c.GroupProtocol = GroupProtocol(strings.ToLower(strings.TrimSpace(v))) // validate checks it
		return nil
	}},
	properties.StringKey("group.remote.assignor", "GroupRemoteAssignor", func(c *Config) *string { return &c.GroupRemoteAssignor }),
	properties.MillisKey("retry.backoff.ms", "RetryBackoff", func(c *Config) *time.Duration { return &c.RetryBackoff }),
	properties.MillisKey("retry.backoff.max.ms", "RetryBackoffMax", func(c *Config) *time.Duration { return &c.RetryBackoffMax }),
	{Name: "key.deserializer", Ignore: "records carry bytes; typed keys and values are deserialized by Go functions (NewTyped)"},
	{Name: "value.deserializer", Ignore: "records carry bytes; typed keys and values are deserialized by Go functions (NewTyped)"},
	{Name: "check.crcs", Ignore: "CRCs are always checked; a corrupt batch is never handed out"},
	{Name: "default.api.timeout.ms", Ignore: "every blocking call takes a context, which bounds it"},
}

// assignors maps Java's assignor classes to our names (librdkafka uses our
// names already).
var assignors = map[string]string{
	"org.apache.kafka.clients.consumer.RangeAssignor":             "range",
	"org.apache.kafka.clients.consumer.RoundRobinAssignor":        "roundrobin",
	"org.apache.kafka.clients.consumer.CooperativeStickyAssignor": "cooperative-sticky",
}

func setAssignors(c *Config, v string) error {
	c.Assignors = nil
	for _, name := range properties.List(v) {
		if n, ok := assignors[name]; ok {
			name = n
		}
		c.Assignors = append(c.Assignors, name) // validate names them if unknown
	}
	return nil
}
