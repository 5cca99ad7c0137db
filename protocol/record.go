package protocol

import (
	"encoding/binary"
	"errors"
	"math"
	"math/bits"
	"slices"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
)

// ErrInvalidRecord: a record inside a batch is malformed (bad length, an
// offset delta outside the batch, bytes left over, ...).
var ErrInvalidRecord = errors.New("protocol: invalid record")

// minRecordSize is the smallest encoded record: length, attributes,
// timestampDelta, offsetDelta, key length, value length and header count,
// one byte each.
const minRecordSize = 7

// sizeUvarint is the encoded size of u as an unsigned varint.
func sizeUvarint(u uint64) int { return (bits.Len64(u|1) + 6) / 7 }

// sizeVarlong is the encoded size of v as a zigzag varint.
func sizeVarlong(v int64) int { return sizeUvarint(uint64(v<<1) ^ uint64(v>>63)) }

// sizeBytesField is the size of a varint-length-prefixed byte field (nil is
// null: one byte).
func sizeBytesField(b []byte) int {
	if b == nil {
		return 1
	}
	return sizeVarlong(int64(len(b))) + len(b)
}

// recordBodySize is the size of a record after its length prefix.
func recordBodySize(timestampDelta int64, offsetDelta int32, key, value []byte, headers []kafkawire.Header) int {
	return bodySize(timestampDelta, offsetDelta, RecordFieldsSize(key, value, headers))
}

// bodySize is a record's size without its length prefix, from the size of
// its fields (RecordFieldsSize).
func bodySize(timestampDelta int64, offsetDelta int32, fields int) int {
	return 1 + sizeVarlong(timestampDelta) + sizeVarlong(int64(offsetDelta)) + fields
}

// RecordFieldsSize is the encoded size of a record's key, value and
// headers: the part of its size that does not depend on where it sits in
// its batch. A producer computes it once per record, outside its locks,
// and hands it to BatchBuilder.AppendSized.
func RecordFieldsSize(key, value []byte, headers []kafkawire.Header) int {
	n := sizeBytesField(key) + sizeBytesField(value) + sizeVarlong(int64(len(headers)))
	for i := range headers {
		h := &headers[i]
		n += sizeVarlong(int64(len(h.Key))) + len(h.Key) + sizeBytesField(h.Value)
	}
	return n
}

// RecordSize is the exact encoded size of one record of a v2 batch, length
// prefix included. Passing the widest deltas a batch may hold gives an upper
// bound for any position in any batch (MaxRecordSize).
func RecordSize(timestampDelta int64, offsetDelta int32, key, value []byte, headers []kafkawire.Header) int {
	body := recordBodySize(timestampDelta, offsetDelta, key, value, headers)
	return sizeVarlong(int64(body)) + body
}

// MaxRecordSize bounds the encoded size of a record whose fields take
// fields bytes (RecordFieldsSize), wherever it sits in a batch: its deltas
// at their widest.
func MaxRecordSize(fields int) int {
	body := bodySize(1<<40, 1<<30, fields)
	return sizeVarlong(int64(body)) + body
}

// appendBytesField appends a varint length (-1 for nil) and b.
func appendBytesField(dst, b []byte) []byte {
	if b == nil {
		return append(dst, 1) // zigzag(-1)
	}
	dst = binary.AppendVarint(dst, int64(len(b)))
	return append(dst, b...)
}

// appendRecord appends one encoded record whose body size is body (from
// recordBodySize). The caller has made room, so nothing here allocates.
func appendRecord(dst []byte, body int, timestampDelta int64, offsetDelta int32, key, value []byte, headers []kafkawire.Header) []byte {
	dst = binary.AppendVarint(dst, int64(body))
	dst = append(dst, 0) // attributes: unused
	dst = binary.AppendVarint(dst, timestampDelta)
	dst = binary.AppendVarint(dst, int64(offsetDelta))
	dst = appendBytesField(dst, key)
	dst = appendBytesField(dst, value)
	dst = binary.AppendVarint(dst, int64(len(headers)))
	for i := range headers {
		h := &headers[i]
		dst = binary.AppendVarint(dst, int64(len(h.Key)))
		dst = append(dst, h.Key...)
		dst = appendBytesField(dst, h.Value)
	}
	return dst
}

// readVarlong decodes a zigzag varint of at most 10 bytes at b[off:]. It
// returns the value and the offset after it, or off -1 when the input ends or
// the varint overflows.
func readVarlong(b []byte, off int) (int64, int) {
	if uint(off) >= uint(len(b)) { // also catches off == -1 from an earlier failure
		return 0, -1
	}
	if c := b[off]; c < 0x80 { // the common one-byte case
		return int64(c>>1) ^ -int64(c&1), off + 1
	}
	u, n := binary.Uvarint(b[off:])
	if n <= 0 {
		return 0, -1
	}
	return int64(u>>1) ^ -int64(u&1), off + n
}

// readVarint is readVarlong restricted to the int32 range.
func readVarint(b []byte, off int) (int32, int) {
	v, off := readVarlong(b, off)
	if v < math.MinInt32 || v > math.MaxInt32 {
		return 0, -1
	}
	return int32(v), off
}

// readBytesField reads a varint length (-1 = null) and that many bytes, which
// must end at or before end. Non-null results alias b, capacity capped so an
// append by the user cannot overwrite what follows.
func readBytesField(b []byte, off, end int) ([]byte, int) {
	n, off := readVarint(b, off)
	if off < 0 {
		return nil, -1
	}
	if n < 0 {
		if n != -1 {
			return nil, -1
		}
		return nil, off
	}
	if int(n) > end-off {
		return nil, -1
	}
	return b[off : off+int(n) : off+int(n)], off + int(n)
}

// millisTime converts a Kafka timestamp; -1 (no timestamp) is the zero Time.
func millisTime(ms int64) time.Time {
	if ms == -1 {
		return time.Time{}
	}
	return time.UnixMilli(ms)
}

// recordDecoder decodes the records section of one v2 batch.
type recordDecoder struct {
	topic           string
	partition       int32
	leaderEpoch     int32
	baseOffset      int64
	baseTimestamp   int64
	lastOffsetDelta int32
	logAppendTime   bool
	maxTimestamp    int64

	slab   []kafkawire.Header // headers for the records still to come
	intern [8]string          // recently seen header keys
	next   int                // next intern slot to replace
}

// headerKey returns b as a string, reusing a recent identical key so that
// repeated header keys (the usual case) cost one allocation per batch.
func (d *recordDecoder) headerKey(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	for i := range d.intern {
		if d.intern[i] == string(b) {
			return d.intern[i]
		}
	}
	s := string(b)
	d.intern[d.next] = s
	d.next = (d.next + 1) % len(d.intern)
	return s
}

// decode appends the n records encoded in data to dst. data must hold
// exactly n records.
func (d *recordDecoder) decode(dst []kafkawire.Record, data []byte, n int) ([]kafkawire.Record, error) {
	if n < 0 || n > len(data)/minRecordSize {
		return dst, errInvalidRecord("record count larger than the records section can hold")
	}
	// Grow geometrically: a fetch appends batch after batch to one slice,
	// and growing by exactly n each time would copy it quadratically.
	dst = slices.Grow(dst, n)
	off := 0
	for i := 0; i < n; i++ {
		size, o := readVarint(data, off)
		if o < 0 || size < minRecordSize-1 || int(size) > len(data)-o {
			return dst, errInvalidRecord("bad record length")
		}
		end := o + int(size)
		o++ // attributes: unused
		tsDelta, o := readVarlong(data[:end], o)
		offDelta, o := readVarint(data[:end], o)
		if o < 0 {
			return dst, errInvalidRecord("truncated record")
		}
		if offDelta < 0 || offDelta > d.lastOffsetDelta {
			return dst, errInvalidRecord("offset delta outside the batch")
		}
		key, o := readBytesField(data[:end], o, end)
		value, o := readBytesField(data[:end], o, end)
		nh, o := readVarint(data[:end], o)
		if o < 0 || nh < 0 || int(nh) > (end-o)/2 {
			return dst, errInvalidRecord("bad key, value or header count")
		}
		var headers []kafkawire.Header
		if nh > 0 {
			h := int(nh)
			if cap(d.slab)-len(d.slab) < h {
				// Size the new slab for the records left, as if each had
				// as many headers as this one, within what the bytes left
				// can hold (a header takes at least 2 bytes).
				c := min(h*(n-i), (len(data)-o)/2, max(h, 1024))
				d.slab = make([]kafkawire.Header, 0, max(c, h))
			}
			start := len(d.slab)
			for j := 0; j < h; j++ {
				var hk, hv []byte
				kl, p := readVarint(data[:end], o)
				if p < 0 || kl < 0 || int(kl) > end-p {
					return dst, errInvalidRecord("bad header key")
				}
				hk, o = data[p:p+int(kl)], p+int(kl)
				hv, o = readBytesField(data[:end], o, end)
				if o < 0 {
					return dst, errInvalidRecord("bad header value")
				}
				d.slab = append(d.slab, kafkawire.Header{Key: d.headerKey(hk), Value: hv})
			}
			headers = d.slab[start:len(d.slab):len(d.slab)]
		}
		if o != end {
			return dst, errInvalidRecord("record length does not match its fields")
		}
		ts := d.baseTimestamp + tsDelta
		if d.logAppendTime {
			ts = d.maxTimestamp
		}
		dst = append(dst, kafkawire.Record{
			Topic:       d.topic,
			Partition:   d.partition,
			Offset:      d.baseOffset + int64(offDelta),
			Key:         key,
			Value:       value,
			Headers:     headers,
			Timestamp:   millisTime(ts),
			LeaderEpoch: d.leaderEpoch,
		})
		off = end
	}
	if off != len(data) {
		return dst, errInvalidRecord("bytes left after the last record")
	}
	return dst, nil
}

func errInvalidRecord(what string) error { return &wrapError{ErrInvalidRecord, what} }

// wrapError is a sentinel error with a detail, built without fmt.
type wrapError struct {
	err    error
	detail string
}

func (e *wrapError) Error() string { return e.err.Error() + ": " + e.detail }
func (e *wrapError) Unwrap() error { return e.err }
