package producer

import (
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/compress"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/sasl"
)

// Acks is how many replicas must have a batch before the broker answers.
type Acks int8

const (
	// AcksAll (the default) waits for every in-sync replica: nothing
	// acknowledged is lost while one in-sync replica survives.
	AcksAll Acks = iota
	// AcksLeader waits for the partition leader's local write only.
	AcksLeader
	// AcksNone awaits no answer at all: records may be lost silently, and
	// results carry offset -1.
	AcksNone
)

func (a Acks) wire() int16 {
	switch a {
	case AcksLeader:
		return 1
	case AcksNone:
		return 0
	}
	return -1
}

func (a Acks) String() string {
	switch a {
	case AcksAll:
		return "all"
	case AcksLeader:
		return "1"
	case AcksNone:
		return "0"
	}
	return fmt.Sprintf("Acks(%d)", int8(a))
}

// Toggle is kafkawire.Toggle: Default, Enabled or Disabled.
type Toggle = kafkawire.Toggle

const (
	Default  = kafkawire.Default
	Enabled  = kafkawire.Enabled
	Disabled = kafkawire.Disabled
)

// Compression is the codec for record batches.
type Compression int8

const (
	// CompressionDefault is none, as in Java: on a fast network compression
	// costs more client CPU than it saves (see the README's defaults). Set
	// lz4 or zstd for compressible data over a slow or metered network.
	CompressionDefault Compression = iota
	CompressionNone
	CompressionGzip
	CompressionSnappy
	CompressionLZ4
	CompressionZstd
)

func (c Compression) codec() compress.Codec {
	switch c {
	case CompressionLZ4:
		return compress.LZ4
	case CompressionGzip:
		return compress.Gzip
	case CompressionSnappy:
		return compress.Snappy
	case CompressionZstd:
		return compress.Zstd
	}
	return compress.None
}

// defaultBatchSize was chosen by measurement (README, "Producer defaults"):
// on one broker, 100-byte records, 256 KiB batches produced 2.9x as fast
// as 16 KiB ones and a little faster than 1 MiB ones, and stay well under
// the broker's default message.max.bytes (1 MiB + 12).
const defaultBatchSize = 256 << 10

// NoLinger makes a producer send each batch as soon as a broker can take it.
const NoLinger = time.Duration(-1)

// Config configures a Producer. The zero value of every field means the
// documented default, which follows the Java client 4.x. The comment of each
// field names the Java (and librdkafka) / kafka-python option it replaces.
type Config struct {
	// Brokers lists bootstrap addresses, host:port. Required.
	// Java/librdkafka: bootstrap.servers (librdkafka also
	// metadata.broker.list); kafka-python: bootstrap_servers.
	Brokers []string
	// ClientID names this client in broker logs and quotas. Default "kafkawire".
	// Java: client.id; kafka-python: client_id.
	ClientID string
	// Acks: AcksAll (default), AcksLeader, AcksNone.
	// Java: acks (all/-1, 1, 0); librdkafka: acks, request.required.acks;
	// kafka-python: acks.
	Acks Acks
	// Idempotence: on by default: retries never duplicate or reorder.
	// Default turns it off only when Acks is not AcksAll; Enabled with Acks
	// other than AcksAll is a configuration error.
	// Java: enable.idempotence; librdkafka: enable.idempotence.
	Idempotence Toggle
	// Linger is how long a batch waits for more records before it is sent.
	// Default 5ms; NoLinger sends at once.
	// Java: linger.ms; librdkafka: linger.ms (queue.buffering.max.ms); kafka-python: linger_ms.
	Linger time.Duration
	// BatchSize is the size in bytes at which a partition's batch is closed
	// and sent without waiting for Linger. Default 256 KiB (Java: 16 KiB),
	// at most MaxRequestSize when that is set lower: larger requests cost
	// the broker less per record (see the README's defaults). A batch's
	// buffer grows with the partition's traffic, so a large BatchSize costs
	// memory only where batches get that large.
	// Java: batch.size; librdkafka: batch.size; kafka-python: batch_size.
	BatchSize int
	// MaxBufferedBytes bounds the bytes of records accepted but not yet
	// acknowledged; Send blocks when it is reached (see FailWhenFull).
	// Default 32 MiB. Java: buffer.memory; kafka-python: buffer_memory.
	MaxBufferedBytes int
	// FailWhenFull makes Send fail at once with ErrBufferFull instead of
	// blocking when MaxBufferedBytes is reached. Java: max.block.ms=0.
	FailWhenFull bool
	// MaxBlock bounds how long Send waits for buffer space or for a topic's
	// metadata, on top of its context. Default 60s. Java: max.block.ms.
	MaxBlock time.Duration
	// DeliveryTimeout bounds the time from Send to the final result,
	// retries included. Default 120s. Java: delivery.timeout.ms;
	// librdkafka: message.timeout.ms.
	DeliveryTimeout time.Duration
	// RequestTimeout bounds one Produce request. Default 30s.
	// Java: request.timeout.ms; kafka-python: request_timeout_ms.
	RequestTimeout time.Duration
	// RetryBackoff and RetryBackoffMax bound the exponential backoff between
	// retries. Defaults 100ms and 1s. Java: retry.backoff.ms,
	// retry.backoff.max.ms; kafka-python: retry_backoff_ms.
	RetryBackoff, RetryBackoffMax time.Duration
	// Retries: failed sends are retried until DeliveryTimeout (the Java
	// default, retries=MAX_INT). Set DisableRetries to fail on the first
	// retriable error (retries=0; a positive count retries until
	// DeliveryTimeout). Java: retries; librdkafka: message.send.max.retries;
	// kafka-python: retries.
	DisableRetries bool
	// MaxInFlight bounds Produce requests awaiting an answer per broker.
	// Default 5, the most idempotence allows.
	// Java: max.in.flight.requests.per.connection.
	MaxInFlight int
	// MaxRequestSize bounds one record (and one request); a larger record is
	// refused before sending. Default 1 MiB. Java: max.request.size.
	MaxRequestSize int
	// Compression codec for batches; default none. CompressionLevel 0 is the
	// codec's default. Java: compression.type, compression.gzip.level,
	// compression.lz4.level, compression.zstd.level (the chosen codec's
	// applies); librdkafka: compression.codec, compression.level;
	// kafka-python: compression_type.
	Compression      Compression
	CompressionLevel int
	// Partitioner chooses partitions; default DefaultPartitioner (Java's
	// murmur2 for keys, uniform sticky for nil keys).
	// Java: partitioner.class; librdkafka: partitioner=murmur2_random.
	Partitioner Partitioner
	// TLS enables TLS with this configuration (conn.TLSFiles builds one from
	// PEM files). Java: security.protocol=SSL (SASL_SSL with SASL), ssl.*;
	// librdkafka: security.protocol=ssl, ssl.ca.location, ...,
	// enable.ssl.certificate.verification. Package properties maps these
	// keys (PEM, JKS and PKCS12 trust and key stores).
	TLS *tls.Config
	// SASL authenticates every connection with this mechanism (package
	// sasl: Plain, Scram, OAuthBearer, or your own). Java:
	// security.protocol=SASL_PLAINTEXT or SASL_SSL, sasl.mechanism,
	// sasl.jaas.config; librdkafka: sasl.mechanisms, sasl.username,
	// sasl.password.
	SASL sasl.Mechanism
	// TransactionalID makes the producer transactional: records are sent
	// inside BeginTransaction / CommitTransaction, and a newer producer with
	// the same id fences this one (ErrProducerFenced). It implies
	// idempotence (Idempotence Disabled, Acks other than AcksAll or
	// DisableRetries with it are configuration errors). Java:
	// transactional.id; librdkafka: transactional.id.
	TransactionalID string
	// TransactionTimeout is how long the broker lets a transaction stay
	// open before it aborts it. Default 60s; brokers refuse more than their
	// transaction.max.timeout.ms (15 minutes by default). Java:
	// transaction.timeout.ms.
	TransactionTimeout time.Duration
	// Logger receives the client's logs; default silent.
	Logger *slog.Logger
	// Hooks receives per-request events, for metrics.
	Hooks conn.Hooks
}

type settings struct {
	Config
	idempotent bool
	codec      compress.Codec
}

func (c Config) validate() (settings, error) {
	s := settings{Config: c}
	if len(c.Brokers) == 0 {
		return s, errors.New("producer: Config.Brokers must list at least one host:port")
	}
	switch c.Acks {
	case AcksAll, AcksLeader, AcksNone:
	default:
		return s, fmt.Errorf("producer: Config.Acks must be AcksAll, AcksLeader or AcksNone, got %d", c.Acks)
	}
	switch c.Idempotence {
	case Default:
		s.idempotent = c.Acks == AcksAll
	case Enabled:
		if c.Acks != AcksAll {
			return s, fmt.Errorf("producer: Config.Idempotence is Enabled but Config.Acks is %v; idempotence needs AcksAll", c.Acks)
		}
		s.idempotent = true
	case Disabled:
	default:
		return s, fmt.Errorf("producer: Config.Idempotence must be Default, Enabled or Disabled, got %d", c.Idempotence)
	}
	if c.DisableRetries && s.idempotent && c.Idempotence == Enabled {
		return s, errors.New("producer: Config.DisableRetries conflicts with Config.Idempotence Enabled")
	}
	if c.DisableRetries && c.Idempotence == Default {
		s.idempotent = false
	}
	if c.TransactionalID != "" {
		switch {
		case c.Idempotence == Disabled:
			return s, errors.New("producer: Config.Idempotence is Disabled but Config.TransactionalID is set; transactions need idempotence")
		case c.Acks != AcksAll:
			return s, fmt.Errorf("producer: Config.Acks is %v but Config.TransactionalID is set; transactions need AcksAll", c.Acks)
		case c.DisableRetries:
			return s, errors.New("producer: Config.DisableRetries conflicts with Config.TransactionalID; transactions need retries")
		}
		s.idempotent = true
	}
	switch {
	case c.TransactionTimeout < 0:
		return s, fmt.Errorf("producer: Config.TransactionTimeout must be positive, got %v", c.TransactionTimeout)
	case c.TransactionTimeout == 0:
		s.TransactionTimeout = 60 * time.Second
	case c.TransactionTimeout < time.Millisecond || c.TransactionTimeout > math.MaxInt32*time.Millisecond:
		return s, fmt.Errorf("producer: Config.TransactionTimeout must be between 1ms and %v, got %v", math.MaxInt32*time.Millisecond, c.TransactionTimeout)
	}
	durations := []struct {
		name string
		v    *time.Duration
		def  time.Duration
	}{
		{"Linger", &s.Linger, 5 * time.Millisecond},
		{"MaxBlock", &s.MaxBlock, 60 * time.Second},
		{"DeliveryTimeout", &s.DeliveryTimeout, 120 * time.Second},
		{"RequestTimeout", &s.RequestTimeout, 30 * time.Second},
		{"RetryBackoff", &s.RetryBackoff, 100 * time.Millisecond},
		{"RetryBackoffMax", &s.RetryBackoffMax, time.Second},
	}
	for _, d := range durations {
		if *d.v == 0 {
			*d.v = d.def
		} else if *d.v < 0 && !(d.name == "Linger" && *d.v == NoLinger) {
			return s, fmt.Errorf("producer: Config.%s must be positive, got %v", d.name, *d.v)
		}
	}
	if s.Linger == NoLinger {
		s.Linger = 0
	}
	if s.RetryBackoffMax < s.RetryBackoff {
		return s, fmt.Errorf("producer: Config.RetryBackoffMax (%v) must be at least Config.RetryBackoff (%v)", s.RetryBackoffMax, s.RetryBackoff)
	}
	if s.DeliveryTimeout < s.Linger+s.RequestTimeout {
		return s, fmt.Errorf("producer: Config.DeliveryTimeout (%v) must be at least Linger + RequestTimeout (%v)", s.DeliveryTimeout, s.Linger+s.RequestTimeout)
	}
	ints := []struct {
		name     string
		v        *int
		def, min int
		max      int
	}{
		{"BatchSize", &s.BatchSize, defaultBatchSize, 1, 64 << 20},
		{"MaxBufferedBytes", &s.MaxBufferedBytes, 32 << 20, 1 << 10, 1 << 40},
		{"MaxInFlight", &s.MaxInFlight, 5, 1, 1000},
		{"MaxRequestSize", &s.MaxRequestSize, 1 << 20, 1 << 10, 1 << 30},
	}
	for _, n := range ints {
		if *n.v == 0 {
			*n.v = n.def
		}
		if *n.v < n.min || *n.v > n.max {
			return s, fmt.Errorf("producer: Config.%s must be in [%d, %d], got %d", n.name, n.min, n.max, *n.v)
		}
	}
	if c.BatchSize == 0 {
		s.BatchSize = min(s.BatchSize, s.MaxRequestSize)
	}
	if s.idempotent && s.MaxInFlight > 5 {
		return s, fmt.Errorf("producer: Config.MaxInFlight must be at most 5 with idempotence (brokers keep 5 batches per producer), got %d", s.MaxInFlight)
	}
	if c.Compression < CompressionDefault || c.Compression > CompressionZstd {
		return s, fmt.Errorf("producer: Config.Compression %d is not a known codec", c.Compression)
	}
	s.codec = c.Compression.codec()
	if err := compress.ValidateLevel(s.codec, c.CompressionLevel); err != nil {
		return s, fmt.Errorf("producer: Config.CompressionLevel: %w", err)
	}
	if s.Partitioner == nil {
		s.Partitioner = DefaultPartitioner()
	}
	if s.Logger == nil {
		s.Logger = slog.New(slog.DiscardHandler)
	}
	return s, nil
}
