package protocol

import "testing"

// TestCodecAllocatesNothing: a message in the field-list form encodes into
// a buffer with room, and decodes fields that need no memory of their own,
// without allocating. It fails if the compiler stops calling fields directly
// from encode and decode (the codec would then move to the heap).
func TestCodecAllocatesNothing(t *testing.T) {
	fetch := mustAPI(t, KeyFetch)
	encodes := []struct {
		m Message
		v int16
	}{
		{&HeartbeatRequest{GroupID: "g", MemberID: "m"}, 4},
		{&OffsetCommitRequest{GroupID: "g", Topics: []OffsetCommitRequestTopic{{Name: "t", Partitions: make([]OffsetCommitRequestPartition, 3)}}}, 9},
		{&ApiVersionsResponse{ApiKeys: make([]ApiVersionsResponseKey, 3), FinalizedFeaturesEpoch: 7}, 3},
		{dpFetchRequest(fetch.MaxVersion), fetch.MaxVersion},
	}
	buf := make([]byte, 0, 64<<10)
	for _, e := range encodes {
		if n := testing.AllocsPerRun(100, func() { buf = e.m.AppendTo(buf[:0], e.v) }); n != 0 {
			t.Errorf("%T v%d: %v allocations per AppendTo", e.m, e.v, n)
		}
	}
	sub := &ConsumerProtocolSubscription{Topics: []string{"t"}, OwnedPartitions: []ConsumerProtocolTopicPartition{{Topic: "t", Partitions: []int32{0}}}}
	if n := testing.AllocsPerRun(100, func() { buf = sub.AppendTo(buf[:0], ConsumerProtocolSubscriptionVersion) }); n != 0 {
		t.Errorf("consumer protocol subscription: %v allocations per AppendTo", n)
	}
	for _, d := range []struct {
		m Message
		v int16
	}{{&HeartbeatResponse{ThrottleTimeMs: 1, ErrorCode: 2}, 4}, {&EndTxnResponse{ProducerID: 3}, 5}} {
		body := d.m.AppendTo(nil, d.v)
		r := NewReader(nil)
		if n := testing.AllocsPerRun(100, func() { r.Reset(body); d.m.Decode(r, d.v) }); n != 0 || r.Err() != nil {
			t.Errorf("%T v%d: %v allocations per Decode (err %v)", d.m, d.v, n, r.Err())
		}
	}
}
