package consumer

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/group"
	"github.com/kafkawire/kafkawire/sasl"
)

// OffsetReset says where to start a partition that has no committed offset
// (or whose offset fell out of the log).
type OffsetReset int8

const (
	// ResetLatest (the default) starts after the last record: only records
	// produced from now on are read.
	ResetLatest OffsetReset = iota
	// ResetEarliest starts at the oldest retained record.
	ResetEarliest
	// ResetNone fails Poll with an *OffsetResetError instead of guessing.
	ResetNone
)

// IsolationLevel is kafkawire.IsolationLevel: ReadUncommitted or ReadCommitted.
type IsolationLevel = kafkawire.IsolationLevel

const (
	ReadUncommitted = kafkawire.ReadUncommitted
	ReadCommitted   = kafkawire.ReadCommitted
)

// Toggle is kafkawire.Toggle: Default, Enabled or Disabled.
type Toggle = kafkawire.Toggle

const (
	Default  = kafkawire.Default
	Enabled  = kafkawire.Enabled
	Disabled = kafkawire.Disabled
)

// GroupProtocol selects the consumer group protocol of group mode.
type GroupProtocol string

const (
	// GroupProtocolClassic is the JoinGroup / SyncGroup protocol, with a
	// client-side assignor (Config.Assignors); Java 4.4's default.
	// Choose it to keep a group classic on a 4.x broker.
	GroupProtocolClassic GroupProtocol = "classic"
	// GroupProtocolConsumer is KIP-848's (Kafka 4.0+): the broker assigns
	// (Config.GroupRemoteAssignor), members heartbeat with
	// ConsumerGroupHeartbeat, and a rebalance stops only the partitions
	// that move. Java: group.protocol=consumer.
	GroupProtocolConsumer GroupProtocol = "consumer"
	// GroupProtocolAuto (the default) uses the consumer protocol when the
	// group's coordinator runs it for the group, and falls back to classic
	// otherwise (a 3.x broker, a group the broker keeps classic); the info
	// log says which. The default because members that keep partitions
	// through a rebalance keep reading them (measured: README, "Consumer
	// group protocols").
	GroupProtocolAuto GroupProtocol = "auto"
)

// Config configures a Consumer. The zero value of every field means the
// documented default (the Java client's, unless said otherwise); each
// field names the Java / kafka-python option it replaces.
type Config struct {
	// Brokers lists bootstrap addresses, host:port. Required.
	// Java: bootstrap.servers (librdkafka also metadata.broker.list);
	// kafka-python: bootstrap_servers.
	Brokers []string
	// ClientID names this client in broker logs. Default "kafkawire".
	// Java: client.id; kafka-python: client_id.
	ClientID string
	// GroupID names the consumer group. Required for Subscribe and for
	// commits. Java: group.id; kafka-python: group_id.
	GroupID string
	// GroupInstanceID makes this member static (KIP-345): a restart within
	// SessionTimeout keeps its partitions without a rebalance.
	// Java: group.instance.id.
	GroupInstanceID string
	// AutoOffsetReset: ResetLatest (default), ResetEarliest or ResetNone.
	// Java: auto.offset.reset; kafka-python: auto_offset_reset.
	AutoOffsetReset OffsetReset
	// AutoCommit commits consumed positions every AutoCommitInterval, before
	// partitions are revoked, and on Close. On by default (with a GroupID).
	// Java: enable.auto.commit; kafka-python: enable_auto_commit.
	AutoCommit Toggle
	// AutoCommitInterval: default 5s. Java: auto.commit.interval.ms.
	AutoCommitInterval time.Duration
	// IdleTimeout ends a Records iteration when no record arrives for this
	// long; the caller may iterate again. In group mode it counts from when
	// the consumer holds an assignment: joining the group does not count.
	// 0 (default) iterates until the context ends. kafka-python:
	// consumer_timeout_ms.
	IdleTimeout time.Duration
	// Isolation: ReadUncommitted (default) or ReadCommitted.
	// Java: isolation.level.
	Isolation IsolationLevel
	// FetchMinBytes, FetchMaxBytes, MaxPartitionFetchBytes, FetchMaxWait
	// shape each Fetch request. Defaults 1, 50 MiB, 1 MiB, 500ms.
	// Java: fetch.min.bytes, fetch.max.bytes, max.partition.fetch.bytes,
	// fetch.max.wait.ms (librdkafka: fetch.wait.max.ms).
	FetchMinBytes          int
	FetchMaxBytes          int
	MaxPartitionFetchBytes int
	FetchMaxWait           time.Duration
	// MaxBufferedBytes bounds records fetched but not yet returned by Poll
	// (prefetch); fetching pauses while it is reached. Default 64 MiB.
	MaxBufferedBytes int
	// MaxPollRecords bounds the records one Poll returns. Default 500.
	// Java: max.poll.records; kafka-python: max_poll_records.
	MaxPollRecords int
	// SessionTimeout, HeartbeatInterval and RebalanceTimeout drive group
	// membership. Defaults 45s, 3s, 5m. Java: session.timeout.ms,
	// heartbeat.interval.ms, max.poll.interval.ms. A revocation of
	// partitions the last Poll returned records of waits for the next Poll
	// (see Poll), for at most RebalanceTimeout less two heartbeats.
	SessionTimeout    time.Duration
	HeartbeatInterval time.Duration
	RebalanceTimeout  time.Duration
	// GroupProtocol: GroupProtocolAuto (default), GroupProtocolConsumer
	// or GroupProtocolClassic. Java: group.protocol (whose default is
	// still classic). With the consumer protocol the broker sets the
	// heartbeat interval and session timeout (group.consumer.*), so
	// HeartbeatInterval, SessionTimeout and Assignors are refused there, as
	// Java refuses them; under auto they apply only if it falls back to
	// classic: set GroupProtocolClassic to have them on a 4.x broker.
	GroupProtocol GroupProtocol
	// Assignors, in order of preference; default ["range",
	// "cooperative-sticky"] as in the Java client (the group uses the first
	// every member supports). Classic protocol only.
	// Java: partition.assignment.strategy.
	Assignors []string
	// GroupRemoteAssignor names the broker-side assignor of the consumer
	// protocol ("uniform", "range"); empty lets the broker use its default
	// (uniform). Java: group.remote.assignor.
	GroupRemoteAssignor string
	// OnAssigned, OnRevoked and OnLost are told of partition changes in
	// group mode. OnRevoked runs before the partitions are given up, once
	// the revocation completed (at the next Poll, see Poll) and after the
	// auto commit; OnLost when they were taken away without a chance to
	// commit (session expired, or a fatal group error). They run on the
	// membership goroutine.
	OnAssigned func(ctx context.Context, partitions []kafkawire.TopicPartition)
	OnRevoked  func(ctx context.Context, partitions []kafkawire.TopicPartition)
	OnLost     func(ctx context.Context, partitions []kafkawire.TopicPartition)
	// RetryBackoff and RetryBackoffMax bound retry waits. Defaults 100ms, 1s.
	// Java: retry.backoff.ms, retry.backoff.max.ms.
	RetryBackoff, RetryBackoffMax time.Duration
	// RequestTimeout bounds one request other than Fetch. Default 30s. It
	// is also how long a transient failure (an unreachable broker...) must
	// persist, with Poll waiting as long, before Poll reports it without
	// its ctx ending (see Poll). Java: request.timeout.ms.
	RequestTimeout time.Duration
	TLS            *tls.Config    // see producer.Config.TLS
	SASL           sasl.Mechanism // see producer.Config.SASL
	Logger         *slog.Logger
	Hooks          conn.Hooks
}

type settings struct {
	Config
	autoCommit  bool
	assignors   []group.Assignor
	classicOnly []string // classic-only fields set under GroupProtocol auto
}

func (c Config) validate() (settings, error) {
	s := settings{Config: c}
	if len(c.Brokers) == 0 {
		return s, errors.New("consumer: Config.Brokers must list at least one host:port")
	}
	if c.AutoOffsetReset < ResetLatest || c.AutoOffsetReset > ResetNone {
		return s, fmt.Errorf("consumer: Config.AutoOffsetReset must be ResetLatest, ResetEarliest or ResetNone, got %d", c.AutoOffsetReset)
	}
	if c.Isolation < ReadUncommitted || c.Isolation > ReadCommitted {
		return s, fmt.Errorf("consumer: Config.Isolation must be ReadUncommitted or ReadCommitted, got %d", c.Isolation)
	}
	switch c.AutoCommit {
	case Default:
		s.autoCommit = c.GroupID != ""
	case Enabled:
		if c.GroupID == "" {
			return s, errors.New("consumer: Config.AutoCommit is Enabled but Config.GroupID is empty; commits need a group")
		}
		s.autoCommit = true
	case Disabled:
	default:
		return s, fmt.Errorf("consumer: Config.AutoCommit must be Default, Enabled or Disabled, got %d", c.AutoCommit)
	}
	durations := []struct {
		name string
		v    *time.Duration
		def  time.Duration
	}{
		{"AutoCommitInterval", &s.AutoCommitInterval, 5 * time.Second},
		{"FetchMaxWait", &s.FetchMaxWait, 500 * time.Millisecond},
		{"SessionTimeout", &s.SessionTimeout, 45 * time.Second},
		{"HeartbeatInterval", &s.HeartbeatInterval, 3 * time.Second},
		{"RebalanceTimeout", &s.RebalanceTimeout, 5 * time.Minute},
		{"RetryBackoff", &s.RetryBackoff, 100 * time.Millisecond},
		{"RetryBackoffMax", &s.RetryBackoffMax, time.Second},
		{"RequestTimeout", &s.RequestTimeout, 30 * time.Second},
	}
	for _, d := range durations {
		if *d.v == 0 {
			*d.v = d.def
		} else if *d.v < 0 {
			return s, fmt.Errorf("consumer: Config.%s must be positive, got %v", d.name, *d.v)
		}
	}
	if c.IdleTimeout < 0 {
		return s, fmt.Errorf("consumer: Config.IdleTimeout must not be negative, got %v", c.IdleTimeout)
	}
	if s.HeartbeatInterval >= s.SessionTimeout {
		return s, fmt.Errorf("consumer: Config.HeartbeatInterval (%v) must be lower than Config.SessionTimeout (%v)", s.HeartbeatInterval, s.SessionTimeout)
	}
	if s.RetryBackoffMax < s.RetryBackoff {
		return s, fmt.Errorf("consumer: Config.RetryBackoffMax (%v) must be at least Config.RetryBackoff (%v)", s.RetryBackoffMax, s.RetryBackoff)
	}
	ints := []struct {
		name          string
		v             *int
		def, min, max int
	}{
		{"FetchMinBytes", &s.FetchMinBytes, 1, 1, 1 << 30},
		{"FetchMaxBytes", &s.FetchMaxBytes, 50 << 20, 1 << 10, 1 << 30},
		{"MaxPartitionFetchBytes", &s.MaxPartitionFetchBytes, 1 << 20, 1 << 10, 1 << 30},
		{"MaxBufferedBytes", &s.MaxBufferedBytes, 64 << 20, 1 << 10, 1 << 40},
		{"MaxPollRecords", &s.MaxPollRecords, 500, 1, 1 << 24},
	}
	for _, n := range ints {
		if *n.v == 0 {
			*n.v = n.def
		}
		if *n.v < n.min || *n.v > n.max {
			return s, fmt.Errorf("consumer: Config.%s must be in [%d, %d], got %d", n.name, n.min, n.max, *n.v)
		}
	}
	if err := s.validateProtocol(c); err != nil {
		return s, err
	}
	names := c.Assignors
	if len(names) == 0 {
		names = []string{"range", "cooperative-sticky"}
	}
	for _, n := range names {
		a, err := group.AssignorByName(n)
		if err != nil {
			return s, fmt.Errorf("consumer: Config.Assignors: %w", err)
		}
		s.assignors = append(s.assignors, a)
	}
	if s.Logger == nil {
		s.Logger = slog.New(slog.DiscardHandler)
	}
	return s, nil
}

// validateProtocol checks GroupProtocol and the settings that apply to one
// protocol only; c is the Config as given (s has its defaults filled in).
func (s *settings) validateProtocol(c Config) error {
	switch s.GroupProtocol {
	case "":
		s.GroupProtocol = GroupProtocolAuto
	case GroupProtocolClassic, GroupProtocolConsumer, GroupProtocolAuto:
	default:
		return fmt.Errorf("consumer: Config.GroupProtocol must be %q, %q or %q, got %q", GroupProtocolClassic, GroupProtocolConsumer, GroupProtocolAuto, s.GroupProtocol)
	}
	switch {
	case s.GroupProtocol == GroupProtocolClassic && s.GroupRemoteAssignor != "":
		return errors.New("consumer: Config.GroupRemoteAssignor applies to GroupProtocol consumer only (the classic protocol uses Config.Assignors)")
	case s.GroupProtocol == GroupProtocolAuto:
		// They apply if auto falls back; the member warns when it does not.
		for _, f := range []struct {
			name string
			set  bool
		}{{"Assignors", len(c.Assignors) > 0}, {"SessionTimeout", c.SessionTimeout != 0}, {"HeartbeatInterval", c.HeartbeatInterval != 0}} {
			if f.set {
				s.classicOnly = append(s.classicOnly, "Config."+f.name)
			}
		}
		return nil
	case s.GroupProtocol != GroupProtocolConsumer:
		return nil
	case len(c.Assignors) > 0:
		return errors.New("consumer: Config.Assignors applies to the classic protocol only; with GroupProtocol consumer the broker assigns (set Config.GroupRemoteAssignor)")
	case c.HeartbeatInterval != 0:
		return errors.New("consumer: Config.HeartbeatInterval is set by the broker (group.consumer.heartbeat.interval.ms) with GroupProtocol consumer")
	case c.SessionTimeout != 0:
		return errors.New("consumer: Config.SessionTimeout is set by the broker (group.consumer.session.timeout.ms) with GroupProtocol consumer")
	}
	return nil
}
