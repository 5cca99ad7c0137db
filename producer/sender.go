package producer

import (
	"context"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/protocol"
)

// sender is the producer's one background goroutine. Each pass it picks,
// per partition, the oldest batch that is ready (full, lingered long enough,
// or flushed), groups them by leader, and writes one Produce request per
// broker while that broker has fewer than MaxInFlight requests in flight.
// Writing happens here, in order; each answer is awaited on a goroutine of
// its own (one per request, never per record), so requests to a broker
// pipeline on its connection.
func (p *Producer) sender() {
	defer close(p.stopped)
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	byBroker := map[int32][]*batch{}
	for {
		if p.needsProducerID() {
			p.initProducerID()
		}
		wait, needMeta := p.drain(byBroker)
		p.runCompletions()
		for broker, batches := range byBroker {
			p.dispatch(broker, batches)
			delete(byBroker, broker)
		}
		if needMeta {
			p.refreshAsync()
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

// refreshAsync refreshes metadata in the background; Close waits for it.
func (p *Producer) refreshAsync() {
	p.reqWG.Add(1)
	go func() {
		defer p.reqWG.Done()
		p.refreshMetadata()
	}()
}

func (p *Producer) refreshMetadata() {
	ctx, cancel := context.WithTimeout(p.reqCtx, p.s.RequestTimeout)
	defer cancel()
	if _, err := p.cluster.Refresh(ctx); err != nil {
		p.s.Logger.Debug("producer: metadata refresh failed", "err", err)
	}
	p.nudge()
}

// drain moves ready batches into byBroker (at most one per partition, as
// brokers require) and returns how long to sleep before the next pass (0:
// go again at once) and whether metadata is needed for a leaderless
// partition.
func (p *Producer) drain(byBroker map[int32][]*batch) (time.Duration, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	wait := time.Hour
	needMeta := false
	meta := p.cluster.Metadata()
	sent := false
	for _, pt := range p.parts {
		p.expire(pt, now)
		if len(pt.retry) > 0 && len(pt.inflight) == 0 {
			pt.queue = append(pt.retry, pt.queue...)
			pt.retry = nil
		}
		if len(pt.queue) == 0 || len(pt.retry) > 0 {
			continue
		}
		if now.Before(pt.backoff) {
			wait = min(wait, pt.backoff.Sub(now))
			continue
		}
		b := pt.queue[0]
		if !(b.full || len(pt.queue) > 1 || p.flushing > 0 || p.closed) {
			if d := b.created.Add(p.s.Linger).Sub(now); d > 0 {
				wait = min(wait, d)
				continue
			}
		}
		if p.s.idempotent {
			if p.bumpNeeded || p.pid.id < 0 {
				continue // the sender fetches a producer id first
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
		if len(pt.inflight) >= p.s.MaxInFlight {
			continue
		}
		leader := leaderOf(meta, pt.tp)
		if leader < 0 {
			needMeta = true
			continue
		}
		if p.brokerBusy[leader] >= p.s.MaxInFlight {
			continue
		}
		if _, taken := containsPartition(byBroker[leader], pt); taken {
			continue
		}
		if err := p.seal(b); err != nil {
			pt.queue = pt.queue[1:]
			p.finish(b, -1, -1, err)
			continue
		}
		pt.queue = pt.queue[1:]
		pt.inflight = append(pt.inflight, b)
		byBroker[leader] = append(byBroker[leader], b)
		sent = true
	}
	for broker := range byBroker {
		p.brokerBusy[broker]++
	}
	if sent {
		return 0, needMeta // more may be ready behind what we just took
	}
	if needMeta {
		wait = min(wait, p.s.RetryBackoff)
	}
	return wait, needMeta
}

func containsPartition(bs []*batch, pt *partition) (int, bool) {
	for i, b := range bs {
		if b.part == pt {
			return i, true
		}
	}
	return -1, false
}

func leaderOf(m *conn.Metadata, tp kafkawire.TopicPartition) int32 {
	t := m.Topics[tp.Topic]
	if t == nil || int(tp.Partition) >= len(t.Partitions) {
		return -1
	}
	pm := t.Partitions[tp.Partition]
	if pm.Err != nil {
		return -1
	}
	return pm.Leader
}

// seal finishes a batch's bytes on its first send (assigning its sequence
// numbers) and re-stamps them when the producer id changed since.
func (p *Producer) seal(b *batch) error {
	pt := b.part
	if b.wire == nil {
		b.full = true
		opts := protocol.BatchOptions{
			BaseOffset: 0, PartitionLeaderEpoch: -1,
			ProducerID: -1, ProducerEpoch: -1, BaseSequence: -1,
			Codec: p.s.codec, Level: p.s.CompressionLevel,
		}
		if p.s.idempotent {
			b.baseSeq, b.pidGen = pt.nextSeq, p.pid.gen
			pt.nextSeq = addSeq(pt.nextSeq, len(b.recs))
			opts.ProducerID, opts.ProducerEpoch, opts.BaseSequence = p.pid.id, p.pid.epoch, b.baseSeq
		}
		wire, err := b.builder.Finish(opts)
		if err != nil {
			return err
		}
		b.wire = wire
		return nil
	}
	if p.s.idempotent && b.pidGen != p.pid.gen {
		b.baseSeq, b.pidGen = pt.nextSeq, p.pid.gen
		pt.nextSeq = addSeq(pt.nextSeq, len(b.recs))
		protocol.SetProducerFields(b.wire, p.pid.id, p.pid.epoch, b.baseSeq)
	}
	return nil
}

// addSeq advances a sequence number; it wraps to 0 after MaxInt32 as
// brokers expect.
func addSeq(seq int32, n int) int32 {
	return int32((int64(seq) + int64(n)) % (1 << 31))
}

// expire fails batches that waited past their delivery deadline and are not
// in flight. A batch that already had sequence numbers leaves a gap, so the
// producer id is bumped. Both lists are in creation order, so deadlines
// ascend and the scan stops at the first batch still in time: a pass costs
// O(1) per partition, not O(queued batches).
func (p *Producer) expire(pt *partition, now time.Time) {
	for _, list := range []*[]*batch{&pt.retry, &pt.queue} {
		n := 0
		for n < len(*list) && !now.Before((*list)[n].deadline) {
			b := (*list)[n]
			if b.wire != nil && p.s.idempotent {
				p.bumpNeeded = true
			}
			p.finish(b, -1, -1, ErrDeliveryTimeout)
			n++
		}
		if n > 0 {
			clear((*list)[:n])
			*list = (*list)[n:]
		}
	}
}
