package protocol

func init() {
	register(API{Key: KeyOffsetCommit, Name: "OffsetCommit", MinVersion: 2, MaxVersion: 10, FlexibleFrom: 8,
		NewRequest: func() Message { return new(OffsetCommitRequest) }, NewResponse: func() Message { return new(OffsetCommitResponse) }})
}

// OffsetCommitRequest commits consumed offsets for a group. Versions 0-1
// were removed in Kafka 4.0; v10 (unstable in Kafka 4.1, stable in 4.4.0)
// names topics by id instead of by name (KIP-848).
type OffsetCommitRequest struct {
	GroupId                   string
	GenerationIdOrMemberEpoch int32 // default -1
	MemberId                  string
	GroupInstanceId           *string // v7+
	RetentionTimeMs           int64   // v2-4, default -1
	Topics                    []OffsetCommitRequestTopic
}

// OffsetCommitRequestTopic holds the offsets to commit in one topic.
type OffsetCommitRequestTopic struct {
	Name       string // up to v9
	TopicId    UUID   // v10+
	Partitions []OffsetCommitRequestPartition
}

// OffsetCommitRequestPartition is one partition's offset to commit.
type OffsetCommitRequestPartition struct {
	PartitionIndex       int32
	CommittedOffset      int64
	CommittedLeaderEpoch int32 // v6+, default -1
	CommittedMetadata    *string
}

func (*OffsetCommitRequest) APIKey() int16 { return KeyOffsetCommit }

func (m *OffsetCommitRequest) AppendTo(dst []byte, version int16) []byte {
	w := Writer{B: dst}
	flex := version >= 8
	w.String(m.GroupId, flex)
	if version >= 1 {
		w.Int32(m.GenerationIdOrMemberEpoch)
		w.String(m.MemberId, flex)
	}
	if version >= 7 {
		w.NullableString(m.GroupInstanceId, flex)
	}
	if version >= 2 && version <= 4 {
		w.Int64(m.RetentionTimeMs)
	}
	w.ArrayLen(len(m.Topics), flex)
	for i := range m.Topics {
		t := &m.Topics[i]
		if version <= 9 {
			w.String(t.Name, flex)
		} else {
			w.UUID(t.TopicId)
		}
		w.ArrayLen(len(t.Partitions), flex)
		for j := range t.Partitions {
			p := &t.Partitions[j]
			w.Int32(p.PartitionIndex)
			w.Int64(p.CommittedOffset)
			if version >= 6 {
				w.Int32(p.CommittedLeaderEpoch)
			}
			w.NullableString(p.CommittedMetadata, flex)
			w.NoTags(flex)
		}
		w.NoTags(flex)
	}
	w.NoTags(flex)
	return w.B
}

func (m *OffsetCommitRequest) Decode(r *Reader, version int16) {
	flex := version >= 8
	m.GroupId = r.String(flex)
	m.GenerationIdOrMemberEpoch = -1
	if version >= 1 {
		m.GenerationIdOrMemberEpoch = r.Int32()
		m.MemberId = r.String(flex)
	}
	if version >= 7 {
		m.GroupInstanceId = r.NullableString(flex)
	}
	m.RetentionTimeMs = -1
	if version >= 2 && version <= 4 {
		m.RetentionTimeMs = r.Int64()
	}
	if n := r.ArrayLen(flex); n >= 0 {
		m.Topics = make([]OffsetCommitRequestTopic, n)
		for i := range m.Topics {
			t := &m.Topics[i]
			if version <= 9 {
				t.Name = r.String(flex)
			} else {
				t.TopicId = r.UUID()
			}
			if n := r.ArrayLen(flex); n >= 0 {
				t.Partitions = make([]OffsetCommitRequestPartition, n)
				for j := range t.Partitions {
					p := &t.Partitions[j]
					p.PartitionIndex = r.Int32()
					p.CommittedOffset = r.Int64()
					p.CommittedLeaderEpoch = -1
					if version >= 6 {
						p.CommittedLeaderEpoch = r.Int32()
					}
					p.CommittedMetadata = r.NullableString(flex)
					r.SkipTags(flex)
				}
			}
			r.SkipTags(flex)
		}
	}
	r.SkipTags(flex)
}

// OffsetCommitResponse reports the outcome per committed partition.
type OffsetCommitResponse struct {
	ThrottleTimeMs int32 // v3+
	Topics         []OffsetCommitResponseTopic
}

// OffsetCommitResponseTopic holds one topic's partition results.
type OffsetCommitResponseTopic struct {
	Name       string // up to v9
	TopicId    UUID   // v10+
	Partitions []OffsetCommitResponsePartition
}

// OffsetCommitResponsePartition is one partition's commit result.
type OffsetCommitResponsePartition struct {
	PartitionIndex int32
	ErrorCode      int16
}

func (*OffsetCommitResponse) APIKey() int16 { return KeyOffsetCommit }

func (m *OffsetCommitResponse) AppendTo(dst []byte, version int16) []byte {
	w := Writer{B: dst}
	flex := version >= 8
	if version >= 3 {
		w.Int32(m.ThrottleTimeMs)
	}
	w.ArrayLen(len(m.Topics), flex)
	for i := range m.Topics {
		t := &m.Topics[i]
		if version <= 9 {
			w.String(t.Name, flex)
		} else {
			w.UUID(t.TopicId)
		}
		w.ArrayLen(len(t.Partitions), flex)
		for j := range t.Partitions {
			p := &t.Partitions[j]
			w.Int32(p.PartitionIndex)
			w.Int16(p.ErrorCode)
			w.NoTags(flex)
		}
		w.NoTags(flex)
	}
	w.NoTags(flex)
	return w.B
}

func (m *OffsetCommitResponse) Decode(r *Reader, version int16) {
	flex := version >= 8
	if version >= 3 {
		m.ThrottleTimeMs = r.Int32()
	}
	if n := r.ArrayLen(flex); n >= 0 {
		m.Topics = make([]OffsetCommitResponseTopic, n)
		for i := range m.Topics {
			t := &m.Topics[i]
			if version <= 9 {
				t.Name = r.String(flex)
			} else {
				t.TopicId = r.UUID()
			}
			if n := r.ArrayLen(flex); n >= 0 {
				t.Partitions = make([]OffsetCommitResponsePartition, n)
				for j := range t.Partitions {
					p := &t.Partitions[j]
					p.PartitionIndex = r.Int32()
					p.ErrorCode = r.Int16()
					r.SkipTags(flex)
				}
			}
			r.SkipTags(flex)
		}
	}
	r.SkipTags(flex)
}
