package consumersuite

import (
	"context"
	"errors"
	"github.com/kafkawire/kafkawire/integration/suitekit"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/consumer"
	"github.com/kafkawire/kafkawire/integration"
)

func TestMain(m *testing.M) { suitekit.Run(m, kwGroup.Cleanup, memberproc.Cleanup) }

// suite makes the suite's unique topic and group names ("cs-...").
var suite = suitekit.Namer("cs")

// tpo names one record of a single-topic test.
type tpo = suitekit.TPO

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
	m.c = suitekit.NewConsumer(t, cfg)
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
			k := tpo{P: r.Partition, O: r.Offset}
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
	return maps.Clone(m.seen)
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
			if m.seen[tpo{P: p, O: o}] == 0 {
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
