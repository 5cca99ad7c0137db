package producersuite

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/integration/suitekit"
	"github.com/kafkawire/kafkawire/producer"
)

// TestCallbacksSerialAndInOrder: SendFunc callbacks never run
// concurrently, and those of one partition run in send (offset) order, as
// the Java client guarantees: small batches and 5 requests in flight per
// broker make many answers race.
func TestCallbacksSerialAndInOrder(t *testing.T) {
	tc := sharedCluster(t)
	brokers := tc.Bootstrap()
	const parts, n = 3, 200_000
	topic := suite.NewTopic(t, brokers, "callbacks", parts)
	p := suitekit.NewProducer(t, producer.Config{Brokers: brokers, BatchSize: 2 << 10})
	var (
		inCallback, concurrent atomic.Int64
		mu                     sync.Mutex
		next                   = map[int32]int64{}
		outOfOrder, failed     int
		firstProblem           string
	)
	cb := func(r producer.Result, err error) {
		if inCallback.Add(1) > 1 {
			concurrent.Add(1)
		}
		defer inCallback.Add(-1)
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			failed++
			return
		}
		if r.Offset != next[r.Partition] {
			outOfOrder++
			if firstProblem == "" {
				firstProblem = fmt.Sprintf("partition %d: callback for offset %d, expected %d", r.Partition, r.Offset, next[r.Partition])
			}
		}
		next[r.Partition] = r.Offset + 1
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	start := time.Now()
	val := make([]byte, 50)
	for i := range n {
		if err := p.SendFunc(ctx, &kafkawire.Record{Topic: topic, Key: fmt.Appendf(nil, "%d", i%100), Value: val}, cb); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	total := int64(0)
	for _, v := range next {
		total += v
	}
	t.Logf("%d records in %v: callbacks overlapping another %d, out of partition order %d, failed %d, offsets seen %v",
		n, time.Since(start).Round(time.Millisecond), concurrent.Load(), outOfOrder, failed, next)
	if concurrent.Load() != 0 || outOfOrder != 0 || failed != 0 || total != n {
		t.Fatalf("callbacks: %d ran concurrently with another, %d out of order (first: %s), %d failed, %d of %d seen",
			concurrent.Load(), outOfOrder, firstProblem, failed, total, n)
	}
}
