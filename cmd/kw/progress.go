package main

import (
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// progress shows a long operation's count, rate and, when the total is
// known, its share done and ETA, on one stderr line rewritten four times
// a second; only when stderr is a terminal, so pipes and logs stay clean.
type progress struct {
	w     io.Writer
	what  string // "records produced"
	total atomic.Int64
	// done counts units of the total (bytes read for a file, records for a
	// consume to the end); count is the records shown.
	done, count atomic.Int64
	start       time.Time
	stop        chan struct{}
	wg          sync.WaitGroup
}

// startProgress returns a running progress display, or nil (whose methods
// do nothing) when stderr is not a terminal.
func startProgress(e *env, what string, total int64) *progress {
	if !e.isTerminal {
		return nil
	}
	p := &progress{w: e.err, what: what, start: time.Now(), stop: make(chan struct{})}
	p.total.Store(total)
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-t.C:
				fmt.Fprintf(p.w, "\r%s\x1b[K", p.line(time.Now()))
			}
		}
	}()
	return p
}

// add counts records, and units of the total done.
func (p *progress) add(records, done int64) {
	if p != nil {
		p.count.Add(records)
		p.done.Add(done)
	}
}

// setTotal sets the total once it is known.
func (p *progress) setTotal(n int64) {
	if p != nil {
		p.total.Store(n)
	}
}

// finish stops the display and leaves its last line on the terminal.
func (p *progress) finish() {
	if p == nil {
		return
	}
	close(p.stop)
	p.wg.Wait()
	fmt.Fprintf(p.w, "\r%s\x1b[K\n", p.line(time.Now()))
}

func (p *progress) line(now time.Time) string {
	elapsed := now.Sub(p.start)
	n := p.count.Load()
	s := fmt.Sprintf("%s %s, %s/s", p.what, grouped(n), grouped(int64(float64(n)/max(elapsed.Seconds(), 1e-3))))
	if total, done := p.total.Load(), p.done.Load(); total > 0 && done > 0 {
		frac := min(float64(done)/float64(total), 1)
		eta := time.Duration(float64(elapsed) * (1 - frac) / frac).Round(time.Second)
		s += fmt.Sprintf(", %.0f%%, ETA %v", 100*frac, eta)
	}
	return s + fmt.Sprintf(" (%v)", elapsed.Round(time.Second))
}

// grouped formats n with thousands separators: 1,234,567.
func grouped(n int64) string {
	s := fmt.Sprint(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}
