package compress

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/klauspost/compress/snappy"
)

// The Java client compresses with snappy-java's SnappyOutputStream, whose
// "xerial" framing is neither raw snappy nor the official snappy framing
// format: a 16-byte header (8-byte magic, int32 version, int32 minimum
// compatible version, both big-endian) followed by chunks, each an int32
// big-endian length and a raw snappy block of at most 32 KiB of input.
const (
	xerialHeaderLen = 16
	xerialBlockSize = 32 << 10 // SnappyOutputStream's default block size
)

var (
	xerialMagic  = [8]byte{0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0}
	xerialHeader = [xerialHeaderLen]byte{
		0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0,
		0, 0, 0, 1, // version
		0, 0, 0, 1, // minimum compatible version
	}
	// xerialMagicHead is the magic's first four bytes read as a chunk
	// length: SnappyInputStream takes it where a chunk length is expected
	// as the start of a concatenated stream's header. As an int32 it is
	// negative, so it cannot be a real length.
	xerialMagicHead = binary.BigEndian.Uint32(xerialMagic[:4])
)

// snappyMaxRatio bounds how much a standard snappy block can expand: the
// densest element, a 3-byte copy, yields at most 64 bytes. A block claiming
// more is corrupt, so it is rejected before its output is allocated.
// (S2's extensions, which klauspost's decoder also accepts, can exceed this;
// they are not snappy and the Java client could not read them either.)
const snappyMaxRatio = 22

// compressSnappy appends src in xerial framing, exactly as SnappyOutputStream
// writes it (header, then one chunk per 32 KiB of input), so that every Java
// client version can read it. Empty input is the header alone, as in Java.
func compressSnappy(dst, src []byte) []byte {
	// Reserve the worst case once so that every block encodes in place.
	need := xerialHeaderLen
	for n := len(src); n > 0; n -= xerialBlockSize {
		need += 4 + snappy.MaxEncodedLen(min(n, xerialBlockSize))
	}
	dst = grow(dst, need)
	dst = append(dst, xerialHeader[:]...)
	for len(src) > 0 {
		chunk := src[:min(len(src), xerialBlockSize)]
		src = src[len(chunk):]
		lenAt := len(dst)
		body := dst[lenAt+4 : lenAt+4+snappy.MaxEncodedLen(len(chunk))]
		enc := snappy.Encode(body, chunk) // fits, so encodes into body
		binary.BigEndian.PutUint32(dst[lenAt:lenAt+4], uint32(len(enc)))
		dst = dst[:lenAt+4+len(enc)]
	}
	return dst
}

// decompressSnappy reads either xerial framing or, as SnappyInputStream
// falls back to when the header is absent, one raw snappy block (what
// Snappy.compress writes, and what some non-Java clients send).
func decompressSnappy(dst, src []byte, limit int) ([]byte, error) {
	if len(src) < xerialHeaderLen || !bytes.Equal(src[:8], xerialMagic[:]) {
		return decodeSnappyBlocks(dst, limit, src, nil)
	}
	return decodeSnappyBlocks(dst, limit, nil, src)
}

// decodeSnappyBlocks decodes either one raw block or a xerial stream. It
// makes two passes over the stream: the first validates the framing and
// adds up the decoded lengths every block declares, so that the limit is
// checked, and the output allocated exactly once, before anything is
// decoded; the second decodes each block in place.
func decodeSnappyBlocks(dst []byte, limit int, raw, xerial []byte) ([]byte, error) {
	var total uint64
	err := eachSnappyBlock(raw, xerial, func(block []byte, n int) error {
		total += uint64(n)
		if total > uint64(limit) {
			return tooLarge(Snappy, limit, total)
		}
		return nil
	})
	if err != nil {
		return dst, err
	}
	dst = grow(dst, int(total))
	err = eachSnappyBlock(raw, xerial, func(block []byte, n int) error {
		at := len(dst)
		out, err := snappy.Decode(dst[at:at+n], block)
		if err != nil {
			return corrupt(Snappy, err)
		}
		if len(out) != n || (n > 0 && &out[0] != &dst[at : at+1][0]) { // defensive: the declared length was checked
			return corrupt(Snappy, errors.New("block decoded to an unexpected length"))
		}
		dst = dst[:at+n]
		return nil
	})
	if err != nil {
		return dst, err
	}
	return dst, nil
}

// eachSnappyBlock calls fn with every raw snappy block of the input (raw is
// a single block, xerial a framed stream; one of them is nil) and the
// decoded length the block declares, after checking that length is
// plausible for the block's size.
func eachSnappyBlock(raw, xerial []byte, fn func(block []byte, n int) error) error {
	if raw != nil {
		return snappyBlock(raw, fn)
	}
	p := xerial[xerialHeaderLen:]
	if err := checkXerialHeader(xerial[:xerialHeaderLen]); err != nil {
		return err
	}
	for len(p) > 0 {
		if len(p) < 4 {
			return corrupt(Snappy, fmt.Errorf("truncated chunk length (%d trailing bytes)", len(p)))
		}
		size := binary.BigEndian.Uint32(p)
		if size == xerialMagicHead {
			// A concatenated stream: another header where a chunk length
			// would be. SnappyInputStream accepts this too.
			if len(p) < xerialHeaderLen {
				return corrupt(Snappy, errors.New("truncated header of concatenated stream"))
			}
			if err := checkXerialHeader(p[:xerialHeaderLen]); err != nil {
				return err
			}
			p = p[xerialHeaderLen:]
			continue
		}
		p = p[4:]
		if uint64(size) > uint64(len(p)) {
			return corrupt(Snappy, fmt.Errorf("chunk of %d bytes with only %d left", size, len(p)))
		}
		if err := snappyBlock(p[:size], fn); err != nil {
			return err
		}
		p = p[size:]
	}
	return nil
}

func checkXerialHeader(h []byte) error {
	if !bytes.Equal(h[:8], xerialMagic[:]) {
		return corrupt(Snappy, errors.New("bad xerial magic"))
	}
	// SnappyInputStream rejects versions below its minimum compatible
	// version, 1, and ignores the compatible-version field.
	if v := int32(binary.BigEndian.Uint32(h[8:])); v < 1 {
		return corrupt(Snappy, fmt.Errorf("xerial version %d", v))
	}
	return nil
}

func snappyBlock(block []byte, fn func(block []byte, n int) error) error {
	n, err := snappy.DecodedLen(block)
	if err != nil {
		return corrupt(Snappy, err)
	}
	if uint64(n) > uint64(len(block))*snappyMaxRatio {
		return corrupt(Snappy, fmt.Errorf("block of %d bytes claims %d decoded bytes", len(block), n))
	}
	return fn(block, n)
}
