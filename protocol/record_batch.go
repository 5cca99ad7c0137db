package protocol

import (
	"encoding/binary"
	"errors"
	"math"
	"strconv"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/compress"
)

// Record batch v2 layout (all big-endian):
//
//	baseOffset int64 | batchLength int32 | partitionLeaderEpoch int32 |
//	magic int8 | crc uint32 | attributes int16 | lastOffsetDelta int32 |
//	baseTimestamp int64 | maxTimestamp int64 | producerId int64 |
//	producerEpoch int16 | baseSequence int32 | recordCount int32 | records
//
// batchLength counts the bytes after itself; the CRC-32C covers attributes
// through the end of the batch.
const (
	// BatchHeaderSize is the size of a v2 batch header, up to the records.
	BatchHeaderSize = 61
	// logOverhead is the offset and length prefix every entry of a record
	// set starts with, whatever its magic.
	logOverhead = 12

	offBatchLength     = 8
	offLeaderEpoch     = 12
	offMagic           = 16
	offCRC             = 17
	offAttributes      = 21
	offLastOffsetDelta = 23
	offBaseTimestamp   = 27
	offMaxTimestamp    = 35
	offProducerID      = 43
	offProducerEpoch   = 51
	offBaseSequence    = 53
	offRecordCount     = 57
)

// Batch attribute bits.
const (
	attrCodecMask      = 0x07
	attrLogAppendTime  = 0x08
	attrTransactional  = 0x10
	attrControl        = 0x20
	attrDeleteHorizon  = 0x40
	maxCodec           = compress.Zstd
	minBatchLength     = BatchHeaderSize - logOverhead
	minLegacyEntrySize = 14 // crc, magic, attributes, key and value lengths (v0)
)

var (
	// ErrTruncatedBatch: the data ends before the batch does. Brokers cut the
	// last batch of a fetch response at the size limit; callers skip it.
	ErrTruncatedBatch = errors.New("protocol: record batch truncated")
	// ErrCorruptBatch: a batch's CRC or lengths are wrong.
	ErrCorruptBatch = errors.New("protocol: corrupt record batch")
	// ErrUnsupportedMagic: a record set entry has a magic other than 0, 1, 2.
	ErrUnsupportedMagic = errors.New("protocol: unsupported record batch magic")
)

func errCorrupt(what string) error { return &wrapError{ErrCorruptBatch, what} }

// Batch is the header of one v2 record batch, with its records section.
type Batch struct {
	BaseOffset           int64
	BatchLength          int32
	PartitionLeaderEpoch int32
	Magic                int8
	CRC                  uint32
	Attributes           int16
	LastOffsetDelta      int32
	BaseTimestamp        int64
	MaxTimestamp         int64
	ProducerID           int64
	ProducerEpoch        int16
	BaseSequence         int32
	NumRecords           int32
	// RecordsData is the records section, compressed as a whole when
	// Codec() is not None. It aliases the input of NextBatch.
	RecordsData []byte
}

// Codec is the compression codec of the records section.
func (b *Batch) Codec() compress.Codec { return compress.Codec(b.Attributes & attrCodecMask) }

// IsTransactional reports whether the batch was written in a transaction.
func (b *Batch) IsTransactional() bool { return b.Attributes&attrTransactional != 0 }

// IsControl reports whether the batch holds control records (transaction
// markers) rather than user records.
func (b *Batch) IsControl() bool { return b.Attributes&attrControl != 0 }

// LogAppendTime reports whether the record timestamps are the broker's log
// append time (MaxTimestamp) rather than the producer's create time.
func (b *Batch) LogAppendTime() bool { return b.Attributes&attrLogAppendTime != 0 }

// HasDeleteHorizon reports whether compaction set a delete horizon in the
// base timestamp.
func (b *Batch) HasDeleteHorizon() bool { return b.Attributes&attrDeleteHorizon != 0 }

// LastOffset is the offset of the batch's last record (also when compaction
// removed it): the next batch starts after it.
func (b *Batch) LastOffset() int64 { return b.BaseOffset + int64(b.LastOffsetDelta) }

// NextBatch parses the v2 batch at the start of data, checking its magic,
// lengths and CRC, and returns it with the bytes after it. A batch cut off by
// the end of data gives ErrTruncatedBatch; an entry with another magic gives
// ErrUnsupportedMagic (ReadRecordSet handles magic 0 and 1).
func NextBatch(data []byte) (Batch, []byte, error) {
	var b Batch
	if len(data) < logOverhead {
		return b, nil, ErrTruncatedBatch
	}
	size := int32(binary.BigEndian.Uint32(data[offBatchLength:]))
	if size < 0 {
		return b, nil, errCorrupt("negative batch length")
	}
	if int(size) > len(data)-logOverhead {
		return b, nil, ErrTruncatedBatch
	}
	if size <= offMagic-logOverhead {
		return b, nil, errCorrupt("batch length too small")
	}
	if magic := int8(data[offMagic]); magic != 2 {
		return b, nil, &wrapError{ErrUnsupportedMagic, "magic " + strconv.Itoa(int(magic))}
	}
	if size < minBatchLength {
		return b, nil, errCorrupt("batch length too small")
	}
	end := logOverhead + int(size)
	batch := data[:end:end]
	b.CRC = binary.BigEndian.Uint32(batch[offCRC:])
	if CRC32C(batch[offAttributes:]) != b.CRC {
		return b, nil, errCorrupt("CRC mismatch")
	}
	b.BaseOffset = int64(binary.BigEndian.Uint64(batch))
	b.BatchLength = size
	b.PartitionLeaderEpoch = int32(binary.BigEndian.Uint32(batch[offLeaderEpoch:]))
	b.Magic = 2
	b.Attributes = int16(binary.BigEndian.Uint16(batch[offAttributes:]))
	b.LastOffsetDelta = int32(binary.BigEndian.Uint32(batch[offLastOffsetDelta:]))
	b.BaseTimestamp = int64(binary.BigEndian.Uint64(batch[offBaseTimestamp:]))
	b.MaxTimestamp = int64(binary.BigEndian.Uint64(batch[offMaxTimestamp:]))
	b.ProducerID = int64(binary.BigEndian.Uint64(batch[offProducerID:]))
	b.ProducerEpoch = int16(binary.BigEndian.Uint16(batch[offProducerEpoch:]))
	b.BaseSequence = int32(binary.BigEndian.Uint32(batch[offBaseSequence:]))
	b.NumRecords = int32(binary.BigEndian.Uint32(batch[offRecordCount:]))
	b.RecordsData = batch[BatchHeaderSize:]
	if b.NumRecords < 0 {
		return b, nil, errCorrupt("negative record count")
	}
	if b.BaseOffset < 0 || b.LastOffsetDelta < 0 || b.BaseOffset > math.MaxInt64-int64(b.LastOffsetDelta)-1 {
		return b, nil, errCorrupt("offsets out of range")
	}
	if b.Codec() > maxCodec {
		return b, nil, errCorrupt("unknown compression codec")
	}
	return b, data[end:], nil
}

// AppendRecords decodes the batch's records and appends them to dst, with
// Topic, Partition and LeaderEpoch filled in. A compressed records section
// is inflated into one new buffer per batch, and is refused when it would
// inflate past limit bytes (compress.ErrTooLarge); limit <= 0 means no limit
// beyond the 2 GiB a batch can describe, which a caller facing a hostile
// peer should avoid. Key, Value and header values alias the batch's input or
// that fresh buffer, never a reused one, so callers may keep them.
//
// The records must match the header exactly: NumRecords records, offset
// deltas within [0, LastOffsetDelta], every length within its record and
// no bytes left over. On error dst is returned unchanged.
func (b *Batch) AppendRecords(dst []kafkawire.Record, topic string, partition int32, limit int) ([]kafkawire.Record, error) {
	dst, _, err := b.appendRecords(dst, topic, partition, decompressLimit(limit))
	return dst, err
}

// appendRecords is AppendRecords with an exact limit (>= 0), also reporting
// how many bytes decompression produced.
func (b *Batch) appendRecords(dst []kafkawire.Record, topic string, partition int32, limit int) ([]kafkawire.Record, int, error) {
	data := b.RecordsData
	used := 0
	if c := b.Codec(); c != compress.None {
		if c > maxCodec {
			return dst, 0, errCorrupt("unknown compression codec")
		}
		var err error
		data, err = compress.Decompress(nil, c, data, limit)
		if err != nil {
			return dst, 0, err
		}
		used = len(data)
	}
	d := recordDecoder{
		topic:           topic,
		partition:       partition,
		leaderEpoch:     b.PartitionLeaderEpoch,
		baseOffset:      b.BaseOffset,
		baseTimestamp:   b.BaseTimestamp,
		lastOffsetDelta: b.LastOffsetDelta,
		logAppendTime:   b.LogAppendTime(),
		maxTimestamp:    b.MaxTimestamp,
	}
	n0 := len(dst)
	out, err := d.decode(dst, data, int(b.NumRecords))
	if err != nil {
		clear(out[n0:])
		return dst, used, err
	}
	return out, used, nil
}

func decompressLimit(limit int) int {
	if limit <= 0 {
		return math.MaxInt32
	}
	return limit
}

// ControlRecordType is the type of a control record (a transaction marker,
// or one of KRaft's own types in its metadata log).
type ControlRecordType int16

const (
	ControlAbort  ControlRecordType = 0
	ControlCommit ControlRecordType = 1
)

// ParseControlRecord reads the key of a control record: version int16
// (>= 0), type int16. Unknown types are returned as they are.
func ParseControlRecord(key []byte) (ControlRecordType, error) {
	if len(key) < 4 {
		return 0, errInvalidRecord("control record key shorter than 4 bytes")
	}
	if int16(binary.BigEndian.Uint16(key)) < 0 {
		return 0, errInvalidRecord("negative control record version")
	}
	return ControlRecordType(binary.BigEndian.Uint16(key[2:])), nil
}

// ReadRecordSet decodes the records of a fetch response's Records bytes:
// a sequence of v2 batches and magic 0/1 message sets, in any mix (the magic
// byte sits at offset 16 of every entry). Control batches are skipped, and so
// is an entry cut off at the end (brokers cut the last batch at the size
// limit). limit bounds the total bytes decompression may produce for this
// call (limit <= 0: no limit, see Batch.AppendRecords).
//
// On error, dst is returned with the records of the entries before the bad
// one (never any of the bad one's), and the error.
func ReadRecordSet(dst []kafkawire.Record, data []byte, topic string, partition int32, limit int) ([]kafkawire.Record, error) {
	dst, _, err := ReadRecordSetNext(dst, data, topic, partition, limit)
	return dst, err
}

// ReadRecordSetNext is ReadRecordSet that also returns the offset following
// the last complete entry read (-1 when none), where the next fetch starts: it
// moves past control batches and past records removed by compaction, which
// the returned records alone do not show.
func ReadRecordSetNext(dst []kafkawire.Record, data []byte, topic string, partition int32, limit int) ([]kafkawire.Record, int64, error) {
	next := int64(-1)
	budget := decompressLimit(limit)
	for len(data) >= logOverhead {
		size := int32(binary.BigEndian.Uint32(data[offBatchLength:]))
		if size < minLegacyEntrySize {
			return dst, next, errCorrupt("record set entry length too small")
		}
		if int(size) > len(data)-logOverhead {
			break // a truncated tail
		}
		switch magic := int8(data[offMagic]); magic {
		case 2:
			b, rest, err := NextBatch(data)
			if err != nil {
				return dst, next, err
			}
			if !b.IsControl() && b.NumRecords > 0 {
				var used int
				dst, used, err = b.appendRecords(dst, topic, partition, budget)
				if err != nil {
					return dst, next, err
				}
				budget -= used
			}
			next = b.LastOffset() + 1
			data = rest
		case 0, 1:
			var err error
			var last int64
			var used int
			dst, last, used, data, err = appendLegacyEntry(dst, data, topic, partition, budget)
			if err != nil {
				return dst, next, err
			}
			budget -= used
			next = last + 1
		default:
			return dst, next, &wrapError{ErrUnsupportedMagic, "magic " + strconv.Itoa(int(magic))}
		}
	}
	return dst, next, nil
}
