package producer

import (
	"errors"
	"fmt"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/protocol"
)

// settleRequest applies a Produce request's outcome to its batches.
func (p *Producer) settleRequest(broker int32, batches []*batch, resp *protocol.ProduceResponse, err error) {
	p.mu.Lock()
	defer p.runCompletions()
	defer p.mu.Unlock()
	p.brokerBusy[broker]--
	defer p.nudgeLocked()
	batches = p.failUnfinished(batches)
	if len(batches) == 0 {
		return
	}
	if err != nil {
		// The request never got an answer (the leader is unreachable, its
		// connection broke, or it timed out): the leader may have moved, so
		// learn the new one, or the retries would go to the old one until
		// the delivery timeout.
		if isMetadataError(err) {
			p.wantMetadata()
		}
		for _, b := range batches {
			p.retryOrFail(b, err)
		}
		return
	}
	if resp == nil { // AcksNone: written is all we learn
		for _, b := range batches {
			p.settle(b, -1, -1, nil)
		}
		return
	}
	byTP := indexProduceResponse(resp, batches)
	for _, b := range batches {
		pr, ok := byTP[b.part.tp]
		if !ok {
			p.retryOrFail(b, fmt.Errorf("producer: broker %d did not answer for %s/%d", broker, b.part.tp.Topic, b.part.tp.Partition))
			continue
		}
		p.handlePartition(broker, b, pr)
	}
}

// failUnfinished fails for good the batches whose bytes could not be
// finished (they were not in the request) and returns the others. The
// failed ones had sequence numbers: the gap needs a new epoch. Called with
// p.mu held.
func (p *Producer) failUnfinished(batches []*batch) []*batch {
	var rest []*batch
	for i, b := range batches {
		if b.finishErr == nil {
			if rest != nil {
				rest = append(rest, b)
			}
			continue
		}
		if rest == nil {
			rest = append(make([]*batch, 0, len(batches)), batches[:i]...)
		}
		removeBatch(&b.part.inflight, b)
		if p.s.idempotent {
			p.bumpNeeded = true
		}
		p.finish(b, -1, -1, fmt.Errorf("producer: finishing a batch for %s/%d: %w", b.part.tp.Topic, b.part.tp.Partition, b.finishErr))
	}
	if rest == nil {
		return batches // the common case: nothing failed, nothing allocated
	}
	return rest
}

func (p *Producer) nudgeLocked() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// buildRequest fills in both topic names and ids; the codec writes the one
// the negotiated version uses (ids from v13).
func (p *Producer) buildRequest(batches []*batch) *protocol.ProduceRequest {
	req := &protocol.ProduceRequest{Acks: p.s.Acks.wire(), TimeoutMs: int32(p.s.RequestTimeout / time.Millisecond)}
	if p.txn != nil {
		req.TransactionalID = &p.txn.id
	}
	meta := p.cluster.Metadata()
	for _, b := range batches {
		if b.finishErr != nil {
			continue
		}
		tp := b.part.tp
		var td *protocol.ProduceRequestTopic
		for i := range req.TopicData {
			if req.TopicData[i].Name == tp.Topic {
				td = &req.TopicData[i]
			}
		}
		if td == nil {
			req.TopicData = append(req.TopicData, protocol.ProduceRequestTopic{Name: tp.Topic})
			td = &req.TopicData[len(req.TopicData)-1]
			if t := meta.Topics[tp.Topic]; t != nil {
				td.TopicID = t.ID
			}
		}
		b.topicID = td.TopicID
		td.PartitionData = append(td.PartitionData, protocol.ProduceRequestPartition{Index: tp.Partition, Records: b.wire})
	}
	return req
}

// indexProduceResponse maps each partition's answer to its topic-partition.
// From v13 answers name topics by id, which we match against the ids we
// sent (from metadata).
func indexProduceResponse(resp *protocol.ProduceResponse, batches []*batch) map[kafkawire.TopicPartition]*protocol.ProduceResponsePartition {
	out := make(map[kafkawire.TopicPartition]*protocol.ProduceResponsePartition, len(batches))
	for i := range resp.Responses {
		t := &resp.Responses[i]
		name := t.Name
		if name == "" && !t.TopicID.IsZero() {
			for _, b := range batches {
				if b.topicID == t.TopicID {
					name = b.part.tp.Topic
					break
				}
			}
		}
		for j := range t.PartitionResponses {
			pr := &t.PartitionResponses[j]
			out[kafkawire.TopicPartition{Topic: name, Partition: pr.Index}] = pr
		}
	}
	return out
}

// handlePartition settles a batch from its partition's answer. Called with p.mu held.
func (p *Producer) handlePartition(broker int32, b *batch, pr *protocol.ProduceResponsePartition) {
	err := kafkawire.ErrorWithMessage(pr.ErrorCode, pr.ErrorMessage)
	if err != nil {
		// Say where: the error may end up in a delivery timeout, long after.
		err = fmt.Errorf("producer: %s/%d on broker %d: %w", b.part.tp.Topic, b.part.tp.Partition, broker, err)
	}
	if err != nil && p.txn != nil && txnProduceFinal(err) && !(errors.Is(err, kafkawire.ErrOutOfOrderSequenceNumber) && p.partitionHasEarlierFailure(b)) {
		// In a transaction these fail the batch at once: the transaction
		// is abortable (fatal when fenced), and the epoch is bumped after
		// the abort (TV2: by EndTxn).
		removeBatch(&b.part.inflight, b)
		p.bumpNeeded = true
		if isFencedCode(err) {
			err = fatalTxn("Produce", err) // the records' error says so too
		}
		p.finish(b, -1, -1, oneLine(err))
		return
	}
	switch {
	case err == nil:
		p.settle(b, pr.BaseOffset, pr.LogAppendTimeMs, nil)
	case errors.Is(err, kafkawire.ErrDuplicateSequenceNumber):
		// The broker has this batch from an earlier attempt.
		p.settle(b, -1, -1, nil)
	case errors.Is(err, kafkawire.ErrOutOfOrderSequenceNumber):
		if p.partitionHasEarlierFailure(b) {
			p.retryOrFail(b, err) // fallout of an earlier batch's failure
			return
		}
		// A real gap: the broker lost our state. Start a new epoch and
		// renumber, as the Java client does.
		p.bumpNeeded = true
		p.retryOrFail(b, err)
	case errors.Is(err, kafkawire.ErrUnknownProducerID), errors.Is(err, kafkawire.ErrInvalidProducerEpoch):
		p.bumpNeeded = true
		p.retryOrFail(b, err)
	default:
		if isMetadataError(err) {
			p.wantMetadata()
		}
		p.retryOrFail(b, err)
	}
}

func isMetadataError(err error) bool {
	for _, e := range []error{kafkawire.ErrNotLeaderOrFollower, kafkawire.ErrUnknownTopicOrPartition,
		kafkawire.ErrLeaderNotAvailable, kafkawire.ErrFencedLeaderEpoch, kafkawire.ErrKafkaStorageError} {
		if errors.Is(err, e) {
			return true
		}
	}
	var ke *kafkawire.Error
	return !errors.As(err, &ke) // a network error: the leader may have moved
}

func (p *Producer) partitionHasEarlierFailure(b *batch) bool {
	pt := b.part
	if len(pt.retry) > 0 {
		return true
	}
	return len(pt.inflight) > 0 && pt.inflight[0] != b
}

// retryOrFail moves an in-flight batch to its partition's retry list, or
// fails it when retries are off, the error is final, or its delivery
// deadline passed. Called with p.mu held.
func (p *Producer) retryOrFail(b *batch, err error) {
	pt := b.part
	removeBatch(&pt.inflight, b)
	err = oneLine(err)
	retriable := conn.IsRetriable(err) || isTransient(err) || errors.Is(err, kafkawire.ErrOutOfOrderSequenceNumber) ||
		errors.Is(err, kafkawire.ErrUnknownProducerID) || errors.Is(err, kafkawire.ErrInvalidProducerEpoch)
	if p.reqCtx.Err() != nil {
		retriable = true // closing: Close fails it after the sender stops
	} else if t := p.txn; t != nil && t.load() == txnAborting {
		retriable, err = false, fmt.Errorf("%w: %w", ErrTransactionAborted, err) // Abort waits for it: no retry
	}
	now := time.Now()
	if !retriable || p.s.DisableRetries || !now.Before(b.deadline) {
		if retriable && !p.s.DisableRetries {
			err = deliveryTimeout(err)
		}
		if p.s.idempotent {
			p.bumpNeeded = true // its sequence numbers now leave a gap
		}
		p.finish(b, -1, -1, err)
		return
	}
	b.attempts++
	b.lastErr = err
	noteAttempt(b, err)
	insertBySeq(&pt.retry, b)
	pt.attempts++
	pt.backoff = now.Add(p.cluster.Backoff().Delay(pt.attempts - 1))
	pt.lastUsed = now
	p.s.Logger.Debug("producer: retrying batch", "topic", pt.tp.Topic, "partition", pt.tp.Partition, "attempt", b.attempts, "err", err)
}

func removeBatch(list *[]*batch, b *batch) {
	for i, x := range *list {
		if x == b {
			copy((*list)[i:], (*list)[i+1:])
			(*list)[len(*list)-1] = nil
			*list = (*list)[:len(*list)-1]
			return
		}
	}
}

func insertBySeq(list *[]*batch, b *batch) {
	i := len(*list)
	for i > 0 && (*list)[i-1].baseSeq > b.baseSeq {
		i--
	}
	*list = append(*list, nil)
	copy((*list)[i+1:], (*list)[i:])
	(*list)[i] = b
}

// settle completes an acknowledged in-flight batch. Called with p.mu held.
func (p *Producer) settle(b *batch, baseOffset, logAppendTime int64, err error) {
	pt := b.part
	removeBatch(&pt.inflight, b)
	pt.attempts = 0
	pt.lastUsed = time.Now()
	if b.pidGen == pt.pidGen {
		pt.confirmed = true
	}
	p.finish(b, baseOffset, logAppendTime, err)
}

// completion is a batch whose records' results are known.
type completion struct {
	b                         *batch
	baseOffset, logAppendTime int64
	err                       error
}

// finish records a batch's outcome. Called with p.mu held; the results are
// delivered by runCompletions after the lock is released, so callbacks may
// call Send.
func (p *Producer) finish(b *batch, baseOffset, logAppendTime int64, err error) {
	if err != nil && p.txn != nil {
		p.txnBatchFailedLocked(err)
	}
	p.completed = append(p.completed, completion{b, baseOffset, logAppendTime, err})
}

// runCompletions delivers every record's result, releases the batches'
// memory and recycles them. Called without p.mu. It runs on the sender and
// on request goroutines, one at a time (deliverMu): callbacks never run
// concurrently, and run in the order their batches finished.
func (p *Producer) runCompletions() {
	p.deliverMu.Lock()
	defer p.deliverMu.Unlock()
	p.mu.Lock()
	done := p.completed
	// spare is handed over, not shared: runCompletions runs on several
	// goroutines at once, and two of them must never hold the same array.
	p.completed, p.spare = p.spare[:0], nil
	p.mu.Unlock()
	// Memory first: a callback may call Send, and with a full buffer the
	// room it needs is what these batches hold (their records are copied
	// out already, and what deliver reads is not counted).
	for _, c := range done {
		p.mem.release(c.b.bytes)
	}
	for _, c := range done {
		deliver(c)
		close(c.b.done)
		c.b.release()
	}
	clear(done)
	p.mu.Lock()
	p.spare = done[:0]
	p.mu.Unlock()
}

func deliver(c completion) {
	b := c.b
	tp := b.part.tp
	for i := range b.recs {
		r := &b.recs[i]
		res := Result{Topic: tp.Topic, Partition: tp.Partition, Offset: -1}
		if c.err == nil {
			if c.baseOffset >= 0 {
				res.Offset = c.baseOffset + int64(i)
			}
			ts := r.timestamp
			if c.logAppendTime >= 0 {
				ts = c.logAppendTime
			}
			res.Timestamp = time.UnixMilli(ts)
		}
		if r.fut != nil {
			r.fut.complete(res, c.err)
		}
		if r.cb != nil {
			r.cb(res, c.err)
		}
	}
}

// failAll fails every batch still held, after the sender stopped, and
// returns how many records that was.
func (p *Producer) failAll(err error) int {
	defer p.runCompletions()
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, pt := range p.parts {
		for _, list := range []*[]*batch{&pt.retry, &pt.inflight, &pt.queue} {
			for _, b := range *list {
				n += len(b.recs)
				p.finish(b, -1, -1, err)
			}
			*list = nil
		}
	}
	return n
}
