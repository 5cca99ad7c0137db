package producer

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/internal/fakebroker"
	"github.com/kafkawire/kafkawire/protocol"
)

// ackAll answers every Produce request with success and stores nothing, so
// that a benchmark measures the producer, not the fake broker's log.
func ackAll(r *fakebroker.Request) fakebroker.Action {
	req := r.Body.(*protocol.ProduceRequest)
	resp := &protocol.ProduceResponse{}
	for _, td := range req.TopicData {
		rt := protocol.ProduceResponseTopic{Name: td.Name}
		for _, pd := range td.PartitionData {
			rt.PartitionResponses = append(rt.PartitionResponses, protocol.ProduceResponsePartition{
				Index: pd.Index, BaseOffset: 0, LogAppendTimeMs: -1, LogStartOffset: 0,
				CurrentLeader: protocol.ProduceResponseLeaderIDAndEpoch{LeaderID: -1, LeaderEpoch: -1}})
		}
		resp.Responses = append(resp.Responses, rt)
	}
	return fakebroker.Reply(resp)
}

// BenchmarkSendFunc is the live bench's shape against a fake broker: no
// key, distinct random values, 6 partitions, the default partitioner,
// linger 5 ms, 16 KiB batches, acks=all idempotent; the clock stops once
// Flush has every acknowledgement. ns/op is per record.
func BenchmarkSendFunc(b *testing.B) {
	codecs := []struct {
		name string
		c    Compression
	}{{"none", CompressionNone}, {"lz4", CompressionLZ4}, {"snappy", CompressionSnappy}}
	for _, size := range []int{100, 1024} {
		for _, c := range codecs {
			b.Run(fmt.Sprintf("%dB/%s", size, c.name), func(b *testing.B) {
				benchSend(b, size, c.c, false)
			})
		}
		b.Run(fmt.Sprintf("%dB/lz4/Send-new-Record", size), func(b *testing.B) {
			benchSend(b, size, CompressionLZ4, true)
		})
	}
}

func benchSend(b *testing.B, size int, codec Compression, future bool) {
	fc := fakebroker.NewCluster(b, 1)
	fc.AddTopic("t", 6)
	fc.Handle(protocol.KeyProduce, ackAll)
	p, err := New(Config{Brokers: fc.Addrs(), Compression: codec, Linger: 5 * time.Millisecond, RequestTimeout: 5 * time.Second})
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close(context.Background())
	ctx := context.Background()
	if _, err := p.SendSync(ctx, &kafkawire.Record{Topic: "t", Value: []byte("warm-up")}); err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	values := make([][]byte, 1024)
	for i := range values {
		values[i] = make([]byte, size)
		for j := range values[i] {
			values[i][j] = byte(rng.UintN(256))
		}
	}
	rec := kafkawire.Record{Topic: "t"}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b.SetBytes(int64(size))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if future {
			p.Send(ctx, &kafkawire.Record{Topic: "t", Value: values[i&1023]})
			continue
		}
		rec.Value = values[i&1023]
		if err := p.SendFunc(ctx, &rec, nil); err != nil {
			b.Fatal(err)
		}
	}
	if err := p.Flush(ctx); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(b.N), "allocs/record")
}

// BenchmarkEnqueue is mostly SendFunc's own cost: no compression, 1 MiB
// batches (the most a request takes) sent only when full, so the sender,
// writer and fake broker run once per 9000 records or so.
func BenchmarkEnqueue(b *testing.B) {
	fc := fakebroker.NewCluster(b, 1)
	fc.AddTopic("t", 6)
	fc.Handle(protocol.KeyProduce, ackAll)
	p, err := New(Config{Brokers: fc.Addrs(), Linger: time.Hour, DeliveryTimeout: 2 * time.Hour,
		BatchSize: 1 << 20, MaxBufferedBytes: 1 << 30, RequestTimeout: 5 * time.Second, Compression: CompressionNone})
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close(context.Background())
	ctx := context.Background()
	f := p.Send(ctx, &kafkawire.Record{Topic: "t", Value: []byte("warm-up")})
	if err := p.Flush(ctx); err != nil { // the hour's linger would hold it
		b.Fatal(err)
	}
	if _, err := f.Wait(ctx); err != nil {
		b.Fatal(err)
	}
	rec := kafkawire.Record{Topic: "t", Value: make([]byte, 100)}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := p.SendFunc(ctx, &rec, nil); err != nil {
			b.Fatal(err)
		}
	}
	if err := p.Flush(ctx); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
}
