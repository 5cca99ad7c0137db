package consumer

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/internal/fakebroker"
	"github.com/kafkawire/kafkawire/internal/testlog"
	"github.com/kafkawire/kafkawire/protocol"
	"github.com/stretchr/testify/require"
)

// commitEpochs records the member epoch of every OffsetCommit; once armed,
// the next commit finds the group moved to a new epoch (a stale commit, on
// purpose: the member's heartbeat cannot have told it yet).
type commitEpochs struct {
	mu     sync.Mutex
	epochs []int32
	armed  atomic.Bool
}

func (e *commitEpochs) install(fc *fakebroker.Cluster) {
	fc.Handle(protocol.KeyOffsetCommit, func(r *fakebroker.Request) fakebroker.Action {
		if e.armed.Swap(false) {
			fc.BumpConsumerGroupEpoch("g")
		}
		e.mu.Lock()
		e.epochs = append(e.epochs, r.Body.(*protocol.OffsetCommitRequest).GenerationIDOrMemberEpoch)
		e.mu.Unlock()
		return r.Default()
	})
}

func (e *commitEpochs) since(n int) []int32 {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]int32(nil), e.epochs[n:]...)
}

func (e *commitEpochs) len() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.epochs)
}

// kip848Consumer subscribes a consumer-protocol consumer to "t" (one
// partition, 10 records) and polls until it has read them all.
func kip848Consumer(t *testing.T, fc *fakebroker.Cluster, cfg Config) *Consumer {
	t.Helper()
	fc.AddTopic("t", 1)
	fill(t, fc, "t", 0, 10)
	fc.OfferOffsetCommitV10()
	fc.OfferOffsetFetchV10()
	cfg.Brokers, cfg.GroupID, cfg.GroupProtocol, cfg.AutoOffsetReset = fc.Addrs(), "g", GroupProtocolConsumer, ResetEarliest
	c := mustNew(t, cfg)
	t.Cleanup(func() { closeConsumer(t, c) })
	require.NoError(t, c.Subscribe("t"))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for n := 0; n < 10; {
		recs, err := c.Poll(ctx)
		require.NoError(t, err)
		n += len(recs)
	}
	return c
}

// A sync commit refused with STALE_MEMBER_EPOCH succeeds with the epoch the
// member's next heartbeat brings.
func TestCommitRetriesStaleMemberEpoch(t *testing.T) {
	checkGoroutines(t)
	fc := fakebroker.NewCluster(t, 1)
	fc.EnableConsumerProtocol()
	rec := &commitEpochs{}
	rec.install(fc)
	c := kip848Consumer(t, fc, Config{AutoCommit: Disabled})
	old := c.membership().Generation().ID
	n := rec.len()
	rec.armed.Store(true)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, c.Commit(ctx))
	require.Equal(t, int64(10), fc.Committed("g", "t", 0))
	epochs := rec.since(n)
	require.Len(t, epochs, 2, "a stale commit, then one with the new epoch")
	require.Equal(t, old, epochs[0])
	require.Greater(t, epochs[1], old)
}

// Auto commits retry a stale epoch too: the commit after the epoch moved
// lands without an "auto commit failed" warning.
func TestAutoCommitRetriesStaleMemberEpoch(t *testing.T) {
	checkGoroutines(t)
	fc := fakebroker.NewCluster(t, 1)
	fc.EnableConsumerProtocol()
	rec := &commitEpochs{}
	rec.install(fc)
	logs := &testlog.Buffer{}
	c := kip848Consumer(t, fc, Config{AutoCommitInterval: 50 * time.Millisecond,
		Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	old := c.membership().Generation().ID
	n := rec.len()
	rec.armed.Store(true)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	// The next Poll makes the 10 records processed: auto commit sends 10.
	pctx, pcancel := context.WithTimeout(ctx, 100*time.Millisecond)
	_, err := c.Poll(pctx)
	pcancel()
	require.ErrorIs(t, err, context.DeadlineExceeded)
	deadline := time.Now().Add(5 * time.Second)
	for fc.Committed("g", "t", 0) != 10 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	require.Equal(t, int64(10), fc.Committed("g", "t", 0))
	epochs := rec.since(n)
	require.GreaterOrEqual(t, len(epochs), 2, "epochs %v, old %d, all %v", epochs, old, rec.since(0))
	require.Equal(t, old, epochs[0], "the first commit after the bump is stale")
	require.Greater(t, epochs[1], old)
	require.NotContains(t, logs.String(), "auto commit failed")
}

// A commit the coordinator refuses because the member was fenced or is
// unknown fails with that Kafka error (as a classic commit after a lost
// generation fails with ILLEGAL_GENERATION), and is not retried.
func TestCommitLostMemberReturnsError(t *testing.T) {
	for _, want := range []*kafkawire.Error{kafkawire.ErrFencedMemberEpoch, kafkawire.ErrUnknownMemberID} {
		t.Run(want.Name, func(t *testing.T) {
			checkGoroutines(t)
			fc := fakebroker.NewCluster(t, 1)
			fc.EnableConsumerProtocol()
			c := kip848Consumer(t, fc, Config{AutoCommit: Disabled})
			var sent int
			var mu sync.Mutex
			fc.Handle(protocol.KeyOffsetCommit, func(r *fakebroker.Request) fakebroker.Action {
				mu.Lock()
				sent++
				mu.Unlock()
				return fakebroker.ErrorReply(r, want.Code)
			})
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			err := c.Commit(ctx)
			require.True(t, errors.Is(err, want), "got %v", err)
			require.ErrorContains(t, err, "t/0")
			mu.Lock()
			require.Equal(t, 1, sent)
			mu.Unlock()
		})
	}
}
