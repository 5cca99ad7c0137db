package securitysuite

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/consumer"
	"github.com/kafkawire/kafkawire/producer"
	"github.com/kafkawire/kafkawire/protocol"
)

// reauthRun is how long the re-authentication test produces and consumes:
// four session lifetimes (the only long test of the suite).
const reauthRun = 40 * time.Second

// reqStats counts requests and failed requests through conn.Hooks, and
// connection attempts.
type reqStats struct {
	dialCounter
	requests, failed, auths atomic.Int64
	mu                      sync.Mutex
	firstErr                error
}

func (s *reqStats) hooks() conn.Hooks {
	h := s.dialCounter.hooks()
	h.OnRequest = func(ev conn.RequestEvent) {
		s.requests.Add(1)
		if ev.APIKey == protocol.KeySaslHandshake { // one per (re-)authentication
			s.auths.Add(1)
		}
		if ev.Err != nil {
			s.failed.Add(1)
			s.mu.Lock()
			if s.firstErr == nil {
				s.firstErr = fmt.Errorf("request key %d to %s: %w", ev.APIKey, ev.Broker, ev.Err)
			}
			s.mu.Unlock()
		}
	}
	return h
}

// TestReauthentication: the broker ends SASL sessions after 10 s
// (connections.max.reauth.ms); a producer (SASL_SSL, SCRAM-SHA-512) and a
// group consumer (SASL_PLAINTEXT, OAUTHBEARER) run for 40 s and keep their
// connections: they re-authenticate on them, no request fails, nothing is
// dialed after the start, and every record arrives exactly once.
func TestReauthentication(t *testing.T) {
	t.Parallel()
	tc := sharedCluster(t)
	pe := findEndpoint(t, tc, "SASL_SSL/SCRAM-SHA-512")
	ce := findEndpoint(t, tc, "SASL_PLAINTEXT/OAUTHBEARER")
	topic := suite.NewTopic(t, tc.Bootstrap(), "reauth", 2)
	var ps, cs reqStats
	p := newProducer(t, tc, pe, producer.Config{Acks: producer.AcksAll, Hooks: ps.hooks()})
	c := newConsumer(t, tc, ce, consumer.Config{GroupID: topic + "-g", AutoOffsetReset: consumer.ResetEarliest, Hooks: cs.hooks()})
	if err := c.Subscribe(topic); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), reauthRun+time.Minute)
	defer cancel()

	var sent, acked atomic.Int64
	prodDone := make(chan error, 1)
	go func() {
		end := time.Now().Add(reauthRun)
		for i := 0; time.Now().Before(end); i++ {
			rec := &kafkawire.Record{Topic: topic, Key: fmt.Appendf(nil, "k%d", i%10), Value: fmt.Appendf(nil, "%d", i)}
			if err := p.SendFunc(ctx, rec, func(_ producer.Result, err error) {
				if err == nil {
					acked.Add(1)
				} else {
					t.Errorf("record %d: %v", i, err)
				}
			}); err != nil {
				prodDone <- err
				return
			}
			sent.Add(1)
			time.Sleep(2 * time.Millisecond)
		}
		prodDone <- p.Flush(ctx)
	}()

	seen := map[string]bool{}
	dups := 0
	var pDials, cDials int64 // once both clients are connected
	start := time.Now()
	produced := false
	for !produced || int64(len(seen)) < sent.Load() {
		if pDials == 0 && time.Since(start) > 3*time.Second {
			pDials, cDials = ps.dials.Load(), cs.dials.Load()
		}
		pctx, pcancel := context.WithTimeout(ctx, time.Second)
		recs, err := c.Poll(pctx)
		pcancel()
		if err != nil && ctx.Err() != nil {
			t.Fatalf("Poll: %v (read %d of %d)", err, len(seen), sent.Load())
		}
		for _, r := range recs {
			if seen[string(r.Value)] {
				dups++
			}
			seen[string(r.Value)] = true
		}
		select {
		case err := <-prodDone:
			if err != nil {
				t.Fatalf("producer: %v", err)
			}
			produced = true
		default:
		}
	}
	took := time.Since(start)
	// The broker logs nothing of re-authentications at INFO: count each
	// client's SaslHandshake requests, one per authentication.
	t.Logf("REAUTH secs=%.1f sent=%d acked=%d read=%d dup=%d producer_dials=%d/%d consumer_dials=%d/%d producer_auths=%d consumer_auths=%d failed_requests=%d/%d",
		took.Seconds(), sent.Load(), acked.Load(), len(seen), dups, pDials, ps.dials.Load(), cDials, cs.dials.Load(),
		ps.auths.Load(), cs.auths.Load(), ps.failed.Load(), cs.failed.Load())
	if acked.Load() != sent.Load() || int64(len(seen)) != sent.Load() || dups != 0 {
		t.Errorf("sent %d, acked %d, read %d distinct, %d duplicates", sent.Load(), acked.Load(), len(seen), dups)
	}
	if ps.dials.Load() != pDials || cs.dials.Load() != cDials {
		t.Errorf("connections were dialed again during the run: producer %d -> %d, consumer %d -> %d", pDials, ps.dials.Load(), cDials, cs.dials.Load())
	}
	if n := ps.failed.Load() + cs.failed.Load(); n != 0 {
		t.Errorf("%d requests failed; first: producer %v, consumer %v", n, ps.firstErr, cs.firstErr)
	}
	// Each connection authenticates once, then again every 8.5-9.5 s: at
	// least 4 more times in 40 s.
	for _, c := range []struct {
		name         string
		dials, auths int64
	}{{"producer", pDials, ps.auths.Load()}, {"consumer", cDials, cs.auths.Load()}} {
		if c.auths < c.dials*5 {
			t.Errorf("%s: %d authentications over %d connections in %v: it did not re-authenticate every session", c.name, c.auths, c.dials, took.Round(time.Second))
		}
	}
}
