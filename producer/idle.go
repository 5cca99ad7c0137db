package producer

import (
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
)

// partitionIdle is how long a partition with nothing queued or in flight
// keeps its state; a variable so that tests can shorten it (New reads it).
var partitionIdle = time.Minute

// maxIdleSeq bounds idleSeq: past it, the next producer-id bump (which we
// then ask for) renumbers every partition from 0 and empties it.
const maxIdleSeq = 1 << 16

// newPartition creates a partition's state, carrying on the sequence
// numbers it had if it was dropped while idle in this producer-id
// generation. Called with p.mu held.
func (p *Producer) newPartition(tp kafkawire.TopicPartition) *partition {
	pt := &partition{tp: tp}
	if st, ok := p.idleSeq[tp]; ok {
		// idleSeq is emptied whenever the generation changes, so st belongs
		// to the current one.
		pt.pidGen, pt.nextSeq, pt.confirmed = p.pid.gen, st.nextSeq, st.confirmed
		delete(p.idleSeq, tp)
	}
	p.parts[tp] = pt
	return pt
}

// dropIdle forgets a partition that has had nothing queued or in flight
// for idleAfter, so that producing once to many partitions does not
// hold their state forever; it returns how long until pt would be dropped
// (0 if it was, or is busy). The broker keeps our sequence state for the
// partition, so its next batch must continue the numbering: a partition
// numbered in the current generation leaves its next sequence number in
// idleSeq (a few bytes, not the queues and buffers), which the next epoch
// bump empties, since every partition then starts from 0. Called with p.mu
// held, from drain.
func (p *Producer) dropIdle(pt *partition, now time.Time) time.Duration {
	if len(pt.queue) > 0 || len(pt.inflight) > 0 || len(pt.retry) > 0 {
		return 0
	}
	if d := pt.lastUsed.Add(p.idleAfter).Sub(now); d > 0 {
		return d
	}
	if p.s.idempotent && pt.pidGen == p.pid.gen && p.pid.id >= 0 && (pt.nextSeq != 0 || pt.confirmed) {
		p.idleSeq[pt.tp] = seqState{nextSeq: pt.nextSeq, confirmed: pt.confirmed}
		if len(p.idleSeq) > maxIdleSeq && !p.bumpNeeded && p.txn == nil {
			p.bumpNeeded = true
		}
	}
	delete(p.parts, pt.tp)
	if !p.forgetPartition(pt.tp) {
		return 0
	}
	// The topic's last partition: stop refreshing its metadata too (the
	// next Send to it asks again).
	p.cluster.Untrack(pt.tp.Topic)
	return 0
}
