package producer

import (
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kafkawire/kafkawire/internal/fakebroker"
	"github.com/kafkawire/kafkawire/protocol"
)

func TestBatchCapFollowsThePreviousBatch(t *testing.T) {
	const big = 1 << 20
	pt := &partition{}
	require.Equal(t, minBatchCap, batchCap(pt, big), "a partition's first batch starts small")
	pt.lastSize = 100 << 10
	require.Equal(t, 125<<10, batchCap(pt, big), "a steady partition gets its last size plus a quarter")
	pt.lastSize = big + protocol.BatchHeaderSize
	require.Equal(t, big+protocol.BatchHeaderSize, batchCap(pt, big), "never more than BatchSize and the header")
	pt.lastSize = 10
	require.Equal(t, 100+protocol.BatchHeaderSize, batchCap(pt, 100), "a BatchSize below the minimum wins")
}

// A large BatchSize must not cost a full batch buffer per partition that
// only ever sees small batches: 200 partitions with one small record each
// used to allocate 200 x 1 MiB.
func TestLargeBatchSizeSmallBatchesAllocateLittle(t *testing.T) {
	const parts = 200
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", parts)
	cfg := fastConfig(fc)
	cfg.BatchSize = 1 << 20
	p := newTestProducer(t, cfg)
	ctx, cancel := contextWithTimeout(10 * time.Second)
	defer cancel()
	_, err := p.SendSync(ctx, rec("t", 0)) // metadata and connections first
	require.NoError(t, err)

	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	futs := make([]*Future, 0, parts)
	for i := range int32(parts) {
		futs = append(futs, p.Send(ctx, rec("t", i)))
	}
	for _, f := range futs {
		_, err := f.Wait(ctx)
		require.NoError(t, err)
	}
	runtime.ReadMemStats(&after)
	allocated := after.TotalAlloc - before.TotalAlloc
	require.Less(t, allocated, uint64(parts*minBatchCap*2), "%d bytes allocated for %d one-record batches", allocated, parts)
}
