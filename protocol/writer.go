package protocol

import (
	"encoding/binary"
	"math"
)

// Writer appends Kafka primitives to B. The zero Writer is ready; to encode
// into an existing buffer, set B to it (encoding appends after its length).
type Writer struct {
	B []byte
}

func (w *Writer) Int8(v int8) { w.B = append(w.B, byte(v)) }

func (w *Writer) Bool(v bool) {
	if v {
		w.B = append(w.B, 1)
	} else {
		w.B = append(w.B, 0)
	}
}

func (w *Writer) Int16(v int16)   { w.B = binary.BigEndian.AppendUint16(w.B, uint16(v)) }
func (w *Writer) Uint16(v uint16) { w.B = binary.BigEndian.AppendUint16(w.B, v) }
func (w *Writer) Int32(v int32)   { w.B = binary.BigEndian.AppendUint32(w.B, uint32(v)) }
func (w *Writer) Uint32(v uint32) { w.B = binary.BigEndian.AppendUint32(w.B, v) }
func (w *Writer) Int64(v int64)   { w.B = binary.BigEndian.AppendUint64(w.B, uint64(v)) }
func (w *Writer) Float64(v float64) {
	w.B = binary.BigEndian.AppendUint64(w.B, math.Float64bits(v))
}

func (w *Writer) Uvarint(v uint32)  { w.B = binary.AppendUvarint(w.B, uint64(v)) }
func (w *Writer) Uvarlong(v uint64) { w.B = binary.AppendUvarint(w.B, v) }
func (w *Writer) Varint(v int32)    { w.B = binary.AppendUvarint(w.B, uint64(uint32((v<<1)^(v>>31)))) }
func (w *Writer) Varlong(v int64)   { w.B = binary.AppendVarint(w.B, v) }
func (w *Writer) UUID(u UUID)       { w.B = append(w.B, u[:]...) }
func (w *Writer) Raw(b []byte)      { w.B = append(w.B, b...) }

// length writes a length in the compact (flex) or classic form; -1 is null.
func (w *Writer) length(n int, flex, int16Len bool) {
	switch {
	case flex:
		w.Uvarint(uint32(n + 1))
	case int16Len:
		w.Int16(int16(n))
	default:
		w.Int32(int32(n))
	}
}

// String writes a non-nullable string (compact when flex).
func (w *Writer) String(s string, flex bool) {
	w.length(len(s), flex, true)
	w.B = append(w.B, s...)
}

// NullableString writes s, or null when s is nil.
func (w *Writer) NullableString(s *string, flex bool) {
	if s == nil {
		w.length(-1, flex, true)
		return
	}
	w.String(*s, flex)
}

// Bytes writes a non-nullable byte field: nil is written as empty.
func (w *Writer) Bytes(b []byte, flex bool) {
	w.length(len(b), flex, false)
	w.B = append(w.B, b...)
}

// NullableBytes writes b, or null when b is nil.
func (w *Writer) NullableBytes(b []byte, flex bool) {
	if b == nil {
		w.length(-1, flex, false)
		return
	}
	w.Bytes(b, flex)
}

// ArrayLen writes an array length; pass -1 for a null array.
func (w *Writer) ArrayLen(n int, flex bool) { w.length(n, flex, false) }

// NoTags writes an empty tagged-field section when flex is true, and nothing
// otherwise, so callers can write w.NoTags(flex) unconditionally.
func (w *Writer) NoTags(flex bool) {
	if flex {
		w.B = append(w.B, 0)
	}
}

// BeginTag starts a tagged field: call it, append the field's value, then
// call EndTag with the returned mark. The tag count must already be written
// (w.Uvarint(count)), and tags must be written in ascending order.
func (w *Writer) BeginTag(tag uint32) int {
	w.Uvarint(tag)
	return len(w.B)
}

// EndTag inserts the size of the field begun at mark in front of it.
func (w *Writer) EndTag(mark int) {
	size := len(w.B) - mark
	var tmp [binary.MaxVarintLen32]byte
	n := binary.PutUvarint(tmp[:], uint64(size))
	w.B = append(w.B, tmp[:n]...)
	copy(w.B[mark+n:], w.B[mark:mark+size])
	copy(w.B[mark:], tmp[:n])
}
