package consumersuite

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"sort"
	"strconv"
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
)

func TestMain(m *testing.M) {
	code := integration.Main(m)
	cleanupJava()
	cleanupMemberproc()
	os.Exit(code)
}

// sharedCluster is the one-broker cluster every test of this suite uses
// (none stops brokers).
func sharedCluster(t testing.TB) *integration.TestCluster {
	t.Helper()
	return integration.Shared(t, integration.Options{Brokers: 1})
}

// Group timings of the suite: the broker's minimum session timeout (6 s,
// group.min.session.timeout.ms) keeps crash detection short.
const (
	sessionTimeout    = 6 * time.Second
	heartbeatInterval = time.Second
)

var seq atomic.Int64

// uniq is a name unique to this run.
func uniq(prefix string) string {
	return fmt.Sprintf("cs-%s-%d-%d", prefix, time.Now().UnixNano()%1e9, seq.Add(1))
}

// newTopic creates a topic (waiting for its leaders) with a name unique to
// this run.
func newTopic(t testing.TB, brokers []string, prefix string, partitions int32) string {
	t.Helper()
	name := uniq(prefix)
	a, err := admin.New(admin.Config{Brokers: brokers})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := a.CreateTopics(ctx, admin.TopicSpec{Name: name, Partitions: partitions, ReplicationFactor: 1}); err != nil {
		t.Fatalf("creating topic %s: %v", name, err)
	}
	return name
}

// endOffsets lists the high watermarks of partitions 0..n-1 of topic.
func endOffsets(t testing.TB, brokers []string, topic string, n int32) map[int32]int64 {
	t.Helper()
	a, err := admin.New(admin.Config{Brokers: brokers})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	at := map[kafkawire.TopicPartition]int64{}
	for p := range n {
		at[kafkawire.TopicPartition{Topic: topic, Partition: p}] = conn.OffsetLatest
	}
	got, err := a.ListOffsets(ctx, at)
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

func newProducer(t testing.TB, cfg producer.Config) *producer.Producer {
	t.Helper()
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

// produce writes n records to topic, spread round-robin over its
// partitions (value "<tag>-<i>"), and returns where each landed.
func produce(t testing.TB, brokers []string, topic string, n int, tag string) []tpo {
	t.Helper()
	p := newProducer(t, producer.Config{Brokers: brokers, Partitioner: producer.RoundRobinPartitioner()})
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	recs := make([]kafkawire.Record, n)
	for i := range recs {
		recs[i] = kafkawire.Record{Topic: topic, Key: []byte(strconv.Itoa(i)), Value: fmt.Appendf(nil, "%s-%d", tag, i)}
	}
	res, err := p.SendSyncMany(ctx, recs)
	if err != nil {
		t.Fatalf("producing %d records to %s: %v", n, topic, err)
	}
	out := make([]tpo, n)
	for i, r := range res {
		out[i] = tpo{r.Partition, r.Offset}
	}
	return out
}

// waitFor polls cond until it holds or timeout passes (then the test
// fails, naming what it waited for); it returns how long it took.
func waitFor(t testing.TB, timeout time.Duration, what func() string, cond func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for !cond() {
		if time.Since(start) > timeout {
			t.Fatalf("after %v: still waiting for %s", timeout, what())
		}
		time.Sleep(20 * time.Millisecond)
	}
	return time.Since(start)
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

// member is one of our consumers in a group, polling on its own goroutine
// and recording what it processed and every partition change it was told.
type member struct {
	name string
	c    *consumer.Consumer

	mu       sync.Mutex
	seen     map[tpo]int // times each record was returned
	order    []tpo
	events   []event
	pollErrs []error
	done     chan struct{}
}

type event struct {
	at   time.Time
	kind string // assigned, revoked, lost
	tps  []int32
}

func parts(tps []kafkawire.TopicPartition) []int32 {
	out := make([]int32, 0, len(tps))
	for _, tp := range tps {
		out = append(out, tp.Partition)
	}
	slices.Sort(out)
	return out
}

// startMember subscribes a consumer with cfg (the callbacks are set here)
// to topic and starts its poll loop.
func startMember(t testing.TB, name string, cfg consumer.Config, topic string) *member {
	t.Helper()
	m := &member{name: name, seen: map[tpo]int{}, done: make(chan struct{})}
	note := func(kind string) func(context.Context, []kafkawire.TopicPartition) {
		return func(_ context.Context, tps []kafkawire.TopicPartition) {
			m.mu.Lock()
			m.events = append(m.events, event{at: time.Now(), kind: kind, tps: parts(tps)})
			m.mu.Unlock()
		}
	}
	cfg.OnAssigned, cfg.OnRevoked, cfg.OnLost = note("assigned"), note("revoked"), note("lost")
	if cfg.Logger == nil {
		cfg.Logger = integration.TestLogger(t, name)
	}
	m.c = newConsumer(t, cfg)
	if err := m.c.Subscribe(topic); err != nil {
		t.Fatal(err)
	}
	go m.loop()
	t.Cleanup(m.stop)
	return m
}

func (m *member) loop() {
	defer close(m.done)
	for {
		recs, err := m.c.Poll(context.Background())
		if err != nil {
			if errors.Is(err, consumer.ErrClosed) {
				return
			}
			m.mu.Lock()
			m.pollErrs = append(m.pollErrs, err)
			m.mu.Unlock()
			time.Sleep(50 * time.Millisecond)
			continue
		}
		m.mu.Lock()
		for _, r := range recs {
			k := tpo{r.Partition, r.Offset}
			m.seen[k]++
			m.order = append(m.order, k)
		}
		m.mu.Unlock()
	}
}

// stop closes the consumer gracefully (it leaves the group) and waits for
// its poll loop.
func (m *member) stop() {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_ = m.c.Close(ctx)
	<-m.done
}

func (m *member) assignment() []int32 { return parts(m.c.Assignment()) }

func (m *member) processed() map[tpo]int {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make(map[tpo]int, len(m.seen))
	for k, v := range m.seen {
		out[k] = v
	}
	return out
}

func (m *member) eventsSince(i int) []event {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.events[min(i, len(m.events)):])
}

func (m *member) eventCount() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.events)
}

func (m *member) errs() []error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.pollErrs)
}

// reached reports whether the member processed every record below end of
// each partition in end.
func (m *member) reached(end map[int32]int64) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	for p, e := range end {
		for o := int64(0); o < e; o++ {
			if m.seen[tpo{p, o}] == 0 {
				return false
			}
		}
	}
	return true
}

// fmtParts prints a partition list compactly.
func fmtParts(ps []int32) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = strconv.Itoa(int(p))
	}
	return "[" + strings.Join(s, ",") + "]"
}

// missing lists (up to 20 of) the records of want absent from got.
func missing(want []tpo, got map[tpo]int) []tpo {
	var out []tpo
	for _, k := range want {
		if got[k] == 0 {
			out = append(out, k)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].P < out[j].P || out[i].P == out[j].P && out[i].O < out[j].O })
	return out
}

func first[T any](s []T, n int) []T {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// disjointCover reports whether the partition sets are pairwise disjoint
// and together are exactly 0..n-1.
func disjointCover(n int32, sets ...[]int32) bool {
	seen := map[int32]bool{}
	for _, s := range sets {
		for _, p := range s {
			if seen[p] || p < 0 || p >= n {
				return false
			}
			seen[p] = true
		}
	}
	return len(seen) == int(n)
}

// mustCluster is a conn.Cluster for direct group requests, closed when the
// test ends.
func mustCluster(t testing.TB, brokers []string) *conn.Cluster {
	t.Helper()
	cl, err := conn.NewCluster(conn.ClusterConfig{Bootstrap: brokers})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cl.Close() })
	return cl
}
