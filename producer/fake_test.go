package producer

import (
	"context"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kafkawire/kafkawire/internal/fakebroker"
)

// fastConfig is a Config for fake-broker tests: no linger, short timeouts.
func fastConfig(fc *fakebroker.Cluster) Config {
	return Config{
		Brokers:         fc.Addrs()[:1],
		Linger:          NoLinger,
		RequestTimeout:  500 * time.Millisecond,
		DeliveryTimeout: 5 * time.Second,
		Partitioner:     ManualPartitioner(),
	}
}

// newTestProducer starts a producer that is closed, and checked for leaked
// goroutines, when the test ends.
func newTestProducer(t *testing.T, cfg Config) *Producer {
	t.Helper()
	before := runtime.NumGoroutine()
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := contextWithTimeout(2 * time.Second)
		defer cancel()
		p.Close(ctx)
		checkGoroutines(t, before)
	})
	return p
}

// checkGoroutines waits briefly for goroutines to wind down to at most
// before (plus the fake broker's, which its own cleanup ends later).
func checkGoroutines(t *testing.T, before int) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for {
		n := runtime.NumGoroutine()
		if n <= before {
			return
		}
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Errorf("goroutines: %d before, %d after Close\n%s", before, n, buf[:runtime.Stack(buf, true)])
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// firstN answers the first n requests with a, then as a healthy broker.
func firstN(n int32, a func(r *fakebroker.Request) fakebroker.Action) fakebroker.Handler {
	var seen atomic.Int32
	return func(r *fakebroker.Request) fakebroker.Action {
		if seen.Add(1) <= n {
			return a(r)
		}
		return r.Default()
	}
}

func contextWithTimeout(d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), d)
}
