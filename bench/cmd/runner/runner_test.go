package main

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kafkawire/kafkawire/bench/internal/result"
)

func TestParseProducerPerf(t *testing.T) {
	out := "300000 records sent, 60000.0 records/sec (5.72 MB/sec), 3.0 ms avg latency, 10.0 ms max latency.\n" +
		"500000 records sent, 367647.058824 records/sec (35.06 MB/sec), 12.46 ms avg latency, 188.00 ms max latency, 7 ms 50th, 31 ms 95th, 34 ms 99th, 38 ms 99.9th.\n"
	var r result.Result
	c := cell{Kind: "produce", Size: 100, Records: 500000}
	if err := parseProducerPerf([]byte(out), &r, c); err != nil {
		t.Fatal(err)
	}
	if r.Records != 500000 || math.Abs(r.RPS-367647.058824) > 1e-6 || r.Error != "" {
		t.Fatalf("got %+v", r)
	}
	if want := 500000.0 / 367647.058824; math.Abs(r.Seconds-want) > 1e-9 {
		t.Fatalf("seconds %v, want %v", r.Seconds, want)
	}
	c.Records = 600000
	r = result.Result{}
	if err := parseProducerPerf([]byte(out), &r, c); err != nil || r.Error == "" {
		t.Fatalf("short count not flagged: %v %+v", err, r)
	}
	if err := parseProducerPerf([]byte("nothing"), &r, c); err == nil {
		t.Fatal("no summary line accepted")
	}
}

func TestParseConsumerPerf(t *testing.T) {
	out := "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec\n" +
		"2026-11-23 20:56:49:670, 2026-11-23 20:56:50:504, 55.3276, 66.3401, 500131, 599677.4580, 185, 649, 85.2505, 770617.8737\n"
	var r result.Result
	if err := parseConsumerPerf([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.Records != 500131 || r.RPS != 599677.4580 || r.Bytes != 58015193 {
		t.Fatalf("got %+v", r)
	}
	if err := parseConsumerPerf([]byte("start.time, end.time\n"), &r); err == nil {
		t.Fatal("no result line accepted")
	}
}

func TestParseJSONLine(t *testing.T) {
	var r result.Result
	if err := parseJSONLine([]byte("noise\n{\"client\":\"franz\",\"records\":5}\n"), &r); err != nil || r.Client != "franz" || r.Records != 5 {
		t.Fatalf("%v %+v", err, r)
	}
	if err := parseJSONLine([]byte("panic: boom\n"), &r); err == nil {
		t.Fatal("no JSON line accepted")
	}
}

func TestMedianOf(t *testing.T) {
	for _, tc := range []struct {
		in   []float64
		want float64
	}{{nil, 0}, {[]float64{3}, 3}, {[]float64{5, 1, 3}, 3}, {[]float64{4, 1, 3, 2}, 2.5}} {
		if got := medianOf(tc.in); got != tc.want {
			t.Errorf("medianOf(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestNiceBounds(t *testing.T) {
	if niceBelow(0.3) != 0.2 || niceBelow(0.001) != 0.01 || niceAbove(2.1) != 5 || niceAbove(1000) != 100 {
		t.Fatal("nice bounds")
	}
}

func TestPlan(t *testing.T) {
	for _, quick := range []bool{false, true} {
		seen := map[string]bool{}
		kinds := map[string]bool{}
		for _, c := range plan(quick, 1) {
			if seen[c.ID] {
				t.Errorf("duplicate cell id %s", c.ID)
			}
			seen[c.ID] = true
			kinds[c.Kind] = true
			if c.Kind != "latency" && c.Records <= 0 {
				t.Errorf("%s has no records", c.ID)
			}
			if len(clientsFor(c)) == 0 {
				t.Errorf("%s: no clients", c.ID)
			}
		}
		for _, k := range []string{"produce", "consume-direct", "consume-group", "latency"} {
			if !kinds[k] {
				t.Errorf("quick=%v: no %s cell", quick, k)
			}
		}
	}
}

// TestReport renders a report from made-up results and checks that the
// SVG is well-formed XML and the Markdown has every cell.
func TestReport(t *testing.T) {
	cfg := &config{reps: 2, headlineReps: 2, clients: map[string]bool{}, libs: "x"}
	for _, c := range []string{"kafkawire", "franz", "sarama", "segmentio", "java", "replay"} {
		cfg.clients[c] = true
	}
	b := &bench{cfg: cfg, cells: plan(true, 1)}
	for _, c := range b.cells {
		for rep := 1; rep <= 2; rep++ {
			for i, cl := range clientsFor(c) {
				r := result.Result{Client: cl, Cell: c.ID, Rep: rep, Records: 1000, RPS: float64(1000 * (i + rep)),
					CPUSeconds: float64(i+1) / 10, MaxRSSMB: 50, P50Ms: 2, P99Ms: float64(5 + i), P999Ms: 20}
				if cl == "sarama" && rep == 2 {
					r.Error = "boom | pipe"
				}
				b.results = append(b.results, r)
			}
		}
	}
	b.results = append(b.results,
		result.Result{Client: "kafkawire", Cell: b.cells[0].ID, Warmup: true, Records: 1000, RPS: 1e9, Error: "warm boom"},
		result.Result{Client: "franz", Cell: b.cells[0].ID, Rep: 3, Records: 1000, RPS: 3000, Noisy: true, Load1: 3.5, LoadRecent: 1.7, QuietWait: 60})
	svg := b.chart("2026-01-02")
	dec := xml.NewDecoder(strings.NewReader(svg))
	for {
		if _, err := dec.Token(); err != nil {
			if !errors.Is(err, io.EOF) {
				t.Fatalf("SVG is not well-formed: %v", err)
			}
			break
		}
	}
	md := b.markdown("2026-01-02", "x.svg", "x.jsonl")
	for _, c := range b.cells {
		if !strings.Contains(md, c.Title()) {
			t.Errorf("report lacks cell %q", c.Title())
		}
	}
	if !strings.Contains(md, "(1 failed)") || !strings.Contains(md, `boom \| pipe`) {
		t.Error("report does not show the failed run")
	}
	if !strings.Contains(md, "warm-up (kafkawire, untimed): warm boom") {
		t.Error("report does not show the failed warm-up")
	}
	if strings.Contains(md, "1000.00M") || strings.Contains(md, "1000000.00×") {
		t.Error("the warm-up run counts in the figures")
	}
	if !strings.Contains(md, "## Noisy runs") || !strings.Contains(md, "⚠ 1/") || !strings.Contains(md, "1 noisy") {
		t.Error("report does not flag the noisy run")
	}
	if !strings.Contains(md, " tie") || !strings.Contains(md, "★") {
		t.Error("report has no tie or headline mark")
	}
}

func TestRunOrderABBA(t *testing.T) {
	var got []string
	for _, s := range schedule([]string{"kw", "franz"}, 4) {
		got = append(got, fmt.Sprintf("%s%d", s.client, s.rep))
	}
	if want := "kw1 franz1 franz2 kw2 kw3 franz3 franz4 kw4"; strings.Join(got, " ") != want {
		t.Fatalf("got %v, want %s", got, want)
	}
	got = nil
	for _, s := range schedule([]string{"a", "b", "c"}, 3) {
		got = append(got, s.client)
	}
	if want := "a b c c b a a b c"; strings.Join(got, " ") != want {
		t.Fatalf("got %v, want %s", got, want)
	}
	// Over an even number of sweeps every client's mean position is the same.
	pos := map[string]int{}
	for i, s := range schedule([]string{"a", "b", "c", "d"}, 6) {
		pos[s.client] += i % 4
	}
	for cl, p := range pos {
		if p != pos["a"] {
			t.Errorf("%s: position sum %d, a: %d", cl, p, pos["a"])
		}
	}
}

func TestPlanCells(t *testing.T) {
	cells := plan(false, 1)
	byID := map[string]cell{}
	for _, c := range cells {
		byID[c.ID] = c
	}
	var headline []string
	for _, c := range cells {
		if c.Headline {
			headline = append(headline, c.ID)
		}
	}
	if want := "p-100B-6p-idem-none p-100B-6p-defaults p-1KiB-6p-idem-none p-1KiB-6p-defaults c-direct c-group"; strings.Join(headline, " ") != want {
		t.Errorf("headline cells %v, want %s", headline, want)
	}
	d, app, r3 := byID["p-100B-6p-defaults"], byID["p-100B-6p-idem-none-app"], byID["p-100B-6p-idem-none-r3"]
	if !d.Defaults || d.Size != 100 || d.Partitions != 6 || slices.Contains(clientsFor(d), "replay") || !slices.Contains(clientsFor(d), "java") {
		t.Errorf("defaults cell %+v, clients %v", d, clientsFor(d))
	}
	if app.Send != "app" || !slices.Equal(clientsFor(app), []string{"kafkawire", "franz", "sarama", "segmentio"}) {
		t.Errorf("app cell %+v, clients %v", app, clientsFor(app))
	}
	txn := byID["p-100B-6p-txn"]
	if txn.Txn != 1000 || txn.Send != "txn:1000" || txn.Size != 100 || txn.Partitions != 6 || txn.Acks != "all" || !txn.Idempotence ||
		txn.Compression != "none" || txn.Records != byID["p-100B-6p-idem-none"].Records/9 ||
		!slices.Equal(clientsFor(txn), []string{"kafkawire", "franz", "kafkawire-idem"}) {
		t.Errorf("txn cell %+v, clients %v", txn, clientsFor(txn))
	}
	if fmtCount(1000) != "1,000" || fmtCount(1500000) != "1,500,000" || fmtCount(12) != "12" {
		t.Errorf("fmtCount: %s %s %s", fmtCount(1000), fmtCount(1500000), fmtCount(12))
	}
	if r3.cluster() != 3 || r3.Replication != 3 || r3.MinISR != 2 || r3.Acks != "all" || slices.Contains(clientsFor(r3), "replay") {
		t.Errorf("r3 cell %+v, clients %v", r3, clientsFor(r3))
	}
	if cells[len(cells)-1].ID != r3.ID {
		t.Error("the three-broker cell must come last (it stops the single broker)")
	}
	if !needsCluster(cells, 3) || needsCluster(cells[len(cells)-1:], 1) {
		t.Error("needsCluster")
	}
	for _, c := range plan(true, 1) {
		if c.cluster() == 3 {
			t.Error("-quick starts three brokers")
		}
	}
	// The titles tell the new cells apart.
	titles, shorts := map[string]bool{}, map[string]bool{}
	for _, c := range cells {
		if titles[c.Title()] || shorts[c.Short()] {
			t.Errorf("duplicate title %q / %q", c.Title(), c.Short())
		}
		titles[c.Title()], shorts[c.Short()] = true, true
	}
	b := &bench{cfg: &config{reps: 3, headlineReps: 5}}
	if b.repsFor(byID["c-group"]) != 5 || b.repsFor(byID["p-100B-6p-idem-lz4"]) != 3 {
		t.Error("repsFor")
	}
	if w := warmupCell(byID["latency"]); w.Duration > 3*time.Second || w.Warmup > time.Second {
		t.Errorf("latency warm-up %v + %v", w.Warmup, w.Duration)
	}
}

func TestJavaProducerProps(t *testing.T) {
	c := plan(false, 1)[0]
	got := javaProducerProps(c, "h:1", 5*time.Millisecond, 16384)
	if !slices.Contains(got, "linger.ms=5") || !slices.Contains(got, "enable.idempotence=true") {
		t.Errorf("matched props %v", got)
	}
	c.Defaults = true
	if got := javaProducerProps(c, "h:1", 5*time.Millisecond, 16384); !slices.Equal(got, []string{"bootstrap.servers=h:1"}) {
		t.Errorf("defaults props %v", got)
	}
}

func runs(client string, rps ...float64) []result.Result {
	var out []result.Result
	for i, v := range rps {
		out = append(out, result.Result{Client: client, Rep: i + 1, RPS: v, Records: 1000})
	}
	return out
}

func TestRatioOf(t *testing.T) {
	f := func(r *result.Result) float64 { return r.RPS }
	// Paired by rep: 110/100, 90/100, 120/100; spans 100–100 and 90–120 overlap.
	rs := ratioOf(runs("kw", 100, 100, 100), runs("p", 110, 90, 120), f)
	if math.Abs(rs.med-1.1) > 1e-9 || math.Abs(rs.lo-0.9) > 1e-9 || math.Abs(rs.hi-1.2) > 1e-9 || rs.pairs != 3 || !rs.tie {
		t.Fatalf("%+v", rs)
	}
	if s := rs.String(); s != "1.10× (0.90–1.20) tie" {
		t.Errorf("String() = %q", s)
	}
	rs = ratioOf(runs("kw", 100, 105, 95), runs("p", 200, 210, 190), f)
	if rs.tie || math.Abs(rs.med-2) > 1e-9 || rs.String() != "2.00× (2.00–2.00)" {
		t.Errorf("%+v %q", rs, rs.String())
	}
	// A single run each: no spread, never a tie.
	if rs := ratioOf(runs("kw", 100), runs("p", 100), f); rs.tie || rs.String() != "1.00×" {
		t.Errorf("%+v %q", rs, rs.String())
	}
	if rs := ratioOf(nil, runs("p", 1), f); rs.String() != "–" {
		t.Errorf("no kafkawire: %q", rs.String())
	}
}

func TestQuieter(t *testing.T) {
	now := time.Unix(0, 0)
	fake := func(loads, others []float64) *quieter {
		i, j := 0, 0
		return &quieter{maxLoad: 1, maxRecent: 0.5, window: 500 * time.Millisecond, wait: 60 * time.Second, budget: 90 * time.Second,
			load1: func() float64 { v := loads[min(i, len(loads)-1)]; i++; return v },
			recent: func(_ context.Context, w time.Duration) float64 {
				now = now.Add(w)
				v := others[min(j, len(others)-1)]
				j++
				return v
			},
			now:   func() time.Time { return now },
			sleep: func(_ context.Context, d time.Duration) { now = now.Add(d) },
		}
	}
	ctx := context.Background()
	// Quiet load average: no window measured, no wait.
	if r := fake([]float64{0.4}, []float64{9}).waitQuiet(ctx); r.noisy || r.waited != 0 || r.recent != 0 {
		t.Errorf("quiet: %+v", r)
	}
	// Load average high from the bench's own runs, others idle: go at once.
	if r := fake([]float64{2.1}, []float64{0.1}).waitQuiet(ctx); r.noisy || r.waited > time.Second || r.recent != 0.1 {
		t.Errorf("own load: %+v", r)
	}
	// Someone compiles for a while, then stops.
	if r := fake([]float64{3}, []float64{1.9, 1.8, 1.7, 0.2}).waitQuiet(ctx); r.noisy || r.waited < 3*time.Second || r.waited > 5*time.Second {
		t.Errorf("waited for quiet: %+v", r)
	}
	// Never quiet: bounded by wait, marked noisy; then the budget runs out.
	q := fake([]float64{3}, []float64{2})
	r := q.waitQuiet(ctx)
	if !r.noisy || r.waited > 60*time.Second || r.waited < 55*time.Second {
		t.Errorf("never quiet: %+v", r)
	}
	r = q.waitQuiet(ctx)
	if !r.noisy || q.spent > 90*time.Second {
		t.Errorf("budget: %+v, spent %v", r, q.spent)
	}
	if r := q.waitQuiet(ctx); !r.noisy || r.waited > time.Second {
		t.Errorf("budget spent, still waits: %+v", r)
	}
}

func TestRecentLoad(t *testing.T) {
	if _, err := os.Stat("/proc/stat"); err != nil {
		t.Skip("no /proc/stat")
	}
	busy, total, runnable := procStat()
	if total == 0 || busy > total || runnable < 1 {
		t.Fatalf("procStat: %d %d %v", busy, total, runnable)
	}
	if l := recentLoad(context.Background(), 50*time.Millisecond); l < 0 || l > 1000 {
		t.Fatalf("recentLoad %v", l)
	}
}

func cellRuns(cell, client string, rps ...float64) []result.Result {
	rs := runs(client, rps...)
	for i := range rs {
		rs[i].Cell = cell
		rs[i].CPUSeconds = 1
	}
	return rs
}

func TestCompare(t *testing.T) {
	const base = "p-100B-6p-idem-none"
	var a, b []result.Result
	a = append(a, cellRuns(base, "kafkawire", 100, 100, 100)...)
	a = append(a, cellRuns(base, "franz", 110, 110, 110)...)
	a = append(a, cellRuns(base, "sarama", 50, 50, 50)...)
	b = append(b, cellRuns(base, "kafkawire", 100, 100, 100)...)
	b = append(b, cellRuns(base, "franz", 120, 120, 120)...) // 1.2 vs 1.1: 9%, repeats
	b = append(b, cellRuns(base, "sarama", 70, 70, 70)...)   // 0.7 vs 0.5: 40%, differs
	b[0].Noisy = false
	cmps := compareResults(plan(false, 1), a, b)
	got := map[string]comparison{}
	for _, c := range cmps {
		got[c.peer+" "+c.figure] = c
	}
	if c := got["franz records/s"]; !c.repeats || !c.headline || math.Abs(c.diff-(1.2/1.1-1)) > 1e-9 {
		t.Errorf("franz: %+v", c)
	}
	if c := got["sarama records/s"]; c.repeats {
		t.Errorf("sarama: %+v", c)
	}
	if c := got["sarama CPU / record"]; !c.repeats { // the same CPU seconds for the same records
		t.Errorf("sarama CPU: %+v", c)
	}
	md := renderComparison("A.jsonl", "B.jsonl", cmps)
	if !strings.Contains(md, "**repeats**") || !strings.Contains(md, "differs") || !strings.Contains(md, "## Headline cells") {
		t.Errorf("comparison:\n%s", md)
	}
	// A noisy run in a cell keeps its ratios from counting.
	b[3].Noisy = true
	for _, c := range compareResults(plan(false, 1), a, b) {
		if c.peer == "franz" && c.figure == "records/s" && (!c.noisy || c.verdict() != "repeats (but noisy runs)") {
			t.Errorf("noisy: %+v %s", c, c.verdict())
		}
	}
}

func TestEstimate(t *testing.T) {
	cells := selectCells(plan(false, 1), regexp.MustCompile(`^p-100B-6p-idem-none(-r3)?$`))
	past := []result.Result{
		{Cell: "p-100B-6p-idem-none", Client: "kafkawire", Wall: 2},
		{Cell: "p-100B-6p-idem-none", Client: "kafkawire", Wall: 4, Warmup: true}, // not counted
		{Cell: "p-100B-6p-idem-none", Client: "franz", Wall: 3},
	}
	clients := func(c cell) []string { return []string{"kafkawire", "franz"} }
	reps := func(c cell) int {
		if c.Headline {
			return 5
		}
		return 3
	}
	total, n, lines := estimate(cells, clients, reps, past)
	// base: 5×(2+0.7) + 5×(3+0.7) + warm-up 2.7 = 34.7; r3 has a fifteenth of
	// the records, each estR3Factor times slower.
	k := estR3Factor / 15
	r3 := 3*(2*k+0.7) + 3*(3*k+0.7) + 2*k + 0.7
	want := estFixed + estCluster3 + time.Duration((34.7+r3)*float64(time.Second))
	if n != 5*2+1+3*2+1 || len(lines) != 2 || (total-want).Abs() > time.Millisecond {
		t.Errorf("estimate %v (want %v), %d runs, %v", total, want, n, lines)
	}
}
