package compress

import (
	"bytes"
	"encoding/binary"
	"math"
	"runtime"
	"testing"
	"time"

	"github.com/klauspost/compress/snappy"
	"github.com/klauspost/compress/zstd"
	"github.com/pierrec/lz4/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	bombSize  = 64 << 20
	bombLimit = 1 << 20
	// allocBudget is what one bomb may cost: the limit plus headroom for
	// geometric growth of the output up to it and for codec scratch.
	allocBudget = 3 << 20
)

// assertBombFails decompresses bomb with a 1 MiB limit and checks that it
// fails with ErrTooLarge, quickly, allocating about the limit at most.
func assertBombFails(t *testing.T, c Codec, bomb []byte) {
	t.Helper()
	assertBombFailsWithin(t, c, bomb, allocBudget)
}

func assertBombFailsWithin(t *testing.T, c Codec, bomb []byte, budget uint64) {
	t.Helper()
	// Warm the pools up so that their one-off state is not counted.
	_, err := Decompress(nil, c, compressT(t, c, 0, []byte("warm up")), 100)
	require.NoError(t, err)

	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	out, err := Decompress(nil, c, bomb, bombLimit)
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)

	require.ErrorIs(t, err, ErrTooLarge)
	assert.Empty(t, out)
	allocated := after.TotalAlloc - before.TotalAlloc
	t.Logf("%s bomb of %d bytes: %v after %v, %d bytes allocated", c, len(bomb), err, elapsed, allocated)
	if !raceEnabled { // -race makes sync.Pool drop entries: pooled codec state is reallocated
		assert.Less(t, allocated, budget, "allocated too much")
	}
	assert.Less(t, elapsed, 5*time.Second)
}

func zeros(n int) []byte { return make([]byte, n) }

func TestBombGzip(t *testing.T) {
	bomb := compressT(t, Gzip, 9, zeros(bombSize))
	require.Less(t, len(bomb), bombSize/1000, "deflate expands ~1000x at most")
	assertBombFails(t, Gzip, bomb)

	// Several members, each inflating well under the limit but together
	// over it; the trailer's size hint covers the last member only.
	member := compressT(t, Gzip, 9, zeros(bombLimit/4))
	assertBombFails(t, Gzip, bytes.Repeat(member, 64))
}

func TestBombSnappy(t *testing.T) {
	bomb := compressT(t, Snappy, 0, zeros(bombSize))
	require.Less(t, len(bomb), bombSize/16, "snappy expands ~21x at most")
	assertBombFails(t, Snappy, bomb)

	// A raw block declares its whole size up front.
	raw := snappy.Encode(nil, zeros(bombSize))
	require.Less(t, len(raw), bombSize/16)
	assertBombFails(t, Snappy, raw)

	// A block claiming far more than its size could hold is corrupt and
	// must not be allocated for.
	lie := binary.AppendUvarint(nil, 1<<30)
	lie = append(lie, 0, 0, 0, 0)
	_, err := Decompress(nil, Snappy, lie, 1<<31-1)
	require.ErrorIs(t, err, ErrCorrupt)
}

func TestBombLZ4(t *testing.T) {
	bomb := compressT(t, LZ4, 0, zeros(bombSize))
	require.Less(t, len(bomb), bombSize/200, "LZ4 expands ~255x at most")
	assertBombFails(t, LZ4, bomb)

	// The same with 4 MiB blocks, which Java also reads.
	var buf bytes.Buffer
	w := lz4.NewWriter(&buf)
	require.NoError(t, w.Apply(lz4.BlockSizeOption(lz4.Block4Mb)))
	_, err := w.Write(zeros(bombSize))
	require.NoError(t, err)
	require.NoError(t, w.Close())
	require.Less(t, buf.Len(), bombSize/200)
	assertBombFails(t, LZ4, buf.Bytes())

	// A frame whose content size field claims 1 GiB is refused up front.
	buf.Reset()
	w.Reset(&buf)
	require.NoError(t, w.Apply(lz4.SizeOption(1<<30)))
	_, _ = w.Write(zeros(100))
	_ = w.Close()                                        // fails: the size is a lie; the frame is left without its end mark
	claim := append(buf.Bytes(), 0, 0, 0, 0, 0, 0, 0, 0) // end mark, content checksum
	assertBombFails(t, LZ4, claim)
}

func TestBombZstd(t *testing.T) {
	// EncodeAll records the content size in the frame header.
	bomb := compressT(t, Zstd, 0, zeros(bombSize))
	require.Less(t, len(bomb), 8<<10)
	assertBombFails(t, Zstd, bomb)

	// A streaming encoder does not, as Java's doesn't; periodic data makes
	// compressed blocks rather than RLE ones, so nothing but decoding
	// shows the size.
	periodic := bytes.Repeat([]byte("0123456789abcdefghijklmnopqrstuvwxyz!"), bombSize/37)
	var buf bytes.Buffer
	enc, err := zstd.NewWriter(&buf, zstd.WithEncoderConcurrency(1), zstd.WithEncoderCRC(false))
	require.NoError(t, err)
	_, err = enc.Write(periodic)
	require.NoError(t, err)
	require.NoError(t, enc.Close())
	var h zstd.Header
	require.NoError(t, h.Decode(buf.Bytes()))
	require.False(t, h.HasFCS)
	require.Less(t, buf.Len(), 64<<10)
	assertBombFails(t, Zstd, buf.Bytes())

	// 1 GiB from 32 KiB: a frame of RLE blocks without a content size.
	rle := []byte{0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x58} // magic, FHD, 8 MiB window
	for i := 0; i < 8192; i++ {
		bh := uint32(128<<10)<<3 | 1<<1 // RLE, 128 KiB
		if i == 8191 {
			bh |= 1
		}
		rle = append(rle, byte(bh), byte(bh>>8), byte(bh>>16), 0)
	}
	assertBombFails(t, Zstd, rle)

	// A frame claiming 1 GiB of content it cannot hold is corrupt.
	fake := []byte{0x28, 0xb5, 0x2f, 0xfd, 0x80, 0x38, 0, 0, 0, 0x40, 0x01, 0, 0} // FCS 2^30, window 1 MiB, last raw block of 0 bytes
	_, err = Decompress(nil, Zstd, fake, bombLimit)
	require.ErrorIs(t, err, ErrCorrupt)

	// The worst case: compressed blocks, whose size shows only when they
	// are decoded, bring the output just under the limit, then a raw
	// block crosses it. DecodeAll appends that block, growing its buffer,
	// before it checks the size, so this costs more than the limit, but
	// still a small multiple of it, however much the input claims.
	periodic = periodic[:bombLimit-100]
	buf.Reset()
	enc.Reset(&buf)
	_, err = enc.Write(periodic)
	require.NoError(t, err)
	require.NoError(t, enc.Close())
	crafted := appendRawZstdBlocks(t, buf.Bytes(), 8, 128<<10)
	assertBombFailsWithin(t, Zstd, crafted, 3*bombLimit)
}

// appendRawZstdBlocks rewrites a single checksum-less frame so that n raw
// blocks of size zero bytes follow its last block.
func appendRawZstdBlocks(t *testing.T, frame []byte, n, size int) []byte {
	var h zstd.Header
	require.NoError(t, h.Decode(frame))
	require.False(t, h.HasCheckSum)
	frame = bytes.Clone(frame)
	for p := h.HeaderSize; ; {
		bh := uint32(frame[p]) | uint32(frame[p+1])<<8 | uint32(frame[p+2])<<16
		if bh&1 != 0 {
			frame[p] &^= 1 // no longer the last block
			break
		}
		sz := int(bh >> 3)
		if (bh>>1)&3 == 1 { // RLE
			sz = 1
		}
		p += 3 + sz
	}
	for i := range n {
		bh := uint32(size) << 3
		if i == n-1 {
			bh |= 1
		}
		frame = append(frame, byte(bh), byte(bh>>8), byte(bh>>16))
		frame = append(frame, make([]byte, size)...)
	}
	return frame
}

// With a limit too large to protect anything, sizes the input merely
// claims must still not be allocated for.
func TestHugeLimitLies(t *testing.T) {
	var buf bytes.Buffer
	w := lz4.NewWriter(&buf)
	require.NoError(t, w.Apply(lz4.SizeOption(1<<62)))
	_, _ = w.Write([]byte("tiny"))
	_ = w.Close()
	lz4Lie := append(buf.Bytes(), 0, 0, 0, 0, 0, 0, 0, 0)

	gzipLie := compressT(t, Gzip, 0, []byte("tiny"))
	binary.LittleEndian.PutUint32(gzipLie[len(gzipLie)-4:], 0xFFFFFFFF)

	zstdLie := []byte{0x28, 0xb5, 0x2f, 0xfd, 0xc0, 0x38, 0, 0, 0, 0, 0, 0, 0, 0x40, 0x01, 0, 0} // FCS 2^62

	snappyLie := append(binary.AppendUvarint(nil, 0xFFFFFFFF), 0, 0, 0, 0)

	for c, lie := range map[Codec][]byte{LZ4: lz4Lie, Gzip: gzipLie, Zstd: zstdLie, Snappy: snappyLie} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := Decompress(nil, c, lie, math.MaxInt)
		runtime.ReadMemStats(&after)
		require.ErrorIs(t, err, ErrCorrupt, c)
		// The lies claim 2^62 bytes; what may be allocated is a constant. For
		// lz4 that constant is one block buffer of the frame's declared block
		// size, at most 4 MiB by the format (pierrec pools it, but a GC may
		// have emptied the pool).
		budget := uint64(1 << 20)
		if c == LZ4 {
			budget = 4<<20 + 1<<20
		}
		if !raceEnabled { // -race makes sync.Pool drop entries, so pooled buffers get reallocated
			assert.Less(t, after.TotalAlloc-before.TotalAlloc, budget, c)
		}
	}
}
