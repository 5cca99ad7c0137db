package adminsuite

import (
	"errors"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/admin"
)

// TestRecords deletes records and looks offsets up by timestamp, with
// failing partitions beside succeeding ones.
func TestRecords(t *testing.T) {
	tc := cluster(t)
	a := newAdmin(t, tc)
	ctx := testCtx(t)
	topic := newTopic(t, a, "records", 2)
	ts0 := time.Now().Add(-time.Hour).Truncate(time.Millisecond)
	produce(t, tc, topic, []int32{0, 1}, 10, ts0)
	p0, p1 := kafkawire.TopicPartition{Topic: topic, Partition: 0}, kafkawire.TopicPartition{Topic: topic, Partition: 1}
	nope := kafkawire.TopicPartition{Topic: suite.Uniq("missing"), Partition: 0}
	p9 := kafkawire.TopicPartition{Topic: topic, Partition: 9}

	// Offsets for timestamps: the 4th record of each partition, and nothing
	// after the last one.
	got, err := a.ListOffsets(ctx, map[kafkawire.TopicPartition]int64{p0: ts0.Add(3 * time.Millisecond).UnixMilli(), p1: time.Now().UnixMilli(), nope: admin.OffsetLatest, p9: admin.OffsetLatest})
	if ies := admin.ItemErrors(err); len(ies) != 2 || !errors.Is(ies[0], kafkawire.ErrUnknownTopicOrPartition) || !errors.Is(ies[1], kafkawire.ErrUnknownTopicOrPartition) {
		t.Fatalf("ListOffsets: want two UNKNOWN_TOPIC_OR_PARTITION, got %v", err)
	}
	if got[p0].Offset != 3 || got[p0].Timestamp != ts0.Add(3*time.Millisecond).UnixMilli() || got[p1].Offset != -1 || got[nope].Err == nil {
		t.Fatalf("ListOffsets by time: %+v", got)
	}
	got, err = a.ListOffsets(ctx, map[kafkawire.TopicPartition]int64{p0: admin.OffsetMaxTimestamp, p1: admin.OffsetLatest})
	if err != nil || got[p0].Offset != 9 || got[p1].Offset != 10 {
		t.Fatalf("ListOffsets max timestamp / latest: %+v, %v", got, err)
	}

	del, err := a.DeleteRecords(ctx, map[kafkawire.TopicPartition]int64{p0: 5, p1: 100, nope: 1})
	ies := admin.ItemErrors(err)
	if len(ies) != 2 || !errors.Is(del[p1].Err, kafkawire.ErrOffsetOutOfRange) || !errors.Is(del[nope].Err, kafkawire.ErrUnknownTopicOrPartition) {
		t.Fatalf("DeleteRecords: want OFFSET_OUT_OF_RANGE for %v and UNKNOWN_TOPIC_OR_PARTITION for %v, got %+v (%v)", p1, nope, del, err)
	}
	if del[p0].Err != nil || del[p0].LowWatermark != 5 {
		t.Fatalf("DeleteRecords %v: %+v", p0, del[p0])
	}
	t.Logf("DeleteRecords per-item errors: %v", err)
	got, err = a.ListOffsets(ctx, map[kafkawire.TopicPartition]int64{p0: admin.OffsetEarliest, p1: admin.OffsetEarliest})
	if err != nil || got[p0].Offset != 5 || got[p1].Offset != 0 {
		t.Fatalf("earliest after DeleteRecords: %+v, %v", got, err)
	}
}
