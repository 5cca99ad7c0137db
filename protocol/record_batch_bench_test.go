package protocol

import (
	"math/rand/v2"
	"strconv"
	"testing"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/compress"
)

const rbBenchRecords = 1000

// rbBenchValues returns n 100-byte values that compress like typical event
// payloads: repeated field names, varying numbers and a random token.
func rbBenchValues(n int) [][]byte {
	r := rand.New(rand.NewPCG(1, 2))
	const hex = "0123456789abcdef"
	vals := make([][]byte, n)
	for i := range vals {
		v := []byte(`{"user":` + strconv.Itoa(r.IntN(100000)) + `,"event":"click","page":"/p/` + strconv.Itoa(r.IntN(500)) + `","id":"`)
		for len(v) < 98 {
			v = append(v, hex[r.IntN(16)])
		}
		vals[i] = append(v, '"', '}')
	}
	return vals
}

func rbBenchBatch(b *testing.B, c compress.Codec, vals [][]byte, buf []byte) []byte {
	var bb BatchBuilder
	bb.Reset(buf, 1700000000000)
	for i, v := range vals {
		bb.Append(1700000000000+int64(i), nil, v, nil)
	}
	out, err := bb.Finish(rbDefaultOpts(c))
	if err != nil {
		b.Fatal(err)
	}
	return out
}

func BenchmarkBatchBuild(b *testing.B) {
	vals := rbBenchValues(rbBenchRecords)
	for _, c := range rbCodecs {
		b.Run(c.String(), func(b *testing.B) {
			buf := make([]byte, 0, 128<<10)
			b.SetBytes(int64(rbBenchRecords * 100))
			b.ReportAllocs()
			for b.Loop() {
				buf = rbBenchBatch(b, c, vals, buf)[:0]
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/rbBenchRecords, "ns/record")
		})
	}
}

func BenchmarkBatchRead(b *testing.B) {
	vals := rbBenchValues(rbBenchRecords)
	for _, c := range rbCodecs {
		b.Run(c.String(), func(b *testing.B) {
			data := rbBenchBatch(b, c, vals, nil)
			dst := make([]kafkawire.Record, 0, rbBenchRecords)
			b.SetBytes(int64(rbBenchRecords * 100))
			b.ReportAllocs()
			for b.Loop() {
				var err error
				dst, err = ReadRecordSet(dst[:0], data, "topic", 0, 1<<20)
				if err != nil || len(dst) != rbBenchRecords {
					b.Fatal(len(dst), err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/rbBenchRecords, "ns/record")
			b.ReportMetric(float64(len(data)), "wire-bytes")
		})
	}
}

// BenchmarkBatchReadHeaders reads records with two headers each (header
// keys are interned per batch).
func BenchmarkBatchReadHeaders(b *testing.B) {
	vals := rbBenchValues(rbBenchRecords)
	headers := []kafkawire.Header{{Key: "traceparent", Value: []byte("00-abc-def-01")}, {Key: "content-type", Value: []byte("json")}}
	var bb BatchBuilder
	bb.Reset(nil, 1700000000000)
	for i, v := range vals {
		bb.Append(1700000000000+int64(i), nil, v, headers)
	}
	data, err := bb.Finish(rbDefaultOpts(compress.None))
	if err != nil {
		b.Fatal(err)
	}
	dst := make([]kafkawire.Record, 0, rbBenchRecords)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		dst, err = ReadRecordSet(dst[:0], data, "topic", 0, 1<<20)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/rbBenchRecords, "ns/record")
}
