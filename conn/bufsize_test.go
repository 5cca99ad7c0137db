// Allocation bounds hold only without -race, which makes sync.Pool drop
// what it holds; the Makefile runs conn without it too (test-unit).

//go:build !race

package conn

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kafkawire/kafkawire/internal/fakebroker"
	"github.com/kafkawire/kafkawire/protocol"
)

// A response the caller keeps (Fetch: its records alias the frame) is never
// recycled, so its buffer is exactly the frame: a small fetch answer must
// not cost a whole size class (4 KiB and up) each time.
func TestKeptResponseBufferIsFrameSized(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	b := fc.Brokers[0]
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cn, err := Dial(ctx, b.Addr(), b.NodeID(), ConnConfig{})
	require.NoError(t, err)
	defer cn.Close()
	req := &protocol.FetchRequest{ReplicaID: -1, MaxWaitMs: 0, MaxBytes: 1 << 20, Topics: []protocol.FetchRequestTopic{{Topic: "t",
		Partitions: []protocol.FetchRequestPartition{{Partition: 0, FetchOffset: 0, PartitionMaxBytes: 1 << 20, LogStartOffset: -1}}}}}
	roundTrip := func() {
		var resp protocol.FetchResponse
		require.NoError(t, cn.RoundTrip(ctx, req, &resp))
	}
	roundTrip() // warm: version negotiation, pools
	const n = 200
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range n {
		roundTrip()
	}
	runtime.ReadMemStats(&after)
	perCall := (after.TotalAlloc - before.TotalAlloc) / n
	require.Less(t, perCall, uint64(2048), "bytes allocated per small Fetch round trip")
}
