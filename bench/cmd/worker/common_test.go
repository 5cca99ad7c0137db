package main

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/kafkawire/kafkawire/bench/internal/result"
)

func TestCounterWait(t *testing.T) {
	var c counter
	if err := c.waitAtLeast(context.Background(), 0); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 250 {
				c.add(1, nil)
			}
		}()
	}
	if err := c.waitAtLeast(context.Background(), 1000); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := c.waitAtLeast(ctx, 1001); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("waiting past the count: %v", err)
	}
	c.add(2, errors.New("boom"))
	if c.errs.Load() != 2 || c.firstErr() == nil || c.n.Load() != 1002 {
		t.Fatal("errors not counted")
	}
}

func TestSinkAndLatencies(t *testing.T) {
	lat := &latencies{t0: time.Now().Add(-time.Second)}
	s := newSink(3, lat)
	v := make([]byte, 20)
	lat.stamp(v, true)
	w := make([]byte, 20)
	lat.stamp(w, false)
	s.add([]byte("k"), v)
	s.add(nil, w)
	select {
	case <-s.done:
		t.Fatal("done early")
	default:
	}
	s.add(nil, v)
	<-s.done
	if s.doneAt().IsZero() || s.bytes.Load() != 61 {
		t.Fatalf("bytes %d", s.bytes.Load())
	}
	var r result.Result
	lat.percentiles(&r)
	if len(lat.samples) != 2 || r.P50Ms < 0 || r.P50Ms > 1000 || r.MaxMs < r.P50Ms {
		t.Fatalf("samples %d, %+v", len(lat.samples), r)
	}
}
