package main

import (
	"fmt"
	"strings"
	"time"
)

// cell is one workload, run by every client that can run it.
type cell struct {
	ID          string // short, for file names and -cells
	Kind        string // produce, consume-direct, consume-group, latency
	Size        int    // value bytes (keys are 16 random bytes)
	Partitions  int
	Records     int
	Acks        string // all or 1
	Idempotence bool
	Compression string
	Rate        int // latency only
	Duration    time.Duration
	Warmup      time.Duration
}

func sizeName(n int) string {
	if n%1024 == 0 {
		return fmt.Sprintf("%d KiB", n/1024)
	}
	return fmt.Sprintf("%d B", n)
}

func (c cell) acksName() string {
	if c.Acks == "all" {
		if c.Idempotence {
			return "acks=all+idempotence"
		}
		return "acks=all"
	}
	return "acks=" + c.Acks
}

// Title is how the report names the cell.
func (c cell) Title() string {
	switch c.Kind {
	case "produce":
		return fmt.Sprintf("produce %s, %d partition%s, %s, %s", sizeName(c.Size), c.Partitions, plural(c.Partitions), c.acksName(), c.Compression)
	case "consume-direct":
		return fmt.Sprintf("consume %s, %d partitions, direct (assign)", sizeName(c.Size), c.Partitions)
	case "consume-group":
		return fmt.Sprintf("consume %s, %d partitions, group (subscribe)", sizeName(c.Size), c.Partitions)
	case "latency":
		return fmt.Sprintf("end-to-end latency at %d records/s, %s, %d partitions, %s", c.Rate, sizeName(c.Size), c.Partitions, c.acksName())
	}
	return c.ID
}

// Short is the cell's label in the chart.
func (c cell) Short() string {
	switch c.Kind {
	case "produce":
		a := "all+idem"
		if c.Acks != "all" {
			a = "acks=" + c.Acks
		} else if !c.Idempotence {
			a = "acks=all"
		}
		return fmt.Sprintf("produce %s %dp %s %s", sizeName(c.Size), c.Partitions, a, c.Compression)
	case "consume-direct":
		return "consume direct"
	case "consume-group":
		return "consume group"
	case "latency":
		return fmt.Sprintf("latency p99 @%dk/s", c.Rate/1000)
	}
	return c.ID
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// clientsFor lists who runs a cell, in the order runs alternate.
func clientsFor(kind string) []string {
	switch kind {
	case "produce":
		return []string{"kafkawire", "franz", "sarama", "segmentio", "java", "replay"}
	case "consume-direct":
		// ConsumerPerformance only subscribes; it has no assign mode.
		return []string{"kafkawire", "franz", "sarama", "segmentio"}
	case "consume-group":
		return []string{"kafkawire", "franz", "sarama", "segmentio", "java"}
	case "latency":
		// The Java tools have no fixed-rate end-to-end test (EndToEndLatency
		// sends one record at a time).
		return []string{"kafkawire", "franz", "sarama", "segmentio"}
	}
	return nil
}

// peers are the clients compared with kafkawire, in chart order.
var peers = []string{"franz", "sarama", "segmentio", "java"}

// plan is the full benchmark or, with quick, a smoke run of a few cells
// with fewer records. scale multiplies every record count.
func plan(quick bool, scale float64) []cell {
	small, large, consume := 1_500_000, 300_000, 2_000_000
	rate, dur, warm := 20_000, 10*time.Second, 2*time.Second
	if quick {
		small, large, consume = 300_000, 60_000, 500_000
		dur, warm = 3*time.Second, time.Second
	}
	n := func(v int) int { return max(int(float64(v)*scale), 1000) }
	p := func(size, parts int, acks string, idem bool, comp string) cell {
		recs := small
		if size >= 1024 {
			recs = large
		}
		a := acks
		if acks == "all" && idem {
			a = "idem"
		}
		id := fmt.Sprintf("p-%s-%dp-%s-%s", strings.ReplaceAll(sizeName(size), " ", ""), parts, a, comp)
		return cell{ID: id, Kind: "produce", Size: size, Partitions: parts, Records: n(recs), Acks: acks, Idempotence: idem, Compression: comp}
	}
	var cells []cell
	if quick {
		cells = []cell{
			p(100, 6, "all", true, "none"),
			p(1024, 6, "all", true, "lz4"),
		}
	} else {
		// One factor at a time around the base cell (100 B, 6 partitions,
		// acks=all with idempotence, no compression).
		cells = []cell{
			p(100, 6, "all", true, "none"),
			p(100, 1, "all", true, "none"),
			p(100, 6, "1", false, "none"),
			p(100, 6, "all", true, "lz4"),
			p(100, 6, "all", true, "zstd"),
			p(1024, 6, "all", true, "none"),
			p(1024, 6, "all", true, "lz4"),
			p(1024, 1, "1", false, "lz4"),
		}
	}
	cells = append(cells,
		cell{ID: "c-direct", Kind: "consume-direct", Size: 100, Partitions: 6, Records: n(consume)},
		cell{ID: "c-group", Kind: "consume-group", Size: 100, Partitions: 6, Records: n(consume)},
		cell{ID: "latency", Kind: "latency", Size: 100, Partitions: 6, Acks: "all", Idempotence: true, Compression: "none",
			Rate: rate, Duration: dur, Warmup: warm},
	)
	return cells
}
