package producersuite

import (
	"context"
	"math/rand/v2"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/integration/suitekit"
	"github.com/kafkawire/kafkawire/producer"
)

// BenchmarkProduce100B: b.N records of 100 bytes (no key), acks=all,
// idempotent, default linger, batch size and compression, to a 6-partition topic; the clock
// stops when Flush has every acknowledgement. Reports records/s and
// allocs/record (every goroutine's allocations, from runtime.MemStats).
func BenchmarkProduce100B(b *testing.B) {
	tc := sharedCluster(b)
	brokers := tc.Bootstrap()
	topic := suite.NewTopic(b, brokers, "bench", 6)
	p := suitekit.NewProducer(b, producer.Config{Brokers: brokers, Acks: producer.AcksAll})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if _, err := p.SendSync(ctx, &kafkawire.Record{Topic: topic, Value: []byte("warm-up")}); err != nil {
		b.Fatal(err)
	}
	// Distinct values, so that lz4 does not collapse a batch of copies.
	rng := rand.New(rand.NewPCG(1, 2))
	values := make([][]byte, 1024)
	for i := range values {
		values[i] = make([]byte, 100)
		for j := range values[i] {
			values[i][j] = byte(rng.UintN(256))
		}
	}
	var failed atomic.Int64
	var firstErr atomic.Pointer[error]
	cb := func(_ producer.Result, err error) {
		if err != nil {
			failed.Add(1)
			e := err // a copy, so that only failures allocate
			firstErr.CompareAndSwap(nil, &e)
		}
	}
	rec := kafkawire.Record{Topic: topic}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b.SetBytes(100)
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		rec.Value = values[i&1023]
		if err := p.SendFunc(ctx, &rec, cb); err != nil {
			b.Fatal(err)
		}
	}
	if err := p.Flush(ctx); err != nil {
		b.Fatal(err)
	}
	elapsed := time.Since(start)
	b.StopTimer()
	runtime.ReadMemStats(&after)
	if e := firstErr.Load(); e != nil {
		b.Fatalf("%d records failed: %v", failed.Load(), *e)
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "records/s")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(b.N), "allocs/record")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N), "B/record")
}
