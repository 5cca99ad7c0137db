package compress

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/pierrec/lz4/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLZ4WritesFrameLikeJava checks the frame against what the Java
// client's Lz4BlockOutputStream writes and its Lz4BlockInputStream accepts.
func TestLZ4WritesFrameLikeJava(t *testing.T) {
	for _, level := range []int{0, 1, 9, 17} {
		src := append(recordLike(150<<10, 21), randomBytes(70<<10, 21)...) // one incompressible block
		frame := compressT(t, LZ4, level, src)

		require.Equal(t, uint32(0x184D2204), binary.LittleEndian.Uint32(frame))
		// FLG: version 01, independent blocks; no block checksum, content
		// size, content checksum or dictionary.
		assert.Equal(t, byte(0b01_1_0_0_0_0_0), frame[4], "FLG")
		// BD: 64 KiB maximum block size (4).
		assert.Equal(t, byte(4<<4), frame[5], "BD")

		// Blocks: at most 64 KiB of output each; stored ones flagged with
		// the high bit; the end mark is the very last thing.
		var out []byte
		var stored int
		p := frame[7:]
		for {
			require.GreaterOrEqual(t, len(p), 4)
			bs := binary.LittleEndian.Uint32(p)
			p = p[4:]
			if bs == 0 {
				break
			}
			n := int(bs &^ (1 << 31))
			require.LessOrEqual(t, n, len(p))
			if bs&(1<<31) != 0 {
				stored++
				out = append(out, p[:n]...)
			} else {
				buf := make([]byte, 64<<10)
				m, err := lz4.UncompressBlock(p[:n], buf)
				require.NoError(t, err)
				out = append(out, buf[:m]...)
			}
			p = p[n:]
		}
		assert.Empty(t, p, "nothing after the end mark (no content checksum)")
		assert.Positive(t, stored, "random data is stored, not compressed")
		assert.Equal(t, src, out)
	}
}

func TestLZ4Levels(t *testing.T) {
	assert.Equal(t, 0, lz4Level(0))
	assert.Equal(t, 0, lz4Level(9), "Java's default level uses the fast compressor")
	assert.Equal(t, 1, lz4Level(1))
	assert.Equal(t, 8, lz4Level(8))
	assert.Equal(t, 9, lz4Level(10))
	assert.Equal(t, 9, lz4Level(17))

	src := recordLike(256<<10, 22)
	fast, hc := compressT(t, LZ4, 0, src), compressT(t, LZ4, 17, src)
	assert.Less(t, len(hc), len(fast), "HC compresses better")
}

// What other writers produce must be readable too: pierrec's defaults
// (4 MiB blocks, content checksum), block checksums, content size,
// dependent blocks (which Java refuses but which cost nothing to accept),
// several frames, skippable frames.
func TestLZ4ReadsOtherFrames(t *testing.T) {
	src := recordLike(300<<10, 23)
	frame := func(opts ...lz4.Option) []byte {
		var buf bytes.Buffer
		w := lz4.NewWriter(&buf)
		require.NoError(t, w.Apply(opts...))
		_, err := w.Write(src)
		require.NoError(t, err)
		require.NoError(t, w.Close())
		return buf.Bytes()
	}
	cases := map[string][]byte{
		"defaults":       frame(),
		"block checksum": frame(lz4.BlockChecksumOption(true), lz4.BlockSizeOption(lz4.Block256Kb)),
		"content size":   frame(lz4.SizeOption(uint64(len(src))), lz4.BlockSizeOption(lz4.Block1Mb)),
		"hc":             frame(lz4.CompressionLevelOption(lz4.Level5)),
	}
	for name, f := range cases {
		out, err := Decompress(nil, LZ4, f, len(src))
		require.NoError(t, err, name)
		assert.Equal(t, src, out, name)
		_, err = Decompress(nil, LZ4, f, len(src)-1)
		require.ErrorIs(t, err, ErrTooLarge, name)
	}

	// Two frames with a skippable frame between them.
	skip := []byte{0x50, 0x2A, 0x4D, 0x18, 3, 0, 0, 0, 'a', 'b', 'c'}
	two := append(append(compressT(t, LZ4, 0, src[:1000]), skip...), compressT(t, LZ4, 0, src[1000:])...)
	out, err := Decompress(nil, LZ4, two, len(src))
	require.NoError(t, err)
	assert.Equal(t, src, out)

	// A corrupted content checksum is caught.
	bad := bytes.Clone(cases["defaults"])
	bad[len(bad)-1] ^= 1
	_, err = Decompress(nil, LZ4, bad, len(src))
	require.ErrorIs(t, err, ErrCorrupt)
}

func TestLZ4Bounds(t *testing.T) {
	src := recordLike(200<<10, 24)
	f := compressT(t, LZ4, 0, src)
	lo, hi, ok := lz4Bounds(f)
	require.True(t, ok)
	assert.Zero(t, lo)
	assert.GreaterOrEqual(t, hi, uint64(len(src)))
	assert.Less(t, hi, uint64(len(src)+64<<10), "within a block of the truth")

	_, _, ok = lz4Bounds(f[:len(f)-1])
	assert.False(t, ok)
	_, _, ok = lz4Bounds([]byte{0x02, 0x21, 0x4C, 0x18}) // legacy frame: not walked
	assert.False(t, ok)
}
