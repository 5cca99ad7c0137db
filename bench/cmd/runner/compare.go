package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"

	"github.com/kafkawire/kafkawire/bench/internal/result"
)

// repeatTolerance: two runs' ratios agree when the larger is at most this
// much above the smaller.
const repeatTolerance = 0.15

// comparison is one ratio of one peer in one cell, in two runs.
type comparison struct {
	cell     cell
	peer     string
	figure   string // "records/s", "CPU / record", "p99"
	a, b     ratioStat
	diff     float64 // max/min - 1; NaN if either is missing
	repeats  bool
	noisy    bool // either run has noisy runs in this cell
	headline bool
}

// compareResults pairs every peer/kafkawire ratio of cells found in both
// result sets.
func compareResults(cells []cell, a, b []result.Result) []comparison {
	ba := offlineBench(&config{}, a)
	bb := offlineBench(&config{}, b)
	var out []comparison
	for _, c := range cells {
		sa, sb := ba.summarize(c), bb.summarize(c)
		kwA, okA := find(sa, "kafkawire")
		kwB, okB := find(sb, "kafkawire")
		if !okA && !okB {
			continue
		}
		na, _ := ba.cellNoisy(c)
		nb, _ := bb.cellNoisy(c)
		type fig struct {
			name string
			f    func(kw, s summary) ratioStat
		}
		figs := []fig{{"records/s", rpsRatio}, {"CPU / record", cpuRatio}}
		if c.Kind == "latency" {
			figs = []fig{{"p99 latency", p99Ratio}}
		}
		for _, pc := range peers {
			pa, okPA := find(sa, pc)
			pb, okPB := find(sb, pc)
			if !okPA && !okPB {
				continue
			}
			for _, fg := range figs {
				cmp := comparison{cell: c, peer: pc, figure: fg.name, noisy: na > 0 || nb > 0, headline: c.Headline,
					a: ratioStat{med: math.NaN()}, b: ratioStat{med: math.NaN()}, diff: math.NaN()}
				if okA && okPA {
					cmp.a = fg.f(kwA, pa)
				}
				if okB && okPB {
					cmp.b = fg.f(kwB, pb)
				}
				if !math.IsNaN(cmp.a.med) && !math.IsNaN(cmp.b.med) {
					cmp.diff = math.Max(cmp.a.med, cmp.b.med)/math.Min(cmp.a.med, cmp.b.med) - 1
					cmp.repeats = cmp.diff <= repeatTolerance+1e-9
				}
				out = append(out, cmp)
			}
		}
	}
	return out
}

func (c comparison) verdict() string {
	switch {
	case math.IsNaN(c.diff):
		return "missing in one run"
	case c.repeats && c.noisy:
		return "repeats (but noisy runs)"
	case c.repeats:
		return "**repeats**"
	}
	return "differs"
}

// renderComparison is the Markdown of compareResults.
func renderComparison(nameA, nameB string, cmps []comparison) string {
	var w strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&w, format, args...) }
	p("# Do the ratios repeat? %s vs %s\n\n", nameA, nameB)
	p("Each ratio is peer/kafkawire (ratio of medians; in brackets the min–max over paired runs; tie: the clients' spans overlap). ")
	p("A ratio repeats when the two runs' ratios are within %.0f%% of each other (larger / smaller − 1); publish a ratio only when it repeats and neither run has noisy runs in that cell.\n\n", 100*repeatTolerance)
	for _, headline := range []bool{true, false} {
		var rows []comparison
		for _, c := range cmps {
			if c.headline == headline {
				rows = append(rows, c)
			}
		}
		if len(rows) == 0 {
			continue
		}
		if headline {
			p("## Headline cells\n\n")
		} else {
			p("## Other cells\n\n")
		}
		p("| cell | peer | figure | %s | %s | difference | verdict |\n|---|---|---|---|---|---|---|\n", nameA, nameB)
		n, rep := 0, 0
		for _, c := range rows {
			d := "–"
			if !math.IsNaN(c.diff) {
				d = fmt.Sprintf("%.0f%%", 100*c.diff)
				n++
				if c.repeats && !c.noisy {
					rep++
				}
			}
			label := c.cell.Short()
			if c.noisy {
				label += " ⚠"
			}
			p("| %s | %s | %s | %s | %s | %s | %s |\n", label, peerName[c.peer], c.figure, c.a, c.b, d, c.verdict())
		}
		p("\n%d of %d ratios found in both runs repeat within %.0f%% without noisy runs.\n\n", rep, n, 100*repeatTolerance)
	}
	return w.String()
}

// compareFiles is -compare A.jsonl,B.jsonl.
func compareFiles(cfg *config, w io.Writer) error {
	paths := strings.Split(cfg.compare, ",")
	if len(paths) != 2 {
		return errors.New("-compare wants two files: A.jsonl,B.jsonl")
	}
	a, err := loadResults(strings.TrimSpace(paths[0]))
	if err != nil {
		return err
	}
	b, err := loadResults(strings.TrimSpace(paths[1]))
	if err != nil {
		return err
	}
	// Every cell id of the full plan (the quick plan's are a subset).
	cmps := compareResults(selectCells(plan(false, 1), cfg.cells), a, b)
	if len(cmps) == 0 {
		return errors.New("the two files have no cell in common")
	}
	_, err = io.WriteString(w, renderComparison(filepath.Base(paths[0]), filepath.Base(paths[1]), cmps))
	return err
}
