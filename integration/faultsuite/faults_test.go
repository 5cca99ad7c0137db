package faultsuite

import (
	"context"
	"fmt"
	"time"

	"github.com/kafkawire/kafkawire/integration/faultproxy"
)

// fault is one kind of trouble on the wire. run applies it to p until ctx
// ends (or it is over), clearing it before it returns; progress counts the
// records handled so far, so that a fault can wait until traffic flows. It
// returns what it did, as key=value fields for the FAULTCOUNT line.
type fault struct {
	name string
	run  func(ctx context.Context, p *faultproxy.Proxy, progress func() int64, total int) string
}

var faults = []fault{
	{"latency", func(ctx context.Context, p *faultproxy.Proxy, _ func() int64, _ int) string {
		// Latency per chunk, each way: about 60 ms more per round trip.
		p.Latency(30 * time.Millisecond)
		<-ctx.Done()
		p.Clear()
		return "latency_ms=30"
	}},
	{"reset", func(ctx context.Context, p *faultproxy.Proxy, progress func() int64, total int) string {
		// Every connection reset every second once traffic flows, until the
		// scenario ends: requests in flight on each connection are lost.
		waitUntil(ctx, func() bool { return progress() > int64(total/20) })
		n := 0
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			p.ResetAll()
			n++
			select {
			case <-ctx.Done():
				return fmt.Sprintf("resets=%d", n)
			case <-t.C:
			}
		}
	}},
	{"blackhole", func(ctx context.Context, p *faultproxy.Proxy, progress func() int64, total int) string {
		// Nothing passes for 3 s, a quarter of the way in; requests in flight
		// stall (shorter than RequestTimeout), then the held data flows on.
		waitUntil(ctx, func() bool { return progress() > int64(total/4) })
		at := progress()
		p.Blackhole()
		sleepCtx(ctx, 3*time.Second)
		p.Clear()
		return fmt.Sprintf("blackhole_s=3 blackhole_at=%d", at)
	}},
	{"slice", func(ctx context.Context, p *faultproxy.Proxy, _ func() int64, _ int) string {
		// Every write forwarded in 61-byte pieces (a prime: frames split
		// anywhere, headers included), a pause after each.
		p.Slice(61, 20*time.Microsecond)
		<-ctx.Done()
		p.Clear()
		return "slice_bytes=61"
	}},
}
