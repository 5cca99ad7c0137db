package compress

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// zstd state is large (an encoder's tables run to megabytes) and a
// sync.Pool would drop it at every other GC, so instead of pooling
// Encoder and Decoder values this keeps one of each per level for the
// process: klauspost's EncodeAll and DecodeAll are safe for concurrent use
// and keep their own pool of per-goroutine state, bounded by the
// concurrency option, which is the pooling the hot path needs.

// zstdMaxWindow is the largest window accepted: zstd's default decoder
// limit (ZSTD_WINDOWLOG_LIMIT_DEFAULT, 2^27), which zstd-jni, and so the
// Java client, uses too. DecodeAll decodes into the output buffer, so the
// window does not drive allocation; the limit only refuses what Java
// would refuse.
const zstdMaxWindow = 1 << 27

// zstdMaxBlock is the largest a zstd block can decode to (the format's
// Block_Maximum_Size, also bounded by the window).
const zstdMaxBlock = 128 << 10

// zstdMaxRatio bounds how much a zstd frame can expand: at best a 4-byte
// RLE block (3-byte header, 1 byte) yields a maximum-size block.
const zstdMaxRatio = zstdMaxBlock / 4

var zstdEncoders [zstd.SpeedBestCompression + 1]struct {
	once sync.Once
	enc  *zstd.Encoder
	err  error
}

func zstdEncoder(level int) (*zstd.Encoder, error) {
	el := zstd.SpeedDefault // zstd's and Kafka's default, level 3
	if level != 0 {
		el = zstd.EncoderLevelFromZstd(level)
	}
	e := &zstdEncoders[el]
	e.once.Do(func() {
		e.enc, e.err = zstd.NewWriter(nil,
			zstd.WithEncoderLevel(el),
			zstd.WithEncoderConcurrency(runtime.GOMAXPROCS(0)),
			// A frame even for empty input: an empty payload is not
			// a zstd stream to any other reader.
			zstd.WithZeroFrames(true),
		)
	})
	return e.enc, e.err
}

var zstdDecoder = sync.OnceValues(func() (*zstd.Decoder, error) {
	return zstd.NewReader(nil,
		zstd.WithDecoderConcurrency(runtime.GOMAXPROCS(0)),
		zstd.WithDecoderMaxWindow(zstdMaxWindow),
		// DecodeAll stops once its output passes cap(dst): that is how the
		// output is bounded per call, with one shared decoder.
		zstd.WithDecodeAllCapLimit(true),
	)
})

func compressZstd(dst []byte, level int, src []byte) ([]byte, error) {
	enc, err := zstdEncoder(level)
	if err != nil {
		return dst, err
	}
	return enc.EncodeAll(src, dst), nil
}

// decompressZstd bounds DecodeAll by the capacity of the slice it decodes
// into (WithDecodeAllCapLimit). That capacity is the smaller of the limit
// and an upper bound on the output read from the frame and block headers:
// the content size if the frame has one (klauspost's EncodeAll writes it),
// otherwise a full block per compressed block, which for real data is
// within one block of the truth. So valid input is decoded into a buffer
// allocated once, and input whose headers already exceed the limit fails
// before anything is allocated.
//
// What the headers cannot show is how much a compressed block of a frame
// without a content size (what Java's streaming encoder writes) produces.
// When such output passes the limit, DecodeAll stops only after the block
// that crosses its capacity, and on some paths (a stored or RLE block, a
// literals-only block) it has grown the buffer to append that block first.
// A failure can then transiently cost about 2.3 times the limit (see
// TestBombZstd); usually it costs the limit, since the crossing block
// normally fails without growing.
func decompressZstd(dst, src []byte, limit int) ([]byte, error) {
	lo, hi, err := zstdBounds(src, limit)
	if err != nil {
		return dst, err
	}
	if lo > uint64(limit) {
		return dst, tooLarge(Zstd, limit, lo)
	}
	dec, err := zstdDecoder()
	if err != nil {
		return dst, err
	}
	// One byte over the limit when the headers allow more: the decoder
	// grows its buffer (rather than stopping) when a block ends exactly at
	// the capacity, and blocks are usually 128 KiB while limits are often
	// powers of two.
	over := uint64(limit)
	if limit < math.MaxInt {
		over++
	}
	room := int(min(hi, over))
	out, n, err := zstdDecodeInto(dec, dst, src, room)
	if err != nil && room <= limit && zstdOutOfRoom(err, n, room) {
		// Out of room below the limit: more output than the headers
		// allow, which the decoder would call corrupt too, but let it say
		// so with the whole limit to work in rather than trust this
		// package's bound.
		room = int(over)
		out, n, err = zstdDecodeInto(dec, dst, src, room)
	}
	if err != nil {
		if room > limit && zstdOutOfRoom(err, n, room) {
			return dst, tooLarge(Zstd, limit, max(n, limit+1))
		}
		return dst, corrupt(Zstd, err)
	}
	if n > limit {
		return dst, tooLarge(Zstd, limit, n)
	}
	return out, nil
}

// zstdOutOfRoom reports whether DecodeAll, having decoded n bytes into room,
// may have failed for lack of room rather than for bad input. Only the cap
// limit's own error says so for sure; when the output ran out of room in
// the middle of a block, the decoder reports a generic error instead.
func zstdOutOfRoom(err error, n, room int) bool {
	switch {
	case errors.Is(err, zstd.ErrDecoderSizeExceeded):
		return true
	case errors.Is(err, zstd.ErrWindowSizeExceeded), errors.Is(err, zstd.ErrWindowSizeTooSmall),
		errors.Is(err, zstd.ErrMagicMismatch), errors.Is(err, zstd.ErrUnknownDictionary),
		errors.Is(err, zstd.ErrCRCMismatch), errors.Is(err, zstd.ErrReservedBlockType),
		errors.Is(err, zstd.ErrFrameSizeMismatch), errors.Is(err, zstd.ErrFrameSizeExceeded),
		errors.Is(err, zstd.ErrBlockTooSmall), errors.Is(err, zstd.ErrCompressedSizeTooBig):
		return false
	}
	return n+zstdBlockSlack > room
}

// zstdBlockSlack is the room a block may need beyond what it writes: its
// maximum size plus the decoder's over-allocation for fast copies.
const zstdBlockSlack = zstdMaxBlock + 64

// zstdDecodeInto decodes src after dst into a buffer of exactly room bytes
// of capacity, which DecodeAll (with WithDecodeAllCapLimit) stops at. It
// returns the number of bytes decoded, also on error.
func zstdDecodeInto(dec *zstd.Decoder, dst, src []byte, room int) ([]byte, int, error) {
	dst = grow(dst, room)
	at := len(dst)
	out, err := dec.DecodeAll(src, dst[at:at:at+room])
	if err != nil {
		return dst, len(out), err
	}
	if len(out) > 0 && &out[0] != &dst[at : at+1][0] { // defensive: cannot happen with the cap limit
		return append(dst, out...), len(out), nil
	}
	return dst[:at+len(out)], len(out), nil
}

// zstdBounds walks the frame and block headers of src without decoding
// and returns the output size they guarantee (lo: frame content sizes,
// raw and RLE blocks) and an upper bound on it (hi: compressed blocks count
// as the most a block can hold). It stops early with lo > limit when that
// is already clear. Structural errors it finds are corrupt input.
func zstdBounds(src []byte, limit int) (lo, hi uint64, err error) {
	for len(src) > 0 && lo <= uint64(limit) {
		var h zstd.Header
		rest, err := h.DecodeAndStrip(src)
		if err != nil {
			return 0, 0, corrupt(Zstd, err)
		}
		if h.Skippable {
			if uint64(h.SkippableSize) > uint64(len(rest)) {
				return 0, 0, corrupt(Zstd, errors.New("truncated skippable frame"))
			}
			src = rest[h.SkippableSize:]
			continue
		}
		blockMax := uint64(zstdMaxBlock)
		if h.SingleSegment {
			blockMax = min(blockMax, max(h.FrameContentSize, 1<<10))
		} else {
			blockMax = min(blockMax, h.WindowSize)
		}
		var frameLo, frameHi uint64
		for {
			if len(rest) < 3 {
				return 0, 0, corrupt(Zstd, errors.New("truncated block header"))
			}
			bh := uint32(rest[0]) | uint32(rest[1])<<8 | uint32(rest[2])<<16
			rest = rest[3:]
			last, typ, size := bh&1 != 0, (bh>>1)&3, uint64(bh>>3)
			if size > zstdMaxBlock {
				return 0, 0, corrupt(Zstd, fmt.Errorf("block size %d", size))
			}
			switch typ {
			case 0: // raw
				if size > uint64(len(rest)) {
					return 0, 0, corrupt(Zstd, errors.New("truncated raw block"))
				}
				rest = rest[size:]
				frameLo += size
				frameHi += size
			case 1: // RLE: one byte, repeated size times
				if len(rest) < 1 {
					return 0, 0, corrupt(Zstd, errors.New("truncated RLE block"))
				}
				rest = rest[1:]
				frameLo += size
				frameHi += size
			case 2: // compressed
				if size > uint64(len(rest)) {
					return 0, 0, corrupt(Zstd, errors.New("truncated compressed block"))
				}
				rest = rest[size:]
				frameHi += blockMax
			default:
				return 0, 0, corrupt(Zstd, errors.New("reserved block type"))
			}
			if last {
				break
			}
		}
		if h.HasCheckSum {
			if len(rest) < 4 {
				return 0, 0, corrupt(Zstd, errors.New("truncated checksum"))
			}
			rest = rest[4:]
		}
		if h.HasFCS {
			// Checked against what the frame could possibly hold, so that
			// a lie is not allocated for when the caller's limit is huge.
			if frameLen := uint64(len(src) - len(rest)); h.FrameContentSize > frameLen*zstdMaxRatio {
				return 0, 0, corrupt(Zstd, fmt.Errorf("content size %d impossible in a %d-byte frame", h.FrameContentSize, frameLen))
			}
			frameLo, frameHi = h.FrameContentSize, h.FrameContentSize
		}
		lo, hi = satAdd(lo, frameLo), satAdd(hi, frameHi)
		src = rest
	}
	return lo, hi, nil
}
