package main

import (
	"fmt"
	"html"
	"math"
	"strings"
)

var peerColor = map[string]string{
	"franz":     "#4C78A8",
	"sarama":    "#F58518",
	"segmentio": "#54A24B",
	"java":      "#B279A2",
}

var peerName = map[string]string{
	"franz":     "franz-go",
	"sarama":    "sarama",
	"segmentio": "kafka-go (segmentio)",
	"java":      "Java perf tools",
}

// chartRow is one cell's bars: a ratio per peer (NaN: no figure).
type chartRow struct {
	label  string
	ratios map[string]float64
	note   string // printed under the label
}

type panel struct {
	title string
	rows  []chartRow
}

// chart draws the ratios to kafkawire as horizontal bars, one group per
// cell, one panel per figure: plain SVG, no dependencies.
func (b *bench) chart(date string) string {
	thr := panel{title: "Throughput relative to kafkawire (records/s, median) — above 1× is faster than kafkawire"}
	cpu := panel{title: "CPU per record relative to kafkawire (user+sys of the process) — below 1× is leaner than kafkawire"}
	lat := panel{title: "End-to-end p99 latency relative to kafkawire — below 1× is lower than kafkawire"}
	for _, c := range b.cells {
		ss := b.summarize(c)
		kw, ok := find(ss, "kafkawire")
		if !ok {
			continue
		}
		if c.Kind == "latency" {
			row := chartRow{label: c.Short(), ratios: map[string]float64{}, note: fmt.Sprintf("kafkawire p99 %.1f ms", kw.p99.med)}
			for _, pc := range peers {
				row.ratios[pc] = math.NaN()
				if s, ok := find(ss, pc); ok {
					row.ratios[pc] = ratio(s.p99.med, kw.p99.med)
				}
			}
			lat.rows = append(lat.rows, row)
			continue
		}
		tr := chartRow{label: c.Short(), ratios: map[string]float64{}, note: "kafkawire " + fmtRate(kw.rps.med) + " rec/s"}
		if rp, ok := find(ss, "replay"); ok {
			tr.note += fmt.Sprintf(", %.0f%% of ceiling", 100*kw.rps.med/rp.rps.hi)
		}
		if n, _ := b.cellNoisy(c); n > 0 {
			tr.note += fmt.Sprintf(", %d noisy runs", n)
		}
		cr := chartRow{label: c.Short(), ratios: map[string]float64{}, note: fmt.Sprintf("kafkawire %.2f CPU s / M rec", kw.cpu.med)}
		for _, pc := range peers {
			tr.ratios[pc], cr.ratios[pc] = math.NaN(), math.NaN()
			if s, ok := find(ss, pc); ok {
				tr.ratios[pc] = ratio(s.rps.med, kw.rps.med)
				cr.ratios[pc] = ratio(s.cpu.med, kw.cpu.med)
			}
		}
		thr.rows = append(thr.rows, tr)
		cpu.rows = append(cpu.rows, cr)
	}
	var panels []panel
	for _, p := range []panel{thr, cpu, lat} {
		if len(p.rows) > 0 {
			panels = append(panels, p)
		}
	}

	const (
		width    = 980
		labelW   = 300
		plotX    = labelW + 10
		plotW    = width - plotX - 70
		barH     = 11
		rowGap   = 12
		panelGap = 34
		top      = 100
	)
	var body strings.Builder
	y := top
	for _, p := range panels {
		// A log scale centred on kafkawire (1×): twice as fast and half as
		// fast are the same distance from the line.
		minV, maxV := 1.0, 1.0
		for _, r := range p.rows {
			for _, v := range r.ratios {
				if !math.IsNaN(v) && v > 0 {
					minV, maxV = min(minV, v), max(maxV, v)
				}
			}
		}
		lo, hi := niceBelow(min(0.5, minV/1.7)), niceAbove(max(2, maxV*1.7))
		xOf := func(v float64) float64 {
			return plotX + plotW*(math.Log(v)-math.Log(lo))/(math.Log(hi)-math.Log(lo))
		}
		fmt.Fprintf(&body, `<text x="10" y="%d" class="panel">%s</text>`+"\n", y, html.EscapeString(p.title))
		y += 14
		groupH := len(peers)*barH + rowGap
		h := len(p.rows) * groupH
		for i := range p.rows {
			if i%2 == 1 {
				fmt.Fprintf(&body, `<rect x="0" y="%d" width="%d" height="%d" class="band"/>`+"\n", y+i*groupH-rowGap/2, width, groupH)
			}
		}
		for _, t := range niceTicks {
			if t < lo || t > hi {
				continue
			}
			x := xOf(t)
			cls := "grid"
			if t == 1 {
				cls = "one"
			}
			fmt.Fprintf(&body, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" class="%s"/>`+"\n", x, y-4, x, y+h, cls)
			fmt.Fprintf(&body, `<text x="%.1f" y="%d" class="tick">%g×</text>`+"\n", x, y+h+12, t)
		}
		fmt.Fprintf(&body, `<text x="%.1f" y="%d" class="onelabel">kafkawire</text>`+"\n", xOf(1), y+h+24)
		one := xOf(1)
		for i, r := range p.rows {
			gy := y + i*groupH
			fmt.Fprintf(&body, `<text x="%d" y="%d" class="label">%s</text>`+"\n", labelW, gy+barH+4, html.EscapeString(r.label))
			fmt.Fprintf(&body, `<text x="%d" y="%d" class="note">%s</text>`+"\n", labelW, gy+2*barH+8, html.EscapeString(r.note))
			for j, pc := range peers {
				by := gy + j*barH
				v := r.ratios[pc]
				if math.IsNaN(v) || v <= 0 {
					fmt.Fprintf(&body, `<text x="%.1f" y="%d" class="na">n/a</text>`+"\n", one+4, by+barH-2)
					continue
				}
				x1 := xOf(v)
				left, w := min(one, x1), math.Abs(x1-one)
				fmt.Fprintf(&body, `<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s"><title>%s: %.2f×</title></rect>`+"\n",
					left, by+1, max(w, 1), barH-2, peerColor[pc], peerName[pc], v)
				if v >= 1 {
					fmt.Fprintf(&body, `<text x="%.1f" y="%d" class="val">%.2f×</text>`+"\n", x1+3, by+barH-2, v)
				} else {
					fmt.Fprintf(&body, `<text x="%.1f" y="%d" class="val end">%.2f×</text>`+"\n", x1-3, by+barH-2, v)
				}
			}
		}
		y += h + 30 + panelGap
	}
	height := y - panelGap + 10

	var w strings.Builder
	fmt.Fprintf(&w, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="Helvetica, Arial, sans-serif">`+"\n", width, height, width, height)
	w.WriteString(`<style>
.title{font-size:16px;font-weight:bold;fill:#222}
.sub{font-size:11px;fill:#555}
.panel{font-size:13px;font-weight:bold;fill:#333}
.label{font-size:11.5px;fill:#222;text-anchor:end}
.note{font-size:10px;fill:#777;text-anchor:end}
.tick{font-size:10px;fill:#666;text-anchor:middle}
.val{font-size:9.5px;fill:#333}
.end{text-anchor:end}
.na{font-size:9.5px;fill:#999}
.grid{stroke:#ddd;stroke-width:1}
.one{stroke:#222;stroke-width:1.5;stroke-dasharray:4 3}
.onelabel{font-size:10px;fill:#222;text-anchor:middle;font-weight:bold}
.band{fill:#f6f6f6}
.legend{font-size:11px;fill:#222}
</style>
<rect width="100%" height="100%" fill="white"/>
`)
	title := "kafkawire vs other Kafka clients, " + date
	if b.cfg.quick {
		title += " (quick smoke run)"
	}
	fmt.Fprintf(&w, `<text x="10" y="22" class="title">%s</text>`+"\n", html.EscapeString(title))
	lo, hi := b.loadRange()
	fmt.Fprintf(&w, `<text x="10" y="38" class="sub">%s</text>`+"\n", html.EscapeString(fmt.Sprintf(
		"One local broker (three for the RF3 cell), %d run(s) per client per cell (%d in headline cells), medians; 1-minute load average %.1f–%.1f (a shared machine: compare within a cell).",
		b.cfg.reps, b.cfg.headlineReps, lo, hi)))
	fmt.Fprintf(&w, `<text x="10" y="52" class="sub">%s</text>`+"\n",
		"Log scale: bars run from kafkawire (dashed line, 1×) to each client's ratio; twice and half as much are equally long.")
	lx := 10
	for _, pc := range peers {
		fmt.Fprintf(&w, `<rect x="%d" y="62" width="12" height="10" fill="%s"/><text x="%d" y="71" class="legend">%s</text>`+"\n",
			lx, peerColor[pc], lx+16, html.EscapeString(peerName[pc]))
		lx += 30 + 7*len(peerName[pc])
	}
	w.WriteString(body.String())
	w.WriteString("</svg>\n")
	return w.String()
}

var niceTicks = []float64{0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100}

func niceBelow(v float64) float64 {
	for i := len(niceTicks) - 1; i >= 0; i-- {
		if niceTicks[i] <= v {
			return niceTicks[i]
		}
	}
	return niceTicks[0]
}

func niceAbove(v float64) float64 {
	for _, t := range niceTicks {
		if t >= v {
			return t
		}
	}
	return niceTicks[len(niceTicks)-1]
}
