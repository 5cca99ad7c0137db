package protocol

import (
	"encoding/binary"
	"errors"
	"fmt"
	"iter"
	"math"
)

var (
	// ErrShortBuffer: the input ended before a field did.
	ErrShortBuffer = errors.New("protocol: input ends in the middle of a field")
	// ErrInvalidLength: a length or count is negative where that is not
	// allowed, or larger than the bytes that remain.
	ErrInvalidLength = errors.New("protocol: invalid length")
	// ErrVarintOverflow: a varint runs longer than its type allows.
	ErrVarintOverflow = errors.New("protocol: varint overflows")
)

// Reader decodes Kafka primitives from a byte slice. The first error is
// latched: later reads return zero values, and Err reports it. Slices
// returned by Bytes and friends alias the input.
type Reader struct {
	buf []byte
	off int
	err error
	// Flex selects the flexible encoding (KIP-482): compact lengths and
	// tagged-field sections. A codec sets it once with UseVersion.
	Flex bool
}

// UseVersion sets Flex from the registration of the API with key: true from
// its FlexibleFrom version on. Every codec's Decode starts with it.
func (r *Reader) UseVersion(key, version int16) { r.Flex = flexible(key, version) }

// NewReader returns a Reader over b.
func NewReader(b []byte) *Reader { return &Reader{buf: b} }

// Reset makes r read b from its start, clearing any error.
func (r *Reader) Reset(b []byte) { *r = Reader{buf: b} }

// Err returns the first error met, or nil.
func (r *Reader) Err() error { return r.err }

// Fail latches err unless an error is already latched.
func (r *Reader) Fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

// Failf latches a formatted error.
func (r *Reader) Failf(format string, args ...any) { r.Fail(fmt.Errorf(format, args...)) }

// Remaining is the number of unread bytes.
func (r *Reader) Remaining() int { return len(r.buf) - r.off }

// Offset is the number of bytes read so far.
func (r *Reader) Offset() int { return r.off }

// take returns the next n bytes, or nil (latching ErrShortBuffer) if fewer remain.
func (r *Reader) take(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || n > len(r.buf)-r.off {
		r.err = ErrShortBuffer
		return nil
	}
	b := r.buf[r.off : r.off+n : r.off+n]
	r.off += n
	return b
}

// Skip discards n bytes.
func (r *Reader) Skip(n int) { r.take(n) }

// Raw returns the next n bytes, aliasing the input.
func (r *Reader) Raw(n int) []byte { return r.take(n) }

func (r *Reader) Int8() int8 {
	b := r.take(1)
	if b == nil {
		return 0
	}
	return int8(b[0])
}

func (r *Reader) Bool() bool { return r.Int8() != 0 }

func (r *Reader) Int16() int16 {
	b := r.take(2)
	if b == nil {
		return 0
	}
	return int16(binary.BigEndian.Uint16(b))
}

func (r *Reader) Uint16() uint16 { return uint16(r.Int16()) }

func (r *Reader) Int32() int32 {
	b := r.take(4)
	if b == nil {
		return 0
	}
	return int32(binary.BigEndian.Uint32(b))
}

func (r *Reader) Uint32() uint32 { return uint32(r.Int32()) }

func (r *Reader) Int64() int64 {
	b := r.take(8)
	if b == nil {
		return 0
	}
	return int64(binary.BigEndian.Uint64(b))
}

func (r *Reader) Float64() float64 { return math.Float64frombits(uint64(r.Int64())) }

// Uvarint reads an unsigned varint of at most 32 bits.
func (r *Reader) Uvarint() uint32 {
	v := r.uvarint64(5)
	if v > math.MaxUint32 {
		r.Fail(ErrVarintOverflow)
		return 0
	}
	return uint32(v)
}

// Uvarlong reads an unsigned varint of at most 64 bits.
func (r *Reader) Uvarlong() uint64 { return r.uvarint64(10) }

// Varint reads a zigzag-encoded signed varint of at most 32 bits.
func (r *Reader) Varint() int32 {
	u := r.Uvarint()
	return int32(u>>1) ^ -int32(u&1)
}

// Varlong reads a zigzag-encoded signed varint of at most 64 bits.
func (r *Reader) Varlong() int64 {
	u := r.uvarint64(10)
	return int64(u>>1) ^ -int64(u&1)
}

func (r *Reader) uvarint64(maxLen int) uint64 {
	if r.err != nil {
		return 0
	}
	var v uint64
	var shift uint
	for i := 0; i < maxLen; i++ {
		if r.off >= len(r.buf) {
			r.err = ErrShortBuffer
			return 0
		}
		c := r.buf[r.off]
		r.off++
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v
		}
		shift += 7
	}
	r.err = ErrVarintOverflow
	return 0
}

// UUID reads 16 raw bytes.
func (r *Reader) UUID() UUID {
	var u UUID
	copy(u[:], r.take(16))
	return u
}

// length reads a string/bytes/array length in the classic (int16 or int32,
// -1 = null) or compact (uvarint length+1, 0 = null) form. It returns -1 for
// null. A length larger than the remaining input is an error, so no caller
// allocates more than the input can hold.
func (r *Reader) length(int16Len bool) int {
	var n int
	switch {
	case r.Flex:
		n = int(r.Uvarint()) - 1
	case int16Len:
		n = int(r.Int16())
	default:
		n = int(r.Int32())
	}
	if r.err != nil {
		return 0
	}
	if n < -1 {
		r.err = ErrInvalidLength
		return 0
	}
	if n > len(r.buf)-r.off {
		r.err = fmt.Errorf("%w: %d bytes or elements announced, %d bytes left", ErrInvalidLength, n, len(r.buf)-r.off)
		return 0
	}
	return n
}

// String reads a non-nullable string. A null string reads as "".
func (r *Reader) String() string {
	n := r.length(true)
	if n <= 0 {
		return ""
	}
	return string(r.take(n))
}

// NullableString reads a nullable string.
func (r *Reader) NullableString() *string {
	n := r.length(true)
	if n < 0 || r.err != nil {
		return nil
	}
	s := string(r.take(n))
	return &s
}

// StringPtr reads a string that is nullable at some versions only; it is
// never nil where the version does not allow null.
func (r *Reader) StringPtr(nullable bool) *string {
	if nullable {
		return r.NullableString()
	}
	s := r.String()
	return &s
}

// TopicNameOrID reads what Writer.TopicNameOrID writes into *id (byID) or
// *name, leaving the other alone.
func (r *Reader) TopicNameOrID(name *string, id *UUID, byID bool) {
	if byID {
		*id = r.UUID()
	} else {
		*name = r.String()
	}
}

// Bytes reads a nullable byte field (int32 length, or compact); null reads
// as nil, empty as a non-nil empty slice. The result aliases the input.
func (r *Reader) Bytes() []byte {
	n := r.length(false)
	if n < 0 || r.err != nil {
		return nil
	}
	return r.take(n)
}

// ArrayLen reads an array length (int32, or compact); -1 means null. A count
// larger than the remaining bytes is an error (every element takes at least
// one byte), which bounds what a decoder allocates. ReadArray is the usual
// way to read an array; ArrayLen is for the few that need the bare count.
func (r *Reader) ArrayLen() int { return r.length(false) }

// Tags iterates over a tagged-field section: for tag, field := range
// r.Tags() { switch tag { case 0: x = field.Int32() } }. field reads exactly
// that field's bytes (it is r itself, its end moved to the field's end while
// the loop body runs, so nothing is allocated); the bytes of tags the loop
// does not read are skipped, as Kafka requires for unknown tags. A field's
// decoding error is latched in r, naming the tag. Breaking out of the loop
// still consumes the section. In classic versions there is no section and
// the loop body never runs.
func (r *Reader) Tags() iter.Seq2[uint32, *Reader] {
	return func(yield func(uint32, *Reader) bool) {
		if !r.Flex {
			return
		}
		n := r.Uvarint()
		more := true
		for i := uint32(0); i < n && r.err == nil; i++ {
			tag := r.Uvarint()
			size := int(r.Uvarint())
			if r.err == nil && size > r.Remaining() {
				r.err = ErrShortBuffer
			}
			if r.err != nil {
				return
			}
			end := r.off + size
			if more {
				all := r.buf
				r.buf = r.buf[:end]
				more = yield(tag, r)
				r.buf = all
				if r.err != nil {
					r.err = fmt.Errorf("tagged field %d: %w", tag, r.err)
					return
				}
			}
			r.off = end
		}
	}
}

// SkipTags reads a tagged-field section and ignores it; it is a no-op in
// classic versions, so codecs call it unconditionally where the schema has
// one.
func (r *Reader) SkipTags() {
	if !r.Flex {
		return
	}
	n := r.Uvarint()
	for i := uint32(0); i < n && r.err == nil; i++ {
		r.Uvarint() // tag
		r.take(int(r.Uvarint()))
	}
}
