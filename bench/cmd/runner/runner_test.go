package main

import (
	"encoding/xml"
	"errors"
	"io"
	"math"
	"strings"
	"testing"

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
			if len(clientsFor(c.Kind)) == 0 {
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
	cfg := &config{reps: 2, clients: map[string]bool{}, libs: "x"}
	for _, c := range []string{"kafkawire", "franz", "sarama", "segmentio", "java", "replay"} {
		cfg.clients[c] = true
	}
	b := &bench{cfg: cfg, cells: plan(true, 1)}
	for _, c := range b.cells {
		for rep := 1; rep <= 2; rep++ {
			for i, cl := range clientsFor(c.Kind) {
				r := result.Result{Client: cl, Cell: c.ID, Rep: rep, Records: 1000, RPS: float64(1000 * (i + rep)),
					CPUSeconds: float64(i+1) / 10, MaxRSSMB: 50, P50Ms: 2, P99Ms: float64(5 + i), P999Ms: 20}
				if cl == "sarama" && rep == 2 {
					r.Error = "boom | pipe"
				}
				b.results = append(b.results, r)
			}
		}
	}
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
}
