package producersuite

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/integration/suitekit"
	"github.com/kafkawire/kafkawire/producer"
)

// outcomes collects the callbacks of accepted records.
type outcomes struct {
	mu     sync.Mutex
	ok     int
	failed []error
}

func (o *outcomes) cb(_ producer.Result, err error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if err != nil {
		o.failed = append(o.failed, err)
		return
	}
	o.ok++
}

func (o *outcomes) get() (int, []error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.ok, append([]error(nil), o.failed...)
}

// TestBackpressure: with a 64 KiB buffer and the broker down, sends block;
// a Send whose context times out returns promptly with a context /
// ErrBufferFull error; with FailWhenFull it fails at once with
// ErrBufferFull. Once the broker is back, everything accepted is delivered.
func TestBackpressure(t *testing.T) {
	tc := faultCluster(t)
	brokers := tc.Bootstrap()
	id := tc.IDs()[0]
	topic := suite.NewTopic(t, brokers, "backpressure", 1)
	const bufBytes = 64 << 10
	base := producer.Config{Brokers: brokers, MaxBufferedBytes: bufBytes, Compression: producer.CompressionNone}
	blocking := suitekit.NewProducer(t, base)
	failFast := base
	failFast.FailWhenFull = true
	failing := suitekit.NewProducer(t, failFast)
	warmUp(t, blocking, topic) // metadata and producer ids while the broker is up
	warmUp(t, failing, topic)

	t.Logf("stopping broker %d", id)
	tc.StopBroker(id)
	stopped := time.Now()

	val := make([]byte, 1<<10)
	seq := 0
	next := func() *kafkawire.Record {
		seq++
		return &kafkawire.Record{Topic: topic, Key: fmt.Appendf(nil, "%d", seq), Value: val}
	}

	// Blocking producer: fill the buffer; the Send that finds it full waits
	// for its context, then fails.
	var blockOut outcomes
	accepted := 0
	var refusal error
	var refusalTook time.Duration
	for range 1000 {
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		s := time.Now()
		err := blocking.SendFunc(ctx, next(), blockOut.cb)
		took := time.Since(s)
		cancel()
		if err != nil {
			refusal, refusalTook = err, took
			break
		}
		accepted++
	}
	t.Logf("blocking producer: %d records of 1 KiB accepted into a %d KiB buffer with the broker down; the next Send (ctx 500ms) returned after %v: %v",
		accepted, bufBytes>>10, refusalTook.Round(time.Millisecond), refusal)
	if refusal == nil {
		t.Fatalf("1000 records of 1 KiB were accepted into a 64 KiB buffer with the broker down")
	}
	if !errors.Is(refusal, context.DeadlineExceeded) && !errors.Is(refusal, producer.ErrBufferFull) {
		t.Errorf("refusal %v: want context.DeadlineExceeded or producer.ErrBufferFull", refusal)
	}
	if refusalTook < 400*time.Millisecond || refusalTook > 2*time.Second {
		t.Errorf("the refused Send returned after %v; want about its 500 ms context", refusalTook)
	}
	if accepted < 30 || accepted > 64 {
		t.Errorf("%d records of 1 KiB accepted into a 64 KiB buffer", accepted)
	}

	// A Send without a deadline blocks until the broker is back.
	blockedDone := make(chan error, 1)
	var blockedReturned time.Time
	blockedRec := next()
	go func() {
		err := blocking.SendFunc(context.Background(), blockedRec, blockOut.cb)
		blockedReturned = time.Now()
		blockedDone <- err
	}()

	// FailWhenFull: the refusal is immediate.
	var failOut outcomes
	failAccepted := 0
	var failErr error
	var failTook time.Duration
	for range 1000 {
		s := time.Now()
		err := failing.SendFunc(context.Background(), next(), failOut.cb)
		took := time.Since(s)
		if err != nil {
			failErr, failTook = err, took
			break
		}
		failAccepted++
	}
	t.Logf("FailWhenFull producer: %d records accepted, then refused after %v: %v", failAccepted, failTook, failErr)
	if !errors.Is(failErr, producer.ErrBufferFull) {
		t.Errorf("FailWhenFull refusal %v: want producer.ErrBufferFull", failErr)
	}
	if failTook > 250*time.Millisecond { // at once: no wait for room (MaxBlock is 60 s)
		t.Errorf("FailWhenFull refusal took %v; want at once", failTook)
	}

	select {
	case err := <-blockedDone:
		t.Fatalf("a Send without deadline returned while the buffer was full and the broker down: %v", err)
	case <-time.After(time.Second):
	}

	startCalled := time.Now()
	tc.StartBroker(id)
	restarted := time.Now()
	t.Logf("broker %d: stopped for %v; StartBroker took %v (it returns once the harness sees the broker in metadata)",
		id, startCalled.Sub(stopped).Round(time.Millisecond), restarted.Sub(startCalled).Round(time.Millisecond))
	select {
	case err := <-blockedDone:
		if err != nil {
			t.Fatalf("the blocked Send failed: %v", err)
		}
		t.Logf("the blocked Send returned %v after StartBroker was called", blockedReturned.Sub(startCalled).Round(time.Millisecond))
		accepted++
	case <-time.After(90 * time.Second):
		t.Fatal("the blocked Send did not return within 90 s of the restart")
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	for _, p := range []*producer.Producer{blocking, failing} {
		if err := p.Flush(ctx); err != nil {
			t.Fatal(err)
		}
	}
	delivered := time.Since(startCalled)
	okB, failedB := blockOut.get()
	okF, failedF := failOut.get()
	t.Logf("after the restart: blocking producer %d/%d delivered, FailWhenFull producer %d/%d delivered, all within %v of StartBroker",
		okB, accepted, okF, failAccepted, delivered.Round(time.Millisecond))
	if len(failedB) > 0 || len(failedF) > 0 {
		t.Fatalf("accepted records failed: %v %v", failedB, failedF)
	}
	if okB != accepted || okF != failAccepted {
		t.Fatalf("delivered %d and %d, want %d and %d", okB, okF, accepted, failAccepted)
	}

	want := 2 + accepted + failAccepted // two warm-up records
	got := readAll(t, brokers, topic, 1, want)
	keys := map[string]int{}
	for _, r := range got {
		if r.Key != nil { // the warm-up records have none
			keys[string(r.Key)]++
		}
	}
	dups := 0
	for _, c := range keys {
		if c > 1 {
			dups += c - 1
		}
	}
	t.Logf("read back %d records (want %d), %d duplicates", len(got), want, dups)
	if len(got) != want || dups != 0 {
		t.Fatalf("read back %d records with %d duplicates, want exactly %d", len(got), dups, want)
	}
}
