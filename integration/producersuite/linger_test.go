package producersuite

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/integration/suitekit"
	"github.com/kafkawire/kafkawire/producer"
)

// ackTimes sends recs and returns, for each, how long after t0 (the first
// Send) its Future completed.
func ackTimes(t *testing.T, p *producer.Producer, recs []kafkawire.Record) (sendLoop time.Duration, acks []time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	acks = make([]time.Duration, len(recs))
	var wg sync.WaitGroup
	errs := make([]error, len(recs))
	t0 := time.Now()
	for i := range recs {
		f := p.Send(ctx, &recs[i])
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = f.Wait(ctx)
			acks[i] = time.Since(t0)
		}()
	}
	sendLoop = time.Since(t0)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("record %d: %v", i, err)
		}
	}
	return sendLoop, acks
}

func warmUp(t *testing.T, p *producer.Producer, topic string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	f := p.Send(ctx, &kafkawire.Record{Topic: topic, Value: []byte("warm-up")})
	if err := p.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Result(); err != nil {
		t.Fatal(err)
	}
}

// TestLingerHoldsSmallBatches: with Linger 3 s and a large BatchSize, a
// few records sent at t0 are acknowledged at about t0+3 s.
func TestLingerHoldsSmallBatches(t *testing.T) {
	tc := sharedCluster(t)
	brokers := tc.Bootstrap()
	topic := suite.NewTopic(t, brokers, "linger", 1)
	p := suitekit.NewProducer(t, producer.Config{Brokers: brokers, Linger: 3 * time.Second, BatchSize: 1 << 20})
	warmUp(t, p, topic) // metadata and producer id, so only linger is timed
	recs := make([]kafkawire.Record, 3)
	for i := range recs {
		recs[i] = kafkawire.Record{Topic: topic, Value: []byte("lingering")}
	}
	t0 := time.Now()
	loop, acks := ackTimes(t, p, recs)
	for i, a := range acks {
		t.Logf("linger 3s, batch 1 MiB: record %d sent at t0+%v, acknowledged at t0+%v (%s)", i, loop.Round(time.Microsecond), a.Round(time.Millisecond), t0.Add(a).Format("15:04:05.000"))
		if a < 2500*time.Millisecond || a > 6*time.Second {
			t.Errorf("record %d acknowledged at t0+%v, want between 2.5 s and 6 s", i, a)
		}
	}
}

// TestFullBatchesLeaveBeforeLinger: with the same 3 s linger but a 1 KiB
// BatchSize, records sent in bulk are acknowledged well before 3 s: full
// batches leave at once; only the last, partial batch waits for the linger.
func TestFullBatchesLeaveBeforeLinger(t *testing.T) {
	tc := sharedCluster(t)
	brokers := tc.Bootstrap()
	topic := suite.NewTopic(t, brokers, "fullbatch", 1)
	p := suitekit.NewProducer(t, producer.Config{Brokers: brokers, Linger: 3 * time.Second, BatchSize: 1 << 10, Compression: producer.CompressionNone})
	warmUp(t, p, topic)
	const n = 500
	recs := make([]kafkawire.Record, n)
	val := make([]byte, 100)
	for i := range recs {
		recs[i] = kafkawire.Record{Topic: topic, Value: val}
	}
	t0 := time.Now()
	loop, acks := ackTimes(t, p, recs)
	sorted := slices.Clone(acks)
	slices.Sort(sorted)
	early := 0
	for _, a := range acks {
		if a < 1500*time.Millisecond {
			early++
		}
	}
	t.Logf("linger 3s, batch 1 KiB, %d x 100 B records sent in %v from %s: first ack t0+%v, median t0+%v, 95%% t0+%v, record %d (last full batches) t0+%v, last ack t0+%v; %d acknowledged before t0+1.5s",
		n, loop.Round(time.Microsecond), t0.Format("15:04:05.000"), sorted[0].Round(time.Millisecond), sorted[n/2].Round(time.Millisecond), sorted[n*95/100].Round(time.Millisecond),
		n-21, acks[n-21].Round(time.Millisecond), sorted[n-1].Round(time.Millisecond), early)
	// A 1 KiB batch holds about 8 such records: all but the last batch or
	// two must be out well before the linger.
	if early < n-20 {
		t.Errorf("only %d of %d records acknowledged within 1.5 s: full batches should not wait for the 3 s linger", early, n)
	}
	if last := sorted[n-1]; last > 6*time.Second {
		t.Errorf("last record acknowledged at t0+%v", last)
	}
}
