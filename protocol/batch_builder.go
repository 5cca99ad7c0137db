package protocol

import (
	"encoding/binary"
	"errors"
	"sync"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/compress"
)

var (
	// ErrEmptyBatch: Finish was called on a builder without records.
	ErrEmptyBatch = errors.New("protocol: record batch has no records")
	// ErrBatchFinished: Finish was called twice without a Reset.
	ErrBatchFinished = errors.New("protocol: record batch already finished")
)

// BatchOptions are the header fields of a batch that the builder cannot
// know until the batch is sent.
type BatchOptions struct {
	BaseOffset           int64 // 0 from producers: the broker assigns offsets
	PartitionLeaderEpoch int32 // -1 from producers
	ProducerID           int64 // -1 without idempotence
	ProducerEpoch        int16 // -1 without idempotence
	BaseSequence         int32 // -1 without idempotence
	Transactional        bool
	// Control marks a control batch. Brokers refuse control batches from
	// clients; this is for tests and tools.
	Control bool
	Codec   compress.Codec
	Level   int // compression level, 0 for the codec's default
	// LogAppendTime sets the log-append-time attribute (brokers set it;
	// producers never do).
	LogAppendTime bool
}

// BatchBuilder builds one v2 record batch in a caller-supplied buffer:
// Reset, Append each record (copied once into the buffer), then Finish.
// Appending allocates nothing once the buffer has grown to the batch's size,
// so a producer that recycles buffers builds batches without allocating.
//
// A BatchBuilder may be copied between Reset and Finish only if the original
// is no longer used. It is not safe for concurrent use.
type BatchBuilder struct {
	buf      []byte
	baseTs   int64
	maxTs    int64
	count    int32
	finished bool
}

// Reset starts a new batch in buf (reusing its capacity, not its contents)
// whose base timestamp is firstTimestampMs: record timestamps are stored as
// deltas from it. Room is left for the 61-byte header.
func (b *BatchBuilder) Reset(buf []byte, firstTimestampMs int64) {
	var zero [BatchHeaderSize]byte
	*b = BatchBuilder{
		buf:    append(buf[:0], zero[:]...),
		baseTs: firstTimestampMs,
		maxTs:  -1,
	}
}

// Append adds a record. A nil key or value is written as null (an empty
// non-nil one as empty). Key, value and headers are copied into the batch
// buffer; the caller may reuse them once Append returns.
func (b *BatchBuilder) Append(timestampMs int64, key, value []byte, headers []kafkawire.Header) {
	b.AppendSized(timestampMs, RecordFieldsSize(key, value, headers), key, value, headers)
}

// AppendSized is Append for a record whose RecordFieldsSize the caller has
// computed already.
func (b *BatchBuilder) AppendSized(timestampMs int64, fields int, key, value []byte, headers []kafkawire.Header) {
	if b.finished {
		panic("protocol: BatchBuilder.Append after Finish")
	}
	if b.buf == nil {
		b.Reset(nil, timestampMs)
	}
	tsDelta := timestampMs - b.baseTs
	body := bodySize(tsDelta, b.count, fields)
	need := sizeVarlong(int64(body)) + body
	if cap(b.buf)-len(b.buf) < need {
		b.grow(need)
	}
	b.buf = appendRecord(b.buf, body, tsDelta, b.count, key, value, headers)
	b.count++
	if timestampMs > b.maxTs {
		b.maxTs = timestampMs
	}
}

// grow makes room for n more bytes, at least doubling the buffer.
func (b *BatchBuilder) grow(n int) {
	nb := make([]byte, len(b.buf), max(2*cap(b.buf), len(b.buf)+n))
	copy(nb, b.buf)
	b.buf = nb
}

// Count is the number of records appended.
func (b *BatchBuilder) Count() int { return int(b.count) }

// Size is the size the batch has so far, uncompressed, header included:
// what a producer compares with batch.size.
func (b *BatchBuilder) Size() int {
	if b.buf == nil {
		return BatchHeaderSize
	}
	return len(b.buf)
}

// scratchPool holds buffers the records section is compressed into before
// it is copied back behind the header.
var scratchPool sync.Pool // of *[]byte

// maxPooledScratch is the largest scratch buffer kept for reuse.
const maxPooledScratch = 8 << 20

// Finish fills in the header, compresses the records section when
// opts.Codec is not None, computes the CRC and returns the finished batch:
// the builder's buffer (or its replacement if compression needed more
// room), header and records in one slice. Once finished, the builder must
// be Reset before it takes records again.
func (b *BatchBuilder) Finish(opts BatchOptions) ([]byte, error) {
	if b.finished {
		return nil, ErrBatchFinished
	}
	if b.count == 0 {
		return nil, ErrEmptyBatch
	}
	if opts.Codec != compress.None {
		sp, _ := scratchPool.Get().(*[]byte)
		if sp == nil {
			sp = new([]byte)
		}
		out, err := compress.Compress((*sp)[:0], opts.Codec, opts.Level, b.buf[BatchHeaderSize:])
		if err != nil {
			scratchPool.Put(sp)
			return nil, err
		}
		b.buf = append(b.buf[:BatchHeaderSize], out...)
		if cap(out) <= maxPooledScratch {
			*sp = out[:0]
		} else {
			*sp = nil
		}
		scratchPool.Put(sp)
	}
	b.finished = true

	h := b.buf[:BatchHeaderSize]
	attrs := uint16(opts.Codec) & attrCodecMask
	if opts.LogAppendTime {
		attrs |= attrLogAppendTime
	}
	if opts.Transactional {
		attrs |= attrTransactional
	}
	if opts.Control {
		attrs |= attrControl
	}
	binary.BigEndian.PutUint64(h, uint64(opts.BaseOffset))
	binary.BigEndian.PutUint32(h[offBatchLength:], uint32(len(b.buf)-logOverhead))
	binary.BigEndian.PutUint32(h[offLeaderEpoch:], uint32(opts.PartitionLeaderEpoch))
	h[offMagic] = 2
	binary.BigEndian.PutUint16(h[offAttributes:], attrs)
	binary.BigEndian.PutUint32(h[offLastOffsetDelta:], uint32(b.count-1))
	binary.BigEndian.PutUint64(h[offBaseTimestamp:], uint64(b.baseTs))
	binary.BigEndian.PutUint64(h[offMaxTimestamp:], uint64(b.maxTs))
	binary.BigEndian.PutUint64(h[offProducerID:], uint64(opts.ProducerID))
	binary.BigEndian.PutUint16(h[offProducerEpoch:], uint16(opts.ProducerEpoch))
	binary.BigEndian.PutUint32(h[offBaseSequence:], uint32(opts.BaseSequence))
	binary.BigEndian.PutUint32(h[offRecordCount:], uint32(b.count))
	binary.BigEndian.PutUint32(h[offCRC:], CRC32C(b.buf[offAttributes:]))
	return b.buf, nil
}

// SetProducerFields rewrites the producer id, epoch and base sequence of a
// finished v2 batch in place and recomputes its CRC: for resending a batch
// under a new producer epoch. The batch is the one starting at batch[0], of
// the length its header gives; a slice too short to hold it is left alone.
func SetProducerFields(batch []byte, id int64, epoch int16, baseSeq int32) {
	if len(batch) < BatchHeaderSize {
		return
	}
	size := int32(binary.BigEndian.Uint32(batch[offBatchLength:]))
	if size < minBatchLength || int(size) > len(batch)-logOverhead {
		return
	}
	batch = batch[:logOverhead+int(size)]
	binary.BigEndian.PutUint64(batch[offProducerID:], uint64(id))
	binary.BigEndian.PutUint16(batch[offProducerEpoch:], uint16(epoch))
	binary.BigEndian.PutUint32(batch[offBaseSequence:], uint32(baseSeq))
	binary.BigEndian.PutUint32(batch[offCRC:], CRC32C(batch[offAttributes:]))
}
