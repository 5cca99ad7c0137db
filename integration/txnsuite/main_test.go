package txnsuite

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/admin"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/consumer"
	"github.com/kafkawire/kafkawire/integration"
	"github.com/kafkawire/kafkawire/producer"
	"github.com/kafkawire/kafkawire/protocol"
)

func TestMain(m *testing.M) {
	code := integration.Main(m)
	cleanupJava()
	cleanupEosproc()
	os.Exit(code)
}

// brokerProps are the suite's broker settings: the broker looks for timed
// out transactions every second (default 10 s), so that
// TestTransactionTimeout need not wait long.
func brokerProps() map[string]string {
	return map[string]string{
		"transaction.abort.timed.out.transaction.cleanup.interval.ms": "1000",
	}
}

// sharedCluster is the one-broker cluster the suite's tests share (none
// stops brokers).
func sharedCluster(t testing.TB) *integration.TestCluster {
	t.Helper()
	return integration.Shared(t, integration.Options{Brokers: 1, BrokerProps: brokerProps()})
}

var seq atomic.Int64

// uniq is a name unique to this run.
func uniq(prefix string) string {
	return fmt.Sprintf("tx-%s-%d-%d", prefix, time.Now().UnixNano()%1e9, seq.Add(1))
}

// newTopic creates a topic (waiting for its leaders) with a name unique to
// this run; rf 0 means 1.
func newTopic(t testing.TB, brokers []string, prefix string, partitions int32, rf int16, configs map[string]string) string {
	t.Helper()
	if rf == 0 {
		rf = 1
	}
	name := uniq(prefix)
	a, err := admin.New(admin.Config{Brokers: brokers})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := a.CreateTopics(ctx, admin.TopicSpec{Name: name, Partitions: partitions, ReplicationFactor: rf, Configs: configs}); err != nil {
		t.Fatalf("creating topic %s: %v", name, err)
	}
	return name
}

// Isolation levels of ListOffsets.
const (
	readUncommitted int8 = 0
	readCommitted   int8 = 1
)

// endOffsets lists, for partitions 0..n-1 of topic, the high watermarks
// (readUncommitted) or the last stable offsets (readCommitted).
func endOffsets(t testing.TB, brokers []string, topic string, n int32, isolation int8) map[int32]int64 {
	t.Helper()
	cl, err := conn.NewCluster(conn.ClusterConfig{Bootstrap: brokers})
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	at := map[kafkawire.TopicPartition]int64{}
	for p := range n {
		at[kafkawire.TopicPartition{Topic: topic, Partition: p}] = conn.OffsetLatest
	}
	got, err := cl.ListOffsets(ctx, isolation, at)
	if err != nil {
		t.Fatalf("end offsets of %s: %v", topic, err)
	}
	out := map[int32]int64{}
	for tp, l := range got {
		out[tp.Partition] = l.Offset
	}
	return out
}

// tpo names one record of a single-topic test.
type tpo struct {
	P int32
	O int64
}

func (x tpo) String() string { return fmt.Sprintf("%d@%d", x.P, x.O) }

// newProducer creates a producer closed when the test ends.
func newProducer(t testing.TB, cfg producer.Config) *producer.Producer {
	t.Helper()
	if cfg.Logger == nil {
		cfg.Logger = integration.TestLogger(t, "producer")
	}
	p, err := producer.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = p.Close(ctx)
	})
	return p
}

// newConsumer creates a consumer closed when the test ends.
func newConsumer(t testing.TB, cfg consumer.Config) *consumer.Consumer {
	t.Helper()
	if cfg.Logger == nil {
		cfg.Logger = integration.TestLogger(t, "consumer")
	}
	c, err := consumer.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		_ = c.Close(ctx)
	})
	return c
}

// readCommittedAll reads partitions 0..n-1 of topic from the beginning with
// our read_committed consumer until its position reaches each partition's
// last stable offset as listed now (after the caller's writes ended), or
// no record came for 3 s (the caller checks the positions it returns), and
// returns the records and the final positions. It fails the test after
// timeout.
func readCommittedAll(t testing.TB, brokers []string, topic string, n int32, timeout time.Duration) ([]kafkawire.Record, map[int32]int64) {
	t.Helper()
	lso := endOffsets(t, brokers, topic, n, readCommitted)
	c := newConsumer(t, consumer.Config{Brokers: brokers, AutoOffsetReset: consumer.ResetEarliest, Isolation: consumer.ReadCommitted})
	var tps []kafkawire.TopicPartition
	for p := range n {
		tps = append(tps, kafkawire.TopicPartition{Topic: topic, Partition: p})
	}
	if err := c.Assign(tps...); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(timeout)
	var out []kafkawire.Record
	reached := func() bool {
		for _, tp := range tps {
			if c.Position(tp) < lso[tp.Partition] {
				return false
			}
		}
		return true
	}
	lastRec := time.Now()
	for !reached() && time.Since(lastRec) < 3*time.Second {
		if time.Now().After(deadline) {
			pos := map[int32]int64{}
			for _, tp := range tps {
				pos[tp.Partition] = c.Position(tp)
			}
			t.Fatalf("read_committed of %s: after %v, %d records, positions %v, last stable offsets %v", topic, timeout, len(out), pos, lso)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		recs, err := c.Poll(ctx)
		cancel()
		if err != nil && !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("read_committed of %s: poll: %v", topic, err)
		}
		if len(recs) > 0 {
			lastRec = time.Now()
		}
		out = append(out, recs...)
	}
	// Whatever arrives later would be past the last stable offset the
	// writes left: none should.
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	recs, _ := c.Poll(ctx)
	cancel()
	out = append(out, recs...)
	pos := map[int32]int64{}
	for _, tp := range tps {
		pos[tp.Partition] = c.Position(tp)
	}
	return out, pos
}

// capture is a slog handler keeping every record (debug included), each
// as one text line, and forwarding to another handler for failure output.
type capture struct {
	mu    *sync.Mutex
	lines *[]string
	attrs []slog.Attr
	group string
	next  slog.Handler
}

func newCapture(next slog.Handler) *capture {
	return &capture{mu: &sync.Mutex{}, lines: new([]string), next: next}
}

func (h *capture) Enabled(context.Context, slog.Level) bool { return true }

func (h *capture) Handle(ctx context.Context, r slog.Record) error {
	var b strings.Builder
	b.WriteString(r.Level.String() + " " + r.Message)
	add := func(a slog.Attr) {
		key := a.Key
		if h.group != "" {
			key = h.group + "." + key
		}
		fmt.Fprintf(&b, " %s=%v", key, a.Value.Resolve())
	}
	for _, a := range h.attrs {
		add(a)
	}
	r.Attrs(func(a slog.Attr) bool { add(a); return true })
	h.mu.Lock()
	*h.lines = append(*h.lines, b.String())
	h.mu.Unlock()
	if h.next.Enabled(ctx, r.Level) {
		return h.next.Handle(ctx, r)
	}
	return nil
}

func (h *capture) WithAttrs(as []slog.Attr) slog.Handler {
	c := *h
	c.attrs = append(slices.Clone(h.attrs), as...)
	c.next = h.next.WithAttrs(as)
	return &c
}

func (h *capture) WithGroup(name string) slog.Handler {
	c := *h
	if c.group != "" {
		name = c.group + "." + name
	}
	c.group = name
	c.next = h.next.WithGroup(name)
	return &c
}

func (h *capture) Lines() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(*h.lines)
}

// capturingLogger is a logger whose every record (debug included) the
// returned capture keeps; info and above also go where testLogger sends
// them.
func capturingLogger(t testing.TB, name string) (*slog.Logger, *capture) {
	h := newCapture(integration.TestLogger(t, name).Handler())
	return slog.New(h), h
}

// brokerTxnVersion is the transaction.version feature level the broker has
// finalized (ApiVersions v3+ FinalizedFeatures; 0 when it lists none, as
// Kafka 3.9 does).
func brokerTxnVersion(t testing.TB, brokers []string) int16 {
	t.Helper()
	cl, err := conn.NewCluster(conn.ClusterConfig{Bootstrap: brokers})
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cn, err := cl.Any(ctx)
	if err != nil {
		t.Fatal(err)
	}
	v, ok := cn.Version(protocol.KeyApiVersions)
	if !ok {
		t.Fatalf("broker %s lists no ApiVersions version", cn.Addr())
	}
	req := protocol.ApiVersionsRequest{ClientSoftwareName: "kafkawire-txnsuite", ClientSoftwareVersion: "0"}
	var resp protocol.ApiVersionsResponse
	if err := cn.RoundTripVersion(ctx, &req, &resp, v); err != nil {
		t.Fatalf("ApiVersions v%d: %v", v, err)
	}
	for _, f := range resp.FinalizedFeatures {
		if f.Name == "transaction.version" {
			return f.MaxVersionLevel
		}
	}
	return 0
}
