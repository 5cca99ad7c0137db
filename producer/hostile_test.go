package producer

import (
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/internal/fakebroker"
	"github.com/kafkawire/kafkawire/protocol"
	"github.com/stretchr/testify/require"
)

func cpuTime(t *testing.T) time.Duration {
	var ru syscall.Rusage
	require.NoError(t, syscall.Getrusage(syscall.RUSAGE_SELF, &ru))
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func undecodable(*fakebroker.Request) fakebroker.Action { return fakebroker.Undecodable() }

// measureHostile sends through p for window while the peer misbehaves,
// and reports requests per second, CPU share and the caller's error.
func measureHostile(t *testing.T, fc *fakebroker.Cluster, p *Producer, reqs *atomic.Int64, window time.Duration) {
	t.Helper()
	ctx, cancel := contextWithTimeout(window)
	defer cancel()
	conns := fc.Brokers[0].Accepted()
	n0, cpu0, start := reqs.Load(), cpuTime(t), time.Now()
	// An application that keeps sending (bursts of 10 records every 50 ms)
	// while the peer misbehaves: the producer's request rate must not
	// follow it.
	var sent, refused atomic.Int64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
			}
			for range 10 {
				sent.Add(1)
				if p.SendFunc(ctx, rec("t", 0), nil) != nil {
					refused.Add(1)
				}
			}
		}
	}()
	_, err := p.SendSync(ctx, rec("t", 0))
	el := time.Since(start)
	// Let the producer carry on for a while: nothing may spin.
	time.Sleep(window)
	close(stop)
	<-done
	total := time.Since(start)
	cpu := cpuTime(t) - cpu0
	n := reqs.Load() - n0
	conns = max(1, fc.Brokers[0].Accepted()-conns)
	rate := float64(n) / total.Seconds()
	share := float64(cpu) / float64(total)
	t.Logf("%d requests in %v (%.1f/s) on %d new connections while the application sent %d records (%d refused at once), CPU %.2f%% of a core; error after %v: %v",
		n, total.Round(time.Millisecond), rate, conns, sent.Load(), refused.Load(), 100*share, el.Round(time.Millisecond), err)
	require.Error(t, err)
	requireOneLine(t, err)
	require.Contains(t, err.Error(), fc.Brokers[0].Addr())
	require.Contains(t, err.Error(), "protocol:", "the error names the decode failure")
	require.Less(t, el, window+300*time.Millisecond)
	require.LessOrEqual(t, rate, 12.0, "requests per second")
	require.Less(t, share, 0.05, "CPU share")
}

func countRequests(n *atomic.Int64) conn.Hooks {
	return conn.Hooks{OnRequest: func(conn.RequestEvent) { n.Add(1) }}
}

// Acceptance: a peer answering every request, ApiVersions included, with
// bytes that do not decode.
func TestUndecodablePeerFromTheStart(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	for _, api := range protocol.APIs() {
		fc.Handle(api.Key, undecodable)
	}
	var reqs atomic.Int64
	cfg := fastConfig(fc)
	cfg.Hooks = countRequests(&reqs)
	p := newTestProducer(t, cfg)
	measureHostile(t, fc, p, &reqs, 3*time.Second)
}

// Acceptance: a healthy start, then Produce and Metadata answers that do
// not decode.
func TestUndecodablePeerAfterHealthyStart(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	var reqs atomic.Int64
	cfg := fastConfig(fc)
	cfg.Hooks = countRequests(&reqs)
	p := newTestProducer(t, cfg)
	ctx, cancel := contextWithTimeout(5 * time.Second)
	defer cancel()
	_, err := p.SendSync(ctx, rec("t", 0))
	require.NoError(t, err)
	fc.Handle(protocol.KeyProduce, undecodable)
	fc.Handle(protocol.KeyMetadata, undecodable)
	measureHostile(t, fc, p, &reqs, 3*time.Second)
}
