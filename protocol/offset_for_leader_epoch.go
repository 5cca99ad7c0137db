package protocol

func init() {
	register(API{Key: KeyOffsetForLeaderEpoch, Name: "OffsetForLeaderEpoch", MinVersion: 2, MaxVersion: 4, FlexibleFrom: 4,
		NewRequest: func() Message { return new(OffsetForLeaderEpochRequest) }, NewResponse: func() Message { return new(OffsetForLeaderEpochResponse) }})
}

// OffsetForLeaderEpochRequest asks, per partition, for the end offset of a
// leader epoch: a consumer uses it to detect log truncation (KIP-320).
type OffsetForLeaderEpochRequest struct {
	// ReplicaID (v3+, default -2) is the follower's broker id, -1 for a
	// consumer, or -2 for a "debug" client.
	ReplicaID int32
	Topics    []OffsetForLeaderEpochRequestTopic
}

// OffsetForLeaderEpochRequestTopic is one topic to look up.
type OffsetForLeaderEpochRequestTopic struct {
	Topic      string
	Partitions []OffsetForLeaderEpochRequestPartition
}

// OffsetForLeaderEpochRequestPartition is one partition to look up.
type OffsetForLeaderEpochRequestPartition struct {
	Partition          int32
	CurrentLeaderEpoch int32 // v2+, default -1: fences stale metadata
	LeaderEpoch        int32 // the epoch to find the end offset of
}

func (*OffsetForLeaderEpochRequest) APIKey() int16 { return KeyOffsetForLeaderEpoch }

func (m *OffsetForLeaderEpochRequest) AppendTo(dst []byte, version int16) []byte {
	w := NewWriter(dst, KeyOffsetForLeaderEpoch, version)
	if version >= 3 {
		w.Int32(m.ReplicaID)
	}
	AppendArray(&w, m.Topics, func(t *OffsetForLeaderEpochRequestTopic) {
		w.String(t.Topic)
		AppendArray(&w, t.Partitions, func(p *OffsetForLeaderEpochRequestPartition) {
			w.Int32(p.Partition)
			if version >= 2 {
				w.Int32(p.CurrentLeaderEpoch)
			}
			w.Int32(p.LeaderEpoch)
			w.NoTags()
		})
		w.NoTags()
	})
	w.NoTags()
	return w.B
}

func (m *OffsetForLeaderEpochRequest) Decode(r *Reader, version int16) {
	r.UseVersion(KeyOffsetForLeaderEpoch, version)
	*m = OffsetForLeaderEpochRequest{ReplicaID: -2}
	if version >= 3 {
		m.ReplicaID = r.Int32()
	}
	m.Topics = ReadArray(r, func(t *OffsetForLeaderEpochRequestTopic) {
		t.Topic = r.String()
		t.Partitions = ReadArray(r, func(p *OffsetForLeaderEpochRequestPartition) {
			p.Partition = r.Int32()
			p.CurrentLeaderEpoch = -1
			if version >= 2 {
				p.CurrentLeaderEpoch = r.Int32()
			}
			p.LeaderEpoch = r.Int32()
			r.SkipTags()
		})
		r.SkipTags()
	})
	r.SkipTags()
}

// OffsetForLeaderEpochResponse answers an OffsetForLeaderEpochRequest.
type OffsetForLeaderEpochResponse struct {
	ThrottleTimeMs int32 // v2+
	Topics         []OffsetForLeaderEpochResponseTopic
}

// OffsetForLeaderEpochResponseTopic is one topic's answer.
type OffsetForLeaderEpochResponseTopic struct {
	Topic      string
	Partitions []OffsetForLeaderEpochResponsePartition
}

// OffsetForLeaderEpochResponsePartition is one partition's answer (Kafka's
// EpochEndOffset): the largest epoch not above the one asked for, and its
// end offset.
type OffsetForLeaderEpochResponsePartition struct {
	ErrorCode   int16
	Partition   int32
	LeaderEpoch int32 // v1+, default -1
	EndOffset   int64 // default -1
}

func (*OffsetForLeaderEpochResponse) APIKey() int16 { return KeyOffsetForLeaderEpoch }

func (m *OffsetForLeaderEpochResponse) AppendTo(dst []byte, version int16) []byte {
	w := NewWriter(dst, KeyOffsetForLeaderEpoch, version)
	if version >= 2 {
		w.Int32(m.ThrottleTimeMs)
	}
	AppendArray(&w, m.Topics, func(t *OffsetForLeaderEpochResponseTopic) {
		w.String(t.Topic)
		AppendArray(&w, t.Partitions, func(p *OffsetForLeaderEpochResponsePartition) {
			w.Int16(p.ErrorCode)
			w.Int32(p.Partition)
			if version >= 1 {
				w.Int32(p.LeaderEpoch)
			}
			w.Int64(p.EndOffset)
			w.NoTags()
		})
		w.NoTags()
	})
	w.NoTags()
	return w.B
}

func (m *OffsetForLeaderEpochResponse) Decode(r *Reader, version int16) {
	r.UseVersion(KeyOffsetForLeaderEpoch, version)
	*m = OffsetForLeaderEpochResponse{}
	if version >= 2 {
		m.ThrottleTimeMs = r.Int32()
	}
	m.Topics = ReadArray(r, func(t *OffsetForLeaderEpochResponseTopic) {
		t.Topic = r.String()
		t.Partitions = ReadArray(r, func(p *OffsetForLeaderEpochResponsePartition) {
			p.ErrorCode = r.Int16()
			p.Partition = r.Int32()
			p.LeaderEpoch = -1
			if version >= 1 {
				p.LeaderEpoch = r.Int32()
			}
			p.EndOffset = r.Int64()
			r.SkipTags()
		})
		r.SkipTags()
	})
	r.SkipTags()
}
