package producer

import (
	"math/rand/v2"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
)

// topicState is what Send needs of a topic, kept so that a record costs
// no map lookup by topic-partition and no lock beyond p.mu: the partition
// count (from the metadata snapshot it was read from), the topic's
// partitions by number, and the default partitioner's sticky choice.
// Guarded by Producer.mu. A topic's state is made when metadata first
// lists it and dropped with its last partition (dropIdle).
type topicState struct {
	name  string
	meta  *conn.Metadata // the snapshot n was read from
	n     int32
	parts []*partition // by partition number; nil until used, or once dropped

	// The uniform sticky partitioner (DefaultPartitioner) for records
	// without a key: sticky is the partition they go to until about a
	// batch worth of bytes (stickyBytes) went there; -1 picks a new one.
	sticky      int32
	stickyBytes int
}

// topicLocked returns the topic's state and its partition count: 0 if
// metadata does not list the topic (yet), with the state nil if the topic
// never had one. The count is re-read only when the metadata snapshot
// changed. Called with p.mu held.
func (p *Producer) topicLocked(name string) (*topicState, int32) {
	t := p.lastTopic
	if t == nil || t.name != name {
		t = p.topics[name]
	}
	meta := p.cluster.Metadata()
	if t != nil && t.meta == meta {
		p.lastTopic = t
		return t, t.n
	}
	mt := meta.Topic(name)
	if mt == nil || mt.Err != nil || len(mt.Partitions) == 0 {
		return t, 0
	}
	return p.setCountLocked(t, name, meta, int32(len(mt.Partitions))), int32(len(mt.Partitions))
}

// setCountLocked records a topic's partition count, making its state if it
// has none. Called with p.mu held.
func (p *Producer) setCountLocked(t *topicState, name string, meta *conn.Metadata, n int32) *topicState {
	if t == nil {
		t = &topicState{name: name, sticky: -1}
		p.topics[name] = t
	}
	t.meta, t.n = meta, n
	p.lastTopic = t
	return t
}

// choosePartition runs the partitioner; the default one's sticky state for
// unkeyed records lives in t, under p.mu, rather than behind a lock and a
// map of its own. Called with p.mu held.
func (p *Producer) choosePartition(t *topicState, rec *kafkawire.Record) int32 {
	if !p.sticky || rec.Key != nil {
		return p.s.Partitioner.Partition(rec.Topic, rec.Key, rec.Partition, t.n)
	}
	if t.sticky < 0 || t.sticky >= t.n {
		t.sticky, t.stickyBytes = rand.Int32N(t.n), 0
	}
	return t.sticky
}

// appended tells the sticky partitioner that size bytes went to part: once
// a batch worth went to its partition, the next unkeyed record moves on.
// Called with p.mu held.
func (p *Producer) appended(t *topicState, part int32, size int) {
	if !p.sticky || part != t.sticky {
		return
	}
	t.stickyBytes += size
	if t.stickyBytes >= p.s.BatchSize {
		t.sticky = -1
	}
}

// partitionLocked returns the partition's state, creating it (and growing
// the topic's index if the topic grew). Called with p.mu held.
func (p *Producer) partitionLocked(t *topicState, part int32) *partition {
	if int(part) < len(t.parts) {
		if pt := t.parts[part]; pt != nil {
			return pt
		}
	}
	for len(t.parts) <= int(part) {
		t.parts = append(t.parts, nil)
	}
	tp := kafkawire.TopicPartition{Topic: t.name, Partition: part}
	pt := p.parts[tp] // never there while t lives; a map lookup per new partition only
	if pt == nil {
		pt = p.newPartition(tp)
	}
	t.parts[part] = pt
	return pt
}

// forgetPartition removes a dropped partition from its topic's index and
// reports whether it was the topic's last, whose state then goes too.
// Called with p.mu held.
func (p *Producer) forgetPartition(tp kafkawire.TopicPartition) (last bool) {
	t := p.topics[tp.Topic]
	if t == nil {
		return true
	}
	if int(tp.Partition) < len(t.parts) {
		t.parts[tp.Partition] = nil
	}
	for _, pt := range t.parts {
		if pt != nil {
			return false
		}
	}
	delete(p.topics, tp.Topic)
	if p.lastTopic == t {
		p.lastTopic = nil
	}
	return true
}
