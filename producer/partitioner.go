package producer

import (
	"math/rand/v2"
	"sync"
)

// Partitioner chooses a record's partition. Partition is called with the
// producer's lock held for the topic, so it must be quick and must not call
// back into the producer. numPartitions is at least 1.
type Partitioner interface {
	Partition(topic string, key []byte, recordPartition int32, numPartitions int32) int32
}

// PartitionerFunc adapts a function to Partitioner.
type PartitionerFunc func(topic string, key []byte, recordPartition, numPartitions int32) int32

func (f PartitionerFunc) Partition(topic string, key []byte, recordPartition, numPartitions int32) int32 {
	return f(topic, key, recordPartition, numPartitions)
}

// stickyNotifier is implemented by partitioners that want to hear how many
// bytes went to the partition they chose (the uniform sticky partitioner).
type stickyNotifier interface {
	recordAppended(topic string, partition int32, bytes int, batchSize int)
}

// DefaultPartitioner maps keyed records exactly as Apache Kafka's Java
// client does: (murmur2(key) & 0x7fffffff) % numPartitions, so Java and Go
// producers put the same key in the same partition. Records without a key
// go to one partition until about a batch worth of bytes went there, then
// to another at random (Kafka 3.3+'s uniform sticky partitioning, KIP-794),
// which fills batches fast without favouring any partition.
func DefaultPartitioner() Partitioner { return &stickyPartitioner{current: map[string]*stickyState{}} }

type stickyPartitioner struct {
	mu      sync.Mutex
	current map[string]*stickyState
}

type stickyState struct {
	partition int32
	bytes     int
}

func (p *stickyPartitioner) Partition(topic string, key []byte, _ int32, n int32) int32 {
	if key != nil {
		return KeyPartition(key, n)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.current[topic]
	if s == nil {
		s = &stickyState{partition: rand.Int32N(n)}
		p.current[topic] = s
	}
	if s.partition >= n {
		s.partition = rand.Int32N(n)
	}
	return s.partition
}

func (p *stickyPartitioner) recordAppended(topic string, partition int32, bytes, batchSize int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.current[topic]
	if s == nil || s.partition != partition {
		return // a keyed record, or the sticky partition already moved
	}
	s.bytes += bytes
	if s.bytes >= batchSize {
		s.bytes = 0
		// Move on; the n is not known here, so pick lazily on the next call.
		s.partition = nextPartitionMarker
	}
}

// nextPartitionMarker makes the next Partition call pick a new partition
// (every real partition is below it).
const nextPartitionMarker = int32(1<<31 - 1)

// RoundRobinPartitioner spreads every record, keyed or not, over all
// partitions in turn.
func RoundRobinPartitioner() Partitioner { return &roundRobin{next: map[string]int32{}} }

type roundRobin struct {
	mu   sync.Mutex
	next map[string]int32
}

func (r *roundRobin) Partition(topic string, _ []byte, _ int32, n int32) int32 {
	r.mu.Lock()
	defer r.mu.Unlock()
	p := r.next[topic] % n
	r.next[topic] = (p + 1) % n
	return p
}

// ManualPartitioner uses the partition named in each Record; a record
// naming a partition the topic lacks fails with an error.
func ManualPartitioner() Partitioner {
	return PartitionerFunc(func(_ string, _ []byte, recordPartition, _ int32) int32 { return recordPartition })
}

// KeyPartition is the Java client's partition for a key.
func KeyPartition(key []byte, numPartitions int32) int32 {
	return int32(uint32(Murmur2(key))&0x7fffffff) % numPartitions
}

// Murmur2 is the 32-bit murmur2 hash exactly as Apache Kafka's Java client
// computes it (seed 0x9747b28c), as a signed value like Java's.
func Murmur2(data []byte) int32 {
	const (
		seed uint32 = 0x9747b28c
		m    uint32 = 0x5bd1e995
		r           = 24
	)
	n := len(data)
	h := seed ^ uint32(n)
	i := 0
	for ; i+4 <= n; i += 4 {
		k := uint32(data[i]) | uint32(data[i+1])<<8 | uint32(data[i+2])<<16 | uint32(data[i+3])<<24
		k *= m
		k ^= k >> r
		k *= m
		h *= m
		h ^= k
	}
	switch n - i {
	case 3:
		h ^= uint32(data[i+2]) << 16
		fallthrough
	case 2:
		h ^= uint32(data[i+1]) << 8
		fallthrough
	case 1:
		h ^= uint32(data[i])
		h *= m
	}
	h ^= h >> 13
	h *= m
	h ^= h >> 15
	return int32(h)
}
