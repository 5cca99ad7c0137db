package producer

import (
	"context"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/internal/fakebroker"
	"github.com/stretchr/testify/require"
)

// SendFunc allocates nothing per record in steady state: the per-broker
// writers and the failure-path bookkeeping added nothing to the hot path.
func TestSendFuncAllocatesNothingPerRecord(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	cfg := fastConfig(fc)
	cfg.Linger = 50 * time.Millisecond
	cfg.BatchSize = 1 << 20
	p := newTestProducer(t, cfg)
	ctx := context.Background()
	r := &kafkawire.Record{Topic: "t", Value: make([]byte, 100)}
	_, err := p.SendSync(ctx, r) // metadata, producer id, connections
	require.NoError(t, err)
	var n int
	allocs := testing.AllocsPerRun(2000, func() {
		n++
		if err := p.SendFunc(ctx, r, nil); err != nil {
			t.Fatal(err)
		}
	})
	require.NoError(t, p.Flush(ctx))
	t.Logf("%.3f allocations per SendFunc", allocs)
	require.Less(t, allocs, 0.1)
}
