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

func TestParseSend(t *testing.T) {
	ok := []struct {
		client, send string
		txn          int
	}{
		{"kafkawire", "reuse", 0}, {"sarama", "app", 0}, {"kafkawire", "txn:1000", 1000},
		{"franz", "txn:7", 7}, {"kafkawire-idem", "txn:1000", 1000},
	}
	for _, c := range ok {
		o := options{client: c.client, send: c.send, mode: "produce", acks: "all"}
		if err := parseSend(&o); err != nil || o.txn != c.txn {
			t.Errorf("%s -send %s: txn %d, err %v; want %d", c.client, c.send, o.txn, err, c.txn)
		}
	}
	bad := []options{
		{client: "kafkawire", send: "txn:0", mode: "produce", acks: "all"},
		{client: "kafkawire", send: "txn:x", mode: "produce", acks: "all"},
		{client: "sarama", send: "txn:10", mode: "produce", acks: "all"},
		{client: "kafkawire", send: "txn:10", mode: "latency", acks: "all"},
		{client: "kafkawire", send: "txn:10", mode: "produce", acks: "1"},
		{client: "kafkawire", send: "bulk", mode: "produce", acks: "all"},
	}
	for _, o := range bad {
		if err := parseSend(&o); err == nil {
			t.Errorf("%s -send %s -mode %s -acks %s: accepted", o.client, o.send, o.mode, o.acks)
		}
	}
}
