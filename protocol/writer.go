package protocol

import (
	"encoding/binary"
	"math"
)

// Writer appends Kafka primitives to B. The zero Writer is ready (classic
// encoding); to encode into an existing buffer, set B to it (encoding
// appends after its length).
type Writer struct {
	B []byte
	// Flex selects the flexible encoding (KIP-482): compact lengths and
	// tagged-field sections. NewWriter sets it from the API's registration.
	Flex bool
}

// NewWriter returns a Writer appending to dst, flexible when version of the
// API with key is. Every codec's AppendTo starts with it.
func NewWriter(dst []byte, key, version int16) Writer {
	return Writer{B: dst, Flex: flexible(key, version)}
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

// length writes a length in the compact (Flex) or classic form; -1 is null.
func (w *Writer) length(n int, int16Len bool) {
	switch {
	case w.Flex:
		w.Uvarint(uint32(n + 1))
	case int16Len:
		w.Int16(int16(n))
	default:
		w.Int32(int32(n))
	}
}

// String writes a non-nullable string.
func (w *Writer) String(s string) {
	w.length(len(s), true)
	w.B = append(w.B, s...)
}

// NullableString writes s, or null when s is nil.
func (w *Writer) NullableString(s *string) {
	if s == nil {
		w.length(-1, true)
		return
	}
	w.String(*s)
}

// StringPtr writes a string that is nullable at some versions only:
// nullable says whether this version allows null; where it does not, nil is
// written as "".
func (w *Writer) StringPtr(s *string, nullable bool) {
	if nullable {
		w.NullableString(s)
	} else {
		w.String(deref(s))
	}
}

// deref returns *s, or "" for nil: a nullable field written at a version
// where it is not (yet) nullable.
func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// TopicNameOrID writes a reference to a topic: its id where the version
// names topics by id (byID; several APIs moved from names to ids, KIP-516),
// else its name.
func (w *Writer) TopicNameOrID(name string, id UUID, byID bool) {
	if byID {
		w.UUID(id)
	} else {
		w.String(name)
	}
}

// Bytes writes a non-nullable byte field: nil is written as empty.
func (w *Writer) Bytes(b []byte) {
	w.length(len(b), false)
	w.B = append(w.B, b...)
}

// NullableBytes writes b, or null when b is nil.
func (w *Writer) NullableBytes(b []byte) {
	if b == nil {
		w.length(-1, false)
		return
	}
	w.Bytes(b)
}

// ArrayLen writes an array length; pass -1 for a null array. AppendArray is
// the usual way to write an array.
func (w *Writer) ArrayLen(n int) { w.length(n, false) }

// NoTags writes an empty tagged-field section in flexible versions and
// nothing in classic ones, so codecs call it unconditionally where the
// schema has one.
func (w *Writer) NoTags() {
	if w.Flex {
		w.B = append(w.B, 0)
	}
}

// BeginTag starts a tagged field: call it, append the field's value, then
// call EndTag with the returned mark. The tag count must already be written
// (w.Uvarint(count), see countSet), and tags must be written in ascending
// order.
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

// countSet counts the true values: the number of tagged fields to write in
// front of a section whose fields are each present when set.
func countSet(set ...bool) uint32 {
	n := uint32(0)
	for _, s := range set {
		if s {
			n++
		}
	}
	return n
}
