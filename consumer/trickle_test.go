package consumer

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/internal/fakebroker"
)

// A consumer keeping up with a slow stream gets a few records per poll from
// several partitions. The slice a poll returns holds the records taken; it
// used to be MaxPollRecords long (500 records, 68 KB) whenever a poll
// gathered from more than one partition. (conn's TestKeptResponseBufferIsFrameSized
// covers the fetch answer's own buffer.)
func TestTricklePollAllocatesForWhatItTakes(t *testing.T) {
	const parts = 6
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", parts)
	var tps []kafkawire.TopicPartition
	for p := range int32(parts) {
		fill(t, fc, "t", p, 2)
		tps = append(tps, kafkawire.TopicPartition{Topic: "t", Partition: p})
	}
	c := mustNew(t, Config{Brokers: fc.Addrs(), AutoOffsetReset: ResetEarliest})
	defer closeConsumer(t, c)
	require.NoError(t, c.Assign(tps...))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	var got []kafkawire.Record
	for len(got) < 2*parts {
		recs, err := c.Poll(ctx)
		require.NoError(t, err)
		if len(recs) > 2 { // gathered from more than one partition
			require.Equal(t, len(recs), cap(recs), "a poll of %d records", len(recs))
		}
		got = append(got, recs...)
	}
	require.Len(t, got, 2*parts)
}
