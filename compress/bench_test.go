package compress

import "testing"

// The benchmarks compress and decompress 100 KB of record-like data (1000
// JSON-ish records of 100 bytes) at each codec's default level, recycling
// the output buffer as a producer or consumer would: allocs/op should be 0.

func BenchmarkCompress(b *testing.B) {
	src := recordLike(100_000, 1)
	for _, c := range allCodecs {
		b.Run(c.String(), func(b *testing.B) {
			dst, err := Compress(nil, c, 0, src)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				dst, err = Compress(dst[:0], c, 0, src)
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(src))/float64(len(dst)), "ratio")
		})
	}
}

func BenchmarkDecompress(b *testing.B) {
	src := recordLike(100_000, 1)
	for _, c := range allCodecs {
		b.Run(c.String(), func(b *testing.B) {
			comp, err := Compress(nil, c, 0, src)
			if err != nil {
				b.Fatal(err)
			}
			dst := make([]byte, 0, len(src))
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				dst, err = Decompress(dst[:0], c, comp, 1<<20)
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDecompressJavaLikeZstd decompresses a frame without a content
// size, the kind the Java client's streaming encoder writes.
func BenchmarkDecompressJavaLikeZstd(b *testing.B) {
	src := recordLike(100_000, 1)
	comp := streamZstd(b, src)
	dst := make([]byte, 0, len(src))
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		var err error
		dst, err = Decompress(dst[:0], Zstd, comp, 1<<20)
		if err != nil {
			b.Fatal(err)
		}
	}
}
