package kip848suite

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/admin"
	"github.com/kafkawire/kafkawire/integration"
	"github.com/kafkawire/kafkawire/integration/javatool"
	"github.com/kafkawire/kafkawire/integration/suitekit"
	"github.com/kafkawire/kafkawire/producer"
)

func TestMain(m *testing.M) {
	if os.Getenv(memberEnv) != "" {
		os.Exit(memberMain()) // this binary re-executed as a group member process
	}
	code := integration.Main(m)
	kw848.Cleanup()
	os.Exit(code)
}

// Group timings of the suite, the same for both protocols so that their
// measurements compare: a 6 s session and 1 s heartbeats (classic: the
// member's settings; consumer protocol: the broker's group.consumer.*,
// whose minimums default to 45 s and 5 s).
const (
	sessionTimeout    = 6 * time.Second
	heartbeatInterval = time.Second
)

func brokerProps() map[string]string {
	return map[string]string{
		"group.consumer.session.timeout.ms":        "6000",
		"group.consumer.min.session.timeout.ms":    "6000",
		"group.consumer.heartbeat.interval.ms":     "1000",
		"group.consumer.min.heartbeat.interval.ms": "1000",
		"group.consumer.regex.refresh.interval.ms": "10000", // its minimum
	}
}

// sharedCluster is the one-broker cluster of the suite's tests, at
// $KAFKA_VERSION (default 4.1.1).
func sharedCluster(t testing.TB) *integration.TestCluster {
	t.Helper()
	return integration.Shared(t, integration.Options{Brokers: 1, BrokerProps: brokerProps()})
}

var seq atomic.Int64

func uniq(prefix string) string {
	return fmt.Sprintf("k8-%s-%d-%d", prefix, time.Now().UnixNano()%1e9, seq.Add(1))
}

func newTopic(t testing.TB, brokers []string, name string, partitions int32) string {
	t.Helper()
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

// produce writes n records round-robin over topic's partitions.
func produce(t testing.TB, brokers []string, topic string, n int) {
	t.Helper()
	p, err := producer.New(producer.Config{Brokers: brokers, Partitioner: producer.RoundRobinPartitioner()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	defer p.Close(ctx)
	recs := make([]kafkawire.Record, n)
	for i := range recs {
		recs[i] = kafkawire.Record{Topic: topic, Value: fmt.Appendf(nil, "v-%d", i)}
	}
	if _, err := p.SendSyncMany(ctx, recs); err != nil {
		t.Fatalf("producing %d records to %s: %v", n, topic, err)
	}
}

type tpo struct {
	P int32
	O int64
}

// The Java member: java/Kw848.java, compiled once per test binary.
var kw848 = javatool.New("Kw848", filepath.Join("java", "Kw848.java"))

// proc is a group member running as its own process (this binary re-run
// by startMember, or Kw848) and what it reported so far.
type proc struct {
	*suitekit.Proc
	name string

	mu         sync.Mutex
	seen       map[tpo]int
	recAt      []time.Time           // arrival of each rec line, for rates
	partAt     map[int32][]time.Time // the same per partition, for pauses
	assignment []int32
	revoked    int // partitions revoked so far
	closed     bool
}

// memberOpts configure a Go member process.
type memberOpts struct {
	protocol string // classic, consumer or auto
	rate     int    // records/s it processes at most (0: unlimited)
}

// startMember runs this test binary as a kafkawire group member.
func startMember(t testing.TB, tc *integration.TestCluster, name, topic, groupID string, o memberOpts) *proc {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), memberEnv+"=1", "KW848_BROKERS="+tc.BootstrapString(), "KW848_TOPIC="+topic,
		"KW848_GROUP="+groupID, "KW848_PROTOCOL="+o.protocol, "KW848_RATE="+strconv.Itoa(o.rate))
	return startCmd(t, name, cmd)
}

// startJava runs Kw848, Apache Kafka's KafkaConsumer, with the protocol.
func startJava(t testing.TB, tc *integration.TestCluster, name, topic, groupID, protocol string) *proc {
	t.Helper()
	kw848.Compile(t, tc)
	return startCmd(t, name, kw848.Command(nil, 256, "member", tc.BootstrapString(), topic, groupID, protocol))
}

func startCmd(t testing.TB, name string, cmd *exec.Cmd) *proc {
	t.Helper()
	p := &proc{name: name, seen: map[tpo]int{}, partAt: map[int32][]time.Time{}}
	p.Proc = suitekit.StartProc(t, "member "+name, cmd, p.line)
	return p
}

func (p *proc) line(l string) {
	kind, rest, _ := strings.Cut(l, " ")
	now := time.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	switch kind {
	case "rec":
		f := strings.Fields(rest)
		if len(f) != 2 {
			return
		}
		pp, err1 := strconv.ParseInt(f[0], 10, 32)
		o, err2 := strconv.ParseInt(f[1], 10, 64)
		if err1 == nil && err2 == nil {
			p.seen[tpo{int32(pp), o}]++
			p.recAt = append(p.recAt, now)
			p.partAt[int32(pp)] = append(p.partAt[int32(pp)], now)
		}
	case "assignment":
		var ps []int32
		for _, f := range strings.Split(rest, ",") {
			if n, err := strconv.Atoi(f); err == nil {
				ps = append(ps, int32(n))
			}
		}
		slices.Sort(ps)
		p.assignment = ps
	case "revoked":
		if n, err := strconv.Atoi(rest); err == nil {
			p.revoked += n
		}
	case "closed":
		p.closed = true
	}
}

// stop closes stdin (the member Closes: commits and leaves), waits, and
// checks that it said it closed.
func (p *proc) stop(t testing.TB) {
	t.Helper()
	p.Stop(t)
	p.mu.Lock()
	closed := p.closed
	p.mu.Unlock()
	if !closed {
		t.Errorf("member %s exited without closing", p.name)
	}
}

func (p *proc) getAssignment() []int32 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.assignment)
}

func (p *proc) revokedCount() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.revoked
}

// recsBetween counts the records it processed in [from, to).
func (p *proc) recsBetween(from, to time.Time) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, at := range p.recAt {
		if !at.Before(from) && at.Before(to) {
			n++
		}
	}
	return n
}

// readCounts merges what the members processed.
func readCounts(ps ...*proc) map[tpo]int {
	out := map[tpo]int{}
	for _, p := range ps {
		p.mu.Lock()
		for k, n := range p.seen {
			out[k] += n
		}
		p.mu.Unlock()
	}
	return out
}

// split reports whether the members' assignments cover partitions
// 0..n-1 exactly once, each holding sizes[i] partitions.
func split(n int32, sizes []int, ps ...*proc) bool {
	seen := map[int32]bool{}
	for i, p := range ps {
		a := p.getAssignment()
		if len(a) != sizes[i] {
			return false
		}
		for _, x := range a {
			if seen[x] {
				return false
			}
			seen[x] = true
		}
	}
	return len(seen) == int(n)
}

// waitSplit waits until split holds, and returns how long that took.
func waitSplit(t testing.TB, what string, timeout time.Duration, n int32, sizes []int, ps ...*proc) time.Duration {
	t.Helper()
	start := time.Now()
	for !split(n, sizes, ps...) {
		if time.Since(start) > timeout {
			var got []string
			for _, p := range ps {
				got = append(got, fmt.Sprintf("%s=%v", p.name, p.getAssignment()))
			}
			t.Fatalf("%s: after %v assignments are %v, want sizes %v over %d partitions", what, timeout, got, sizes, n)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return time.Since(start)
}

func waitFor(t testing.TB, what string, timeout time.Duration, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("after %v: %s", timeout, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitRead waits until the members together processed every offset below
// n per partition... counted as distinct records: want in total.
func waitRead(t testing.TB, want int, timeout time.Duration, ps ...*proc) map[tpo]int {
	t.Helper()
	var got map[tpo]int
	waitFor(t, fmt.Sprintf("%d records read", want), timeout, func() bool {
		got = readCounts(ps...)
		return len(got) >= want
	})
	return got
}

// checkCommits fails the test if a member logged a failed commit (a
// member epoch the coordinator refused, say).
func checkCommits(t testing.TB, ps ...*proc) {
	t.Helper()
	for _, p := range ps {
		for _, l := range strings.Split(p.Stderr(), "\n") {
			if strings.Contains(l, "commit failed") || strings.Contains(l, "final commit") {
				t.Errorf("member %s: %s", p.name, l)
			}
		}
	}
}

func dups(seen map[tpo]int) int {
	n := 0
	for _, c := range seen {
		n += c - 1
	}
	return n
}
