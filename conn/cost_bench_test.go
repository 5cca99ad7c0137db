package conn

import (
	"testing"

	"github.com/kafkawire/kafkawire/protocol"
)

// BenchmarkRequestClientCost measures what one small request costs the
// client apart from the network: encoding and framing a Metadata request
// for one topic, and decoding a one-topic, six-partition answer with its
// response header, as RoundTrip does.
func BenchmarkRequestClientCost(b *testing.B) {
	const version = 12
	name := "events"
	req := protocol.MetadataRequest{Topics: []protocol.MetadataRequestTopic{{Name: &name}}}
	clientID := "bench"
	resp := protocol.MetadataResponse{Brokers: []protocol.MetadataResponseBroker{{NodeID: 1, Host: "127.0.0.1", Port: 9092}},
		Topics: []protocol.MetadataResponseTopic{{Name: &name, Partitions: make([]protocol.MetadataResponsePartition, 6)}}}
	for i := range resp.Topics[0].Partitions {
		resp.Topics[0].Partitions[i] = protocol.MetadataResponsePartition{PartitionIndex: int32(i), LeaderID: 1, ReplicaNodes: []int32{1}, IsrNodes: []int32{1}}
	}
	frame := (&protocol.ResponseHeader{CorrelationID: 7}).AppendTo(nil, 1)
	frame = resp.AppendTo(frame, version)
	buf := make([]byte, 0, 256)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h := protocol.RequestHeader{APIKey: protocol.KeyMetadata, APIVersion: version, CorrelationID: int32(i), ClientID: &clientID}
		buf = protocol.AppendRequest(buf[:0], &h, &req)
		var out protocol.MetadataResponse
		if err := decodeResponse(frame, true, &out, version); err != nil {
			b.Fatal(err)
		}
	}
}
