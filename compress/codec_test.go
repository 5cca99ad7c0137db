package compress

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCodecNames(t *testing.T) {
	for _, c := range allCodecs {
		got, err := ParseCodec(c.String())
		require.NoError(t, err)
		assert.Equal(t, c, got)
	}
	assert.Equal(t, "gzip", Gzip.String())
	assert.Equal(t, "zstd", Zstd.String())
	assert.Equal(t, "Codec(5)", Codec(5).String())
	assert.Equal(t, "Codec(-1)", Codec(-1).String())
	// The Kafka attribute values.
	assert.EqualValues(t, []int8{0, 1, 2, 3, 4}, []int8{int8(None), int8(Gzip), int8(Snappy), int8(LZ4), int8(Zstd)})

	for _, bad := range []string{"", "GZIP", "lz4hc", "producer", "uncompressed"} {
		_, err := ParseCodec(bad)
		require.ErrorIs(t, err, ErrUnknownCodec, bad)
		assert.Contains(t, err.Error(), "none, gzip, snappy, lz4, zstd")
	}
}

func TestValidateLevel(t *testing.T) {
	valid := map[Codec][2]int{Gzip: {1, 9}, LZ4: {1, 17}, Zstd: {1, 22}}
	for _, c := range allCodecs {
		require.NoError(t, ValidateLevel(c, 0), "%s default", c)
		r, hasLevels := valid[c]
		if !hasLevels {
			require.ErrorIs(t, ValidateLevel(c, 1), ErrInvalidLevel, c)
			continue
		}
		for l := r[0]; l <= r[1]; l++ {
			require.NoError(t, ValidateLevel(c, l), "%s level %d", c, l)
		}
		require.ErrorIs(t, ValidateLevel(c, r[0]-1-1), ErrInvalidLevel, c) // -1
		require.ErrorIs(t, ValidateLevel(c, r[1]+1), ErrInvalidLevel, c)
	}
	require.ErrorIs(t, ValidateLevel(Codec(5), 0), ErrUnknownCodec)

	_, err := Compress(nil, Gzip, 10, []byte("x"))
	require.ErrorIs(t, err, ErrInvalidLevel)
}

func TestInvalidCodec(t *testing.T) {
	for _, c := range []Codec{5, 6, 7, -1} {
		dst := []byte("prefix")
		out, err := Compress(dst, c, 0, []byte("data"))
		require.ErrorIs(t, err, ErrUnknownCodec)
		assert.Equal(t, dst, out)
		out, err = Decompress(dst, c, []byte("data"), 100)
		require.ErrorIs(t, err, ErrUnknownCodec)
		assert.Equal(t, dst, out)
	}
	_, err := Decompress(nil, Gzip, []byte("data"), -1)
	require.Error(t, err)
}

func TestRoundTrip(t *testing.T) {
	sizes := []int{0, 1, 100, 64<<10 + 1, 1 << 20}
	kinds := map[string]func(n int) []byte{
		"random":     func(n int) []byte { return randomBytes(n, uint64(n)) },
		"repetitive": func(n int) []byte { return recordLike(n, uint64(n)) },
	}
	for _, c := range allCodecs {
		for kind, gen := range kinds {
			for _, n := range sizes {
				t.Run(fmt.Sprintf("%s/%s/%d", c, kind, n), func(t *testing.T) {
					src := gen(n)
					// Appends after what dst already holds.
					comp, err := Compress([]byte("head"), c, 0, src)
					require.NoError(t, err)
					require.Equal(t, "head", string(comp[:4]))
					comp = comp[4:]
					if kind == "repetitive" && n >= 64<<10 && c != None {
						assert.Less(t, len(comp), n/2, "record-like data should compress")
					}
					out, err := Decompress([]byte("pre"), c, comp, n)
					require.NoError(t, err)
					require.Equal(t, "pre", string(out[:3]))
					require.True(t, bytes.Equal(src, out[3:]), "round trip differs")

					if n > 0 && c != None || n > 0 {
						// One byte less than needed must fail, and say so.
						out, err = Decompress([]byte("pre"), c, comp, n-1)
						if len(comp) > 0 {
							require.ErrorIs(t, err, ErrTooLarge)
							assert.Equal(t, "pre", string(out))
						}
					}
				})
			}
		}
	}
}

func TestLevelsRoundTrip(t *testing.T) {
	src := recordLike(200<<10, 3)
	levels := map[Codec][]int{Gzip: {1, 2, 3, 4, 5, 6, 7, 8, 9}, Zstd: {1, 3, 5, 6, 9, 10, 19, 22}}
	for l := 1; l <= 17; l++ {
		levels[LZ4] = append(levels[LZ4], l)
	}
	for c, ls := range levels {
		for _, l := range ls {
			comp, err := Compress(nil, c, l, src)
			require.NoError(t, err, "%s level %d", c, l)
			out, err := Decompress(nil, c, comp, len(src))
			require.NoError(t, err, "%s level %d", c, l)
			require.True(t, bytes.Equal(src, out), "%s level %d", c, l)
		}
	}
}

// Concurrent use shares the pools; run with -race.
func TestConcurrent(t *testing.T) {
	src := recordLike(100<<10, 9)
	done := make(chan error)
	for g := 0; g < 8; g++ {
		go func() {
			var err error
			var comp, out []byte
			for i := 0; i < 20 && err == nil; i++ {
				c := allCodecs[(g+i)%len(allCodecs)]
				comp, err = Compress(comp[:0], c, 0, src)
				if err == nil {
					out, err = Decompress(out[:0], c, comp, len(src))
				}
				if err == nil && !bytes.Equal(out, src) {
					err = fmt.Errorf("%s: round trip differs", c)
				}
			}
			done <- err
		}()
	}
	for g := 0; g < 8; g++ {
		require.NoError(t, <-done)
	}
}

func TestCorrupt(t *testing.T) {
	src := recordLike(150<<10, 5)
	for _, c := range allCodecs[1:] {
		comp := compressT(t, c, 0, src)
		// Every codec's stream ends with something that cannot be cut off
		// (a trailer, a checksum, an end mark, or the last chunk's data).
		prefix := []byte("keep")
		out, err := Decompress(prefix, c, comp[:len(comp)-1], 1<<20)
		require.ErrorIs(t, err, ErrCorrupt, "%s truncated", c)
		assert.Equal(t, "keep", string(out))

		_, err = Decompress(nil, c, []byte("this is not compressed data at all, not even close"), 1<<20)
		require.ErrorIs(t, err, ErrCorrupt, "%s garbage", c)

		// Flipping bytes anywhere must never panic; most flips are errors.
		// (Detailed search for panics is the fuzzers' job.)
		var errs int
		for i := 0; i < len(comp); i += 1 + len(comp)/200 {
			bad := bytes.Clone(comp)
			bad[i] ^= 0x5a
			out, err := Decompress(nil, c, bad, 1<<20)
			if err != nil {
				errs++
				require.True(t, errors.Is(err, ErrCorrupt) || errors.Is(err, ErrTooLarge), "%s: %v", c, err)
			} else {
				require.LessOrEqual(t, len(out), 1<<20)
			}
		}
		assert.Positive(t, errs, c)
	}
}

func TestDecompressEmpty(t *testing.T) {
	for _, c := range allCodecs {
		out, err := Decompress([]byte("x"), c, nil, 0)
		require.NoError(t, err)
		assert.Equal(t, "x", string(out))
		// The compressed form of nothing decodes to nothing even at limit 0.
		comp := compressT(t, c, 0, nil)
		out, err = Decompress(nil, c, comp, 0)
		require.NoError(t, err, c)
		assert.Empty(t, out)
	}
}

// A caller that recycles its buffers should see (almost) no allocations.
func TestAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops items at random under -race")
	}
	src := recordLike(100<<10, 1)
	for _, c := range allCodecs {
		comp := compressT(t, c, 0, src)
		dst := make([]byte, 0, 2*len(src))
		cAllocs := testing.AllocsPerRun(50, func() {
			var err error
			dst, err = Compress(dst[:0], c, 0, src)
			if err != nil {
				t.Fatal(err)
			}
		})
		dAllocs := testing.AllocsPerRun(50, func() {
			var err error
			dst, err = Decompress(dst[:0], c, comp, len(src))
			if err != nil {
				t.Fatal(err)
			}
		})
		t.Logf("%s: compress %.1f allocs, decompress %.1f allocs", c, cAllocs, dAllocs)
		assert.LessOrEqual(t, cAllocs, 2.0, "%s compress", c)
		assert.LessOrEqual(t, dAllocs, 2.0, "%s decompress", c)
	}
}
