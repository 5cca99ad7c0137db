package consumersuite

import (
	"context"
	"os"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/consumer"
	"github.com/kafkawire/kafkawire/producer"
)

const benchPartitions = 4

// benchData is the topic pre-filled once per test binary for the consume
// benchmark.
var benchData struct {
	once  sync.Once
	topic string
	n     int
	took  time.Duration
}

// benchTopic fills a topic with KAFKAWIRE_CONSUMER_BENCH_RECORDS (default
// 200,000) records of 100-byte values, no key, uncompressed (the consumer's
// own cost, not a codec's), spread over benchPartitions partitions.
func benchTopic(b *testing.B, brokers []string) (string, int) {
	b.Helper()
	benchData.once.Do(func() {
		n := 200_000
		if v, err := strconv.Atoi(os.Getenv("KAFKAWIRE_CONSUMER_BENCH_RECORDS")); err == nil && v > 0 {
			n = v
		}
		start := time.Now()
		topic := suite.NewTopic(b, brokers, "bench", benchPartitions)
		p, err := producer.New(producer.Config{
			Brokers:     brokers,
			Compression: producer.CompressionNone,
			Partitioner: producer.RoundRobinPartitioner(),
			BatchSize:   256 << 10,
			Linger:      5 * time.Millisecond,
		})
		if err != nil {
			b.Fatal(err)
		}
		defer p.Close(context.Background())
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		value := make([]byte, 100)
		for i := range value {
			value[i] = byte('a' + i%26)
		}
		var (
			mu    sync.Mutex
			first error
		)
		for range n {
			err := p.SendFunc(ctx, &kafkawire.Record{Topic: topic, Value: value}, func(_ producer.Result, err error) {
				if err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			})
			if err != nil {
				b.Fatalf("pre-filling: %v", err)
			}
		}
		if err := p.Flush(ctx); err != nil {
			b.Fatalf("pre-filling: flush: %v", err)
		}
		if first != nil {
			b.Fatalf("pre-filling: %v", first)
		}
		benchData.topic, benchData.n, benchData.took = topic, n, time.Since(start)
	})
	if benchData.topic == "" {
		b.Fatal("the benchmark topic could not be filled (see the first run's failure)")
	}
	return benchData.topic, benchData.n
}

// BenchmarkConsume100B: consume pre-filled 100-byte records in direct mode
// (Assign, all partitions, from the earliest offset), b.N records; when
// the topic is exhausted every partition is sought back to 0. Reports
// records/s and allocs/record (runtime Mallocs delta / records, the whole
// process: fetch, decode and Poll).
func BenchmarkConsume100B(b *testing.B) {
	tc := sharedCluster(b)
	brokers := tc.Bootstrap()
	topic, n := benchTopic(b, brokers)
	c, err := consumer.New(consumer.Config{
		Brokers:         brokers,
		AutoOffsetReset: consumer.ResetEarliest,
		// Only matters at the end of the log: a rewind does not wait out a
		// long poll.
		FetchMaxWait: 10 * time.Millisecond,
	})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close(context.Background())
	tps := make([]kafkawire.TopicPartition, benchPartitions)
	for i := range tps {
		tps[i] = kafkawire.TopicPartition{Topic: topic, Partition: int32(i)}
	}
	if err := c.Assign(tps...); err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	// Warm up: connections, metadata and positions; then rewind.
	if _, err := c.Poll(ctx); err != nil {
		b.Fatal(err)
	}
	for _, tp := range tps {
		if err := c.Seek(tp, 0); err != nil {
			b.Fatal(err)
		}
	}

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	start := time.Now()
	got, sinceRewind, rewinds := 0, 0, 0
	for got < b.N {
		recs, err := c.Poll(ctx)
		if err != nil {
			b.Fatal(err)
		}
		got += len(recs)
		sinceRewind += len(recs)
		if sinceRewind >= n && got < b.N {
			for _, tp := range tps {
				if err := c.Seek(tp, 0); err != nil {
					b.Fatal(err)
				}
			}
			sinceRewind = 0
			rewinds++
		}
	}
	elapsed := time.Since(start)
	b.StopTimer()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(got)/elapsed.Seconds(), "records/s")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(got), "allocs/record")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(got), "B/record")
	b.ReportMetric(float64(got)*100/elapsed.Seconds()/1e6, "MB/s")
	if b.N > 1 {
		b.Logf("%d records in %v (%d rewinds of %d pre-filled records; pre-fill took %v)", got, elapsed.Round(time.Millisecond), rewinds, n, benchData.took.Round(time.Millisecond))
	}
}
