package compress

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/klauspost/compress/snappy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The header snappy-java's SnappyOutputStream writes, byte for byte.
var javaXerialHeader = []byte{0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0x00, 0, 0, 0, 1, 0, 0, 0, 1}

// xerialChunks splits a xerial stream into its raw blocks.
func xerialChunks(t *testing.T, stream []byte) [][]byte {
	t.Helper()
	require.Equal(t, javaXerialHeader, stream[:16])
	var chunks [][]byte
	for p := stream[16:]; len(p) > 0; {
		require.GreaterOrEqual(t, len(p), 4)
		n := int(binary.BigEndian.Uint32(p))
		require.LessOrEqual(t, n, len(p)-4)
		chunks = append(chunks, p[4:4+n])
		p = p[4+n:]
	}
	return chunks
}

func TestSnappyWritesXerialLikeJava(t *testing.T) {
	empty := compressT(t, Snappy, 0, nil)
	assert.Equal(t, javaXerialHeader, empty, "empty input is the header alone")

	src := recordLike(100<<10+7, 11)
	stream := compressT(t, Snappy, 0, src)
	chunks := xerialChunks(t, stream)
	// 32 KiB of input per chunk, as SnappyOutputStream's default block size.
	require.Len(t, chunks, 4)
	var joined []byte
	for i, c := range chunks {
		n, err := snappy.DecodedLen(c)
		require.NoError(t, err)
		if i < 3 {
			assert.Equal(t, 32<<10, n)
		} else {
			assert.Equal(t, len(src)-3*(32<<10), n)
		}
		out, err := snappy.Decode(nil, c)
		require.NoError(t, err)
		joined = append(joined, out...)
	}
	assert.Equal(t, src, joined)
}

func TestSnappyReadsRawBlock(t *testing.T) {
	for _, n := range []int{1, 100, 100 << 10} {
		src := recordLike(n, uint64(n))
		raw := snappy.Encode(nil, src)
		out, err := Decompress([]byte("x"), Snappy, raw, n)
		require.NoError(t, err)
		assert.Equal(t, src, out[1:])
		_, err = Decompress(nil, Snappy, raw, n-1)
		require.ErrorIs(t, err, ErrTooLarge)
	}
	// A raw block that happens to start like the magic but is too short to
	// hold a header is still read as a raw block, as Java does.
	_, err := Decompress(nil, Snappy, []byte{0x82, 'S', 'N', 'A'}, 100)
	require.ErrorIs(t, err, ErrCorrupt)
}

func TestSnappyReadsXerialFrames(t *testing.T) {
	src := recordLike(50_000, 12)
	// Hand-built frames with uneven chunk sizes, as other writers may use.
	build := func(sizes ...int) []byte {
		stream := bytes.Clone(javaXerialHeader)
		p := src
		for _, n := range sizes {
			block := snappy.Encode(nil, p[:n])
			p = p[n:]
			stream = binary.BigEndian.AppendUint32(stream, uint32(len(block)))
			stream = append(stream, block...)
		}
		require.Empty(t, p)
		return stream
	}
	for _, sizes := range [][]int{
		{50_000},
		{1, 49_999},
		{10_000, 10_000, 10_000, 10_000, 10_000},
		{0, 25_000, 0, 25_000},
	} {
		out, err := Decompress(nil, Snappy, build(sizes...), len(src))
		require.NoError(t, err, sizes)
		assert.Equal(t, src, out)
	}

	// Concatenated streams (a header where a chunk length is expected), as
	// SnappyInputStream accepts.
	a, b := compressT(t, Snappy, 0, src[:20_000]), compressT(t, Snappy, 0, src[20_000:])
	out, err := Decompress(nil, Snappy, append(a, b...), len(src))
	require.NoError(t, err)
	assert.Equal(t, src, out)

	// A header alone is empty.
	out, err = Decompress(nil, Snappy, javaXerialHeader, 0)
	require.NoError(t, err)
	assert.Empty(t, out)

	// Versions below 1 are refused, as in Java; the compatible-version
	// field is not checked.
	bad := bytes.Clone(build(50_000))
	binary.BigEndian.PutUint32(bad[8:], 0)
	_, err = Decompress(nil, Snappy, bad, len(src))
	require.ErrorIs(t, err, ErrCorrupt)
	ok := bytes.Clone(build(50_000))
	binary.BigEndian.PutUint32(ok[12:], 7)
	_, err = Decompress(nil, Snappy, ok, len(src))
	require.NoError(t, err)

	// Chunk lengths pointing past the end, and trailing partial lengths.
	stream := build(50_000)
	for _, bad := range [][]byte{stream[:len(stream)-1], append(bytes.Clone(stream), 0, 0), stream[:18]} {
		_, err = Decompress(nil, Snappy, bad, len(src))
		require.ErrorIs(t, err, ErrCorrupt)
	}
}

func TestSnappyLimitChecksEveryChunk(t *testing.T) {
	src := recordLike(200<<10, 13)
	stream := compressT(t, Snappy, 0, src)
	for _, limit := range []int{0, 1, 32 << 10, 32<<10 + 1, len(src) - 1} {
		out, err := Decompress([]byte("keep"), Snappy, stream, limit)
		require.ErrorIs(t, err, ErrTooLarge, limit)
		assert.Equal(t, "keep", string(out))
	}
	out, err := Decompress(nil, Snappy, stream, len(src))
	require.NoError(t, err)
	assert.Equal(t, src, out)
}
