package consumer

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kafkawire/kafkawire/internal/fakebroker"
	"github.com/kafkawire/kafkawire/protocol"
)

// A fetch whose records are followed by a transaction marker moves the
// position past the marker once its records are taken (as Java's does), so
// Position and the offsets committed from it do not stay one short at the
// end of every transaction. The answer is served once; fetches at the end
// of the log get nothing, as at the high watermark.
func TestPositionMovesPastTrailingMarker(t *testing.T) {
	c := consumerBeforeMarker(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	recs, err := c.Poll(ctx)
	require.NoError(t, err)
	require.Equal(t, []string{"a", "b"}, values(recs))
	require.Equal(t, int64(3), c.Position(tp0), "past the commit marker at offset 2")
}

// A Records loop that breaks gives back what it did not see; taken again,
// the records still end at the position past the marker.
func TestUnreadKeepsPositionPastMarker(t *testing.T) {
	c := consumerBeforeMarker(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for r, err := range c.Records(ctx) {
		require.NoError(t, err)
		require.Equal(t, "a", string(r.Value))
		break
	}
	require.Equal(t, int64(1), c.Position(tp0), "b was given back")
	recs, err := c.Poll(ctx)
	require.NoError(t, err)
	require.Equal(t, []string{"b"}, values(recs))
	require.Equal(t, int64(3), c.Position(tp0))
}

// consumerBeforeMarker is a read_committed consumer of t/0, whose log holds
// records 0 and 1 and a commit marker at 2 (high watermark 3); the answer
// is served once, and fetches from offset 3 get nothing, as at the end of
// a log.
func consumerBeforeMarker(t *testing.T) *Consumer {
	checkGoroutines(t)
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	set := buildSet(t,
		testBatch{base: 0, values: []string{"a", "b"}, pid: 7},
		testBatch{base: 2, pid: 7, controlBatch: true, control: protocol.ControlCommit},
	)
	fc.Handle(protocol.KeyFetch, func(r *fakebroker.Request) fakebroker.Action {
		part := protocol.FetchResponsePartition{PartitionIndex: 0, HighWatermark: 3, LastStableOffset: 3, LogStartOffset: 0, PreferredReadReplica: -1}
		if req := r.Body.(*protocol.FetchRequest); req.Topics[0].Partitions[0].FetchOffset == 0 {
			part.Records = set
		}
		return fakebroker.Reply(&protocol.FetchResponse{Responses: []protocol.FetchResponseTopic{{Topic: "t", Partitions: []protocol.FetchResponsePartition{part}}}})
	})
	c := mustNew(t, Config{Brokers: fc.Addrs(), AutoOffsetReset: ResetEarliest, Isolation: ReadCommitted})
	t.Cleanup(func() { closeConsumer(t, c) })
	require.NoError(t, c.Assign(tp0))
	return c
}
