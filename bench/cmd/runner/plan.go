package main

import (
	"fmt"
	"slices"
	"strconv"
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

	// Headline cells get cfg.headlineReps runs per client (the others
	// cfg.reps): the ratios the project README quotes.
	Headline bool
	// Defaults: every client is built with nothing but brokers and topic
	// (Acks, Idempotence, Compression are then only the cell's label).
	Defaults bool
	// Send "app": a new record struct per send, as an application builds
	// it, instead of the adapter's usual path (kafkawire: one reused Record).
	Send string
	// Brokers is 3 for the cell run on the three-broker cluster (0 or 1:
	// the single broker); Replication and MinISR are its topic's.
	Brokers     int
	Replication int
	MinISR      int
	// Txn > 0: records are sent in transactions of Txn records, each
	// committed before the next begins (Send is then "txn:<Txn>", which
	// the worker reads). The cell's kafkawire-idem client is kafkawire's
	// idempotent producer on the same workload, so the report's
	// "× kafkawire" of kafkawire-idem is idempotent / transactional.
	Txn int
}

// cluster is which broker set the cell runs on: 1 or 3.
func (c cell) cluster() int {
	if c.Brokers == 3 {
		return 3
	}
	return 1
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
		base := fmt.Sprintf("produce %s, %d partition%s", sizeName(c.Size), c.Partitions, plural(c.Partitions))
		switch {
		case c.Defaults:
			return base + ", each client's defaults (nothing set but brokers and topic)"
		case c.Send == "app":
			return fmt.Sprintf("%s, %s, %s, application-style send (a new record struct per call)", base, c.acksName(), c.Compression)
		case c.Txn > 0:
			return fmt.Sprintf("%s, %s, %s, transactions of %s records (each committed); kafkawire-idem: the idempotent producer, no transactions", base, c.acksName(), c.Compression, fmtCount(c.Txn))
		case c.cluster() == 3:
			return fmt.Sprintf("%s, %s, %s, 3 brokers, replication factor %d, min.insync.replicas=%d", base, c.acksName(), c.Compression, c.Replication, c.MinISR)
		}
		return fmt.Sprintf("%s, %s, %s", base, c.acksName(), c.Compression)
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
		short := fmt.Sprintf("produce %s %dp %s %s", sizeName(c.Size), c.Partitions, a, c.Compression)
		switch {
		case c.Defaults:
			return fmt.Sprintf("produce %s %dp, defaults", sizeName(c.Size), c.Partitions)
		case c.Send == "app":
			return short + ", app send"
		case c.Txn > 0:
			return fmt.Sprintf("%s, txn of %d", short, c.Txn)
		case c.cluster() == 3:
			return short + ", 3 brokers RF3"
		}
		return short
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

// clientsFor lists who runs a cell, in the order of its first sweep (see
// runOrder).
func clientsFor(c cell) []string {
	switch c.Kind {
	case "produce":
		switch {
		case c.Txn > 0:
			// The Go clients with a transactional producer adapter, and
			// kafkawire's idempotent producer as the baseline (it runs only
			// when -clients names kafkawire-idem). Java's
			// ProducerPerformance commits by time
			// (--transaction-duration-ms), not every N records.
			return []string{"kafkawire", "franz", "kafkawire-idem"}
		case c.Send == "app":
			// The Go clients' send paths; ProducerPerformance already builds
			// a fresh record per send in every cell.
			return []string{"kafkawire", "franz", "sarama", "segmentio"}
		case c.Defaults || c.cluster() == 3:
			// No ceiling: replay assumes one broker leading every
			// partition, and the matched base cell has the ceiling of the
			// defaults cell's workload.
			return []string{"kafkawire", "franz", "sarama", "segmentio", "java"}
		}
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

// runOrder is the order of the clients in the rep-th sweep of a cell
// (rep from 1): forward on odd sweeps, backward on even ones, so two
// clients run A B B A A B ... and each client's average position in time is
// the same over every pair of sweeps (ABBA), unlike round-robin where the
// first client always runs first.
func runOrder(clients []string, rep int) []string {
	out := slices.Clone(clients)
	if rep%2 == 0 {
		slices.Reverse(out)
	}
	return out
}

// schedule is every timed run of a cell, in order: rep numbers from 1,
// sweeps alternating direction.
func schedule(clients []string, reps int) []scheduled {
	var out []scheduled
	for rep := 1; rep <= reps; rep++ {
		for _, cl := range runOrder(clients, rep) {
			out = append(out, scheduled{client: cl, rep: rep})
		}
	}
	return out
}

type scheduled struct {
	client string
	rep    int
}

// peers are the clients compared with kafkawire, in chart order.
var peers = []string{"franz", "sarama", "segmentio", "java"}

// plan is the full benchmark or, with quick, a smoke run of a few cells
// with fewer records. scale multiplies every record count.
func plan(quick bool, scale float64) []cell {
	// Record counts keep a timed run several seconds long on this machine
	// (about 1.4M rec/s at 100 B, 200k at 1 KiB, 4M consumed): runs of
	// under a second let start-up, a GC cycle of the broker or one
	// scheduler hiccup move a median by 20-30% between two bench runs
	// (2026-12-02 runs 5 and 6, at 1.5M/300k/2M records).
	small, large, consume := 4_500_000, 1_000_000, 12_000_000
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
	base := p(100, 6, "all", true, "none")
	base.Headline = true
	// Every client's defaults: labelled with the matched cell's workload
	// (100 B, 6 partitions); what each client then does is in the README.
	defaults := cell{ID: "p-100B-6p-defaults", Kind: "produce", Size: 100, Partitions: 6, Records: n(small),
		Acks: "all", Idempotence: true, Compression: "none", Defaults: true, Headline: true}
	large1K := p(1024, 6, "all", true, "none")
	large1K.Headline = true
	defaults1K := defaults
	defaults1K.ID, defaults1K.Size, defaults1K.Records = "p-1KiB-6p-defaults", 1024, n(large)
	app := base
	app.ID, app.Send, app.Headline = base.ID+"-app", "app", false
	txn := base
	txn.ID, txn.Txn, txn.Headline = "p-100B-6p-txn", 1000, false
	txn.Send = fmt.Sprintf("txn:%d", txn.Txn)
	// A commit per 1,000 records halves the rate or worse (a smoke run on
	// this machine: ~40k rec/s against ~75k idempotent): a ninth of the
	// records (500 transactions) keeps each run over ten seconds.
	txn.Records = n(small / 9)
	r3 := base
	r3.ID, r3.Brokers, r3.Replication, r3.MinISR, r3.Headline = base.ID+"-r3", 3, 3, 2, false
	// Replication 3 on the same two cores runs about a tenth as fast per
	// record (the smoke run: 50k rec/s against 580k): a fifteenth of the
	// records keeps each run several seconds long without costing minutes.
	r3.Records = n(small / 15)
	var cells []cell
	if quick {
		cells = []cell{base, defaults, app, p(1024, 6, "all", true, "lz4")}
	} else {
		// One factor at a time around the base cell (100 B, 6 partitions,
		// acks=all with idempotence, no compression).
		cells = []cell{
			base,
			defaults,
			app,
			txn,
			p(100, 1, "all", true, "none"),
			p(100, 6, "1", false, "none"),
			p(100, 6, "all", true, "lz4"),
			p(100, 6, "all", true, "zstd"),
			large1K,
			defaults1K,
			p(1024, 6, "all", true, "lz4"),
			p(1024, 1, "1", false, "lz4"),
		}
	}
	cells = append(cells,
		cell{ID: "c-direct", Kind: "consume-direct", Size: 100, Partitions: 6, Records: n(consume), Headline: true},
		cell{ID: "c-group", Kind: "consume-group", Size: 100, Partitions: 6, Records: n(consume), Headline: true},
		cell{ID: "latency", Kind: "latency", Size: 100, Partitions: 6, Acks: "all", Idempotence: true, Compression: "none",
			Rate: rate, Duration: dur, Warmup: warm},
	)
	if !quick {
		// Last: it stops the single broker and starts three.
		cells = append(cells, r3)
	}
	return cells
}

// fmtCount writes n with thousands separators (1,000).
func fmtCount(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
