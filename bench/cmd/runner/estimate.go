package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/kafkawire/kafkawire/bench/internal/result"
)

// Assumptions of the estimate where the earlier results have no figure.
const (
	estRunOverhead = 700 * time.Millisecond // topic create + delete, the quiet check's window
	estFixed       = 90 * time.Second       // builds, starting the single broker, the consume topic's pre-fill
	estCluster3    = 45 * time.Second       // starting three brokers
	estR3Factor    = 10.0                   // time per record, replication 3 against one broker (a smoke run: 50k rec/s vs 580k)
	estAppFactor   = 1.5                    // an application-style send against the usual path
)

// estimate is how long the plan takes, from past runs' wall times: each
// (cell, client)'s median, else the same client's in the base cell scaled
// by records (and by the factors above), else 10 s.
func estimate(cells []cell, clients func(cell) []string, reps func(cell) int, past []result.Result) (time.Duration, int, []string) {
	walls := map[[2]string][]float64{}
	for _, r := range past {
		if r.Error == "" && !r.Warmup && r.Wall > 0 {
			k := [2]string{r.Cell, r.Client}
			walls[k] = append(walls[k], r.Wall)
		}
	}
	// Scale by records against the base cell of the same plan.
	baseRecords := 0
	for _, c := range append(cells, plan(false, 1)...) {
		if c.ID == "p-100B-6p-idem-none" && baseRecords == 0 {
			baseRecords = c.Records
		}
	}
	perRun := func(c cell, cl string) (float64, string) {
		if w, ok := walls[[2]string{c.ID, cl}]; ok {
			return medianOf(w), "measured"
		}
		if c.Kind == "latency" {
			return (c.Duration + c.Warmup + 2*time.Second).Seconds(), "duration"
		}
		if w, ok := walls[[2]string{"p-100B-6p-idem-none", cl}]; ok {
			x := medianOf(w) * float64(c.Records) / float64(baseRecords)
			how := "from the base cell"
			if c.cluster() == 3 {
				x *= estR3Factor
				how += fmt.Sprintf(" ×%.1f for replication 3", estR3Factor)
			}
			if c.Send == "app" {
				x *= estAppFactor
				how += fmt.Sprintf(" ×%.1f for the app send", estAppFactor)
			}
			return x, how
		}
		return 10, "guessed"
	}
	total := estFixed
	runs := 0
	var lines []string
	cluster3 := false
	for _, c := range cells {
		cls := clients(c)
		if len(cls) == 0 {
			continue
		}
		if c.cluster() == 3 && !cluster3 {
			total += estCluster3
			cluster3 = true
		}
		n := reps(c)
		var cellT float64
		var hows []string
		for _, cl := range cls {
			w, how := perRun(c, cl)
			cellT += float64(n) * (w + estRunOverhead.Seconds())
			if how != "measured" {
				hows = append(hows, cl+" "+how)
			}
		}
		wc := warmupCell(c)
		ww, _ := perRun(wc, cls[0])
		if c.Kind == "latency" {
			ww = (wc.Duration + wc.Warmup + 2*time.Second).Seconds()
		}
		cellT += ww + estRunOverhead.Seconds()
		runs += n*len(cls) + 1
		total += time.Duration(cellT * float64(time.Second))
		line := fmt.Sprintf("%-26s %2d clients × %d runs + warm-up: %4.0f s", c.ID, len(cls), n, cellT)
		if len(hows) > 0 {
			line += " (" + strings.Join(hows, "; ") + ")"
		}
		lines = append(lines, line)
	}
	return total, runs, lines
}

// estimateFile is -estimate FILE.jsonl.
func estimateFile(cfg *config, w io.Writer) error {
	past, err := loadResults(cfg.estimate)
	if err != nil {
		return err
	}
	cfg.clients = map[string]bool{"kafkawire": true, "franz": true, "sarama": true, "segmentio": true, "java": true, "replay": true}
	cfg.libs = "(assumed)"
	b := &bench{cfg: cfg, cells: selectCells(plan(cfg.quick, cfg.scale), cfg.cells)}
	total, runs, lines := estimate(b.cells, b.clientsFor, b.repsFor, past)
	for _, l := range lines {
		fmt.Fprintln(w, l)
	}
	fmt.Fprintf(w, "%d runs, about %v (run times from %s, %v per run for topics and the quiet check, %v fixed), plus up to -quiet-budget %v waiting for a quiet machine\n",
		runs, total.Round(time.Minute), cfg.estimate, estRunOverhead, estFixed, cfg.quietBudget)
	return nil
}
