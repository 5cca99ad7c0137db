package main

import (
	"fmt"
	"math"
	"slices"

	"github.com/kafkawire/kafkawire/bench/internal/result"
)

// ratioStat is a peer's figure relative to kafkawire's in one cell.
type ratioStat struct {
	med    float64 // the peer's median / kafkawire's median (NaN: no figure)
	lo, hi float64 // min-max of peer/kafkawire over the paired runs (same rep)
	pairs  int
	// tie: the two clients' min-max spans overlap, so the runs cannot tell
	// them apart.
	tie bool
}

// ratioOf compares the peer's runs with kafkawire's by f. Runs are paired
// by repetition number: with the ABBA order the two runs of a pair are
// close in time, so the pair's ratio cancels slow drifts of the machine.
func ratioOf(kw, peer []result.Result, f func(*result.Result) float64) ratioStat {
	rs := ratioStat{med: math.NaN(), lo: math.NaN(), hi: math.NaN()}
	a, b := statOf(kw, f), statOf(peer, f)
	if len(kw) == 0 || len(peer) == 0 || a.med == 0 || b.med == 0 {
		return rs
	}
	rs.med = b.med / a.med
	byRep := map[int]float64{}
	for i := range kw {
		if v := f(&kw[i]); v > 0 {
			byRep[kw[i].Rep] = v
		}
	}
	var ratios []float64
	for i := range peer {
		if k, ok := byRep[peer[i].Rep]; ok {
			if v := f(&peer[i]); v > 0 {
				ratios = append(ratios, v/k)
			}
		}
	}
	rs.pairs = len(ratios)
	if len(ratios) > 0 {
		rs.lo, rs.hi = slices.Min(ratios), slices.Max(ratios)
	}
	rs.tie = len(kw) > 1 && len(peer) > 1 && a.lo <= b.hi && b.lo <= a.hi
	return rs
}

// String is "1.23× (1.10–1.31)", with " tie" when the spans overlap.
func (rs ratioStat) String() string {
	if math.IsNaN(rs.med) {
		return "–"
	}
	s := fmtRatio(rs.med)
	if rs.pairs > 1 {
		s += fmt.Sprintf(" (%.2f–%.2f)", rs.lo, rs.hi)
	}
	if rs.tie {
		s += " tie"
	}
	return s
}

// rpsRatio, cpuRatio and p99Ratio compare a peer's summary with kafkawire's.
func rpsRatio(kw, s summary) ratioStat {
	return ratioOf(kw.ok, s.ok, func(r *result.Result) float64 { return r.RPS })
}

func cpuRatio(kw, s summary) ratioStat {
	return ratioOf(kw.ok, s.ok, func(r *result.Result) float64 { return r.CPUPerMillion() })
}

func p99Ratio(kw, s summary) ratioStat {
	return ratioOf(kw.ok, s.ok, func(r *result.Result) float64 { return r.P99Ms })
}

// cellNoisy counts a cell's timed runs and those flagged noisy.
func (b *bench) cellNoisy(c cell) (noisy, runs int) {
	for _, r := range b.results {
		if r.Cell == c.ID && !r.Warmup {
			runs++
			if r.Noisy {
				noisy++
			}
		}
	}
	return noisy, runs
}
