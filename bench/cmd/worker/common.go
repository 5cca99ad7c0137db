package main

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kafkawire/kafkawire/bench/internal/payload"
	"github.com/kafkawire/kafkawire/bench/internal/result"
)

// counter counts acknowledged records; one goroutine may wait for it to
// reach a target.
type counter struct {
	n    atomic.Int64
	errs atomic.Int64

	mu      sync.Mutex
	err     error
	waiting atomic.Bool
	want    int64
	ch      chan struct{}
}

// add counts k records, err their common failure if any.
func (c *counter) add(k int64, err error) {
	if err != nil {
		c.errs.Add(k)
		c.mu.Lock()
		if c.err == nil {
			c.err = err
		}
		c.mu.Unlock()
	}
	v := c.n.Add(k)
	if c.waiting.Load() {
		c.mu.Lock()
		if c.ch != nil && v >= c.want {
			close(c.ch)
			c.ch = nil
			c.waiting.Store(false)
		}
		c.mu.Unlock()
	}
}

func (c *counter) firstErr() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// waitAtLeast blocks until n reaches target or ctx ends.
func (c *counter) waitAtLeast(ctx context.Context, target int64) error {
	if c.n.Load() >= target {
		return nil
	}
	c.mu.Lock()
	ch := make(chan struct{})
	c.want, c.ch = target, ch
	c.waiting.Store(true)
	if c.n.Load() >= target {
		c.ch = nil
		c.waiting.Store(false)
		c.mu.Unlock()
		return nil
	}
	c.mu.Unlock()
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		c.mu.Lock()
		c.ch = nil
		c.waiting.Store(false)
		c.mu.Unlock()
		return fmt.Errorf("%d of %d records acknowledged: %w", c.n.Load(), target, ctx.Err())
	}
}

// sink receives consumed records from any number of goroutines.
type sink struct {
	target int64
	n      atomic.Int64
	bytes  atomic.Int64
	done   chan struct{}
	endNs  atomic.Int64
	lat    *latencies
}

func newSink(target int64, lat *latencies) *sink {
	return &sink{target: target, done: make(chan struct{}), lat: lat}
}

func (s *sink) add(key, value []byte) {
	s.bytes.Add(int64(len(key) + len(value)))
	if s.lat != nil {
		s.lat.observe(value)
	}
	if s.n.Add(1) == s.target {
		s.endNs.Store(time.Now().UnixNano())
		close(s.done)
	}
}

// doneAt is when the target was reached, zero if it was not.
func (s *sink) doneAt() time.Time {
	if ns := s.endNs.Load(); ns != 0 {
		return time.Unix(0, ns)
	}
	return time.Time{}
}

// latencies collects end-to-end delays from values that begin with the
// send time (nanoseconds since t0, big-endian) and a measured flag.
type latencies struct {
	t0      time.Time
	mu      sync.Mutex
	samples []int64
}

const stampSize = 9

func (l *latencies) stamp(v []byte, measured bool) {
	binary.BigEndian.PutUint64(v, uint64(time.Since(l.t0)))
	v[8] = 0
	if measured {
		v[8] = 1
	}
}

func (l *latencies) observe(v []byte) {
	if len(v) < stampSize || v[8] != 1 {
		return
	}
	d := int64(time.Since(l.t0)) - int64(binary.BigEndian.Uint64(v))
	l.mu.Lock()
	l.samples = append(l.samples, d)
	l.mu.Unlock()
}

func (l *latencies) percentiles(res *result.Result) {
	l.mu.Lock()
	s := slices.Clone(l.samples)
	l.mu.Unlock()
	if len(s) == 0 {
		return
	}
	slices.Sort(s)
	at := func(q float64) float64 {
		i := min(int(q*float64(len(s))), len(s)-1)
		return float64(s[i]) / 1e6
	}
	res.P50Ms, res.P99Ms, res.P999Ms = at(0.50), at(0.99), at(0.999)
	res.MaxMs = float64(s[len(s)-1]) / 1e6
}

// runLatency offers o.rate records/s for o.warmup+o.duration from one
// goroutine while a consumer of the same client reads them back.
func runLatency(ctx context.Context, o *options, c client, res *result.Result) error {
	if o.size < stampSize {
		return fmt.Errorf("-size must be at least %d for latency", stampSize)
	}
	total := int(float64(o.rate) * (o.warmup + o.duration).Seconds())
	warm := int(float64(o.rate) * o.warmup.Seconds())
	pl := payload.NewRing(payload.RingSize, o.keySize, 0)
	slab := make([]byte, total*o.size) // values must stay untouched until acked
	rng := rand.New(rand.NewPCG(1, 2))
	payload.FillLetters(rng, slab)
	lat := &latencies{t0: time.Now(), samples: make([]int64, 0, total-warm)}
	s := newSink(int64(total)+1, lat) // +1: the priming record

	newConsumer := c.newConsumer
	if o.latencyConsumer != "" {
		lc, ok := clients[o.latencyConsumer]
		if !ok {
			return fmt.Errorf("unknown -latency-consumer %q", o.latencyConsumer)
		}
		newConsumer = lc.newConsumer
	}
	cons, err := newConsumer(o, false)
	if err != nil {
		return err
	}
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errc := make(chan error, 1)
	go func() { errc <- cons.run(cctx, s) }()
	defer cons.close()

	var acked counter
	p, err := c.newProducer(o, &acked)
	if err != nil {
		return err
	}
	defer p.close()
	// Prime metadata and connections with one unmeasured record, so the
	// warm-up starts sending at once.
	prime := make([]byte, o.size)
	if err := p.send(ctx, pl.Keys[0], prime); err != nil {
		return err
	}
	if err := p.flush(ctx); err != nil {
		return err
	}

	start := time.Now()
	for i := 0; i < total; {
		due := min(int(time.Since(start).Seconds()*float64(o.rate))+1, total)
		for ; i < due; i++ {
			v := slab[i*o.size : (i+1)*o.size : (i+1)*o.size]
			lat.stamp(v, i >= warm)
			if err := p.send(ctx, pl.Keys[i&(payload.RingSize-1)], v); err != nil {
				return fmt.Errorf("send %d: %w", i, err)
			}
		}
		time.Sleep(200 * time.Microsecond)
	}
	sendSecs := time.Since(start).Seconds()
	if err := p.flush(ctx); err != nil {
		return err
	}
	wait := time.NewTimer(30 * time.Second)
	defer wait.Stop()
	select {
	case <-s.done:
	case err = <-errc:
		if err == nil {
			err = errors.New("consumer stopped early")
		}
		return err
	case <-wait.C:
		err = fmt.Errorf("only %d of %d records came back", s.n.Load(), s.target)
	}
	res.Sent = int64(total)
	lat.mu.Lock()
	res.Records = int64(len(lat.samples))
	lat.mu.Unlock()
	res.Bytes = res.Records * int64(o.keySize+o.size)
	res.Seconds = sendSecs * float64(total-warm) / float64(total)
	lat.percentiles(res)
	if ferr := acked.firstErr(); ferr != nil && err == nil {
		err = ferr
	}
	return err
}
