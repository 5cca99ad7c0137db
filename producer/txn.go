package producer

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/consumer"
	"github.com/kafkawire/kafkawire/protocol"
)

// txnState is where a transactional producer is in its transaction.
//
//	ready --Begin--> open --Commit--> committing --EndTxn ok--> ready
//	                  |  \                 | (a batch failed)
//	                  |   `-- abortable <--'     (a commit whose outcome is unknown
//	                  |          |                stays committing: Commit again)
//	                  `--Abort-> aborting --EndTxn ok--> ready
//	any --fenced, or refused for good--> fatal (terminal)
type txnState int32

const (
	txnReady txnState = iota
	txnOpen
	txnCommitting
	txnAborting
	txnAbortable
	txnFatal
)

// concurrentBackoff paces retries of CONCURRENT_TRANSACTIONS: the previous
// transaction is still being completed, which takes milliseconds, so the
// usual RetryBackoff would add latency to every transaction (Java waits
// 20ms).
var concurrentBackoff = conn.Backoff{Base: 20 * time.Millisecond, Max: 20 * time.Millisecond}

// txnManager is a transactional producer's state. state is written under
// Producer.mu and read without it (Send's check is one atomic load); the
// other fields are guarded by Producer.mu.
type txnManager struct {
	id        string
	timeoutMs int32
	state     atomic.Int32

	// opMu runs Commit, Abort and SendOffsetsToTransaction one at a time.
	opMu sync.Mutex

	err     error // why the state is abortable or fatal
	num     int   // transactions begun, so late answers of an old one are ignored
	started bool  // the coordinator knows of the transaction: EndTxn is needed
	// TV1: partitions added to the transaction, and those waiting for the
	// next AddPartitionsToTxn (one request per drain round).
	added    map[kafkawire.TopicPartition]bool
	pending  map[kafkawire.TopicPartition]bool
	adding   bool
	addNext  time.Time
	addFails int
	addErr   error // why the last AddPartitionsToTxn failed: the cause waiting records expire with
	// failPending: the transaction went abortable or fatal, so what it has
	// not sent must fail; drain does it at the start of its next pass
	// (failing batches from inside finish would change the lists the
	// caller is walking).
	failPending bool
	// bumpOK lets the sender run the InitProducerId that bumps the epoch
	// once an aborted transaction is over (TV1; TV2 bumps in EndTxn).
	bumpOK  bool
	changed chan struct{} // closed and replaced when pid, state or adding change
}

func newTxnManager(s settings) *txnManager {
	return &txnManager{
		id: s.TransactionalID, timeoutMs: int32(s.TransactionTimeout / time.Millisecond),
		added: map[kafkawire.TopicPartition]bool{}, pending: map[kafkawire.TopicPartition]bool{},
		changed: make(chan struct{}),
	}
}

func (t *txnManager) load() txnState { return txnState(t.state.Load()) }

// setLocked changes the state and wakes whoever waits on it. Called with
// Producer.mu held.
func (t *txnManager) setLocked(st txnState) {
	t.state.Store(int32(st))
	t.broadcastLocked()
}

func (t *txnManager) broadcastLocked() {
	close(t.changed)
	t.changed = make(chan struct{})
}

// sendErrLocked is why Send refuses a record in state st.
func (t *txnManager) sendErrLocked(st txnState) error {
	switch st {
	case txnAbortable, txnFatal:
		return t.err
	case txnCommitting, txnAborting:
		return fmt.Errorf("%w: the transaction is being completed", ErrNoTransaction)
	}
	return ErrNoTransaction
}

// txnSendErr is sendErrLocked taking the lock, for Send's early check.
func (p *Producer) txnSendErr() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	st := p.txn.load()
	if st == txnOpen {
		return nil
	}
	return p.txn.sendErrLocked(st)
}

// BeginTransaction starts a transaction. It is local, as in Java: the
// coordinator learns of the transaction with its first partition or
// offsets. It fails if the producer is not transactional, if a
// transaction is open (or being completed), after an abortable error until
// AbortTransaction, and for good after a fatal one.
func (p *Producer) BeginTransaction() error {
	t := p.txn
	if t == nil {
		return ErrNotTransactional
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return ErrClosed
	}
	switch st := t.load(); st {
	case txnReady:
		t.num++
		t.started = false
		t.err = nil
		t.setLocked(txnOpen)
		return nil
	case txnAbortable, txnFatal:
		return t.err
	default:
		return ErrTransactionOpen
	}
}

// CommitTransaction sends every record of the transaction (as Flush), then
// commits it with EndTxn. Coordinator moves, CONCURRENT_TRANSACTIONS and
// answers lost on the way (a request timeout, a broken connection) are
// retried within ctx with the same producer epoch, as Java does. If ctx
// ends first, the outcome is unknown: call CommitTransaction again to
// finish it (AbortTransaction refuses meanwhile). A *TxnError with
// Abortable set means the transaction cannot commit (a record failed):
// AbortTransaction, then begin a new one. With Fatal set the producer is
// done (errors.Is(err, ErrProducerFenced) when it was fenced).
func (p *Producer) CommitTransaction(ctx context.Context) error {
	t := p.txn
	if t == nil {
		return ErrNotTransactional
	}
	t.opMu.Lock()
	defer t.opMu.Unlock()
	p.mu.Lock()
	switch st := t.load(); st {
	case txnOpen:
		t.setLocked(txnCommitting)
	case txnCommitting: // a commit cut short by its ctx: finish it
	case txnAbortable, txnFatal:
		err := t.err
		p.mu.Unlock()
		return err
	default:
		p.mu.Unlock()
		return ErrNoTransaction
	}
	num := t.num
	p.mu.Unlock()
	if err := p.Flush(ctx); err != nil {
		return &TxnError{Op: "commit", Err: err}
	}
	p.mu.Lock()
	if st := t.load(); st != txnCommitting || t.num != num {
		err := t.err
		p.mu.Unlock()
		if err == nil {
			err = ErrNoTransaction
		}
		return err
	}
	started := t.started
	p.mu.Unlock()
	if started {
		if err := p.endTxn(ctx, true); err != nil {
			return err
		}
	}
	p.mu.Lock()
	p.txnDoneLocked()
	p.mu.Unlock()
	return nil
}

// AbortTransaction ends the transaction without committing it: records not
// sent yet fail with ErrTransactionAborted, records in flight are awaited,
// then EndTxn(abort) tells the coordinator. It works after an abortable
// error, which it clears. If ctx ends first, call it again.
func (p *Producer) AbortTransaction(ctx context.Context) error {
	t := p.txn
	if t == nil {
		return ErrNotTransactional
	}
	t.opMu.Lock()
	defer t.opMu.Unlock()
	return p.abort(ctx)
}

// abort is AbortTransaction with t.opMu held.
func (p *Producer) abort(ctx context.Context) error {
	t := p.txn
	p.mu.Lock()
	switch st := t.load(); st {
	case txnOpen, txnAbortable, txnAborting:
		t.setLocked(txnAborting)
	case txnCommitting:
		p.mu.Unlock()
		return &TxnError{Op: "abort", Err: errors.New("a commit is under way or its outcome is unknown; call CommitTransaction again")}
	case txnFatal:
		err := t.err
		p.mu.Unlock()
		return err
	default:
		p.mu.Unlock()
		return ErrNoTransaction
	}
	clear(t.pending)
	t.failPending = false
	p.failUnsentLocked(ErrTransactionAborted)
	var waits []chan struct{}
	for _, pt := range p.parts {
		for _, b := range pt.inflight {
			waits = append(waits, b.done)
		}
	}
	p.mu.Unlock()
	p.runCompletions()
	p.nudge()
	for _, w := range waits {
		select {
		case <-w:
		case <-ctx.Done():
			return &TxnError{Op: "abort", Err: fmt.Errorf("waiting for records in flight: %w", ctx.Err())}
		}
	}
	// An AddPartitionsToTxn still under way must be answered before
	// EndTxn, or it could reopen the transaction at the coordinator.
	for {
		p.mu.Lock()
		busy, ch := t.adding, t.changed
		started := t.started
		p.mu.Unlock()
		if !busy {
			if started {
				if err := p.endTxn(ctx, false); err != nil {
					return err
				}
			}
			break
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return &TxnError{Op: "abort", Err: fmt.Errorf("waiting for AddPartitionsToTxn: %w", ctx.Err())}
		}
	}
	p.mu.Lock()
	p.txnDoneLocked()
	p.mu.Unlock()
	p.nudge()
	return nil
}

// txnDoneLocked returns to ready once EndTxn succeeded (or nothing needed
// it). An epoch bump owed (a batch failed, so its sequence numbers left a
// gap) may now run. Called with p.mu held.
func (p *Producer) txnDoneLocked() {
	t := p.txn
	t.started = false
	clear(t.added)
	clear(t.pending)
	t.addFails, t.addNext, t.addErr = 0, time.Time{}, nil
	t.err = nil
	if p.bumpNeeded {
		t.bumpOK = true
		p.nudgeLocked()
	}
	t.setLocked(txnReady)
}

// failUnsentLocked fails every batch not in flight (queued, or waiting to
// be retried) with err. A batch that had sequence numbers leaves a gap:
// the epoch must be bumped before the next transaction sends. Called with
// p.mu held; the caller runs the completions.
func (p *Producer) failUnsentLocked(err error) {
	for _, pt := range p.parts {
		for _, list := range []*[]*batch{&pt.retry, &pt.queue} {
			for _, b := range *list {
				if b.sealed {
					p.bumpNeeded = true
				}
				p.finish(b, -1, -1, err)
			}
			clear(*list)
			*list = (*list)[:0]
		}
	}
}

// txnBatchFailedLocked makes an open (or committing) transaction abortable
// when one of its batches failed for good. Called with p.mu held, from
// finish.
func (p *Producer) txnBatchFailedLocked(err error) {
	t := p.txn
	if st := t.load(); st != txnOpen && st != txnCommitting {
		return
	}
	var te *TxnError
	if errors.As(err, &te) && te.Fatal {
		p.txnFatalLocked(te)
		return
	}
	if isFencedCode(err) {
		// PRODUCER_FENCED, or INVALID_PRODUCER_EPOCH: a newer epoch wrote
		// to the partition (another producer's InitProducerId, or the
		// coordinator's abort of our transaction after TransactionTimeout,
		// TV1). Either way this epoch can neither commit nor abort.
		p.txnFatalLocked(fatalTxn("Produce", err))
		return
	}
	t.err = &TxnError{Op: "Produce", Err: oneLine(err), Abortable: true}
	t.setLocked(txnAbortable)
	t.failPending = true // as Java: nothing more of this transaction is sent
	p.nudgeLocked()
	p.s.Logger.Debug("producer: transaction abortable", "transactional_id", t.id, "err", err)
}

// txnFatalLocked makes the producer refuse everything with err from now
// on, and fails what it has not sent. Called with p.mu held.
func (p *Producer) txnFatalLocked(err *TxnError) {
	t := p.txn
	if t.load() == txnFatal {
		return
	}
	t.err = err
	t.setLocked(txnFatal)
	clear(t.pending)
	t.failPending = true
	p.nudgeLocked()
	p.s.Logger.Warn("producer: transactional producer failed for good", "transactional_id", t.id, "err", err)
}

// txnFailed classifies a failed transaction step: fatal, abortable, or
// (the context ended while it was being retried) neither, which leaves the
// state as it is.
func (p *Producer) txnFailed(op string, err error, abortable func(error) bool) error {
	p.mu.Lock()
	out := p.txnFailedLocked(op, err, abortable)
	p.mu.Unlock()
	p.runCompletions()
	return out
}

func (p *Producer) txnFailedLocked(op string, err error, abortable func(error) bool) error {
	t := p.txn
	if t.load() == txnFatal {
		return t.err
	}
	switch {
	case isFatalTxn(err):
		p.txnFatalLocked(fatalTxn(op, err))
		return t.err
	case abortable(err):
		te := &TxnError{Op: op, Err: oneLine(err), Abortable: true}
		if st := t.load(); st == txnOpen || st == txnCommitting || st == txnAborting {
			t.err = te
			t.setLocked(txnAbortable)
			t.failPending = true
			p.nudgeLocked()
		}
		return te
	case txnRetriable(err) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return &TxnError{Op: op, Err: oneLine(err)}
	}
	p.txnFatalLocked(&TxnError{Op: op, Err: oneLine(err), Fatal: true})
	return t.err
}

// abortableKafka: any Kafka error code (the fatal ones are sorted out
// first) makes the transaction abortable.
func abortableKafka(err error) bool {
	var ke *kafkawire.Error
	return errors.As(err, &ke) && !ke.Retriable
}

// abortableEndTxn: the EndTxn answers Java treats as abortable; any other
// non-retriable one is fatal.
func abortableEndTxn(err error) bool {
	return errors.Is(err, kafkawire.ErrTransactionAbortable) || errors.Is(err, kafkawire.ErrUnknownProducerID) ||
		errors.Is(err, kafkawire.ErrInvalidProducerIDMapping)
}

// txnAttempt makes one request to the transaction coordinator, bounded by
// the request timeout; a coordinator that moved, is not ready or could not
// be reached is forgotten, so the next attempt looks it up again.
func (p *Producer) txnAttempt(ctx context.Context, fn func(context.Context, *conn.Conn) error) error {
	rctx, cancel := conn.WithRequestTimeout(ctx, p.s.RequestTimeout)
	defer cancel()
	cn, err := p.cluster.Coordinator(rctx, conn.TransactionCoordinator, p.txn.id)
	if err == nil {
		err = fn(rctx, cn)
	}
	var ke *kafkawire.Error
	if err != nil && (conn.IsCoordinatorError(err) || !errors.As(err, &ke)) {
		p.cluster.InvalidateCoordinator(conn.TransactionCoordinator, p.txn.id)
	}
	return err
}

// retryDelay is the wait before retry number attempt after err.
func (p *Producer) retryDelay(err error, attempt int) time.Duration {
	if errors.Is(err, kafkawire.ErrConcurrentTransactions) {
		return concurrentBackoff.Delay(0)
	}
	return p.cluster.Backoff().Delay(attempt)
}

// txnRetry repeats a coordinator request while it fails retriably, waiting
// between attempts, until ctx ends.
func (p *Producer) txnRetry(ctx context.Context, fn func(context.Context, *conn.Conn) error) error {
	for attempt := 0; ; attempt++ {
		err := p.txnAttempt(ctx, fn)
		if err == nil || !txnRetriable(err) {
			return err
		}
		if ctx.Err() != nil || conn.Sleep(ctx, p.retryDelay(err, attempt)) != nil {
			return fmt.Errorf("%w; last attempt: %w", ctx.Err(), oneLine(err))
		}
	}
}

// endTxn commits or aborts at the coordinator, retrying with the same
// producer id and epoch. With transaction version 2 the coordinator bumps
// the epoch and returns it: every partition numbers from 0 in it.
func (p *Producer) endTxn(ctx context.Context, commit bool) error {
	t := p.txn
	p.mu.Lock()
	pid := p.pid
	p.mu.Unlock()
	op := "EndTxn(abort)"
	if commit {
		op = "EndTxn(commit)"
	}
	var resp protocol.EndTxnResponse
	err := p.txnRetry(ctx, func(ctx context.Context, cn *conn.Conn) error {
		v, ok := cn.Version(protocol.KeyEndTxn)
		if !ok {
			return &conn.UnsupportedError{Broker: cn.Addr(), APIKey: protocol.KeyEndTxn}
		}
		req := protocol.EndTxnRequest{TransactionalID: t.id, ProducerID: pid.id, ProducerEpoch: pid.epoch, Committed: commit}
		resp = protocol.EndTxnResponse{}
		if err := cn.RoundTripVersion(ctx, &req, &resp, v); err != nil {
			return err
		}
		if err := kafkawire.ErrorForCode(resp.ErrorCode); err != nil {
			return fmt.Errorf("from %s: %w", cn.Addr(), err)
		}
		return nil
	})
	if err != nil {
		return p.txnFailed(op, err, abortableEndTxn)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if pid.tv2 && resp.ProducerID >= 0 && resp.ProducerEpoch >= 0 {
		p.setPIDLocked(producerID{id: resp.ProducerID, epoch: resp.ProducerEpoch, tv2: true})
	}
	p.s.Logger.Debug("producer: transaction ended", "transactional_id", t.id, "commit", commit, "producer_id", p.pid.id, "epoch", p.pid.epoch)
	return nil
}

// setPIDLocked installs a new producer id or epoch: a new generation, in
// which every partition numbers from 0. Called with p.mu held.
func (p *Producer) setPIDLocked(got producerID) {
	got.gen = p.pid.gen + 1
	p.pid = got
	p.bumpNeeded = false
	p.pidInit = pidState{}
	clear(p.idleSeq)
	if t := p.txn; t != nil {
		t.bumpOK = false
		t.broadcastLocked()
	}
	p.nudgeLocked()
}

// waitPID waits until the producer has an id and epoch to use, or fails
// as the transaction has.
func (p *Producer) waitPID(ctx context.Context) (producerID, error) {
	t := p.txn
	for {
		p.mu.Lock()
		if st := t.load(); st == txnFatal || st == txnAbortable {
			err := t.err
			p.mu.Unlock()
			return producerID{}, err
		}
		if p.pid.id >= 0 && !p.bumpNeeded {
			pid := p.pid
			p.mu.Unlock()
			return pid, nil
		}
		ch, last := t.changed, p.pidInit.err
		p.mu.Unlock()
		p.nudge()
		select {
		case <-ch:
		case <-ctx.Done():
			if last != nil {
				return producerID{}, &TxnError{Op: "InitProducerId", Err: fmt.Errorf("%w; last attempt: %w", ctx.Err(), last)}
			}
			return producerID{}, &TxnError{Op: "InitProducerId", Err: ctx.Err()}
		}
	}
}

// requestTxnProducerID is InitProducerId for a transactional producer: to
// the transaction coordinator, with the transactional id and timeout, and
// the transaction version the cluster has finalized (KIP-890: version 2
// when transaction.version >= 2 and the broker speaks EndTxn v5 and
// Produce v12).
func (p *Producer) requestTxnProducerID(cur producerID) (producerID, error) {
	t := p.txn
	var got producerID
	err := p.txnAttempt(p.reqCtx, func(ctx context.Context, cn *conn.Conn) error {
		v, ok := cn.Version(protocol.KeyInitProducerID)
		if !ok {
			return &conn.UnsupportedError{Broker: cn.Addr(), APIKey: protocol.KeyInitProducerID}
		}
		id := t.id
		req := protocol.InitProducerIDRequest{TransactionalID: &id, TransactionTimeoutMs: t.timeoutMs, ProducerID: -1, ProducerEpoch: -1}
		if v >= 3 && cur.id >= 0 {
			req.ProducerID, req.ProducerEpoch = cur.id, cur.epoch
		}
		var resp protocol.InitProducerIDResponse
		if err := cn.RoundTripVersion(ctx, &req, &resp, v); err != nil {
			return err
		}
		if err := kafkawire.ErrorForCode(resp.ErrorCode); err != nil {
			return fmt.Errorf("from %s: %w", cn.Addr(), err)
		}
		ev, _ := cn.Version(protocol.KeyEndTxn)
		pv, _ := cn.Version(protocol.KeyProduce)
		level, _ := cn.FinalizedFeature("transaction.version")
		ov, _ := cn.Version(protocol.KeyTxnOffsetCommit)
		got = producerID{id: resp.ProducerID, epoch: resp.ProducerEpoch, tv2: level >= 2 && ev >= 5 && pv >= 12 && ov >= 5}
		tv := 1
		if got.tv2 {
			tv = 2
		}
		p.s.Logger.Debug("producer: transaction version", "version", tv, "transactional_id", t.id,
			"finalized_transaction_version", level, "end_txn_version", ev, "produce_version", pv)
		return nil
	})
	if err != nil {
		return producerID{}, fmt.Errorf("producer: InitProducerId: %w", err)
	}
	return got, nil
}

// startAddPartitions sends one AddPartitionsToTxn with every partition
// that drain found waiting to be added (TV1), if none is under way and no
// backoff holds it; it returns how long until one is due. Called with p.mu
// held, from drain.
func (p *Producer) startAddPartitions(now time.Time) time.Duration {
	t := p.txn
	if t == nil || len(t.pending) == 0 || t.adding || p.reqCtx.Err() != nil {
		return 0
	}
	if st := t.load(); st != txnOpen && st != txnCommitting {
		clear(t.pending)
		return 0
	}
	if d := t.addNext.Sub(now); d > 0 {
		return d
	}
	parts := make([]kafkawire.TopicPartition, 0, len(t.pending))
	for tp := range t.pending {
		if !t.added[tp] {
			parts = append(parts, tp)
		}
	}
	clear(t.pending)
	if len(parts) == 0 {
		return 0
	}
	t.adding = true
	p.reqWG.Add(1)
	go p.addPartitions(parts, p.pid, t.num)
	return 0
}

// addPartitions makes one AddPartitionsToTxn attempt; drain retries what
// it could not add after a backoff.
func (p *Producer) addPartitions(parts []kafkawire.TopicPartition, pid producerID, num int) {
	defer p.reqWG.Done()
	t := p.txn
	req := protocol.AddPartitionsToTxnRequest{V3AndBelowTransactionalID: t.id, V3AndBelowProducerID: pid.id, V3AndBelowProducerEpoch: pid.epoch}
	idx := map[string]int{}
	for _, tp := range parts {
		i, ok := idx[tp.Topic]
		if !ok {
			i = len(req.V3AndBelowTopics)
			idx[tp.Topic] = i
			req.V3AndBelowTopics = append(req.V3AndBelowTopics, protocol.AddPartitionsToTxnRequestTopic{Name: tp.Topic})
		}
		req.V3AndBelowTopics[i].Partitions = append(req.V3AndBelowTopics[i].Partitions, tp.Partition)
	}
	var resp protocol.AddPartitionsToTxnResponse
	err := p.txnAttempt(p.reqCtx, func(ctx context.Context, cn *conn.Conn) error {
		v, err := cn.VersionUpTo(protocol.KeyAddPartitionsToTxn, 3) // v4+ is the brokers' form
		if err != nil {
			return err
		}
		resp = protocol.AddPartitionsToTxnResponse{}
		return cn.RoundTripVersion(ctx, &req, &resp, v)
	})
	ok := map[kafkawire.TopicPartition]bool{}
	var retry, final []error
	if err == nil {
		for _, tr := range resp.ResultsByTopicV3AndBelow {
			for _, pr := range tr.ResultsByPartition {
				tp := kafkawire.TopicPartition{Topic: tr.Name, Partition: pr.PartitionIndex}
				perr := kafkawire.ErrorForCode(pr.PartitionErrorCode)
				switch {
				case perr == nil:
					ok[tp] = true
				case errors.Is(perr, kafkawire.ErrOperationNotAttempted), txnRetriable(perr):
					retry = append(retry, fmt.Errorf("%s/%d: %w", tp.Topic, tp.Partition, perr))
				default:
					final = append(final, fmt.Errorf("%s/%d: %w", tp.Topic, tp.Partition, perr))
				}
			}
		}
		if len(retry) > 0 && conn.IsCoordinatorError(errors.Join(retry...)) {
			p.cluster.InvalidateCoordinator(conn.TransactionCoordinator, t.id)
		}
	}
	p.mu.Lock()
	defer p.runCompletions()
	defer p.mu.Unlock()
	t.adding = false
	t.broadcastLocked()
	p.nudgeLocked()
	if t.num != num || (t.load() != txnOpen && t.load() != txnCommitting) {
		return // aborted meanwhile: abort waited for this answer
	}
	for tp := range ok {
		t.added[tp] = true
		t.started = true
		delete(t.pending, tp) // drain saw it waiting while this request was out
	}
	if len(ok) > 0 {
		p.s.Logger.Debug("producer: partitions added to the transaction", "transactional_id", t.id, "partitions", len(ok))
	}
	switch {
	case err == nil && len(final) > 0:
		err = errors.Join(final...)
	case err == nil && len(retry) > 0:
		err = errors.Join(retry...)
	}
	if err == nil {
		t.addFails, t.addErr = 0, nil
		return
	}
	if txnRetriable(err) || (len(final) == 0 && len(retry) > 0) {
		// Not added: drain asks again for them after a backoff (their
		// batches wait; they expire at DeliveryTimeout).
		for _, tp := range parts {
			if !ok[tp] {
				t.pending[tp] = true
			}
		}
		t.addNext = time.Now().Add(p.retryDelay(err, t.addFails))
		t.addFails++
		t.addErr = fmt.Errorf("producer: AddPartitionsToTxn: %w", oneLine(err))
		if t.addFails == 1 {
			p.s.Logger.Debug("producer: AddPartitionsToTxn failed; retrying", "err", err)
		}
		return
	}
	err = fmt.Errorf("from the coordinator: %w", err)
	if isFatalTxn(err) {
		p.txnFatalLocked(fatalTxn("AddPartitionsToTxn", err))
		return
	}
	// INVALID_TXN_STATE, TOPIC_AUTHORIZATION_FAILED, TRANSACTION_ABORTABLE,
	// ...: the transaction cannot go on; its unsent records fail.
	t.err = &TxnError{Op: "AddPartitionsToTxn", Err: oneLine(err), Abortable: true}
	t.setLocked(txnAbortable)
	t.failPending = true
}

// SendOffsetsToTransaction commits a consumer group's offsets as part of
// the open transaction: they take effect if and only if it commits
// (consume-transform-produce exactly once). meta is the consumer's
// GroupMetadata, taken after its last Poll: the group coordinator refuses
// the offsets of a member the group has moved on from (KIP-447), which
// makes the transaction abortable. It sends AddOffsetsToTxn to the
// transaction coordinator, then TxnOffsetCommit to the group coordinator,
// retrying coordinator moves and CONCURRENT_TRANSACTIONS within ctx.
func (p *Producer) SendOffsetsToTransaction(ctx context.Context, offsets map[kafkawire.TopicPartition]kafkawire.Offset, meta consumer.GroupMetadata) error {
	t := p.txn
	if t == nil {
		return ErrNotTransactional
	}
	if meta.GroupID == "" {
		return errors.New("producer: SendOffsetsToTransaction: GroupMetadata has no GroupID")
	}
	t.opMu.Lock()
	defer t.opMu.Unlock()
	if err := p.txnSendErr(); err != nil {
		return err
	}
	if len(offsets) == 0 {
		return nil
	}
	pid, err := p.waitPID(ctx)
	if err != nil {
		return err
	}
	// With transaction version 2, TxnOffsetCommit v5 adds the group to the
	// transaction itself, as Java 4.x relies on: one round trip fewer.
	if !pid.tv2 {
		if err := p.addOffsetsToTxn(ctx, pid, meta.GroupID); err != nil {
			return err
		}
	}
	p.mu.Lock()
	t.started = true
	p.mu.Unlock()
	if err := p.txnOffsetCommit(ctx, pid, offsets, meta); err != nil {
		return p.txnFailed("TxnOffsetCommit", err, abortableKafka)
	}
	return nil
}

// addOffsetsToTxn tells the transaction coordinator that the group's
// offsets are in the transaction (transaction version 1).
func (p *Producer) addOffsetsToTxn(ctx context.Context, pid producerID, groupID string) error {
	t := p.txn
	err := p.txnRetry(ctx, func(ctx context.Context, cn *conn.Conn) error {
		req := protocol.AddOffsetsToTxnRequest{TransactionalID: t.id, ProducerID: pid.id, ProducerEpoch: pid.epoch, GroupID: groupID}
		var resp protocol.AddOffsetsToTxnResponse
		if err := cn.RoundTrip(ctx, &req, &resp); err != nil {
			return err
		}
		if err := kafkawire.ErrorForCode(resp.ErrorCode); err != nil {
			return fmt.Errorf("from %s: %w", cn.Addr(), err)
		}
		return nil
	})
	if err != nil {
		return p.txnFailed("AddOffsetsToTxn", err, abortableKafka)
	}
	return nil
}

// txnOffsetCommit sends the offsets to the group coordinator, retrying
// while every failing partition failed retriably.
func (p *Producer) txnOffsetCommit(ctx context.Context, pid producerID, offsets map[kafkawire.TopicPartition]kafkawire.Offset, meta consumer.GroupMetadata) error {
	gen := meta.Generation
	req := protocol.TxnOffsetCommitRequest{TransactionalID: p.txn.id, GroupID: meta.GroupID, ProducerID: pid.id, ProducerEpoch: pid.epoch,
		GenerationID: gen.ID, MemberID: gen.MemberID, GroupInstanceID: gen.InstanceID}
	idx := map[string]int{}
	for tp, o := range offsets {
		i, ok := idx[tp.Topic]
		if !ok {
			i = len(req.Topics)
			idx[tp.Topic] = i
			req.Topics = append(req.Topics, protocol.TxnOffsetCommitRequestTopic{Name: tp.Topic})
		}
		md := o.Metadata
		req.Topics[i].Partitions = append(req.Topics[i].Partitions, protocol.TxnOffsetCommitRequestPartition{
			PartitionIndex: tp.Partition, CommittedOffset: o.Offset, CommittedLeaderEpoch: o.LeaderEpoch, CommittedMetadata: &md})
	}
	for attempt := 0; ; attempt++ {
		err := func() error {
			rctx, cancel := conn.WithRequestTimeout(ctx, p.s.RequestTimeout)
			defer cancel()
			cn, err := p.cluster.Coordinator(rctx, conn.GroupCoordinator, meta.GroupID)
			if err != nil {
				return err
			}
			// v6 names topics by id only; these offsets name topics (see
			// group's lastNamedVersion for why ids wait for the KIP-848 consumer).
			v, err := cn.VersionUpTo(protocol.KeyTxnOffsetCommit, 5)
			if err != nil {
				return err
			}
			if pid.tv2 && v < 5 {
				// No AddOffsetsToTxn was sent: below v5 the group would not
				// join the transaction (a group coordinator older than the
				// transaction coordinator, mid-upgrade).
				return fmt.Errorf("%s speaks TxnOffsetCommit v%d, transaction version 2 needs v5", cn.Addr(), v)
			}
			var resp protocol.TxnOffsetCommitResponse
			if err := cn.RoundTripVersion(rctx, &req, &resp, v); err != nil {
				p.cluster.InvalidateCoordinator(conn.GroupCoordinator, meta.GroupID)
				return err
			}
			var retry, final []error
			for _, t := range resp.Topics {
				for _, pr := range t.Partitions {
					if perr := kafkawire.ErrorForCode(pr.ErrorCode); perr != nil {
						perr = fmt.Errorf("%s/%d: %w", t.Name, pr.PartitionIndex, perr)
						if txnRetriable(perr) {
							retry = append(retry, perr)
						} else {
							final = append(final, perr)
						}
					}
				}
			}
			if len(final) > 0 {
				return fmt.Errorf("group %q on %s: %w", meta.GroupID, cn.Addr(), errors.Join(final...))
			}
			if len(retry) > 0 {
				rerr := fmt.Errorf("group %q on %s: %w", meta.GroupID, cn.Addr(), errors.Join(retry...))
				if conn.IsCoordinatorError(rerr) {
					p.cluster.InvalidateCoordinator(conn.GroupCoordinator, meta.GroupID)
				}
				return rerr
			}
			return nil
		}()
		if err == nil || !txnRetriable(err) {
			return err
		}
		if ctx.Err() != nil || conn.Sleep(ctx, p.retryDelay(err, attempt)) != nil {
			return fmt.Errorf("%w; last attempt: %w", ctx.Err(), oneLine(err))
		}
	}
}

// closeTxn aborts a transaction left open (or abortable) at Close, within
// Close's ctx. A commit whose outcome is unknown is left to the
// coordinator: the next producer with this TransactionalID completes it.
func (p *Producer) closeTxn(ctx context.Context) error {
	t := p.txn
	if t == nil {
		return nil
	}
	t.opMu.Lock()
	defer t.opMu.Unlock()
	switch t.load() {
	case txnOpen, txnAbortable, txnAborting:
	default:
		return nil
	}
	if err := p.abort(ctx); err != nil {
		return fmt.Errorf("producer: close: aborting the open transaction: %w", err)
	}
	p.s.Logger.Debug("producer: close aborted the open transaction", "transactional_id", t.id)
	return nil
}

// txnDrainLocked fails what an abortable or fatal transaction has not
// sent. Called with p.mu held at the start of drain's pass.
func (p *Producer) txnDrainLocked() {
	if t := p.txn; t.failPending {
		t.failPending = false
		p.failUnsentLocked(t.err)
	}
}

// txnMaySend reports whether drain may send pt's next batch: only in an
// open or committing transaction, and with TV1 only once the partition is
// in the transaction; a partition not added yet waits for the round's
// AddPartitionsToTxn (startAddPartitions). Called with p.mu held.
func (p *Producer) txnMaySend(t *txnManager, pt *partition) bool {
	if st := t.load(); st != txnOpen && st != txnCommitting {
		return false
	}
	if p.pid.tv2 || t.added[pt.tp] {
		return true
	}
	t.pending[pt.tp] = true
	if t.addErr != nil {
		pt.waitErr = t.addErr
	}
	return false
}

// txnProduceFinal: the Produce errors that end a transactional batch at
// once rather than being retried: the broker has no usable state for our
// epoch in this transaction (it was aborted on timeout, or we were fenced:
// TRANSACTION_ABORTABLE, INVALID_PRODUCER_EPOCH, PRODUCER_FENCED), or a
// sequence gap that only an epoch bump fixes.
func txnProduceFinal(err error) bool {
	for _, e := range []error{kafkawire.ErrTransactionAbortable, kafkawire.ErrInvalidProducerEpoch, kafkawire.ErrProducerFenced,
		kafkawire.ErrInvalidTxnState, kafkawire.ErrUnknownProducerID, kafkawire.ErrOutOfOrderSequenceNumber, kafkawire.ErrInvalidProducerIDMapping} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}
