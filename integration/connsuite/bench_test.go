package connsuite

// Live round trips on one connection to one broker: wire, broker and
// client cost together (ns/op), and the client's allocations (allocs/op).
//
//	go test -run '^$' -bench RoundTripLive -count=1 ./connsuite/

import (
	"context"
	"testing"

	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/integration"
	"github.com/kafkawire/kafkawire/protocol"
)

func BenchmarkRoundTripLive(b *testing.B) {
	tc := integration.Shared(b, integration.Options{Brokers: 1})
	ctx := context.Background()
	cn, err := conn.Dial(ctx, tc.Bootstrap()[0], -1, conn.ConnConfig{})
	if err != nil {
		b.Fatalf("Dial: %v", err)
	}
	defer cn.Close()

	b.Run("ApiVersions", func(b *testing.B) {
		req := protocol.ApiVersionsRequest{ClientSoftwareName: conn.SoftwareName, ClientSoftwareVersion: conn.Version}
		var resp protocol.ApiVersionsResponse
		b.ReportAllocs()
		for b.Loop() {
			if err := cn.RoundTrip(ctx, &req, &resp); err != nil {
				b.Fatal(err)
			}
		}
	})
	// Metadata with an empty topic list: the brokers and cluster id only.
	b.Run("Metadata", func(b *testing.B) {
		req := protocol.MetadataRequest{Topics: []protocol.MetadataRequestTopic{}}
		var resp protocol.MetadataResponse
		b.ReportAllocs()
		for b.Loop() {
			if err := cn.RoundTrip(ctx, &req, &resp); err != nil {
				b.Fatal(err)
			}
		}
	})
	// Many goroutines pipelining Metadata requests on the one connection.
	b.Run("MetadataParallel", func(b *testing.B) {
		b.ReportAllocs()
		b.SetParallelism(8)
		b.RunParallel(func(pb *testing.PB) {
			req := protocol.MetadataRequest{Topics: []protocol.MetadataRequestTopic{}}
			var resp protocol.MetadataResponse
			for pb.Next() {
				if err := cn.RoundTrip(ctx, &req, &resp); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}
