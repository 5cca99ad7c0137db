package producer

import (
	"bytes"
	"context"
	"log/slog"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/consumer"
	"github.com/kafkawire/kafkawire/group"
	"github.com/kafkawire/kafkawire/internal/fakebroker"
	"github.com/kafkawire/kafkawire/protocol"
	"github.com/stretchr/testify/require"
)

func txnConfig(fc *fakebroker.Cluster, id string) Config {
	cfg := fastConfig(fc)
	cfg.TransactionalID = id
	cfg.Linger = time.Second // a Commit's flush sends: one drain round takes every partition
	return cfg
}

// syncBuffer is a log sink tests read while the producer writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func sendN(t *testing.T, p *Producer, topic string, part int32, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		require.NoError(t, p.SendFunc(context.Background(), rec(topic, part), nil))
	}
}

func txnState_(t *testing.T, fc *fakebroker.Cluster, id string) fakebroker.TxnState {
	t.Helper()
	st, ok := fc.Txn(id)
	require.True(t, ok, "the coordinator never saw %q", id)
	return st
}

// TV1: partitions are added once per drain round (one AddPartitionsToTxn
// for every new partition, never per record), before their batches are
// produced (the fake refuses a batch of a partition not added with
// INVALID_TXN_STATE), and the commit lands what was sent.
func TestTxnCommitV1AddsPartitionsPerRound(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 3)
	var logs syncBuffer
	cfg := txnConfig(fc, "tx")
	cfg.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	p := newTestProducer(t, cfg)
	ctx, cancel := contextWithTimeout(5 * time.Second)
	defer cancel()
	require.NoError(t, p.BeginTransaction())
	sendN(t, p, "t", 0, 50)
	sendN(t, p, "t", 1, 30)
	sendN(t, p, "t", 2, 20)
	require.NoError(t, p.CommitTransaction(ctx))
	st := txnState_(t, fc, "tx")
	require.Equal(t, 1, st.Commits)
	require.Equal(t, map[string]int64{"t/0": 50, "t/1": 30, "t/2": 20}, st.CommittedRecords)
	require.Equal(t, 1, fc.Requests(protocol.KeyAddPartitionsToTxn), "one AddPartitionsToTxn for the round's three partitions")
	require.Contains(t, logs.String(), "transaction version")
	require.Contains(t, logs.String(), "version=1")

	// The next transaction adds its partitions again (TV1), and the epoch
	// stays.
	require.NoError(t, p.BeginTransaction())
	sendN(t, p, "t", 0, 5)
	require.NoError(t, p.CommitTransaction(ctx))
	st = txnState_(t, fc, "tx")
	require.Equal(t, 2, st.Commits)
	require.Equal(t, int64(55), st.CommittedRecords["t/0"])
	require.Equal(t, 2, fc.Requests(protocol.KeyAddPartitionsToTxn))
	require.Equal(t, st.EndTxnEpochs[0], st.EndTxnEpochs[1], "TV1 keeps the epoch across transactions")

	// A transaction with nothing in it needs no EndTxn.
	require.NoError(t, p.BeginTransaction())
	require.NoError(t, p.CommitTransaction(ctx))
	require.Equal(t, 2, fc.Requests(protocol.KeyEndTxn))
}

// TV2: no AddPartitionsToTxn; EndTxn v5 bumps the epoch, which the next
// transaction uses with sequence numbers from 0.
func TestTxnCommitV2BumpsEpochPerTransaction(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 2)
	fc.SetTransactionVersion(2)
	var seqs []int32
	var mu sync.Mutex
	fc.Handle(protocol.KeyProduce, func(r *fakebroker.Request) fakebroker.Action {
		req := r.Body.(*protocol.ProduceRequest)
		mu.Lock()
		for _, td := range req.TopicData {
			for _, pd := range td.PartitionData {
				seqs = append(seqs, int32(be32(pd.Records[53:])))
			}
		}
		mu.Unlock()
		return r.Default()
	})
	var logs syncBuffer
	cfg := txnConfig(fc, "tx2")
	cfg.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	p := newTestProducer(t, cfg)
	ctx, cancel := contextWithTimeout(5 * time.Second)
	defer cancel()
	for i := 0; i < 3; i++ {
		require.NoError(t, p.BeginTransaction())
		sendN(t, p, "t", 0, 4)
		sendN(t, p, "t", 1, 2)
		require.NoError(t, p.CommitTransaction(ctx))
	}
	st := txnState_(t, fc, "tx2")
	require.Equal(t, 3, st.Commits)
	require.Equal(t, map[string]int64{"t/0": 12, "t/1": 6}, st.CommittedRecords)
	require.Zero(t, fc.Requests(protocol.KeyAddPartitionsToTxn))
	require.Len(t, st.EndTxnEpochs, 3)
	require.Equal(t, st.EndTxnEpochs[0]+1, st.EndTxnEpochs[1])
	require.Equal(t, st.EndTxnEpochs[1]+1, st.EndTxnEpochs[2])
	mu.Lock()
	require.Equal(t, []int32{0, 0, 0, 0, 0, 0}, seqs, "every transaction's epoch numbers from 0")
	mu.Unlock()
	require.Contains(t, logs.String(), "version=2")
}

func TestTxnAbortThenContinue(t *testing.T) {
	for _, tv := range []int16{1, 2} {
		t.Run(map[int16]string{1: "v1", 2: "v2"}[tv], func(t *testing.T) {
			fc := fakebroker.NewCluster(t, 1)
			fc.AddTopic("t", 1)
			fc.SetTransactionVersion(tv)
			p := newTestProducer(t, txnConfig(fc, "txa"))
			ctx, cancel := contextWithTimeout(5 * time.Second)
			defer cancel()
			require.NoError(t, p.BeginTransaction())
			sendN(t, p, "t", 0, 3)
			require.NoError(t, p.Flush(ctx))
			queued := p.Send(ctx, rec("t", 0)) // still lingering when Abort drops it
			require.NoError(t, p.AbortTransaction(ctx))
			_, err := queued.Wait(ctx)
			require.ErrorIs(t, err, ErrTransactionAborted)
			require.NoError(t, p.BeginTransaction())
			sendN(t, p, "t", 0, 2)
			require.NoError(t, p.CommitTransaction(ctx))
			st := txnState_(t, fc, "txa")
			require.Equal(t, 1, st.Aborts)
			require.Equal(t, 1, st.Commits)
			require.Equal(t, int64(3), st.AbortedRecords["t/0"])
			require.Equal(t, int64(2), st.CommittedRecords["t/0"])
		})
	}
}

func TestTxnStateErrors(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	p := newTestProducer(t, txnConfig(fc, "txs"))
	ctx, cancel := contextWithTimeout(5 * time.Second)
	defer cancel()
	err := p.SendFunc(ctx, rec("t", 0), nil)
	require.ErrorIs(t, err, ErrNoTransaction)
	requireOneLine(t, err)
	_, err = p.SendSync(ctx, rec("t", 0))
	require.ErrorIs(t, err, ErrNoTransaction)
	require.ErrorIs(t, p.CommitTransaction(ctx), ErrNoTransaction)
	require.ErrorIs(t, p.AbortTransaction(ctx), ErrNoTransaction)
	require.ErrorIs(t, p.SendOffsetsToTransaction(ctx, map[kafkawire.TopicPartition]group.Offset{{Topic: "t"}: {Offset: 1}}, consumer.GroupMetadata{GroupID: "g", Generation: group.NoGeneration}), ErrNoTransaction)
	require.NoError(t, p.BeginTransaction())
	require.ErrorIs(t, p.BeginTransaction(), ErrTransactionOpen)
	require.NoError(t, p.AbortTransaction(ctx))
}

func TestTxnCallsOnPlainProducer(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	ctx, cancel := contextWithTimeout(5 * time.Second)
	defer cancel()
	plain := newTestProducer(t, fastConfig(fc))
	require.ErrorIs(t, plain.BeginTransaction(), ErrNotTransactional)
	require.ErrorIs(t, plain.CommitTransaction(ctx), ErrNotTransactional)
	require.ErrorIs(t, plain.AbortTransaction(ctx), ErrNotTransactional)
}

func TestTxnConfig(t *testing.T) {
	s, err := Config{Brokers: []string{"h:1"}, TransactionalID: "x"}.validate()
	require.NoError(t, err)
	require.True(t, s.idempotent)
	require.Equal(t, 60*time.Second, s.TransactionTimeout)
	for name, tc := range map[string]struct {
		cfg  Config
		want string
	}{
		"idempotence off":  {Config{Brokers: []string{"h:1"}, TransactionalID: "x", Idempotence: Disabled}, "Config.Idempotence"},
		"acks":             {Config{Brokers: []string{"h:1"}, TransactionalID: "x", Acks: AcksLeader}, "Config.Acks"},
		"no retries":       {Config{Brokers: []string{"h:1"}, TransactionalID: "x", DisableRetries: true}, "Config.DisableRetries"},
		"negative timeout": {Config{Brokers: []string{"h:1"}, TransactionalID: "x", TransactionTimeout: -time.Second}, "Config.TransactionTimeout"},
		"tiny timeout":     {Config{Brokers: []string{"h:1"}, TransactionalID: "x", TransactionTimeout: time.Microsecond}, "Config.TransactionTimeout"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := tc.cfg.validate()
			require.ErrorContains(t, err, tc.want)
		})
	}
}

// A second producer with the same TransactionalID fences the first: its
// commit fails with ErrProducerFenced (fatal), and so does everything after.
func TestTxnFenced(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	ctx, cancel := contextWithTimeout(5 * time.Second)
	defer cancel()
	old := newTestProducer(t, txnConfig(fc, "txf"))
	require.NoError(t, old.BeginTransaction())
	sendN(t, old, "t", 0, 2)
	require.NoError(t, old.Flush(ctx))

	newer := newTestProducer(t, txnConfig(fc, "txf"))
	require.NoError(t, newer.BeginTransaction())
	sendN(t, newer, "t", 0, 1)
	require.NoError(t, newer.CommitTransaction(ctx))

	err := old.CommitTransaction(ctx)
	t.Log(err)
	require.ErrorIs(t, err, ErrProducerFenced)
	var te *TxnError
	require.ErrorAs(t, err, &te)
	require.True(t, te.Fatal)
	requireOneLine(t, err)
	require.ErrorIs(t, old.BeginTransaction(), ErrProducerFenced)
	require.ErrorIs(t, old.SendFunc(ctx, rec("t", 0), nil), ErrProducerFenced)
	require.ErrorIs(t, old.AbortTransaction(ctx), ErrProducerFenced)
	st := txnState_(t, fc, "txf")
	require.Equal(t, 1, st.Commits)
	require.Equal(t, map[string]int64{"t/0": 1}, st.CommittedRecords, "nothing of the fenced producer committed")
	require.Equal(t, int64(2), st.AbortedRecords["t/0"])
}

// The broker aborted the transaction after its timeout and bumped the
// epoch: the next call reports it, typed, on one line.
func TestTxnTimedOutByBroker(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	p := newTestProducer(t, txnConfig(fc, "txt"))
	ctx, cancel := contextWithTimeout(5 * time.Second)
	defer cancel()
	require.NoError(t, p.BeginTransaction())
	sendN(t, p, "t", 0, 2)
	require.NoError(t, p.Flush(ctx))
	fc.ExpireTxn("txt")
	err := p.CommitTransaction(ctx)
	t.Log(err)
	require.ErrorIs(t, err, ErrProducerFenced)
	requireOneLine(t, err)
	require.Zero(t, txnState_(t, fc, "txt").Commits)
}

// CONCURRENT_TRANSACTIONS is retried, after a short wait each time, on
// InitProducerId, AddPartitionsToTxn and EndTxn.
func TestTxnConcurrentTransactionsRetriedWithBackoff(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	const n = 4
	var times []time.Time
	var mu sync.Mutex
	concurrent := func(r *fakebroker.Request) fakebroker.Action {
		mu.Lock()
		times = append(times, time.Now())
		mu.Unlock()
		return fakebroker.ErrorReply(r, kafkawire.ErrConcurrentTransactions.Code)
	}
	for _, key := range []int16{protocol.KeyInitProducerID, protocol.KeyAddPartitionsToTxn, protocol.KeyEndTxn} {
		fc.Handle(key, firstN(n, concurrent))
	}
	cfg := txnConfig(fc, "txc")
	cfg.RetryBackoff = time.Second // CONCURRENT_TRANSACTIONS must not wait this long
	cfg.RetryBackoffMax = time.Second
	p := newTestProducer(t, cfg)
	ctx, cancel := contextWithTimeout(5 * time.Second)
	defer cancel()
	start := time.Now()
	require.NoError(t, p.BeginTransaction())
	sendN(t, p, "t", 0, 1)
	require.NoError(t, p.CommitTransaction(ctx))
	el := time.Since(start)
	require.Equal(t, n+1, fc.Requests(protocol.KeyInitProducerID))
	require.Equal(t, n+1, fc.Requests(protocol.KeyAddPartitionsToTxn))
	require.Equal(t, n+1, fc.Requests(protocol.KeyEndTxn))
	require.Less(t, el, 2*time.Second, "CONCURRENT_TRANSACTIONS waits the short backoff")
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, times, 3*n)
	for i := 1; i < n; i++ { // the retries of one API, one after another
		for _, k := range []int{0, n, 2 * n} {
			require.GreaterOrEqual(t, times[k+i].Sub(times[k+i-1]), 9*time.Millisecond, "a retry waited")
		}
	}
	require.Equal(t, 1, txnState_(t, fc, "txc").Commits)
}

// The transaction coordinator moves: the old one answers NOT_COORDINATOR,
// the producer looks it up again and carries on.
func TestTxnCoordinatorMoves(t *testing.T) {
	fc := fakebroker.NewCluster(t, 2)
	fc.AddTopic("t", 1)
	p := newTestProducer(t, txnConfig(fc, "txm"))
	ctx, cancel := contextWithTimeout(5 * time.Second)
	defer cancel()
	require.NoError(t, p.BeginTransaction())
	sendN(t, p, "t", 0, 1)
	require.NoError(t, p.CommitTransaction(ctx))
	fc.SetTxnCoordinator(1)
	require.NoError(t, p.BeginTransaction())
	sendN(t, p, "t", 0, 1)
	require.NoError(t, p.CommitTransaction(ctx))
	require.Equal(t, 1, fc.Brokers[1].Requests(protocol.KeyEndTxn))
	require.Equal(t, 1, fc.Brokers[1].Requests(protocol.KeyAddPartitionsToTxn))
	require.Equal(t, 2, txnState_(t, fc, "txm").Commits)
}

// A commit whose answer is lost (connection closed, or no answer within the
// request timeout) is retried with the same epoch, and counts once.
func TestTxnCommitUnknownOutcomeRetriedSameEpoch(t *testing.T) {
	for _, tc := range []struct {
		name string
		tv   int16
		lose func() fakebroker.Action
	}{
		{"v1 conn lost", 1, fakebroker.CloseConn},
		{"v1 timeout", 1, fakebroker.Silence},
		{"v2 conn lost", 2, fakebroker.CloseConn},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fc := fakebroker.NewCluster(t, 1)
			fc.AddTopic("t", 1)
			fc.SetTransactionVersion(tc.tv)
			var seen atomic.Int32
			fc.Handle(protocol.KeyEndTxn, func(r *fakebroker.Request) fakebroker.Action {
				a := r.Default() // the coordinator commits...
				if seen.Add(1) == 1 {
					return tc.lose() // ...and the answer is lost
				}
				return a
			})
			cfg := txnConfig(fc, "txu")
			cfg.RequestTimeout = 300 * time.Millisecond
			p := newTestProducer(t, cfg)
			ctx, cancel := contextWithTimeout(5 * time.Second)
			defer cancel()
			for i := 0; i < 2; i++ {
				require.NoError(t, p.BeginTransaction())
				sendN(t, p, "t", 0, 2)
				require.NoError(t, p.CommitTransaction(ctx))
			}
			st := txnState_(t, fc, "txu")
			require.Equal(t, 2, st.Commits)
			require.Equal(t, int64(4), st.CommittedRecords["t/0"])
			require.Len(t, st.EndTxnEpochs, 3)
			require.Equal(t, st.EndTxnEpochs[0], st.EndTxnEpochs[1], "the retry kept the epoch")
		})
	}
}

// A commit cut short by its context leaves the outcome open: Abort refuses,
// and Commit again finishes it.
func TestTxnCommitContextEndsThenCommitAgain(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	fc.Handle(protocol.KeyEndTxn, firstN(1, func(*fakebroker.Request) fakebroker.Action { return fakebroker.Silence() }))
	cfg := txnConfig(fc, "txk")
	cfg.RequestTimeout = 2 * time.Second
	cfg.DeliveryTimeout = 5 * time.Second
	p := newTestProducer(t, cfg)
	require.NoError(t, p.BeginTransaction())
	sendN(t, p, "t", 0, 1)
	short, cancel := contextWithTimeout(500 * time.Millisecond)
	err := p.CommitTransaction(short)
	cancel()
	require.ErrorIs(t, err, context.DeadlineExceeded)
	var te *TxnError
	require.ErrorAs(t, err, &te)
	require.False(t, te.Abortable || te.Fatal)
	ctx, cancel := contextWithTimeout(5 * time.Second)
	defer cancel()
	require.Error(t, p.AbortTransaction(ctx))
	require.NoError(t, p.CommitTransaction(ctx))
	require.Equal(t, 1, txnState_(t, fc, "txk").Commits)
}

// Abortable errors: Commit fails typed, Abort works, a new transaction
// commits.
func TestTxnAbortableErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		key  int16
		code int16
		want error
	}{
		{"produce TRANSACTION_ABORTABLE", protocol.KeyProduce, kafkawire.ErrTransactionAbortable.Code, kafkawire.ErrTransactionAbortable},
		{"produce fails for good", protocol.KeyProduce, kafkawire.ErrMessageTooLarge.Code, kafkawire.ErrMessageTooLarge},
		{"add INVALID_TXN_STATE", protocol.KeyAddPartitionsToTxn, kafkawire.ErrInvalidTxnState.Code, kafkawire.ErrInvalidTxnState},
		{"add TOPIC_AUTHORIZATION_FAILED", protocol.KeyAddPartitionsToTxn, kafkawire.ErrTopicAuthorizationFailed.Code, kafkawire.ErrTopicAuthorizationFailed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fc := fakebroker.NewCluster(t, 1)
			fc.AddTopic("t", 1)
			fc.Handle(tc.key, firstN(1, func(r *fakebroker.Request) fakebroker.Action { return fakebroker.ErrorReply(r, tc.code) }))
			cfg := txnConfig(fc, "txe")
			cfg.DeliveryTimeout = 2 * time.Second
			cfg.RequestTimeout = 500 * time.Millisecond
			cfg.DisableRetries = false
			p := newTestProducer(t, cfg)
			ctx, cancel := contextWithTimeout(8 * time.Second)
			defer cancel()
			require.NoError(t, p.BeginTransaction())
			f := p.Send(ctx, rec("t", 0))
			err := p.CommitTransaction(ctx)
			t.Log(err)
			require.ErrorIs(t, err, tc.want)
			var te *TxnError
			require.ErrorAs(t, err, &te)
			require.True(t, te.Abortable)
			requireOneLine(t, err)
			_, ferr := f.Wait(ctx)
			require.Error(t, ferr)
			require.ErrorIs(t, p.SendFunc(ctx, rec("t", 0), nil), tc.want, "sends refused until Abort")
			require.ErrorIs(t, p.BeginTransaction(), tc.want)
			require.NoError(t, p.AbortTransaction(ctx))
			require.NoError(t, p.BeginTransaction())
			sendN(t, p, "t", 0, 3)
			require.NoError(t, p.CommitTransaction(ctx))
			st := txnState_(t, fc, "txe")
			require.Equal(t, 1, st.Commits)
			require.Equal(t, int64(3), st.CommittedRecords["t/0"])
		})
	}
}

// Closing with a transaction open aborts it.
func TestTxnCloseAborts(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	before := runtime.NumGoroutine()
	p, err := New(txnConfig(fc, "txclose"))
	require.NoError(t, err)
	ctx, cancel := contextWithTimeout(5 * time.Second)
	defer cancel()
	require.NoError(t, p.BeginTransaction())
	sendN(t, p, "t", 0, 2)
	require.NoError(t, p.Flush(ctx))
	require.NoError(t, p.Close(ctx))
	checkGoroutines(t, before)
	st := txnState_(t, fc, "txclose")
	require.Equal(t, 1, st.Aborts)
	require.Zero(t, st.Commits)
}

// With transaction version 2, TxnOffsetCommit v5 adds the group itself:
// no AddOffsetsToTxn, and the offsets still commit with the transaction and
// only then.
func TestSendOffsetsToTransactionV2SkipsAddOffsets(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.SetTransactionVersion(2)
	fc.AddTopic("in", 1)
	fc.AddTopic("out", 1)
	var version atomic.Int32
	fc.Handle(protocol.KeyTxnOffsetCommit, func(r *fakebroker.Request) fakebroker.Action {
		version.Store(int32(r.Version))
		return r.Default()
	})
	p := newTestProducer(t, txnConfig(fc, "txo2"))
	ctx, cancel := contextWithTimeout(5 * time.Second)
	defer cancel()
	meta := consumer.GroupMetadata{GroupID: "g", Generation: group.NoGeneration}
	offs := map[kafkawire.TopicPartition]group.Offset{{Topic: "in", Partition: 0}: {Offset: 42, LeaderEpoch: -1}}
	require.NoError(t, p.BeginTransaction())
	sendN(t, p, "out", 0, 1)
	require.NoError(t, p.SendOffsetsToTransaction(ctx, offs, meta))
	require.Equal(t, int64(-1), fc.Committed("g", "in", 0), "not visible before the commit")
	require.NoError(t, p.CommitTransaction(ctx))
	require.Equal(t, int64(42), fc.Committed("g", "in", 0))
	require.Zero(t, fc.Requests(protocol.KeyAddOffsetsToTxn))
	require.Equal(t, int32(5), version.Load())

	// Offsets alone (nothing produced) still make a transaction to commit.
	require.NoError(t, p.BeginTransaction())
	offs[kafkawire.TopicPartition{Topic: "in"}] = group.Offset{Offset: 50, LeaderEpoch: -1}
	require.NoError(t, p.SendOffsetsToTransaction(ctx, offs, meta))
	require.NoError(t, p.CommitTransaction(ctx))
	require.Equal(t, int64(50), fc.Committed("g", "in", 0))
}

func TestSendOffsetsToTransaction(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("in", 1)
	fc.AddTopic("out", 1)
	var got atomic.Pointer[protocol.TxnOffsetCommitRequest]
	fc.Handle(protocol.KeyTxnOffsetCommit, func(r *fakebroker.Request) fakebroker.Action {
		got.Store(r.Body.(*protocol.TxnOffsetCommitRequest))
		return r.Default()
	})
	p := newTestProducer(t, txnConfig(fc, "txo"))
	ctx, cancel := contextWithTimeout(5 * time.Second)
	defer cancel()
	inst := "instance-1"
	meta := consumer.GroupMetadata{GroupID: "g", Generation: group.Generation{ID: -1, MemberID: "m-1", InstanceID: &inst}}
	offs := map[kafkawire.TopicPartition]group.Offset{{Topic: "in", Partition: 0}: {Offset: 42, LeaderEpoch: -1}}

	require.NoError(t, p.BeginTransaction())
	sendN(t, p, "out", 0, 1)
	require.NoError(t, p.SendOffsetsToTransaction(ctx, offs, meta))
	require.Equal(t, int64(-1), fc.Committed("g", "in", 0), "not visible before the commit")
	require.NoError(t, p.CommitTransaction(ctx))
	require.Equal(t, int64(42), fc.Committed("g", "in", 0))
	req := got.Load()
	require.Equal(t, "m-1", req.MemberID)
	require.Equal(t, int32(-1), req.GenerationID)
	require.Equal(t, &inst, req.GroupInstanceID)
	require.Equal(t, 1, fc.Requests(protocol.KeyAddOffsetsToTxn))

	// Aborted offsets are not committed.
	require.NoError(t, p.BeginTransaction())
	offs[kafkawire.TopicPartition{Topic: "in"}] = group.Offset{Offset: 50, LeaderEpoch: -1}
	require.NoError(t, p.SendOffsetsToTransaction(ctx, offs, meta))
	require.NoError(t, p.AbortTransaction(ctx))
	require.Equal(t, int64(42), fc.Committed("g", "in", 0))

	// A generation the group moved on from: abortable, typed, partition named.
	fc.Handle(protocol.KeyTxnOffsetCommit, func(r *fakebroker.Request) fakebroker.Action {
		return fakebroker.ErrorReply(r, kafkawire.ErrIllegalGeneration.Code)
	})
	require.NoError(t, p.BeginTransaction())
	err := p.SendOffsetsToTransaction(ctx, offs, meta)
	t.Log(err)
	require.ErrorIs(t, err, kafkawire.ErrIllegalGeneration)
	require.Contains(t, err.Error(), "in/0")
	var te *TxnError
	require.ErrorAs(t, err, &te)
	require.True(t, te.Abortable)
	require.ErrorIs(t, p.CommitTransaction(ctx), kafkawire.ErrIllegalGeneration)
	require.NoError(t, p.AbortTransaction(ctx))
	require.Equal(t, int64(42), fc.Committed("g", "in", 0))

	// A retriable partition error is retried.
	fc.Handle(protocol.KeyTxnOffsetCommit, firstN(2, func(r *fakebroker.Request) fakebroker.Action {
		return fakebroker.ErrorReply(r, kafkawire.ErrCoordinatorLoadInProgress.Code)
	}))
	require.NoError(t, p.BeginTransaction())
	require.NoError(t, p.SendOffsetsToTransaction(ctx, offs, meta))
	require.NoError(t, p.CommitTransaction(ctx))
	require.Equal(t, int64(50), fc.Committed("g", "in", 0))
}

// InitProducerId refused for good (the transactional id not authorized)
// makes the producer fail every call with it.
func TestTxnInitProducerIDFatal(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	fc.Handle(protocol.KeyInitProducerID, func(r *fakebroker.Request) fakebroker.Action {
		return fakebroker.ErrorReply(r, kafkawire.ErrTransactionalIDAuthorizationFailed.Code)
	})
	p := newTestProducer(t, txnConfig(fc, "txi"))
	ctx, cancel := contextWithTimeout(5 * time.Second)
	defer cancel()
	require.Eventually(t, func() bool { return p.txn.load() == txnFatal }, 2*time.Second, 5*time.Millisecond)
	err := p.BeginTransaction()
	t.Log(err)
	require.ErrorIs(t, err, kafkawire.ErrTransactionalIDAuthorizationFailed)
	var te *TxnError
	require.ErrorAs(t, err, &te)
	require.True(t, te.Fatal)
	requireOneLine(t, err)
	require.ErrorIs(t, p.SendFunc(ctx, rec("t", 0), nil), kafkawire.ErrTransactionalIDAuthorizationFailed)
	require.ErrorIs(t, p.CommitTransaction(ctx), kafkawire.ErrTransactionalIDAuthorizationFailed)
	require.Equal(t, 1, fc.Requests(protocol.KeyInitProducerID), "not retried")
}

// Abort does not wait for a batch in flight that then fails retriably: it
// fails it (no retry inside an aborting transaction), and the next
// transaction runs on a bumped epoch.
func TestTxnAbortDoesNotRetryInFlight(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	fc.Handle(protocol.KeyProduce, firstN(1, func(r *fakebroker.Request) fakebroker.Action {
		return fakebroker.Delay(300*time.Millisecond, fakebroker.ErrorReply(r, kafkawire.ErrNotLeaderOrFollower.Code))
	}))
	p := newTestProducer(t, txnConfig(fc, "txr"))
	ctx, cancel := contextWithTimeout(5 * time.Second)
	defer cancel()
	require.NoError(t, p.BeginTransaction())
	f := p.Send(ctx, rec("t", 0))
	go p.Flush(ctx)
	require.Eventually(t, func() bool { return fc.Requests(protocol.KeyProduce) == 1 }, 2*time.Second, 5*time.Millisecond)
	start := time.Now()
	require.NoError(t, p.AbortTransaction(ctx))
	require.Less(t, time.Since(start), time.Second)
	_, err := f.Wait(ctx)
	require.ErrorIs(t, err, ErrTransactionAborted)
	require.NoError(t, p.BeginTransaction())
	sendN(t, p, "t", 0, 1)
	require.NoError(t, p.CommitTransaction(ctx))
	st := txnState_(t, fc, "txr")
	require.Equal(t, 1, st.Commits)
	require.Equal(t, int64(1), st.CommittedRecords["t/0"])
	require.Equal(t, st.EndTxnEpochs[0]+1, st.EndTxnEpochs[1], "the epoch was bumped after the failed batch")
}

// AddOffsetsToTxn answered PRODUCER_FENCED: fatal, ErrProducerFenced.
func TestTxnSendOffsetsFenced(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	fc.Handle(protocol.KeyAddOffsetsToTxn, func(r *fakebroker.Request) fakebroker.Action {
		return fakebroker.ErrorReply(r, kafkawire.ErrProducerFenced.Code)
	})
	p := newTestProducer(t, txnConfig(fc, "txof"))
	ctx, cancel := contextWithTimeout(5 * time.Second)
	defer cancel()
	require.NoError(t, p.BeginTransaction())
	err := p.SendOffsetsToTransaction(ctx, map[kafkawire.TopicPartition]group.Offset{{Topic: "t"}: {Offset: 1, LeaderEpoch: -1}},
		consumer.GroupMetadata{GroupID: "g", Generation: group.NoGeneration})
	t.Log(err)
	require.ErrorIs(t, err, ErrProducerFenced)
	requireOneLine(t, err)
	require.ErrorIs(t, p.CommitTransaction(ctx), ErrProducerFenced)
	require.ErrorIs(t, p.SendFunc(ctx, rec("t", 0), nil), ErrProducerFenced)
}

// A fenced producer that writes more gets INVALID_PRODUCER_EPOCH from the
// partition leader: that is fatal, ErrProducerFenced, like the coordinator's
// PRODUCER_FENCED.
func TestTxnFencedProducerWritesMore(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	ctx, cancel := contextWithTimeout(5 * time.Second)
	defer cancel()
	old := newTestProducer(t, txnConfig(fc, "txw"))
	require.NoError(t, old.BeginTransaction())
	sendN(t, old, "t", 0, 1)
	require.NoError(t, old.Flush(ctx))
	newer := newTestProducer(t, txnConfig(fc, "txw"))
	require.NoError(t, newer.BeginTransaction())
	sendN(t, newer, "t", 0, 1)
	require.NoError(t, newer.CommitTransaction(ctx))
	require.NoError(t, newer.BeginTransaction()) // the partition is in newer's transaction: old's batch reaches the epoch check
	sendN(t, newer, "t", 0, 1)
	require.NoError(t, newer.Flush(ctx))

	f := old.Send(ctx, rec("t", 0))
	require.NoError(t, old.Flush(ctx))
	_, err := f.Wait(ctx)
	t.Log(err)
	require.ErrorIs(t, err, kafkawire.ErrInvalidProducerEpoch)
	require.ErrorIs(t, err, ErrProducerFenced)
	err = old.CommitTransaction(ctx)
	require.ErrorIs(t, err, ErrProducerFenced)
	requireOneLine(t, err)
	require.ErrorIs(t, old.SendFunc(ctx, rec("t", 0), nil), ErrProducerFenced)
	require.NoError(t, newer.CommitTransaction(ctx))
	require.Equal(t, int64(2), txnState_(t, fc, "txw").CommittedRecords["t/0"])
}

// InitProducerId through a coordinator that is loading, then moved: both
// retried after a backoff, the coordinator looked up again after the move.
func TestTxnInitProducerIDCoordinatorErrorsRetried(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	var seen atomic.Int32
	var mu sync.Mutex
	var times [3]time.Time
	fc.Handle(protocol.KeyInitProducerID, func(r *fakebroker.Request) fakebroker.Action {
		n := seen.Add(1)
		if n <= 3 {
			mu.Lock()
			times[n-1] = time.Now()
			mu.Unlock()
		}
		switch n {
		case 1:
			return fakebroker.ErrorReply(r, kafkawire.ErrCoordinatorLoadInProgress.Code)
		case 2:
			return fakebroker.ErrorReply(r, kafkawire.ErrNotCoordinator.Code)
		}
		return r.Default()
	})
	cfg := txnConfig(fc, "txl")
	cfg.RetryBackoff, cfg.RetryBackoffMax = 50*time.Millisecond, 100*time.Millisecond
	p := newTestProducer(t, cfg)
	ctx, cancel := contextWithTimeout(5 * time.Second)
	defer cancel()
	require.NoError(t, p.BeginTransaction())
	sendN(t, p, "t", 0, 1)
	require.NoError(t, p.CommitTransaction(ctx))
	require.Equal(t, int32(3), seen.Load())
	require.GreaterOrEqual(t, fc.Requests(protocol.KeyFindCoordinator), 2, "looked up again after NOT_COORDINATOR")
	mu.Lock()
	defer mu.Unlock()
	require.GreaterOrEqual(t, times[1].Sub(times[0]), 25*time.Millisecond, "backed off")
	require.GreaterOrEqual(t, times[2].Sub(times[1]), 25*time.Millisecond, "backed off")
	require.Equal(t, 1, txnState_(t, fc, "txl").Commits)
}

// AddPartitionsToTxn failing retriably until the records' delivery timeout:
// they expire naming why, and the transaction is abortable.
func TestTxnAddPartitionsRetriedUntilDeliveryTimeout(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	fc.Handle(protocol.KeyAddPartitionsToTxn, func(r *fakebroker.Request) fakebroker.Action {
		return fakebroker.ErrorReply(r, kafkawire.ErrCoordinatorLoadInProgress.Code)
	})
	cfg := txnConfig(fc, "txd")
	cfg.Linger = NoLinger
	cfg.DeliveryTimeout = time.Second
	p := newTestProducer(t, cfg)
	ctx, cancel := contextWithTimeout(5 * time.Second)
	defer cancel()
	require.NoError(t, p.BeginTransaction())
	_, err := p.SendSync(ctx, rec("t", 0))
	t.Log(err)
	require.ErrorIs(t, err, ErrDeliveryTimeout)
	require.ErrorIs(t, err, kafkawire.ErrCoordinatorLoadInProgress)
	require.Contains(t, err.Error(), "AddPartitionsToTxn")
	requireOneLine(t, err)
	require.Less(t, fc.Requests(protocol.KeyAddPartitionsToTxn), 15, "backed off")
	var te *TxnError
	require.ErrorAs(t, p.CommitTransaction(ctx), &te)
	require.True(t, te.Abortable)
	require.NoError(t, p.AbortTransaction(ctx))
	require.Zero(t, fc.Requests(protocol.KeyProduce), "nothing produced to a partition not in the transaction")
}
