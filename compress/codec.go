// Package compress implements the codecs a Kafka record batch may be
// compressed with (attribute bits 0-2): gzip, snappy, lz4 and zstd.
//
// It owns three things the record-batch code should not have to think about:
//
//   - The byte formats the Apache Kafka Java client writes and reads, so that
//     batches produced here are readable by Java consumers and brokers and the
//     other way round: xerial-framed snappy, LZ4 frames with independent 64 KiB
//     blocks and no content checksum, plain gzip and zstd frames.
//   - Reuse of codec state. Encoders and decoders are expensive to build (zstd
//     and deflate allocate hundreds of KiB of tables), so they are pooled and
//     output is appended to the caller's slice, letting a caller that recycles
//     its buffers compress and decompress without allocating.
//   - Bounded decompression. Decompress never produces more than the limit
//     it is given, and allocates at most a small multiple of it: a few
//     hundred bytes of hostile input must not be able to make a client
//     allocate gigabytes. Where a format declares sizes up front (snappy
//     blocks, zstd frame and block headers, LZ4 block headers, the gzip
//     trailer) they are checked or used before anything is decoded, and
//     sizes an input merely claims are never allocated for beyond what the
//     codec's maximum compression ratio allows.
//
// All functions are safe for concurrent use.
package compress

import (
	"errors"
	"fmt"
	"io"
	"math"
)

// Codec identifies a compression codec by its value in the record batch
// attributes (bits 0-2).
type Codec int8

// The codecs Kafka defines. Values 5-7 of the three attribute bits are unused.
const (
	None   Codec = 0
	Gzip   Codec = 1
	Snappy Codec = 2
	LZ4    Codec = 3
	Zstd   Codec = 4
)

var codecNames = [...]string{None: "none", Gzip: "gzip", Snappy: "snappy", LZ4: "lz4", Zstd: "zstd"}

var (
	// ErrTooLarge is returned (wrapped, with the sizes involved) by
	// Decompress when the output would exceed the caller's limit.
	ErrTooLarge = errors.New("compress: decompressed data exceeds limit")
	// ErrCorrupt is returned (wrapped, with the codec's own error) by
	// Decompress when the input is not valid data for the codec, or uses a
	// feature this package does not accept (for example a zstd window larger
	// than Java's default limit).
	ErrCorrupt = errors.New("compress: invalid compressed data")
	// ErrUnknownCodec is returned for a Codec outside None..Zstd or a name
	// ParseCodec does not know.
	ErrUnknownCodec = errors.New("compress: unknown codec")
	// ErrInvalidLevel is returned by ValidateLevel and Compress for a level
	// the codec does not support.
	ErrInvalidLevel = errors.New("compress: invalid compression level")
)

func (c Codec) valid() bool { return c >= None && c <= Zstd }

// String returns the codec's name as Kafka's compression.type config spells it.
func (c Codec) String() string {
	if c.valid() {
		return codecNames[c]
	}
	return fmt.Sprintf("Codec(%d)", int8(c))
}

// ParseCodec returns the codec named s, as spelled in Kafka's
// compression.type config: "none", "gzip", "snappy", "lz4" or "zstd".
func ParseCodec(s string) (Codec, error) {
	for c, name := range codecNames {
		if s == name {
			return Codec(c), nil
		}
	}
	return None, fmt.Errorf("%w %q: valid values are none, gzip, snappy, lz4, zstd", ErrUnknownCodec, s)
}

// ValidateLevel reports whether level is a valid compression level for c.
// Level 0 always means the codec's default. The ranges follow Kafka's
// compression.<codec>.level configs (KIP-390):
//
//   - gzip: 1-9 (deflate levels; the default is 6, as java.util.zip's).
//   - lz4: 1-17. As in the Java client, the default level 9 uses the fast
//     compressor and any other level the high-compression one; pierrec/lz4
//     has nine HC depths, so levels 10-17 all use the deepest.
//   - zstd: 1-22, mapped to the nearest of klauspost/compress's four
//     encoder levels (zstd.EncoderLevelFromZstd); the default is level 3.
//     Kafka also accepts zstd's negative "fast" levels; they are not
//     supported here.
//   - none, snappy: only 0; they have no levels.
func ValidateLevel(c Codec, level int) error {
	if !c.valid() {
		return fmt.Errorf("%w: %d", ErrUnknownCodec, int8(c))
	}
	if level == 0 {
		return nil
	}
	var lo, hi int
	switch c {
	case Gzip:
		lo, hi = 1, 9
	case LZ4:
		lo, hi = 1, 17
	case Zstd:
		lo, hi = 1, 22
	default:
		return fmt.Errorf("%w: %s has no levels, got %d", ErrInvalidLevel, c, level)
	}
	if level < lo || level > hi {
		return fmt.Errorf("%w: %s level must be %d-%d (or 0 for the default), got %d", ErrInvalidLevel, c, lo, hi, level)
	}
	return nil
}

// Compress appends the compression of src with codec c at the given level
// (0 for the codec's default) to dst and returns the extended slice. With
// None, src is appended as is. If dst has enough spare capacity no memory
// is allocated beyond the pooled codec state. On error dst is returned
// unchanged.
func Compress(dst []byte, c Codec, level int, src []byte) ([]byte, error) {
	if err := ValidateLevel(c, level); err != nil {
		return dst, err
	}
	var (
		out []byte
		err error
	)
	switch c {
	case None:
		return append(dst, src...), nil
	case Gzip:
		out, err = compressGzip(dst, level, src)
	case Snappy:
		out = compressSnappy(dst, src)
	case LZ4:
		out, err = compressLZ4(dst, level, src)
	case Zstd:
		out, err = compressZstd(dst, level, src)
	}
	if err != nil {
		return dst, fmt.Errorf("compress: %s: %w", c, err)
	}
	return out, nil
}

// Decompress appends the decompression of src, compressed with codec c, to
// dst and returns the extended slice.
//
// At most limit bytes are appended: as soon as the output would exceed
// limit, Decompress fails with an error wrapping ErrTooLarge. It has then
// allocated (besides pooled codec state) nothing at all when sizes declared
// in the input already exceed limit, typically about limit bytes when only
// decoding shows it, and never more than about 2.3 times limit: the worst
// cases are gzip and LZ4 output that its headers do not predict, grown by
// doubling, and zstd frames without a content size (see decompressZstd).
// Invalid input fails with an error wrapping ErrCorrupt; it never panics.
// An empty src decompresses to nothing for every codec. On error dst is
// returned unchanged.
//
// Both xerial-framed and raw snappy are accepted, as the Java client's
// SnappyInputStream does; gzip and zstd may hold several concatenated
// members or frames.
func Decompress(dst []byte, c Codec, src []byte, limit int) ([]byte, error) {
	if !c.valid() {
		return dst, fmt.Errorf("%w: %d", ErrUnknownCodec, int8(c))
	}
	if limit < 0 {
		return dst, fmt.Errorf("compress: negative limit %d", limit)
	}
	if len(src) == 0 {
		return dst, nil
	}
	var (
		out []byte
		err error
	)
	switch c {
	case None:
		if len(src) > limit {
			return dst, tooLarge(c, limit, len(src))
		}
		return append(dst, src...), nil
	case Gzip:
		out, err = decompressGzip(dst, src, limit)
	case Snappy:
		out, err = decompressSnappy(dst, src, limit)
	case LZ4:
		out, err = decompressLZ4(dst, src, limit)
	case Zstd:
		out, err = decompressZstd(dst, src, limit)
	}
	if err != nil {
		if !errors.Is(err, ErrTooLarge) && !errors.Is(err, ErrCorrupt) {
			err = corrupt(c, err)
		}
		return dst, err
	}
	return out, nil
}

// tooLarge reports output of at least size bytes against limit. Sizes come
// both from headers (uint64) and from counting (int).
func tooLarge[T ~int | ~uint64](c Codec, limit int, size T) error {
	return fmt.Errorf("%w: %s output of at least %d bytes, limit %d", ErrTooLarge, c, size, limit)
}

func corrupt(c Codec, err error) error {
	return fmt.Errorf("%w: %s: %w", ErrCorrupt, c, err)
}

// appendWriter is an io.Writer appending to b; the streaming encoders write
// into it so that their output lands directly in the caller's dst.
type appendWriter struct{ b []byte }

func (w *appendWriter) Write(p []byte) (int, error) {
	w.b = append(w.b, p...)
	return len(p), nil
}

// grow returns b with room for at least n more bytes. Unlike append and
// slices.Grow it allocates exactly what is asked for, which is what keeps
// bounded decompression within its limit.
func grow(b []byte, n int) []byte {
	if cap(b)-len(b) >= n {
		return b
	}
	nb := make([]byte, len(b), len(b)+n)
	copy(nb, b)
	return nb
}

// minGrow is the smallest step readBounded grows its buffer by.
const minGrow = 4 << 10

// readBounded appends what r produces to dst, at most limit bytes. hint,
// if positive, is the expected output size and is allocated up front;
// otherwise, and if the hint proves short, the buffer doubles, never past
// limit, so the total allocated stays under about twice the output and
// under about twice the limit. Errors from r are returned as they are;
// exceeding the limit gives ErrTooLarge. probe is a 1-byte scratch buffer
// owned by the caller's pooled state: a local one would escape through the
// io.Reader call and cost an allocation.
func readBounded(c Codec, dst []byte, r io.Reader, limit, hint int, probe *[1]byte) ([]byte, error) {
	start := len(dst)
	end := start + limit
	if end < start { // overflow: the limit is effectively unbounded
		end = math.MaxInt
	}
	if hint > 0 {
		dst = grow(dst, min(hint, limit))
	}
	for {
		if len(dst) >= end {
			// Exactly limit bytes so far: the output is acceptable only if
			// r has nothing more. Probe with a single byte rather than
			// growing the buffer past the limit.
			for {
				n, err := r.Read(probe[:])
				if n > 0 {
					return dst[:start], tooLarge(c, limit, limit+1)
				}
				if err == io.EOF {
					return dst, nil
				}
				if err != nil {
					return dst[:start], err
				}
			}
		}
		if len(dst) == cap(dst) {
			dst = grow(dst, min(max(len(dst)-start, minGrow), end-len(dst)))
		}
		n, err := r.Read(dst[len(dst):min(cap(dst), end)])
		dst = dst[:len(dst)+n]
		if err == io.EOF {
			return dst, nil
		}
		if err != nil {
			return dst[:start], err
		}
	}
}
