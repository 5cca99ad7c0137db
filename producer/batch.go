package producer

import (
	"sync"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/protocol"
)

// partition is one topic-partition's queue. All fields are guarded by
// Producer.mu.
//
// Ordering invariant (idempotence): a partition's batches get consecutive
// sequence numbers when first sent, and are sent and acknowledged in that
// order. When one fails retriably, every later in-flight batch of the
// partition fails too (the broker refuses a sequence gap), so we stop
// sending, wait until nothing is in flight, and resend the failed batches in
// sequence order with their original numbers.
type partition struct {
	tp       kafkawire.TopicPartition
	queue    []*batch // not in flight, oldest first; the last may still be open
	inflight []*batch // sent, awaiting an answer, in sequence order
	retry    []*batch // failed retriably, to resend once inflight drains
	nextSeq  int32
	pidGen   int // the producer-id generation nextSeq belongs to
	// confirmed: a batch of this generation was acknowledged, so the broker
	// holds our sequence state and will refuse gaps.
	confirmed bool
	backoff   time.Time
	attempts  int
	// waitErr says why the partition's queue cannot be sent (no leader, a
	// leader metadata does not list): the cause its records expire with if
	// they were never sent. lastUsed is when a batch was last opened or
	// finished: an idle partition is dropped (dropIdle).
	waitErr  error
	lastUsed time.Time
	// lastSize and lastCount are the size and record count the partition's
	// previous batch reached when it was sealed: the next batch's buffer
	// and record list are sized from them (batchCap, newBatch).
	lastSize, lastCount int
}

// minBatchCap is the smallest buffer a batch starts with.
const minBatchCap = 16 << 10

// batchCap is the buffer a partition's next batch starts with: the size its
// previous batch reached plus a quarter, within [minBatchCap, BatchSize plus
// the header]. A large BatchSize then costs memory only on partitions whose
// traffic fills batches that large, and a steady partition's batches do not
// outgrow their buffer (a batch that does is grown by append, one extra copy).
func batchCap(pt *partition, batchSize int) int {
	return min(max(pt.lastSize+pt.lastSize/4, minBatchCap), batchSize+protocol.BatchHeaderSize)
}

// seqState is what an idle partition leaves behind when it is dropped:
// enough to carry on numbering in the same producer-id generation.
type seqState struct {
	nextSeq   int32
	confirmed bool
}

// batch is one record batch under construction or in flight.
type batch struct {
	part     *partition
	builder  protocol.BatchBuilder
	buf      []byte // the builder's buffer, kept across reuse of the batch
	recs     []pendingRecord
	bytes    int // reserved from the memory limit
	created  time.Time
	deadline time.Time // created + DeliveryTimeout
	full     bool

	// sealed: the batch has its header fields (producer id, epoch, base
	// sequence: opts) and takes no more records. Set by the sender under
	// Producer.mu. Its bytes are finished (compressed, CRC) from opts by
	// the broker's writer, off the lock (finishWire), which alone touches
	// builder, wire and finishErr while the batch is in flight.
	sealed    bool
	opts      protocol.BatchOptions
	wire      []byte        // finished bytes, nil until first written
	finishErr error         // why the bytes could not be finished: final
	topicID   protocol.UUID // the topic id sent with it (Produce v13+ answers by id)
	baseSeq   int32
	pidGen    int
	attempts  int
	lastErr   error         // why the last attempt failed, for ErrDeliveryTimeout
	done      chan struct{} // closed when every record has its result
}

// pendingRecord is what a batch remembers of each record: whom to tell.
type pendingRecord struct {
	cb        func(Result, error)
	fut       *Future
	timestamp int64
}

var batchPool = sync.Pool{New: func() any { return new(batch) }}

// newBatch opens a batch at now whose base timestamp is its first record's,
// firstTsMs, as the Java client's.
func newBatch(p *partition, now time.Time, firstTsMs int64, deliveryTimeout time.Duration, bufCap int) *batch {
	b := batchPool.Get().(*batch)
	buf := b.buf
	if cap(buf) < bufCap {
		buf = make([]byte, 0, bufCap)
	}
	b.builder.Reset(buf[:0], firstTsMs)
	// A pooled batch may come with a short record list (the pool is emptied
	// at each GC): one allocation of the expected length instead of the
	// eight or so of growing to it.
	recs := b.recs[:0]
	if want := p.lastCount + p.lastCount/4; cap(recs) < want {
		recs = make([]pendingRecord, 0, want)
	}
	*b = batch{
		part:     p,
		builder:  b.builder,
		buf:      buf[:0],
		recs:     recs,
		created:  now,
		deadline: now.Add(deliveryTimeout),
		baseSeq:  -1,
		done:     make(chan struct{}),
	}
	return b
}

// release returns a finished batch to the pool; its done channel stays
// closed for any Flush still holding it.
func (b *batch) release() {
	for i := range b.recs {
		b.recs[i] = pendingRecord{}
	}
	b.part = nil
	if cap(b.wire) > cap(b.buf) {
		b.buf = b.wire[:0]
	}
	b.wire = nil
	batchPool.Put(b)
}

func (b *batch) lastSeq() int32 { return b.baseSeq + int32(len(b.recs)) - 1 }
