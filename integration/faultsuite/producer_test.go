package faultsuite

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/integration/faultproxy"
	"github.com/kafkawire/kafkawire/producer"
)

// TestProducerFaults sends records() idempotent records (acks=all, the
// default config but a DeliveryTimeout long enough that nothing fails) to
// a 4-partition topic through the proxy under each fault, then reads the
// topic back with kcat: every acknowledged record exactly once, nothing
// unacknowledged more than once, per-partition order kept.
func TestProducerFaults(t *testing.T) {
	r := setup(t)
	for _, f := range faults {
		t.Run(f.name, func(t *testing.T) {
			res := produceUnder(t, r, f, producer.Config{DeliveryTimeout: 4 * time.Minute}, nil)
			t.Log(res.counts.line("producer/" + f.name))
			res.check(t)
		})
	}
}

// TestProducerBlackholeLeader black-holes the only broker (the leader of
// every partition) for 10 s in the middle of a produce, with a 2 s
// RequestTimeout: requests time out, the connection is replaced (new ones
// are accepted but answer nothing either), and once the black hole clears
// delivery resumes by itself; kcat's counts are exact. Sends are paced so
// records keep coming before, during and after the fault.
func TestProducerBlackholeLeader(t *testing.T) {
	r := setup(t)
	const hole = 10 * time.Second
	var (
		acceptsDuring int64
		resume        time.Duration
		resumed       bool
	)
	f := fault{"blackhole10s", func(ctx context.Context, p *faultproxy.Proxy, progress func() int64, total int) string {
		waitUntil(ctx, func() bool { return progress() > int64(total/4) })
		before := p.Accepted()
		p.Blackhole()
		sleepCtx(ctx, hole)
		acceptsDuring = p.Accepted() - before
		p.Clear()
		at, cleared := progress(), time.Now()
		resumed = waitUntil(ctx, func() bool { return progress() > at })
		resume = time.Since(cleared)
		return fmt.Sprintf("blackhole_s=10 accepts_during=%d resume_s=%.1f", acceptsDuring, resume.Seconds())
	}}
	n := records()
	// The first quarter at once, the rest spread over about 16 s.
	pace := func(i int) {
		if i > n/4 && i%1000 == 0 {
			time.Sleep(16 * time.Second * 1000 / time.Duration(n*3/4))
		}
	}
	res := produceUnder(t, r, f, producer.Config{RequestTimeout: 2 * time.Second, DeliveryTimeout: 90 * time.Second}, pace)
	t.Log(res.counts.line("producer/blackhole10s"))
	res.check(t)
	switch {
	case acceptsDuring == 0:
		t.Errorf("no new connection during the %v black hole: the timed-out connection was not replaced", hole)
	case acceptsDuring > 40:
		t.Errorf("%d connections during the %v black hole: a reconnect loop without backoff", acceptsDuring, hole)
	}
	if !resumed || resume > 15*time.Second {
		t.Errorf("delivery resumed %v after the black hole cleared (resumed: %t)", resume.Round(time.Millisecond), resumed)
	}
}

// produceResult is one producer scenario's outcome.
type produceResult struct {
	counts
	failed   int
	failures string
	badValue int
	unacked  int // unacknowledged records kcat read (once: allowed)
}

func (p produceResult) check(t *testing.T) {
	t.Helper()
	if p.failed > 0 {
		t.Errorf("%d of %d records failed: %s", p.failed, p.sent, p.failures)
	}
	if p.lost > 0 || p.dup > 0 || p.reorder > 0 || p.badValue > 0 {
		t.Errorf("kcat read %d records: %d acknowledged ones lost, %d duplicated, %d out of order, %d with a wrong value",
			p.read, p.lost, p.dup, p.reorder, p.badValue)
	}
}

// produceUnder runs one producer scenario: cfg (Brokers, Logger and Hooks
// are filled in) sends records() records while f acts on the proxy. pace,
// if not nil, is called before each send (it may sleep).
func produceUnder(t *testing.T, r *rig, f fault, cfg producer.Config, pace func(i int)) produceResult {
	t.Helper()
	n := records()
	topic := newTopic(t, r, "p-"+f.name)
	logs := newLogCounter()
	var connects, connectFails atomic.Int64
	var reqErrs errCounter
	cfg.Brokers, cfg.Logger = r.proxied, logs.logger()
	cfg.Hooks = conn.Hooks{
		OnConnect: func(_ string, err error) {
			if err != nil {
				connectFails.Add(1)
			} else {
				connects.Add(1)
			}
		},
		OnRequest: func(e conn.RequestEvent) {
			if e.Err != nil {
				reqErrs.add(fmt.Errorf("api %d: %w", e.APIKey, e.Err))
			}
		},
	}
	p, err := producer.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close(context.Background())

	var (
		acked    atomic.Int64
		mu       sync.Mutex
		status   = make([]int8, n) // 0 pending, 1 acknowledged, -1 failed
		failures errCounter
	)
	accepted0 := r.proxy.Accepted()
	start := time.Now()
	fctx, stopFault := context.WithCancel(context.Background())
	faultDone := make(chan string, 1)
	go func() { faultDone <- f.run(fctx, r.proxy, acked.Load, n) }()
	defer stopFault()

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	sent := 0
	for i := range n {
		if pace != nil {
			pace(i)
		}
		err := p.SendFunc(ctx, &kafkawire.Record{Topic: topic, Key: key(i), Value: value(i)}, func(_ producer.Result, err error) {
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				status[i] = -1
				failures.add(err)
				return
			}
			status[i] = 1
			acked.Add(1)
		})
		if err != nil {
			t.Fatalf("SendFunc %d: %v", i, err)
		}
		sent++
	}
	if err := p.Flush(ctx); err != nil {
		t.Errorf("Flush: %v (acked %d of %d after %v)", err, acked.Load(), n, time.Since(start).Round(time.Millisecond))
	}
	secs := time.Since(start).Seconds()
	stopFault()
	did := <-faultDone
	if err := p.Close(context.Background()); err != nil {
		t.Errorf("Close: %v", err)
	}
	t.Logf("client logs: %s", logs.summary())
	if reqErrs.n > 0 {
		t.Logf("failed requests: %s", reqErrs.String())
	}

	mu.Lock()
	defer mu.Unlock()
	res := produceResult{counts: counts{sent: sent, acked: int(acked.Load()), secs: secs}, failed: failures.n, failures: failures.String()}
	res.verify(kcatRead(t, r, topic), status)
	res.extra = append(res.extra, did, fmt.Sprintf("failed=%d req_errs=%d conns=%d connect_errs=%d proxy_accepts=%d",
		res.failed, reqErrs.n, connects.Load(), connectFails.Load(), r.proxy.Accepted()-accepted0))
	return res
}

// verify counts what kcat read against what the producer reported.
func (p *produceResult) verify(recs []readRecord, status []int8) {
	seen := make([]int, len(status))
	last := map[int32]int{}
	for _, rec := range recs {
		p.read++
		if rec.seq < 0 || rec.seq >= len(status) {
			p.badValue++
			continue
		}
		if !rec.valueOK {
			p.badValue++
		}
		seen[rec.seq]++
		if seen[rec.seq] > 1 {
			p.dup++
			continue
		}
		if prev, ok := last[rec.partition]; ok && rec.seq < prev {
			p.reorder++
		}
		last[rec.partition] = max(last[rec.partition], rec.seq)
	}
	for i, st := range status {
		switch {
		case st == 1 && seen[i] == 0:
			p.lost++
		case st != 1 && seen[i] > 0:
			p.unacked++
		}
	}
}
