package consumer

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/kafkawire/kafkawire/internal/fakebroker"
	"github.com/kafkawire/kafkawire/protocol"
)

func cpuTime(t *testing.T) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// Acceptance for defects 9 and 10: under a peer answering bytes that do not
// decode, a consumer (direct and group mode; every API bad from the start,
// or Fetch and Metadata going bad after a healthy start) waits between
// retries: few requests, little CPU, and Poll reports the fault, naming the
// broker and the decoding failure, within its deadline.
func TestUndecodablePeerDoesNotSpin(t *testing.T) {
	checkGoroutines(t)
	const window = 3 * time.Second
	for _, tc := range []struct {
		name      string
		subscribe bool
		fromStart bool
	}{
		{"assign/from start", false, true},
		{"assign/after healthy start", false, false},
		{"subscribe/from start", true, true},
		{"subscribe/after healthy start", true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fc := fakebroker.NewCluster(t, 1)
			fc.AddTopic("t", 1)
			fill(t, fc, "t", 0, 10)
			var bad atomic.Bool
			bad.Store(tc.fromStart)
			for _, a := range protocol.APIs() {
				key := a.Key
				fc.Handle(key, func(r *fakebroker.Request) fakebroker.Action {
					if bad.Load() && (tc.fromStart || key == protocol.KeyFetch || key == protocol.KeyMetadata) {
						return fakebroker.Undecodable()
					}
					return r.Default()
				})
			}
			c := mustNew(t, Config{Brokers: fc.Addrs(), GroupID: "g", AutoOffsetReset: ResetEarliest})
			defer closeConsumer(t, c)
			if tc.subscribe {
				c.Subscribe("t")
			} else {
				c.Assign(tp0)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if !tc.fromStart {
				for got := 0; got < 10; {
					recs, err := c.Poll(ctx)
					if err != nil {
						t.Fatal(err)
					}
					got += len(recs)
				}
				bad.Store(true)
			}
			reqs, dials, cpu := allRequests(fc), fc.Brokers[0].Accepted(), cpuTime(t)
			start := time.Now()
			pctx, pcancel := context.WithTimeout(context.Background(), window)
			defer pcancel()
			recs, err := c.Poll(pctx)
			took := time.Since(start)
			time.Sleep(window - took) // Poll should have waited the whole window
			elapsed := time.Since(start)
			reqs, dials, cpu = allRequests(fc)-reqs, fc.Brokers[0].Accepted()-dials, cpuTime(t)-cpu
			rate := float64(reqs) / elapsed.Seconds()
			share := 100 * cpu.Seconds() / elapsed.Seconds()
			t.Logf("%.1f requests/s (%d), %d connections, CPU %.1f%% of a core, Poll returned after %v: %v",
				rate, reqs, dials, share, took.Round(time.Millisecond), err)
			if len(recs) != 0 || err == nil || errors.Is(err, ErrClosed) {
				t.Fatalf("Poll: %d records, %v", len(recs), err)
			}
			if took > window+500*time.Millisecond {
				t.Errorf("Poll took %v with a %v ctx", took, window)
			}
			addr := fc.Addrs()[0]
			if !strings.Contains(err.Error(), addr) || !strings.Contains(err.Error(), "decoding") || strings.Contains(err.Error(), "\n") {
				t.Errorf("Poll error %q does not name the broker %s and the decoding failure on one line", err, addr)
			}
			if rate > 10 {
				t.Errorf("%.1f requests/s, want at most 10", rate)
			}
			if share > 5 {
				t.Errorf("CPU %.1f%% of a core, want under 5%%", share)
			}
		})
	}
}
