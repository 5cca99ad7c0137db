package compress

import (
	"bytes"
	"encoding/binary"
	"sync"

	"github.com/pierrec/lz4/v4"
)

// Kafka's LZ4 is the LZ4 frame format (not raw blocks), as written by the
// Java client's Lz4BlockOutputStream: version 1, independent blocks, 64 KiB
// maximum block size, no block checksums, no content size, no content
// checksum, incompressible blocks stored with the high bit of their length
// set. Its reader (Lz4BlockInputStream) refuses dependent blocks and block
// sizes other than 64 KiB-4 MiB, and some versions verify a content checksum
// computed differently from the frame format's, so a checksum would make
// multi-block frames unreadable there: the writer here emits exactly what
// Java emits. pierrec/lz4 always writes independent blocks.
const lz4BlockSize = lz4.Block64Kb

const (
	lz4FrameMagic    = 0x184D2204
	lz4SkipMagicMask = 0xFFFFFFF0
	lz4SkipMagic     = 0x184D2A50
	// lz4MaxRatio bounds how much an LZ4 block can expand: every extra
	// byte of a match length adds at most 255 bytes of output.
	lz4MaxRatio = 255
)

// lz4Writer pairs a pooled lz4.Writer with the appendWriter it writes to.
type lz4Writer struct {
	w   *lz4.Writer
	out appendWriter
}

// lz4Writers holds one pool per pierrec compression level: index 0 is
// lz4.Fast, index n (1-9) lz4.Level<n>.
var lz4Writers [10]sync.Pool

// lz4Level maps a Kafka lz4 level (validated, 0 = default) to an index into
// lz4Writers. The Java client uses the fast compressor for its default
// level, 9, and the high-compression one at the requested level otherwise;
// pierrec's HC has nine depths, so 10-17 share the deepest.
func lz4Level(level int) int {
	if level == 0 || level == 9 {
		return 0
	}
	return min(level, 9)
}

func compressLZ4(dst []byte, level int, src []byte) ([]byte, error) {
	idx := lz4Level(level)
	pool := &lz4Writers[idx]
	lw, _ := pool.Get().(*lz4Writer)
	if lw == nil {
		lw = new(lz4Writer)
		lw.w = lz4.NewWriter(&lw.out)
		pl := lz4.Fast
		if idx > 0 {
			pl = lz4.Level1 << (idx - 1)
		}
		err := lw.w.Apply(
			lz4.BlockSizeOption(lz4BlockSize),
			lz4.BlockChecksumOption(false),
			lz4.ChecksumOption(false),
			lz4.ConcurrencyOption(1),
			lz4.CompressionLevelOption(pl),
		)
		if err != nil { // unreachable: fixed, valid options
			return dst, err
		}
	} else {
		lw.w.Reset(&lw.out) // keeps the options applied above
	}
	lw.out.b = dst
	_, err := lw.w.Write(src)
	if err == nil {
		err = lw.w.Close()
	}
	out := lw.out.b
	lw.out.b = nil
	pool.Put(lw)
	if err != nil {
		return dst, err
	}
	return out, nil
}

type lz4Reader struct {
	r     *lz4.Reader
	src   bytes.Reader
	probe [1]byte
}

var lz4Readers sync.Pool

// decompressLZ4 reads LZ4 frames with pierrec's Reader, which accepts
// everything Java writes and more (dependent blocks, checksums, content
// size, skippable and legacy frames). The output is bounded by reading it
// into a buffer that never grows past limit.
func decompressLZ4(dst, src []byte, limit int) ([]byte, error) {
	lo, hi, ok := lz4Bounds(src)
	if ok && lo > uint64(limit) {
		return dst, tooLarge(LZ4, limit, lo)
	}
	hint := 0
	if ok {
		// Capped by the format's ratio too: a content size field can say
		// anything, and the caller's limit may be huge.
		hint = int(min(hi, uint64(limit), uint64(len(src))*lz4MaxRatio))
	}
	lr, _ := lz4Readers.Get().(*lz4Reader)
	if lr == nil {
		lr = new(lz4Reader)
		lr.r = lz4.NewReader(&lr.src)
	}
	defer func() {
		lr.r.Reset(nil) // returns pierrec's block buffers to its pools
		lr.src.Reset(nil)
		lz4Readers.Put(lr)
	}()
	lr.src.Reset(src)
	lr.r.Reset(&lr.src)
	out, err := readBounded(LZ4, dst, lr.r, limit, hint, &lr.probe)
	if err != nil {
		return dst, err
	}
	return out, nil
}

// lz4Bounds walks the frame and block headers of src without decoding and
// returns the output size the headers guarantee (lo: content-size fields
// and stored blocks) and an upper bound on it (hi). Only the Reader's
// verdict counts as validation: ok is false for anything this walk does not
// follow (legacy frames, truncation, ...), and the caller then simply has
// no hint.
func lz4Bounds(src []byte) (lo, hi uint64, ok bool) {
	for len(src) > 0 {
		if len(src) < 4 {
			return 0, 0, false
		}
		magic := binary.LittleEndian.Uint32(src)
		if magic&lz4SkipMagicMask == lz4SkipMagic {
			if len(src) < 8 {
				return 0, 0, false
			}
			n := uint64(binary.LittleEndian.Uint32(src[4:]))
			if n > uint64(len(src)-8) {
				return 0, 0, false
			}
			src = src[8+n:]
			continue
		}
		if magic != lz4FrameMagic || len(src) < 7 {
			return 0, 0, false
		}
		flg, bd := src[4], src[5]
		p := src[6:]
		var contentSize uint64
		hasSize := flg&(1<<3) != 0
		if hasSize {
			if len(p) < 8 {
				return 0, 0, false
			}
			contentSize = binary.LittleEndian.Uint64(p)
			p = p[8:]
		}
		if flg&1 != 0 { // dictionary ID
			if len(p) < 4 {
				return 0, 0, false
			}
			p = p[4:]
		}
		if len(p) < 1 {
			return 0, 0, false
		}
		p = p[1:] // header checksum
		sizeIdx := (bd >> 4) & 7
		if sizeIdx < 4 {
			return 0, 0, false
		}
		blockMax := uint64(1) << (2*uint(sizeIdx) + 8)
		var frameLo, frameHi uint64
		for {
			if len(p) < 4 {
				return 0, 0, false
			}
			bs := binary.LittleEndian.Uint32(p)
			p = p[4:]
			if bs == 0 { // end mark
				break
			}
			size := uint64(bs &^ (1 << 31))
			if size > uint64(len(p)) {
				return 0, 0, false
			}
			if bs&(1<<31) != 0 { // stored uncompressed
				frameLo += size
				frameHi += size
			} else {
				frameHi += min(blockMax, size*lz4MaxRatio)
			}
			p = p[size:]
			if flg&(1<<4) != 0 { // block checksum
				if len(p) < 4 {
					return 0, 0, false
				}
				p = p[4:]
			}
		}
		if flg&(1<<2) != 0 { // content checksum
			if len(p) < 4 {
				return 0, 0, false
			}
			p = p[4:]
		}
		if hasSize {
			frameLo, frameHi = contentSize, contentSize
		}
		lo, hi = satAdd(lo, frameLo), satAdd(hi, frameHi)
		src = p
	}
	return lo, hi, true
}

// satAdd adds without wrapping; sizes read from hostile headers can be
// anything up to 2^64-1.
func satAdd(a, b uint64) uint64 {
	if s := a + b; s >= a {
		return s
	}
	return ^uint64(0)
}
