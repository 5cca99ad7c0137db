package producer

import (
	"fmt"
	"time"

	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/protocol"
)

// sender is the producer's one background goroutine. Each pass it picks,
// per partition, the oldest batch that is ready (full, lingered long enough,
// or flushed), groups them by leader, and queues one Produce request per
// broker while that broker has fewer than MaxInFlight requests unsettled.
// Each broker's writer (writer.go) writes its requests in order; each
// answer is awaited on a goroutine of its own (one per request, never per
// record), so requests to a broker pipeline on its connection. The sender
// itself never waits on the network: it sleeps until the next deadline it
// owns (linger, backoff, delivery timeout, InitProducerId or metadata
// retry, idle partition) or until nudged.
func (p *Producer) sender() {
	defer close(p.stopped)
	defer p.stopWriters()
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	byBroker := map[int32][]*batch{}
	for {
		wait := p.drain(byBroker)
		p.runCompletions()
		for broker, batches := range byBroker {
			p.dispatch(broker, batches)
			delete(byBroker, broker)
		}
		if wait == 0 {
			continue
		}
		timer.Reset(wait)
		select {
		case <-p.wake:
		case <-timer.C:
		case <-p.stop:
			return
		}
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
	}
}

// metaState paces the producer's metadata refreshes. Guarded by
// Producer.mu.
type metaState struct {
	wanted   bool      // a Produce answer or failure suggests the leader moved
	running  bool      // a refresh is under way
	next     time.Time // no refresh before this
	failures int       // refreshes in a row that left a partition without a usable leader
}

// wantMetadata asks the sender for a metadata refresh. Called with p.mu held.
func (p *Producer) wantMetadata() { p.meta.wanted = true }

// startRefresh starts a metadata refresh if one is wanted and due, and
// returns how long until one is due (0: not wanted, or running). Refreshes
// that keep leaving partitions without a leader back off exponentially,
// so a leader that metadata names but does not list costs a few requests,
// not one per pass. Called with p.mu held, from drain.
func (p *Producer) startRefresh(needMeta bool, now time.Time) time.Duration {
	m := &p.meta
	if !needMeta && !m.wanted {
		m.failures = 0
		return 0
	}
	if m.running || p.reqCtx.Err() != nil {
		return 0
	}
	if d := m.next.Sub(now); d > 0 {
		return d
	}
	m.running, m.wanted = true, false
	m.next = now.Add(p.cluster.Backoff().Delay(m.failures))
	if needMeta {
		m.failures++
	}
	p.reqWG.Add(1)
	go p.refreshMetadata()
	return 0
}

func (p *Producer) refreshMetadata() {
	defer p.reqWG.Done()
	ctx, cancel := conn.WithRequestTimeout(p.reqCtx, p.s.RequestTimeout)
	defer cancel()
	if _, err := p.cluster.Refresh(ctx); err != nil {
		p.s.Logger.Debug("producer: metadata refresh failed", "err", err)
	}
	p.mu.Lock()
	p.meta.running = false
	p.nudgeLocked()
	p.mu.Unlock()
}

// drain moves ready batches into byBroker (at most one per partition, as
// brokers require), expires and forgets what is due, starts what the
// sender owns (InitProducerId, metadata refreshes), and returns how long to
// sleep before the next pass (0: go again at once).
func (p *Producer) drain(byBroker map[int32][]*batch) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	wait := time.Hour
	sooner := func(d time.Duration) {
		if d > 0 {
			wait = min(wait, d)
		}
	}
	if p.txn != nil {
		p.txnDrainLocked()
	}
	sooner(p.startProducerID(now))
	needMeta := false
	meta := p.cluster.Metadata()
	sent := false
	for _, pt := range p.parts {
		p.expire(pt, now)
		// Wake for the earliest delivery deadline: expiry must not wait
		// for something else to wake the sender.
		for _, list := range [][]*batch{pt.retry, pt.queue} {
			if len(list) > 0 {
				sooner(list[0].deadline.Sub(now))
			}
		}
		if len(pt.retry) > 0 && len(pt.inflight) == 0 {
			pt.queue = append(pt.retry, pt.queue...)
			pt.retry = nil
		}
		if len(pt.queue) == 0 || len(pt.retry) > 0 {
			sooner(p.dropIdle(pt, now))
			continue
		}
		if now.Before(pt.backoff) {
			sooner(pt.backoff.Sub(now))
			continue
		}
		b := pt.queue[0]
		if !(b.full || len(pt.queue) > 1 || p.flushing > 0 || p.closed) {
			if d := b.created.Add(p.s.Linger).Sub(now); d > 0 {
				sooner(d)
				continue
			}
		}
		if p.s.idempotent {
			if p.bumpNeeded || p.pid.id < 0 {
				continue // a producer id first; its attempt nudges us
			}
			if pt.pidGen != p.pid.gen {
				if len(pt.inflight) > 0 {
					continue // old-epoch batches must resolve first
				}
				pt.pidGen, pt.nextSeq, pt.confirmed = p.pid.gen, 0, false
			}
			if !pt.confirmed && len(pt.inflight) > 0 {
				// A broker that has no state for our producer id on this
				// partition accepts any sequence, so a second batch could
				// overtake a first that failed: send one until one lands.
				continue
			}
		}
		if t := p.txn; t != nil && !p.txnMaySend(t, pt) {
			continue
		}
		if len(pt.inflight) >= p.s.MaxInFlight {
			continue
		}
		leader, _, err := meta.Leader(pt.tp)
		if err != nil {
			// No leader, or one metadata names but does not list (a broker
			// that left, or one not registered yet): wait for a refresh
			// that fixes it, and remember why for the delivery timeout.
			needMeta = true
			if pt.waitErr == nil {
				pt.waitErr = fmt.Errorf("producer: %w", err)
			}
			continue
		}
		if p.brokerBusy[leader] >= p.s.MaxInFlight {
			continue
		}
		if _, taken := containsPartition(byBroker[leader], pt); taken {
			continue
		}
		pt.waitErr = nil
		p.seal(b)
		pt.queue = pt.queue[1:]
		pt.inflight = append(pt.inflight, b)
		byBroker[leader] = append(byBroker[leader], b)
		sent = true
	}
	for broker := range byBroker {
		p.brokerBusy[broker]++
	}
	sooner(p.startRefresh(needMeta, now))
	sooner(p.startAddPartitions(now))
	if sent {
		return 0 // more may be ready behind what we just took
	}
	return wait
}

func containsPartition(bs []*batch, pt *partition) (int, bool) {
	for i, b := range bs {
		if b.part == pt {
			return i, true
		}
	}
	return -1, false
}

// seal gives a batch its header fields on its first send (assigning its
// sequence numbers, in order, under p.mu) and re-stamps them when the
// producer id changed since. Compression and the CRC are left to the
// broker's writer (finishWire), off the lock: they are most of the CPU a
// batch costs, and Send waits for p.mu.
func (p *Producer) seal(b *batch) {
	pt := b.part
	if !b.sealed {
		b.sealed, b.full = true, true
		pt.lastSize, pt.lastCount = b.builder.Size(), len(b.recs)
		b.opts = protocol.BatchOptions{
			BaseOffset: 0, PartitionLeaderEpoch: -1,
			ProducerID: -1, ProducerEpoch: -1, BaseSequence: -1,
			Codec: p.s.codec, Level: p.s.CompressionLevel,
		}
		if p.s.idempotent {
			b.baseSeq, b.pidGen = pt.nextSeq, p.pid.gen
			pt.nextSeq = addSeq(pt.nextSeq, len(b.recs))
			b.opts.ProducerID, b.opts.ProducerEpoch, b.opts.BaseSequence = p.pid.id, p.pid.epoch, b.baseSeq
		}
		if p.txn != nil {
			b.opts.Transactional = true
			p.txn.started = true // with TV1 a partition was added already; with TV2 the broker adds it now
		}
		return
	}
	// A resend: its bytes were finished by the writer of its first attempt,
	// which settled (under p.mu) before the batch could come back here.
	if p.s.idempotent && b.pidGen != p.pid.gen {
		b.baseSeq, b.pidGen = pt.nextSeq, p.pid.gen
		pt.nextSeq = addSeq(pt.nextSeq, len(b.recs))
		protocol.SetProducerFields(b.wire, p.pid.id, p.pid.epoch, b.baseSeq)
	}
}

// finishWire compresses and checksums a batch's bytes on its first write.
// Called on the broker's writer goroutine without p.mu: from seal until the
// batch's request settles, the writer and its await goroutine are the only
// ones touching the bytes. A failure is final for the batch (settleRequest).
func finishWire(b *batch) {
	if b.wire != nil || b.finishErr != nil {
		return
	}
	b.wire, b.finishErr = b.builder.Finish(b.opts)
}

// addSeq advances a sequence number; it wraps to 0 after MaxInt32 as
// brokers expect.
func addSeq(seq int32, n int) int32 {
	return int32((int64(seq) + int64(n)) % (1 << 31))
}

// expire fails batches that waited past their delivery deadline and are not
// in flight, with ErrDeliveryTimeout wrapping why they got nowhere: their
// last attempt's error, or for a batch never sent, why its partition could
// not send (no producer id, no leader). A batch that already had sequence
// numbers leaves a gap, so the producer id is bumped. Both lists are in
// creation order, so deadlines ascend and the scan stops at the first batch
// still in time: a pass costs O(1) per partition, not O(queued batches).
func (p *Producer) expire(pt *partition, now time.Time) {
	for _, list := range []*[]*batch{&pt.retry, &pt.queue} {
		n := 0
		for n < len(*list) && !now.Before((*list)[n].deadline) {
			b := (*list)[n]
			if b.sealed && p.s.idempotent {
				p.bumpNeeded = true
			}
			p.finish(b, -1, -1, deliveryTimeout(p.cause(b)))
			n++
		}
		if n > 0 {
			clear((*list)[:n])
			*list = (*list)[n:]
			pt.lastUsed = now
		}
	}
}

func (p *Producer) cause(b *batch) error {
	switch {
	case b.lastErr != nil:
		return b.lastErr
	case p.s.idempotent && (p.bumpNeeded || p.pid.id < 0) && p.pidInit.err != nil:
		return p.pidInit.err
	}
	return b.part.waitErr
}
