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
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/internal/fakebroker"
	"github.com/kafkawire/kafkawire/protocol"
)

var tp0 = kafkawire.TopicPartition{Topic: "t"}

// drainErrors counts the errors Poll returns back to back (each Poll given
// a few ms) until one returns none.
func drainErrors(t *testing.T, c *Consumer) int {
	n := 0
	for ; n < 10000; n++ {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Millisecond)
		_, err := c.Poll(ctx)
		cancel()
		if err == nil || errors.Is(err, context.DeadlineExceeded) {
			return n
		}
	}
	return n
}

// Defect 15: every failed fetch appended another copy of the same error to
// the errors Poll reports, without bound.
func TestPendingErrorsAreDeduped(t *testing.T) {
	checkGoroutines(t)
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	fill(t, fc, "t", 0, 1)
	fc.Handle(protocol.KeyFetch, func(r *fakebroker.Request) fakebroker.Action {
		return fakebroker.ErrorReply(r, 29) // TOPIC_AUTHORIZATION_FAILED: not retriable
	})
	c := mustNew(t, Config{Brokers: fc.Addrs(), AutoOffsetReset: ResetEarliest,
		RetryBackoff: 5 * time.Millisecond, RetryBackoffMax: 10 * time.Millisecond})
	defer closeConsumer(t, c)
	c.Assign(tp0)
	time.Sleep(time.Second) // no Poll meanwhile: errors pile up
	if n := drainErrors(t, c); n < 1 || n > 2 {
		t.Fatalf("Poll reported %d errors queued over 1 s of one failing partition, want 1 (2 if one more arrived while draining)", n)
	}
}

// Defect 10: a first batch whose length field exceeds what the response
// holds was taken for a truncated tail (0 records, no error) and refetched
// at once, forever.
func TestLyingFirstBatchLengthIsAnError(t *testing.T) {
	checkGoroutines(t)
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	fill(t, fc, "t", 0, 1)
	batch := oneBatch(t, "x")
	binary.BigEndian.PutUint32(batch[8:], uint32(len(batch)+1000)) // lie
	fc.Handle(protocol.KeyFetch, func(r *fakebroker.Request) fakebroker.Action {
		return fakebroker.Reply(&protocol.FetchResponse{Responses: []protocol.FetchResponseTopic{{Topic: "t",
			Partitions: []protocol.FetchResponsePartition{{PartitionIndex: 0, HighWatermark: 1, LastStableOffset: 1, LogStartOffset: 0, PreferredReadReplica: -1, Records: batch}}}}})
	})
	c := mustNew(t, Config{Brokers: fc.Addrs(), AutoOffsetReset: ResetEarliest})
	defer closeConsumer(t, c)
	c.Assign(tp0)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	recs, err := c.Poll(ctx)
	var fe *FetchError
	if !errors.As(err, &fe) || fe.Partition != tp0 || fe.Offset != 0 || len(recs) != 0 {
		t.Fatalf("Poll: %d records, %v; want a *FetchError for t/0 at offset 0", len(recs), err)
	}
	if !strings.Contains(err.Error(), "t/0") || !strings.Contains(err.Error(), "offset 0") {
		t.Errorf("error %q does not name the partition and offset", err)
	}
	before := fc.Requests(protocol.KeyFetch)
	time.Sleep(time.Second)
	t.Logf("%v; %d Fetch requests in the second after", err, fc.Requests(protocol.KeyFetch)-before)
	if n := fc.Requests(protocol.KeyFetch) - before; n > 10 {
		t.Fatalf("%d Fetch requests in 1 s after the error, want a backoff", n)
	}
}

// Defect 10: a Fetch answer that omits a requested partition was refetched
// with no wait.
func TestOmittedPartitionBacksOff(t *testing.T) {
	checkGoroutines(t)
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	fc.Handle(protocol.KeyFetch, func(r *fakebroker.Request) fakebroker.Action {
		return fakebroker.Reply(&protocol.FetchResponse{})
	})
	c := mustNew(t, Config{Brokers: fc.Addrs(), AutoOffsetReset: ResetEarliest})
	defer closeConsumer(t, c)
	c.Assign(tp0)
	time.Sleep(1500 * time.Millisecond)
	t.Logf("%d Fetch requests in 1.5 s", fc.Requests(protocol.KeyFetch))
	if n := fc.Requests(protocol.KeyFetch); n > 15 {
		t.Fatalf("%d Fetch requests in 1.5 s answered without the partition, want a backoff", n)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, err := c.Poll(ctx)
	var fe *FetchError
	if !errors.As(err, &fe) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Poll: %v; want the missing answer reported as a *FetchError when ctx ends", err)
	}
}

// Defect 10: a metadata refresh failing at once (undecodable answer) was
// re-triggered by the fetch scheduler at once, tens of thousands of times.
func TestFailingMetadataRefreshBacksOff(t *testing.T) {
	checkGoroutines(t)
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	var bad atomic.Bool
	fc.Handle(protocol.KeyMetadata, func(r *fakebroker.Request) fakebroker.Action {
		if bad.Load() {
			return fakebroker.Undecodable()
		}
		return r.Default()
	})
	c := mustNew(t, Config{Brokers: fc.Addrs(), AutoOffsetReset: ResetEarliest})
	defer closeConsumer(t, c)
	// A partition the cluster lacks keeps the scheduler asking for metadata.
	t5 := kafkawire.TopicPartition{Topic: "t", Partition: 5}
	c.Assign(tp0, t5)
	c.Seek(t5, 0)
	time.Sleep(time.Second)
	healthy := fc.Requests(protocol.KeyMetadata)
	bad.Store(true)
	time.Sleep(2 * time.Second)
	failing := fc.Requests(protocol.KeyMetadata) - healthy
	t.Logf("Metadata requests: %d in 1 s answered, %d in 2 s undecodable", healthy, failing)
	if healthy > 15 || failing > 20 {
		t.Fatalf("%d Metadata requests in 1 s for a partition without leader, %d in 2 s of undecodable answers; want a backoff", healthy, failing)
	}
}

// Defect 9: a consumer pointed at a closed port returned only "context
// deadline exceeded" from Poll.
func TestClosedPortReachesPoll(t *testing.T) {
	checkGoroutines(t)
	for _, mode := range []string{"assign", "subscribe"} {
		t.Run(mode, func(t *testing.T) {
			addr := closedAddr(t)
			c := mustNew(t, Config{Brokers: []string{addr}, GroupID: "g"})
			defer closeConsumer(t, c)
			if mode == "assign" {
				c.Assign(tp0)
			} else {
				c.Subscribe("t")
			}
			start := time.Now()
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			_, err := c.Poll(ctx)
			took := time.Since(start)
			if took > 2500*time.Millisecond {
				t.Errorf("Poll took %v with a 2 s ctx", took)
			}
			var be *conn.BrokerError
			if !errors.As(err, &be) || be.Addr != addr || !strings.Contains(err.Error(), addr) || !strings.Contains(err.Error(), "connection refused") {
				t.Fatalf("Poll: %v; want a *conn.BrokerError naming %s and 'connection refused'", err, addr)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
			t.Logf("after %v: %v", took.Round(time.Millisecond), err)
		})
	}
}

// Defect 9: a Records loop with IdleTimeout ended with no record and no
// error against a peer that answers bytes that do not decode.
func TestRecordsYieldsPersistentFailure(t *testing.T) {
	checkGoroutines(t)
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	for _, a := range protocol.APIs() {
		fc.Handle(a.Key, func(*fakebroker.Request) fakebroker.Action { return fakebroker.Undecodable() })
	}
	c := mustNew(t, Config{Brokers: fc.Addrs(), IdleTimeout: time.Second})
	defer closeConsumer(t, c)
	c.Assign(tp0)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var errs []error
	n := 0
	for _, err := range c.Records(ctx) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		n++
	}
	if ctx.Err() != nil {
		t.Fatal("Records did not end at the idle timeout")
	}
	if n != 0 || len(errs) != 1 || !strings.Contains(errs[0].Error(), fc.Addrs()[0]) || !strings.Contains(errs[0].Error(), "decoding") {
		t.Fatalf("Records: %d records, errors %v; want one error naming %s and the decoding failure", n, errs, fc.Addrs()[0])
	}
}

// A failure that went away is not reported: Poll's ctx ending with no
// record is then a plain ctx error again.
func TestRecoveredFailureIsNotReported(t *testing.T) {
	checkGoroutines(t)
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	fill(t, fc, "t", 0, 5)
	var bad atomic.Bool
	bad.Store(true)
	fc.Handle(protocol.KeyFetch, func(r *fakebroker.Request) fakebroker.Action {
		if bad.Load() {
			return fakebroker.Undecodable()
		}
		return r.Default()
	})
	c := mustNew(t, Config{Brokers: fc.Addrs(), AutoOffsetReset: ResetEarliest, RetryBackoff: 20 * time.Millisecond, RetryBackoffMax: 50 * time.Millisecond})
	defer closeConsumer(t, c)
	c.Assign(tp0)
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	_, err := c.Poll(ctx)
	var fe *FetchError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), "decoding Fetch") {
		t.Fatalf("Poll while fetches fail: %v", err)
	}
	bad.Store(false)
	ctx, cancel = context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if recs, err := c.Poll(ctx); err != nil || len(recs) != 5 {
		t.Fatalf("Poll after recovery: %d records, %v", len(recs), err)
	}
	ctx, cancel = context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if _, err := c.Poll(ctx); err != context.DeadlineExceeded {
		t.Fatalf("idle Poll after recovery: %v, want a plain context.DeadlineExceeded", err)
	}
}

// A failure persisting RequestTimeout is reported by a Poll that waited as
// long, even with a longer ctx; Records yields it and goes on.
func TestPersistentFailureReportedBeforeCtxEnds(t *testing.T) {
	checkGoroutines(t)
	addr := closedAddr(t)
	c := mustNew(t, Config{Brokers: []string{addr}, RequestTimeout: 500 * time.Millisecond})
	defer closeConsumer(t, c)
	c.Assign(tp0)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	start := time.Now()
	n := 0
	for _, err := range c.Records(ctx) {
		var be *conn.BrokerError
		if !errors.As(err, &be) || be.Addr != addr || errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Records yielded %v, want the dial failure", err)
		}
		if n++; n == 2 {
			break
		}
	}
	if took := time.Since(start); took < 900*time.Millisecond || took > 3*time.Second {
		t.Fatalf("two reports took %v, want about 2 x RequestTimeout", took)
	}
}
