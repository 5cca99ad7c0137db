package compress

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/klauspost/compress/zstd"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// streamZstd compresses like a streaming encoder (the Java client's
// ZstdOutputStream): no content size in the frame header.
func streamZstd(t testing.TB, src []byte, opts ...zstd.EOption) []byte {
	var buf bytes.Buffer
	enc, err := zstd.NewWriter(&buf, append([]zstd.EOption{zstd.WithEncoderConcurrency(1)}, opts...)...)
	require.NoError(t, err)
	_, err = enc.Write(src)
	require.NoError(t, err)
	require.NoError(t, enc.Close())
	return buf.Bytes()
}

func TestZstdWithoutContentSize(t *testing.T) {
	for _, n := range []int{1, 100, 128 << 10, 128<<10 + 1, 1 << 20, 3<<20 + 5} {
		for _, lvl := range []zstd.EncoderLevel{zstd.SpeedFastest, zstd.SpeedBestCompression} {
			t.Run(fmt.Sprintf("%d/%v", n, lvl), func(t *testing.T) {
				src := recordLike(n, uint64(n))
				comp := streamZstd(t, src, zstd.WithEncoderLevel(lvl))
				var h zstd.Header
				require.NoError(t, h.Decode(comp))
				require.False(t, h.HasFCS)

				out, err := Decompress([]byte("p"), Zstd, comp, n)
				require.NoError(t, err)
				require.Equal(t, src, out[1:])
				for _, limit := range []int{n - 1, n / 2, n - 128<<10} {
					if limit < 0 {
						continue
					}
					out, err = Decompress([]byte("p"), Zstd, comp, limit)
					require.ErrorIs(t, err, ErrTooLarge, limit)
					require.Equal(t, "p", string(out))
				}
			})
		}
	}
}

func TestZstdFrames(t *testing.T) {
	src := recordLike(300<<10, 31)
	a := compressT(t, Zstd, 0, src[:100<<10])
	b := streamZstd(t, src[100<<10:])
	skip := []byte{0x5f, 0x2a, 0x4d, 0x18, 2, 0, 0, 0, 'h', 'i'}
	multi := append(append(append([]byte(nil), a...), skip...), b...)
	out, err := Decompress(nil, Zstd, multi, len(src))
	require.NoError(t, err)
	assert.Equal(t, src, out)
	_, err = Decompress(nil, Zstd, multi, len(src)-1)
	require.ErrorIs(t, err, ErrTooLarge)

	// Trailing garbage is refused, not ignored.
	_, err = Decompress(nil, Zstd, append(bytes.Clone(a), 1, 2, 3, 4, 5), len(src))
	require.ErrorIs(t, err, ErrCorrupt)
}

func TestZstdWindowLimit(t *testing.T) {
	// A frame with only an empty last raw block, declaring a window.
	frame := func(windowLog byte) []byte {
		return []byte{0x28, 0xb5, 0x2f, 0xfd, 0x00, (windowLog - 10) << 3, 0x01, 0, 0}
	}
	out, err := Decompress(nil, Zstd, frame(27), 100)
	require.NoError(t, err, "128 MiB, zstd's default limit, is accepted")
	assert.Empty(t, out)
	_, err = Decompress(nil, Zstd, frame(28), 100)
	require.ErrorIs(t, err, ErrCorrupt, "256 MiB is refused, as Java's zstd-jni refuses it")
}

func TestZstdBounds(t *testing.T) {
	src := recordLike(1<<20, 32)
	lo, hi, err := zstdBounds(compressT(t, Zstd, 0, src), 1<<30)
	require.NoError(t, err)
	assert.Equal(t, uint64(len(src)), lo, "content size")
	assert.Equal(t, uint64(len(src)), hi)

	lo, hi, err = zstdBounds(streamZstd(t, src), 1<<30)
	require.NoError(t, err)
	assert.Less(t, lo, uint64(len(src)))
	assert.GreaterOrEqual(t, hi, uint64(len(src)))
	assert.Less(t, hi, uint64(len(src)+128<<10), "within a block of the truth")

	for _, bad := range [][]byte{
		{0x28, 0xb5, 0x2f},                                     // short magic
		{0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x00},                   // no block
		{0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x00, 0x07},             // reserved block type
		{0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x00, 0x41, 0, 0, 1, 2}, // raw block past the end
		{0x50, 0x2a, 0x4d, 0x18, 9, 0, 0, 0},                   // skippable frame past the end
	} {
		_, _, err = zstdBounds(bad, 1<<30)
		require.ErrorIs(t, err, ErrCorrupt, "%x", bad)
	}
}
