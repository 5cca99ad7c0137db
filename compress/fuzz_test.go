package compress

import (
	"bytes"
	"errors"
	"testing"

	"github.com/klauspost/compress/snappy"
	"github.com/pierrec/lz4/v4"
)

// fuzzSeeds returns valid compressed inputs for c: what this package
// writes at a few sizes and levels, plus codec-specific variants.
func fuzzSeeds(t testing.TB, c Codec) [][]byte {
	var seeds [][]byte
	for _, n := range []int{0, 1, 100, 5000, 70 << 10} {
		src := recordLike(n, uint64(n))
		seeds = append(seeds, compressT(t, c, 0, src))
		seeds = append(seeds, compressT(t, c, 0, randomBytes(min(n, 300), uint64(n))))
	}
	src := recordLike(3000, 1)
	switch c {
	case Gzip:
		seeds = append(seeds, compressT(t, c, 1, src), compressT(t, c, 9, src))
		two := append(compressT(t, c, 0, src[:100]), compressT(t, c, 0, src[100:])...)
		seeds = append(seeds, two)
	case Snappy:
		seeds = append(seeds, snappy.Encode(nil, src), snappy.Encode(nil, nil))
	case LZ4:
		seeds = append(seeds, compressT(t, c, 17, src))
		var buf bytes.Buffer
		w := lz4.NewWriter(&buf)
		_ = w.Apply(lz4.BlockChecksumOption(true), lz4.SizeOption(uint64(len(src))))
		_, _ = w.Write(src)
		_ = w.Close()
		seeds = append(seeds, buf.Bytes())
	case Zstd:
		seeds = append(seeds, compressT(t, c, 22, src), streamZstd(t, src), streamZstd(t, recordLike(300<<10, 2)))
	}
	return seeds
}

// fuzzDecompress checks what must hold for any input: no panic, the
// output within the limit, dst preserved, and a consistent limit: output
// that fits in limit L decodes identically with limit len(out) and fails
// with ErrTooLarge at len(out)-1.
func fuzzDecompress(f *testing.F, c Codec) {
	for _, s := range fuzzSeeds(f, c) {
		f.Add(s, uint32(1<<20))
	}
	f.Fuzz(func(t *testing.T, data []byte, limit uint32) {
		lim := int(limit % (2 << 20))
		prefix := []byte("prefix")
		out, err := Decompress(prefix, c, data, lim)
		if !bytes.HasPrefix(out, prefix) {
			t.Fatalf("dst prefix lost")
		}
		if err != nil {
			if !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrTooLarge) {
				t.Fatalf("unclassified error: %v", err)
			}
			if len(out) != len(prefix) {
				t.Fatalf("output returned with error %v", err)
			}
			return
		}
		got := out[len(prefix):]
		if len(got) > lim {
			t.Fatalf("output %d exceeds limit %d", len(got), lim)
		}
		again, err := Decompress(nil, c, data, len(got))
		if err != nil || !bytes.Equal(again, got) {
			t.Fatalf("limit %d: err %v, output differs %v", len(got), err, !bytes.Equal(again, got))
		}
		if len(got) > 0 {
			if _, err := Decompress(nil, c, data, len(got)-1); !errors.Is(err, ErrTooLarge) {
				t.Fatalf("limit %d for %d bytes: %v", len(got)-1, len(got), err)
			}
		}
	})
}

func FuzzDecompressGzip(f *testing.F)   { fuzzDecompress(f, Gzip) }
func FuzzDecompressSnappy(f *testing.F) { fuzzDecompress(f, Snappy) }
func FuzzDecompressLZ4(f *testing.F)    { fuzzDecompress(f, LZ4) }
func FuzzDecompressZstd(f *testing.F)   { fuzzDecompress(f, Zstd) }

// FuzzRoundTrip compresses with every codec at a level derived from the
// input and checks that decompression gives the input back, within a
// limit of exactly its size and not one byte less.
func FuzzRoundTrip(f *testing.F) {
	for _, n := range []int{0, 1, 100, 40 << 10} {
		f.Add(recordLike(n, uint64(n)), uint8(0))
		f.Add(randomBytes(n, uint64(n)), uint8(7))
	}
	f.Add(bytes.Repeat([]byte{0}, 200<<10), uint8(3))
	maxLevel := map[Codec]int{None: 0, Gzip: 9, Snappy: 0, LZ4: 17, Zstd: 22}
	f.Fuzz(func(t *testing.T, data []byte, level uint8) {
		for _, c := range allCodecs {
			l := int(level) % (maxLevel[c] + 1)
			if c == Zstd && l > 9 {
				l = 0 // the best levels are slow; TestLevelsRoundTrip covers them
			}
			comp, err := Compress([]byte("x"), c, l, data)
			if err != nil {
				t.Fatalf("%s level %d: %v", c, l, err)
			}
			out, err := Decompress([]byte("y"), c, comp[1:], len(data))
			if err != nil {
				t.Fatalf("%s level %d: %v", c, l, err)
			}
			if !bytes.Equal(out[1:], data) {
				t.Fatalf("%s level %d: round trip differs", c, l)
			}
			if len(data) > 0 {
				if _, err := Decompress(nil, c, comp[1:], len(data)-1); !errors.Is(err, ErrTooLarge) {
					t.Fatalf("%s level %d: limit one short: %v", c, l, err)
				}
			}
		}
	})
}
