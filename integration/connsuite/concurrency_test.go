package connsuite

// Many requests on one connection, and cancellation of one among many.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"runtime/pprof"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kafkawire/kafkawire/admin"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/integration"
	"github.com/kafkawire/kafkawire/protocol"
)

// settledGoroutines waits until the goroutine count stops falling to at
// most want (or a short deadline passes) and returns the last count.
func settledGoroutines(want int) int {
	deadline := time.Now().Add(5 * time.Second)
	n := runtime.NumGoroutine()
	for (want < 0 || n > want) && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		m := runtime.NumGoroutine()
		if want < 0 && m == n {
			return n // stable
		}
		n = m
	}
	return n
}

func goroutineDump() string {
	var b bytes.Buffer
	pprof.Lookup("goroutine").WriteTo(&b, 1)
	return b.String()
}

// metadataFor asks for one (absent) topic by name; the answer must name it.
func metadataFor(ctx context.Context, cn *conn.Conn, name string) error {
	req := protocol.MetadataRequest{Topics: []protocol.MetadataRequestTopic{{Name: &name}}, AllowAutoTopicCreation: false}
	var resp protocol.MetadataResponse
	if err := cn.RoundTrip(ctx, &req, &resp); err != nil {
		return err
	}
	if len(resp.Topics) != 1 || resp.Topics[0].Name == nil {
		return fmt.Errorf("asked for %q, answer has %d topics", name, len(resp.Topics))
	}
	if got := *resp.Topics[0].Name; got != name {
		return fmt.Errorf("asked for %q, answer is about %q: responses mismatched", name, got)
	}
	if ec := resp.Topics[0].ErrorCode; ec != 3 { // UNKNOWN_TOPIC_OR_PARTITION
		return fmt.Errorf("topic %q: error code %d, want 3 (unknown topic)", name, ec)
	}
	return nil
}

// TestManyRequestsOneConn: 10,000 Metadata requests from 100 goroutines over
// one connection, each for a distinct topic name, each answer checked to be
// its own; no goroutine outlives Close.
func TestManyRequestsOneConn(t *testing.T) {
	tc := integration.Shared(t, integration.Options{Brokers: 1})
	addr := tc.Bootstrap()[0]
	const workers, perWorker = 100, 100

	before := settledGoroutines(-1)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cn, err := conn.Dial(ctx, addr, -1, conn.ConnConfig{})
	if err != nil {
		t.Fatalf("Dial %s: %v", addr, err)
	}
	run := fmt.Sprintf("nx-%d", time.Now().UnixNano())
	var ok, failed atomic.Int64
	var errMu sync.Mutex
	var errs []error
	start := time.Now()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWorker {
				name := fmt.Sprintf("%s-%d-%d", run, w, i)
				if err := metadataFor(ctx, cn, name); err != nil {
					failed.Add(1)
					errMu.Lock()
					if len(errs) < 10 {
						errs = append(errs, err)
					}
					errMu.Unlock()
					continue
				}
				ok.Add(1)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if err := cn.Err(); err != nil {
		t.Errorf("connection died: %v", err)
	}
	cn.Close()
	if n := ok.Load(); n != workers*perWorker {
		t.Errorf("%d of %d requests answered and matched, %d failed; first errors: %v", n, workers*perWorker, failed.Load(), errs)
	}
	t.Logf("%d requests from %d goroutines over one connection in %.2fs (%.0f req/s)", ok.Load(), workers, elapsed.Seconds(), float64(ok.Load())/elapsed.Seconds())

	after := settledGoroutines(before)
	if after > before {
		t.Errorf("goroutines: %d before Dial, %d after Close:\n%s", before, after, goroutineDump())
	} else {
		t.Logf("goroutines: %d before Dial, %d after Close", before, after)
	}
}

// TestCancelOneRequest: a Fetch the broker holds for MaxWaitMs=2000 is
// given 50 ms; it returns DeadlineExceeded at once while many quick
// requests on the same connection all succeed, and the connection is fine
// after the Fetch's late answer has arrived and been dropped.
func TestCancelOneRequest(t *testing.T) {
	tc := integration.Shared(t, integration.Options{Brokers: 1})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	adm := newAdmin(t, tc)
	topic := suite.Uniq("cancel")
	if err := adm.CreateTopics(ctx, admin.TopicSpec{Name: topic, Partitions: 1, ReplicationFactor: 1}); err != nil {
		t.Fatalf("CreateTopics: %v", err)
	}
	md, err := adm.Cluster().TopicMetadata(ctx, topic)
	if err != nil {
		t.Fatal(err)
	}
	leader := md.Partitions[0].Leader
	addr := adm.Cluster().Metadata().Brokers[leader].Addr()
	cn, err := conn.Dial(ctx, addr, leader, conn.ConnConfig{})
	if err != nil {
		t.Fatalf("Dial %s: %v", addr, err)
	}
	defer cn.Close()
	fv, ok := cn.Version(protocol.KeyFetch)
	if !ok {
		t.Fatal("no Fetch version negotiated")
	}
	fetch := func(maxWait int32) *protocol.FetchRequest {
		return &protocol.FetchRequest{ReplicaID: -1, MaxWaitMs: maxWait, MinBytes: 1, MaxBytes: 1 << 20, SessionEpoch: -1,
			Topics: []protocol.FetchRequestTopic{{Topic: topic, TopicID: md.ID, Partitions: []protocol.FetchRequestPartition{{
				Partition: 0, CurrentLeaderEpoch: -1, FetchOffset: 0, LastFetchedEpoch: -1, LogStartOffset: -1,
				PartitionMaxBytes: 1 << 20, HighWatermark: math.MaxInt64}}}}}
	}

	// A just-created partition may answer NOT_LEADER_OR_FOLLOWER for a
	// moment although metadata names its leader: wait until it serves.
	for attempt := 0; ; attempt++ {
		var resp protocol.FetchResponse
		err := cn.RoundTripVersion(ctx, fetch(0), &resp, fv)
		if err == nil && len(resp.Responses) == 1 && len(resp.Responses[0].Partitions) == 1 && resp.Responses[0].Partitions[0].ErrorCode == 0 {
			break
		}
		if attempt == 100 {
			t.Fatalf("the new partition does not serve fetches: %v %+v", err, resp)
		}
		time.Sleep(100 * time.Millisecond)
	}

	// The slow request: written first, so the broker holds it (empty
	// partition, MinBytes 1) for MaxWaitMs.
	slowStart := time.Now()
	sctx, scancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer scancel()
	pending, err := cn.Start(sctx, fetch(2000), fv)
	if err != nil {
		t.Fatalf("starting the Fetch: %v", err)
	}
	var slowErr error
	var slowAfter time.Duration
	slowDone := make(chan struct{})
	go func() {
		defer close(slowDone)
		var resp protocol.FetchResponse
		slowErr = pending.Wait(sctx, &resp)
		slowAfter = time.Since(slowStart)
		if slowErr == nil {
			t.Logf("the Fetch was answered: %+v", resp)
		}
	}()

	// Quick requests on the same connection, concurrently.
	const quick = 200
	var wg sync.WaitGroup
	var qok atomic.Int64
	var maxLat atomic.Int64
	var errMu sync.Mutex
	var qerrs []error
	for i := range quick {
		wg.Add(1)
		go func() {
			defer wg.Done()
			qctx, qcancel := context.WithTimeout(ctx, 20*time.Second)
			defer qcancel()
			t0 := time.Now()
			err := metadataFor(qctx, cn, fmt.Sprintf("%s-absent-%d", topic, i))
			if err != nil {
				errMu.Lock()
				qerrs = append(qerrs, err)
				errMu.Unlock()
				return
			}
			lat := int64(time.Since(t0))
			for {
				m := maxLat.Load()
				if lat <= m || maxLat.CompareAndSwap(m, lat) {
					break
				}
			}
			qok.Add(1)
		}()
	}
	<-slowDone
	wg.Wait()

	if !errors.Is(slowErr, context.DeadlineExceeded) {
		t.Errorf("cancelled Fetch: %v, want context.DeadlineExceeded", slowErr)
	}
	if slowAfter > time.Second {
		t.Errorf("cancelled Fetch returned after %v; its deadline was 50ms (the broker holds it 2s)", slowAfter)
	}
	t.Logf("cancelled Fetch returned %.0fms after it was written: %v", float64(slowAfter)/1e6, slowErr)
	if qok.Load() != quick {
		t.Errorf("%d of %d quick requests succeeded; errors: %v", qok.Load(), quick, qerrs)
	}
	// Kafka answers one request per connection at a time, in order: the
	// quick requests queued behind the held Fetch until its 2 s were up.
	t.Logf("%d quick requests on the same connection succeeded; slowest took %.0fms", qok.Load(), float64(maxLat.Load())/1e6)

	// After the Fetch's late answer (at about 2 s) was read and dropped,
	// the connection carries on: quick requests and a Fetch that completes.
	if d := 2500*time.Millisecond - time.Since(slowStart); d > 0 {
		time.Sleep(d)
	}
	if err := cn.Err(); err != nil {
		t.Fatalf("connection died: %v", err)
	}
	for i := range 20 {
		if err := metadataFor(ctx, cn, fmt.Sprintf("%s-later-%d", topic, i)); err != nil {
			t.Errorf("request %d after the cancelled one: %v", i, err)
		}
	}
	var fresp protocol.FetchResponse
	fctx, fcancel := context.WithTimeout(ctx, 10*time.Second)
	defer fcancel()
	if err := cn.RoundTripVersion(fctx, fetch(10), &fresp, fv); err != nil {
		t.Errorf("Fetch after the cancelled one: %v", err)
	} else if len(fresp.Responses) != 1 || len(fresp.Responses[0].Partitions) != 1 {
		t.Errorf("Fetch after the cancelled one: %d topics in answer", len(fresp.Responses))
	} else if p := fresp.Responses[0].Partitions[0]; p.ErrorCode != 0 || p.HighWatermark != 0 {
		t.Errorf("Fetch after the cancelled one: error code %d, high watermark %d", p.ErrorCode, p.HighWatermark)
	}
}
