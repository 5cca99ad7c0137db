package consumer

import (
	"context"
	"encoding/binary"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/internal/fakebroker"
	"github.com/kafkawire/kafkawire/protocol"
)

// fetchFrom answers every Fetch of t/0 with the batches set holds at the
// requested offset (nothing past the end), hw records in all, and counts
// the requests per offset.
func fetchFrom(fc *fakebroker.Cluster, set map[int64][]byte, hw int64, asked map[int64]*atomic.Int32) {
	fc.Handle(protocol.KeyFetch, func(r *fakebroker.Request) fakebroker.Action {
		req := r.Body.(*protocol.FetchRequest)
		off := req.Topics[0].Partitions[0].FetchOffset
		if n := asked[off]; n != nil {
			n.Add(1)
		}
		return fakebroker.Reply(&protocol.FetchResponse{Responses: []protocol.FetchResponseTopic{{Topic: "t",
			Partitions: []protocol.FetchResponsePartition{{PartitionIndex: 0, HighWatermark: hw, LastStableOffset: hw,
				PreferredReadReplica: -1, Records: set[off]}}}}})
	})
}

// The next Fetch is sent once the answer before it is scanned, before its
// records are decoded. A batch whose CRC holds but whose records do not
// decode is found only then, after a fetch past it may have started: what
// came after it must never reach the user, and the error names its offset.
func TestBadRecordAfterPipelinedFetchIsNotSkipped(t *testing.T) {
	checkGoroutines(t)
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	big := strings.Repeat("x", pipelineMinBytes) // answers this large are released before they are built
	// Thousands of good records before the phantom one keep build busy
	// long enough for the fetch past the batch to go out first.
	values := append([]string{big}, strings.Split(strings.Repeat("d,", 20000), ",")[:20000]...)
	bad := buildSet(t, testBatch{base: 2, values: values, pid: -1})
	binary.BigEndian.PutUint32(bad[57:], uint32(len(values)+1)) // one record more than it holds
	binary.BigEndian.PutUint32(bad[17:], protocol.CRC32C(bad[21:]))
	set := map[int64][]byte{
		0:     buildSet(t, testBatch{base: 0, values: []string{big, "b"}, pid: -1}),
		2:     bad,
		20003: buildSet(t, testBatch{base: 20003, values: []string{big, "f"}, pid: -1}),
	}
	asked := map[int64]*atomic.Int32{2: new(atomic.Int32), 20003: new(atomic.Int32)}
	fetchFrom(fc, set, 20005, asked)
	c := mustNew(t, Config{Brokers: fc.Addrs(), AutoOffsetReset: ResetEarliest, RetryBackoff: 50 * time.Millisecond, RetryBackoffMax: 200 * time.Millisecond})
	defer closeConsumer(t, c)
	c.Assign(tp0)
	var got []int64
	var fe *FetchError
	deadline := time.Now().Add(3 * time.Second)
	for time.Now().Before(deadline) && (fe == nil || asked[2].Load() < 3) {
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		recs, err := c.Poll(ctx)
		cancel()
		for _, r := range recs {
			got = append(got, r.Offset)
		}
		if err != nil && !errors.Is(err, context.DeadlineExceeded) && !errors.As(err, &fe) {
			t.Fatalf("Poll: %v, want a *FetchError", err)
		}
	}
	if len(got) != 2 || got[0] != 0 || got[1] != 1 {
		t.Fatalf("records at offsets %v, want [0 1] and nothing past the bad batch", got)
	}
	if fe == nil || fe.Offset != 2 || !errors.Is(fe, protocol.ErrInvalidRecord) {
		t.Fatalf("error %v, want a *FetchError at offset 2 wrapping ErrInvalidRecord", fe)
	}
	t.Logf("%v; fetched at 2: %d times, at 20003: %d times", fe, asked[2].Load(), asked[20003].Load())
	if asked[20003].Load() == 0 {
		t.Errorf("nothing was fetched past the bad batch: the test did not pipeline")
	}
	if asked[2].Load() < 3 {
		t.Errorf("offset 2 fetched %d times in 3 s: the bad batch is not retried", asked[2].Load())
	}
}

// With the broker answering at once, fetches keep the broker busy while
// the answers before them decode (answers of 100 KiB, above
// pipelineMinBytes), and every record arrives once, in order.
func TestPipelinedFetchesKeepOrder(t *testing.T) {
	checkGoroutines(t)
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	const batches, per = 200, 50
	set := map[int64][]byte{}
	for i := range batches {
		values := make([]string, per)
		for j := range values {
			values[j] = strings.Repeat("v", 2<<10)
		}
		set[int64(i*per)] = buildSet(t, testBatch{base: int64(i * per), values: values, pid: -1})
	}
	fetchFrom(fc, set, batches*per, nil)
	c := mustNew(t, Config{Brokers: fc.Addrs(), AutoOffsetReset: ResetEarliest})
	defer closeConsumer(t, c)
	c.Assign(tp0)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	next := int64(0)
	for next < batches*per {
		recs, err := c.Poll(ctx)
		if err != nil {
			t.Fatalf("Poll at %d: %v", next, err)
		}
		for _, r := range recs {
			if r.Offset != next || r.Partition != 0 {
				t.Fatalf("record %s/%d@%d, want offset %d", r.Topic, r.Partition, r.Offset, next)
			}
			next++
		}
	}
	if p := c.Position(kafkawire.TopicPartition{Topic: "t"}); p != batches*per {
		t.Errorf("position %d, want %d", p, batches*per)
	}
}
