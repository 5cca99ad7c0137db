package consumer

import (
	"fmt"
	"runtime"
	"testing"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/protocol"
)

// benchFetchResponse is an in-memory Fetch answer shaped like the live
// consume benchmark: parts partitions, each about perPart bytes of
// uncompressed batches of 16-byte keys and 100-byte values.
func benchFetchResponse(b *testing.B, parts, perPart, perBatch int) (*protocol.FetchResponse, int) {
	b.Helper()
	key := make([]byte, 16)
	value := make([]byte, 100)
	for i := range value {
		value[i] = byte('a' + i%26)
	}
	resp := &protocol.FetchResponse{Responses: []protocol.FetchResponseTopic{{Topic: "bench"}}}
	total := 0
	for p := 0; p < parts; p++ {
		var data []byte
		base := int64(0)
		for len(data) < perPart {
			var bb protocol.BatchBuilder
			bb.Reset(nil, 1700000000000)
			for i := 0; i < perBatch; i++ {
				bb.Append(1700000000000+int64(i), key, value, nil)
			}
			wire, err := bb.Finish(protocol.BatchOptions{BaseOffset: base, PartitionLeaderEpoch: 0, ProducerID: -1, ProducerEpoch: -1, BaseSequence: -1})
			if err != nil {
				b.Fatal(err)
			}
			data = append(data, wire...)
			base += int64(perBatch)
		}
		total += int(base)
		resp.Responses[0].Partitions = append(resp.Responses[0].Partitions, protocol.FetchResponsePartition{
			PartitionIndex: int32(p), HighWatermark: base, LastStableOffset: base, LogStartOffset: 0, Records: data,
		})
	}
	return resp, total
}

// BenchmarkDecodeFetch measures turning one Fetch answer (6 partitions of
// 1 MiB each, the defaults' partition limit) into records, as the fetch
// goroutine does, without a broker: ns/record and allocs/record are the
// consumer's own decode cost.
func BenchmarkDecodeFetch(b *testing.B) {
	for _, perBatch := range []int{100, 1000} {
		b.Run(fmt.Sprintf("batch=%d", perBatch), func(b *testing.B) {
			resp, n := benchFetchResponse(b, 6, 1<<20, perBatch)
			var sink []kafkawire.Record
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			b.ReportAllocs()
			for b.Loop() {
				for i := range resp.Responses[0].Partitions {
					pd := &resp.Responses[0].Partitions[i]
					tp := kafkawire.TopicPartition{Topic: "bench", Partition: pd.PartitionIndex}
					recs, _, err := decodeRecords(pd, tp, 0, false, 50<<20, false)
					if err != nil {
						b.Fatal(err)
					}
					sink = recs
				}
			}
			_ = sink
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(b.N)/float64(n), "allocs/record")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/record")
		})
	}
}
