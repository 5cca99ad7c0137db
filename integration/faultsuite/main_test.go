package faultsuite

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kafkawire/kafkawire/integration"
	"github.com/kafkawire/kafkawire/integration/faultproxy"
	"github.com/kafkawire/kafkawire/integration/suitekit"
)

// The proxy is made before the cluster (the broker must advertise its
// port) and lives as long as the test binary, like the shared cluster.
var env struct {
	once  sync.Once
	serve sync.Once
	proxy *faultproxy.Proxy
	err   error
}

func TestMain(m *testing.M) {
	suitekit.Run(m, func() {
		if env.proxy != nil {
			env.proxy.Close()
		}
	})
}

// suite makes the suite's unique topic names ("fs-...").
var suite = suitekit.Namer("fs")

// rig is the one-broker cluster and the proxy in front of it.
type rig struct {
	tc      *integration.TestCluster
	proxy   *faultproxy.Proxy
	direct  []string // the broker's own listener: setup and the independent reader
	proxied []string // through the proxy: the clients under test
}

func setup(t *testing.T) *rig {
	t.Helper()
	env.once.Do(func() { env.proxy, env.err = faultproxy.Listen("127.0.0.1:0") })
	if env.err != nil {
		t.Fatalf("proxy listener: %v", env.err)
	}
	tc := integration.Shared(t, integration.Options{Brokers: 1, Faults: true, ProxyPorts: []int{env.proxy.Port()}})
	id := tc.IDs()[0]
	env.serve.Do(func() { env.proxy.Serve(tc.ProxiedAddr(id)) })
	t.Cleanup(env.proxy.Clear) // a failed test must not leave its fault on
	return &rig{tc: tc, proxy: env.proxy, direct: tc.Bootstrap(), proxied: []string{env.proxy.Addr()}}
}

// records is the record count of a scenario.
func records() int { return suitekit.EnvInt("KAFKAWIRE_FAULT_RECORDS", 200000) }

const partitions = 4

// newTopic creates a topic (on the direct listener) with a name unique to
// this run.
func newTopic(t *testing.T, r *rig, prefix string) string {
	t.Helper()
	return suite.NewTopic(t, r.direct, prefix, partitions)
}

// key and value of record i: the key carries the sequence number that
// per-partition order is checked by; the value (100 bytes) is checked too.
func key(i int) []byte { return fmt.Appendf(nil, "k%07d", i) }

func value(i int) []byte {
	v := fmt.Appendf(make([]byte, 0, 100), "v%07d-", i)
	for len(v) < 100 {
		v = append(v, byte('a'+(i+len(v))%26))
	}
	return v
}

// seqOf parses a key written by key; -1 if it is not one.
func seqOf(k []byte) int {
	if len(k) != 8 || k[0] != 'k' {
		return -1
	}
	n, err := strconv.Atoi(string(k[1:]))
	if err != nil {
		return -1
	}
	return n
}

// readRecord is one record as kcat read it.
type readRecord struct {
	partition int32
	offset    int64
	seq       int // from the key, -1 if not ours
	valueOK   bool
}

// kcatRead reads every record of topic with kcat (librdkafka) from the
// broker's direct listener, in offset order per partition.
func kcatRead(t *testing.T, r *rig, topic string) []readRecord {
	t.Helper()
	kcat := suitekit.Kcat(t, "the independent reader of this suite")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	start := time.Now()
	cmd := exec.CommandContext(ctx, kcat, "-C", "-b", strings.Join(r.direct, ","), "-t", topic,
		"-o", "beginning", "-e", "-q", "-f", "%p %o %k %s\n")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("kcat -C %s: %v\n%s", topic, err, stderr.String())
	}
	var recs []readRecord
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 4 {
			t.Fatalf("kcat output: bad line %q", sc.Text())
		}
		p, err1 := strconv.ParseInt(f[0], 10, 32)
		o, err2 := strconv.ParseInt(f[1], 10, 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("kcat output: bad line %q", sc.Text())
		}
		seq := seqOf([]byte(f[2]))
		recs = append(recs, readRecord{partition: int32(p), offset: o, seq: seq, valueOK: seq >= 0 && f[3] == string(value(seq))})
	}
	sort.SliceStable(recs, func(i, j int) bool {
		if recs[i].partition != recs[j].partition {
			return recs[i].partition < recs[j].partition
		}
		return recs[i].offset < recs[j].offset
	})
	t.Logf("kcat: %d records of %s in %v", len(recs), topic, time.Since(start).Round(time.Millisecond))
	return recs
}

// counts is what a scenario reports.
type counts struct {
	sent, acked, read, lost, dup, reorder int
	secs                                  float64
	extra                                 []string // further key=value fields
}

func (c counts) line(fault string) string {
	s := fmt.Sprintf("FAULTCOUNT fault=%s sent=%d acked=%d read=%d lost=%d dup=%d reorder=%d secs=%.1f",
		fault, c.sent, c.acked, c.read, c.lost, c.dup, c.reorder, c.secs)
	for _, e := range c.extra {
		s += " " + e
	}
	return s
}

// logCounter is a slog handler counting records by level and message, so a
// scenario can report what the client complained about (and a tight retry
// loop shows up as a huge count) without flooding the test log.
type logCounter struct {
	mu     sync.Mutex
	counts map[string]int
}

func newLogCounter() *logCounter { return &logCounter{counts: map[string]int{}} }

func (h *logCounter) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelDebug }
func (h *logCounter) Handle(_ context.Context, r slog.Record) error {
	h.mu.Lock()
	h.counts[r.Level.String()+" "+r.Message]++
	h.mu.Unlock()
	return nil
}
func (h *logCounter) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *logCounter) WithGroup(string) slog.Handler      { return h }
func (h *logCounter) logger() *slog.Logger               { return slog.New(h) }

// summary lists the counted messages, most frequent first.
func (h *logCounter) summary() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	type kv struct {
		k string
		n int
	}
	var all []kv
	for k, n := range h.counts {
		all = append(all, kv{k, n})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].n > all[j].n })
	var b strings.Builder
	for i, e := range all {
		if i == 8 {
			fmt.Fprintf(&b, "; ... %d more kinds", len(all)-i)
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%dx %q", e.n, e.k)
	}
	if b.Len() == 0 {
		return "none"
	}
	return b.String()
}

// errCounter counts errors by text (the first 120 characters).
type errCounter struct {
	mu sync.Mutex
	m  map[string]int
	n  int
}

func (e *errCounter) add(err error) {
	s := err.Error()
	if len(s) > 120 {
		s = s[:120] + "..."
	}
	e.mu.Lock()
	if e.m == nil {
		e.m = map[string]int{}
	}
	e.m[s]++
	e.n++
	e.mu.Unlock()
}

func (e *errCounter) String() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	var parts []string
	for s, n := range e.m {
		parts = append(parts, fmt.Sprintf("%dx %q", n, s))
	}
	sort.Strings(parts)
	return strings.Join(parts, "; ")
}

// waitUntil polls cond every 10 ms until it holds or ctx ends.
func waitUntil(ctx context.Context, cond func() bool) bool {
	for !cond() {
		select {
		case <-ctx.Done():
			return false
		case <-time.After(10 * time.Millisecond):
		}
	}
	return true
}

// sleepCtx sleeps d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}
