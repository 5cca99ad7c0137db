package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/kafkawire/kafkawire/bench/internal/result"
)

// stat is one figure over a client's runs in a cell.
type stat struct{ med, lo, hi float64 }

func statOf(rs []result.Result, f func(*result.Result) float64) stat {
	if len(rs) == 0 {
		return stat{}
	}
	xs := make([]float64, len(rs))
	for i := range rs {
		xs[i] = f(&rs[i])
	}
	return stat{med: medianOf(xs), lo: slices.Min(xs), hi: slices.Max(xs)}
}

// summary is one client in one cell.
type summary struct {
	client            string
	runs, failed      int
	rps, mbps, cpu    stat // cpu: seconds per million records
	rss, allocs       stat
	p50, p99, p999    stat
	note              string
	anyAllocs, isJava bool
	ok                []result.Result // the runs that did not fail
	load              stat            // 1-minute load average at the start
	noisy             int             // runs that started on a machine that never quieted
}

func (b *bench) summarize(c cell) []summary {
	var out []summary
	for _, cl := range b.clientsFor(c) {
		all := b.cellResults(c, cl)
		if len(all) == 0 {
			continue
		}
		ok := okResults(all)
		s := summary{client: cl, runs: len(all), failed: len(all) - len(ok), isJava: cl == "java", ok: ok}
		s.load = statOf(all, func(r *result.Result) float64 { return r.Load1 })
		for _, r := range all {
			if r.Noisy {
				s.noisy++
			}
		}
		s.rps = statOf(ok, func(r *result.Result) float64 { return r.RPS })
		s.mbps = statOf(ok, func(r *result.Result) float64 { return r.MBps })
		s.cpu = statOf(ok, func(r *result.Result) float64 { return r.CPUPerMillion() })
		s.rss = statOf(ok, func(r *result.Result) float64 { return r.MaxRSSMB })
		s.allocs = statOf(ok, func(r *result.Result) float64 { return r.MallocsPerRecord })
		s.p50 = statOf(ok, func(r *result.Result) float64 { return r.P50Ms })
		s.p99 = statOf(ok, func(r *result.Result) float64 { return r.P99Ms })
		s.p999 = statOf(ok, func(r *result.Result) float64 { return r.P999Ms })
		for _, r := range ok {
			if r.Note != "" {
				s.note = r.Note
			}
			if r.Mallocs > 0 {
				s.anyAllocs = true
			}
		}
		out = append(out, s)
	}
	return out
}

func find(ss []summary, client string) (summary, bool) {
	for _, s := range ss {
		if s.client == client && s.runs > s.failed {
			return s, true
		}
	}
	return summary{}, false
}

func ratio(a, b float64) float64 {
	if b == 0 || a == 0 {
		return math.NaN()
	}
	return a / b
}

func fmtRatio(x float64) string {
	if math.IsNaN(x) {
		return "–"
	}
	return fmt.Sprintf("%.2f×", x)
}

func fmtStat(s stat, format string) string {
	if s.med == 0 && s.hi == 0 {
		return "–"
	}
	if s.lo == s.hi {
		return fmt.Sprintf(format, s.med)
	}
	return fmt.Sprintf(format+" ("+format+"–"+format+")", s.med, s.lo, s.hi)
}

func fmtRate(x float64) string {
	switch {
	case x >= 1e6:
		return fmt.Sprintf("%.2fM", x/1e6)
	case x >= 1e3:
		return fmt.Sprintf("%.0fk", x/1e3)
	}
	return fmt.Sprintf("%.0f", x)
}

func fmtRateStat(s stat) string {
	if s.med == 0 {
		return "–"
	}
	if s.lo == s.hi {
		return fmtRate(s.med)
	}
	return fmt.Sprintf("%s (%s–%s)", fmtRate(s.med), fmtRate(s.lo), fmtRate(s.hi))
}

func (b *bench) report() error {
	if err := os.MkdirAll(b.cfg.out, 0o755); err != nil {
		return err
	}
	date := b.cfg.startedAt.Format("2006-01-02")
	base := date
	if b.cfg.quick {
		base += "-quick"
	}
	md := filepath.Join(b.cfg.out, base+".md")
	svg := filepath.Join(b.cfg.out, base+".svg")
	raw := filepath.Join(b.cfg.out, base+".jsonl")

	var jl strings.Builder
	for _, r := range b.results {
		line, _ := json.Marshal(r)
		jl.Write(line)
		jl.WriteByte('\n')
	}
	if err := os.WriteFile(raw, []byte(jl.String()), 0o644); err != nil {
		return err
	}
	chart := b.chart(date)
	if err := os.WriteFile(svg, []byte(chart), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(md, []byte(b.markdown(date, filepath.Base(svg), filepath.Base(raw))), 0o644); err != nil {
		return err
	}
	if !b.cfg.quick && b.cfg.cells == nil {
		// The README links the latest full run's chart under a fixed name.
		if err := os.WriteFile(filepath.Join(b.cfg.out, "latest.svg"), []byte(chart), 0o644); err != nil {
			return err
		}
	}
	logf("wrote %s, %s and %s", md, svg, raw)
	return nil
}

func (b *bench) machine() string {
	var parts []string
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(data), "\n") {
			if v, ok := strings.CutPrefix(l, "model name"); ok {
				parts = append(parts, strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":")))
				break
			}
		}
	}
	parts = append(parts, fmt.Sprintf("%d CPUs", runtime.NumCPU()))
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int64
		fmt.Sscanf(strings.SplitN(string(data), "\n", 2)[0], "MemTotal: %d kB", &kb)
		if kb > 0 {
			parts = append(parts, fmt.Sprintf("%.0f GiB RAM", float64(kb)/(1<<20)))
		}
	}
	parts = append(parts, runtime.Version())
	if out, err := exec.Command("java", "-version").CombinedOutput(); err == nil {
		parts = append(parts, strings.Trim(strings.SplitN(string(out), "\n", 2)[0], " \r"))
	}
	return strings.Join(parts, ", ")
}

func (b *bench) loadRange() (float64, float64) {
	lo, hi := math.Inf(1), 0.0
	for _, r := range b.results {
		if !r.Warmup {
			lo, hi = min(lo, r.Load1), max(hi, r.Load1)
		}
	}
	if math.IsInf(lo, 1) {
		lo = 0
	}
	return lo, hi
}

func (b *bench) markdown(date, svgName, rawName string) string {
	var w strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&w, format, args...) }
	title := "kafkawire benchmarks"
	if b.cfg.quick {
		title += " (quick smoke run)"
	}
	p("# %s, %s\n\n", title, date)
	cmdline := "cd bench && go run ./cmd/runner"
	if b.cfg.quick {
		cmdline += " -quick"
	}
	if b.cfg.rerender != "" {
		p("Generated by `%s`, re-rendered from %s.\n\n", cmdline, filepath.Base(b.cfg.rerender))
	} else {
		p("Generated by `%s` in %s.\n\n", cmdline, time.Since(b.cfg.startedAt).Round(time.Second))
	}
	lo, hi := b.loadRange()
	p("- Machine: %s.\n", b.machine())
	p("- One broker (Apache Kafka %s, KRaft combined mode, replication factor 1) on the same machine; the three-broker cell runs on three such nodes (replication factor 3, min.insync.replicas=2). Every client run is a process of its own on a fresh topic. Brokers the runner starts keep their logs in %s.\n",
		orDefault(os.Getenv("KAFKA_VERSION"), "4.1.1"), b.cfg.brokerDir)
	p("- 1-minute load average when runs started: %.1f–%.1f. Before each run the runner waits (up to %v per run, %v in all) for the machine to be quiet: load average at most %.1f, or, above it, everything but the bench loading it at most %.1f over %v; a run that starts without that is flagged noisy (⚠). The machine is shared, so absolute figures move between runs; compare clients within a cell.\n",
		lo, hi, b.cfg.quietWait, b.cfg.quietBudget, b.cfg.maxLoad, b.cfg.maxRecent, b.cfg.quietWindow)
	p("- Matched settings: linger %v, batch %d bytes, buffer 32 MiB, random 16-byte keys, values of random uppercase letters. %d timed run(s) per client in the headline cells (★), %d in the others, after one untimed warm-up run per cell; clients in ABBA order (A B C D D C B A A B ...); figures are medians with min–max.\n",
		b.cfg.linger, b.cfg.batch, b.cfg.headlineReps, b.cfg.reps)
	p("- CPU is user+sys seconds of the client's whole process per million records (Java: including JVM start-up and JIT); RSS is the process's peak; allocations are Go heap allocations per record in the timed section.\n")
	p("- Ratios are to kafkawire: throughput above 1× is faster than kafkawire, CPU above 1× costs more than kafkawire. Each ratio is the ratio of the medians, with in brackets the min–max of peer/kafkawire over the paired runs (same repetition); **tie** means the two clients' min–max spans overlap, so these runs do not tell them apart. A ratio is worth quoting only when a second run repeats it (`go run ./cmd/runner -compare A.jsonl,B.jsonl`). `replay` is the ceiling: pre-encoded Produce requests written as fast as the broker answers (bench/cmd/replay); \"kafkawire / ceiling\" divides kafkawire's median by the fastest replay run, since load only ever slows a run down.\n\n")
	p("![throughput and CPU relative to kafkawire](%s)\n\n", svgName)

	// Summary of ratios.
	p("## Summary: ratio to kafkawire (records/s; CPU per record below)\n\n")
	p("| cell | kafkawire | franz-go | sarama | kafka-go (segmentio) | Java | kafkawire / ceiling |\n|---|---|---|---|---|---|---|\n")
	for _, c := range b.cells {
		ss := b.summarize(c)
		kw, ok := find(ss, "kafkawire")
		row := []string{b.cellLabel(c)}
		if c.Kind == "latency" {
			row[0] = fmt.Sprintf("latency p99 at %d/s (lower is better)", c.Rate) + b.noisyMark(c)
			if ok {
				row = append(row, fmt.Sprintf("%.1f ms", kw.p99.med))
			} else {
				row = append(row, "failed")
			}
			for _, pc := range peers {
				s, ok2 := find(ss, pc)
				if !ok || !ok2 {
					row = append(row, "–")
					continue
				}
				row = append(row, p99Ratio(kw, s).String())
			}
			row = append(row, "")
			p("| %s |\n", strings.Join(row, " | "))
			continue
		}
		if ok {
			row = append(row, fmtRate(kw.rps.med)+" rec/s")
		} else {
			row = append(row, "failed")
		}
		for _, pc := range peers {
			s, ok2 := find(ss, pc)
			if !ok || !ok2 {
				row = append(row, "–")
				continue
			}
			row = append(row, fmt.Sprintf("%s<br>CPU %s", rpsRatio(kw, s), cpuRatio(kw, s)))
		}
		if rp, ok2 := find(ss, "replay"); ok && ok2 {
			row = append(row, fmt.Sprintf("%.0f%%", 100*kw.rps.med/rp.rps.hi))
		} else {
			row = append(row, "")
		}
		p("| %s |\n", strings.Join(row, " | "))
	}
	p("\n★ headline cell. ⚠ some runs started on a machine that never quieted (see Noisy runs).\n\n")

	// Per-cell tables.
	p("## Cells\n\n")
	for _, c := range b.cells {
		ss := b.summarize(c)
		kw, kwOK := find(ss, "kafkawire")
		p("### %s%s\n\n", c.Title(), b.noisyMark(c))
		if c.Headline {
			p("Headline cell: %d timed runs per client.\n\n", b.cfg.headlineReps)
		}
		switch c.Kind {
		case "latency":
			p("%d records/s for %v after a %v warm-up; a consumer of the same client in the same process (direct assignment) reads them back; delay from the send call to the consumer's receipt.\n\n",
				c.Rate, c.Duration, c.Warmup)
			p("| client | p50 ms | p99 ms | p99.9 ms | p99 vs kafkawire | CPU s (whole run) | peak RSS MB | load1 at start | runs |\n|---|---|---|---|---|---|---|---|---|\n")
			for _, s := range ss {
				r := "–"
				if kwOK && s.runs > s.failed && s.client != "kafkawire" {
					r = p99Ratio(kw, s).String()
				}
				cpu := statOf(s.ok, func(r *result.Result) float64 { return r.CPUSeconds })
				p("| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", s.client, fmtStat(s.p50, "%.2f"), fmtStat(s.p99, "%.2f"), fmtStat(s.p999, "%.2f"),
					r, fmtStat(cpu, "%.2f"), fmtStat(s.rss, "%.0f"), fmtStat(s.load, "%.1f"), runsCell(s))
			}
		default:
			p("%d records", c.Records)
			if slices.Contains(b.clientsFor(c), "replay") {
				p(" per run (replay: %d)", c.Records*replayFactor)
			}
			p(".\n\n")
			p("| client | records/s | MB/s | × kafkawire | CPU s / M records | CPU × kafkawire | peak RSS MB | allocs / record | load1 at start | runs |\n|---|---|---|---|---|---|---|---|---|---|\n")
			for _, s := range ss {
				rr, cr := "–", "–"
				if kwOK && s.runs > s.failed && s.client != "kafkawire" {
					rr = rpsRatio(kw, s).String()
					if s.client != "replay" {
						cr = cpuRatio(kw, s).String()
					}
				}
				allocs := "–"
				if s.anyAllocs {
					allocs = fmtStat(s.allocs, "%.2f")
				}
				name := s.client
				if s.client == "replay" {
					name = "replay (ceiling)"
				}
				p("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", name, fmtRateStat(s.rps), fmtStat(s.mbps, "%.1f"), rr,
					fmtStat(s.cpu, "%.2f"), cr, fmtStat(s.rss, "%.0f"), allocs, fmtStat(s.load, "%.1f"), runsCell(s))
			}
		}
		p("\n")
	}
	titles := map[string]string{}
	for _, c := range b.cells {
		titles[c.ID] = c.Title()
	}
	var failed, noisy []string
	for _, r := range b.results {
		what := fmt.Sprintf("%s, %s, run %d", orDefault(titles[r.Cell], r.Cell), r.Client, r.Rep)
		if r.Warmup {
			what = fmt.Sprintf("%s, warm-up (%s, untimed)", orDefault(titles[r.Cell], r.Cell), r.Client)
		}
		if r.Error != "" {
			failed = append(failed, what+": "+firstLine(r.Error))
		}
		if r.Noisy {
			noisy = append(noisy, fmt.Sprintf("%s: load average %.1f, others %.1f after waiting %.0f s", what, r.Load1, r.LoadRecent, r.QuietWait))
		}
	}
	if len(failed) > 0 {
		p("## Failed runs\n\n")
		for _, f := range failed {
			p("- %s\n", strings.ReplaceAll(f, "|", "\\|"))
		}
		p("\n")
	}
	if len(noisy) > 0 {
		p("## Noisy runs\n\nThese started while something else kept the machine busy; their cells are marked ⚠ and their ratios are not worth quoting.\n\n")
		for _, f := range noisy {
			p("- %s\n", f)
		}
		p("\n")
	}
	b.runLog(p)
	p("Raw results, one JSON object per run: [%s](%s). How each client is configured and where it cannot match the settings: [bench/README.md](../README.md).\n", rawName, rawName)
	return w.String()
}

func runsCell(s summary) string {
	var extra []string
	if s.failed > 0 {
		extra = append(extra, fmt.Sprintf("%d failed", s.failed))
	}
	if s.noisy > 0 {
		extra = append(extra, fmt.Sprintf("%d noisy", s.noisy))
	}
	if len(extra) > 0 {
		return fmt.Sprintf("%d (%s)", s.runs, strings.Join(extra, ", "))
	}
	return fmt.Sprint(s.runs)
}

// cellLabel is the cell's name in the summary table: its short label, ★
// for a headline cell, ⚠ if it has noisy runs.
func (b *bench) cellLabel(c cell) string {
	l := c.Short()
	if c.Headline {
		l += " ★"
	}
	return l + b.noisyMark(c)
}

func (b *bench) noisyMark(c cell) string {
	if n, runs := b.cellNoisy(c); n > 0 {
		return fmt.Sprintf(" ⚠ %d/%d noisy", n, runs)
	}
	return ""
}

// runLog lists every run in the order it ran, with the machine's load as
// it started, in a collapsed section.
func (b *bench) runLog(p func(string, ...any)) {
	if len(b.results) == 0 {
		return
	}
	p("<details><summary>Every run in order, with the load as it started</summary>\n\n")
	p("| cell | # | client | rep | load1 | others | waited s | noisy | result |\n|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range b.results {
		rep, others, res := fmt.Sprint(r.Rep), "", ""
		if r.Warmup {
			rep = "warm-up"
		}
		if r.LoadRecent > 0 {
			others = fmt.Sprintf("%.2f", r.LoadRecent)
		}
		switch {
		case r.Error != "":
			res = "failed"
		case r.Mode == "latency":
			res = fmt.Sprintf("p99 %.2f ms", r.P99Ms)
		default:
			res = fmtRate(r.RPS) + " rec/s"
		}
		noisy := ""
		if r.Noisy {
			noisy = "⚠"
		}
		p("| %s | %d | %s | %s | %.2f | %s | %.0f | %s | %s |\n", r.Cell, r.Seq, r.Client, rep, r.Load1, others, r.QuietWait, noisy, res)
	}
	p("\n</details>\n\n")
}

// cellResults are a client's timed runs in a cell (no warm-up).
func (b *bench) cellResults(c cell, client string) []result.Result {
	var out []result.Result
	for _, r := range b.results {
		if r.Cell == c.ID && r.Client == client && !r.Warmup {
			out = append(out, r)
		}
	}
	return out
}
