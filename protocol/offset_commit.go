package protocol

func init() {
	register(API{Key: KeyOffsetCommit, Name: "OffsetCommit", MinVersion: 2, MaxVersion: 10, FlexibleFrom: 8,
		NewRequest: func() Message { return new(OffsetCommitRequest) }, NewResponse: func() Message { return new(OffsetCommitResponse) }})
}

// OffsetCommitRequest commits consumed offsets for a group. Versions 0-1
// were removed in Kafka 4.0; v10 (unstable in Kafka 4.1, stable in 4.4.0)
// names topics by id instead of by name (KIP-848).
type OffsetCommitRequest struct {
	GroupID                   string
	GenerationIDOrMemberEpoch int32 // default -1
	MemberID                  string
	GroupInstanceID           *string // v7+
	RetentionTimeMs           int64   // v2-4, default -1
	Topics                    []OffsetCommitRequestTopic
}

// OffsetCommitRequestTopic holds the offsets to commit in one topic.
type OffsetCommitRequestTopic struct {
	Name       string // up to v9 (TxnOffsetCommit: up to v5)
	TopicID    UUID   // v10+ (TxnOffsetCommit: v6+)
	Partitions []OffsetCommitRequestPartition
}

// OffsetCommitRequestPartition is one partition's offset to commit.
type OffsetCommitRequestPartition struct {
	PartitionIndex       int32
	CommittedOffset      int64
	CommittedLeaderEpoch int32 // v6+ (TxnOffsetCommit: v2+), default -1
	CommittedMetadata    *string
}

func (*OffsetCommitRequest) APIKey() int16 { return KeyOffsetCommit }

func (m *OffsetCommitRequest) AppendTo(dst []byte, version int16) []byte {
	w := NewWriter(dst, KeyOffsetCommit, version)
	w.String(m.GroupID)
	if version >= 1 {
		w.Int32(m.GenerationIDOrMemberEpoch)
		w.String(m.MemberID)
	}
	if version >= 7 {
		w.NullableString(m.GroupInstanceID)
	}
	if version >= 2 && version <= 4 {
		w.Int64(m.RetentionTimeMs)
	}
	appendCommitTopics(&w, m.Topics, version >= 10, version >= 6)
	w.NoTags()
	return w.B
}

func (m *OffsetCommitRequest) Decode(r *Reader, version int16) {
	r.UseVersion(KeyOffsetCommit, version)
	m.GroupID = r.String()
	m.GenerationIDOrMemberEpoch = -1
	if version >= 1 {
		m.GenerationIDOrMemberEpoch = r.Int32()
		m.MemberID = r.String()
	}
	if version >= 7 {
		m.GroupInstanceID = r.NullableString()
	}
	m.RetentionTimeMs = -1
	if version >= 2 && version <= 4 {
		m.RetentionTimeMs = r.Int64()
	}
	m.Topics = readCommitTopics(r, version >= 10, version >= 6)
	r.SkipTags()
}

// OffsetCommitResponse reports the outcome per committed partition.
type OffsetCommitResponse struct {
	ThrottleTimeMs int32 // v3+
	Topics         []OffsetCommitResponseTopic
}

// OffsetCommitResponseTopic holds one topic's partition results.
type OffsetCommitResponseTopic struct {
	Name       string // up to v9 (TxnOffsetCommit: up to v5)
	TopicID    UUID   // v10+ (TxnOffsetCommit: v6+)
	Partitions []OffsetCommitResponsePartition
}

// OffsetCommitResponsePartition is one partition's commit result.
type OffsetCommitResponsePartition struct {
	PartitionIndex int32
	ErrorCode      int16
}

func (*OffsetCommitResponse) APIKey() int16 { return KeyOffsetCommit }

func (m *OffsetCommitResponse) AppendTo(dst []byte, version int16) []byte {
	w := NewWriter(dst, KeyOffsetCommit, version)
	if version >= 3 {
		w.Int32(m.ThrottleTimeMs)
	}
	appendCommitResults(&w, m.Topics, version >= 10)
	w.NoTags()
	return w.B
}

func (m *OffsetCommitResponse) Decode(r *Reader, version int16) {
	r.UseVersion(KeyOffsetCommit, version)
	if version >= 3 {
		m.ThrottleTimeMs = r.Int32()
	}
	m.Topics = readCommitResults(r, version >= 10)
	r.SkipTags()
}

// The Topics arrays of OffsetCommit and TxnOffsetCommit have one shape (the
// TxnOffsetCommit topic and partition types are aliases of these), so both
// codecs use the four functions below. byID: topics are named by id
// (OffsetCommit v10+, TxnOffsetCommit v6+); withEpoch: partitions carry
// CommittedLeaderEpoch (v6+, v2+).

func appendCommitTopics(w *Writer, topics []OffsetCommitRequestTopic, byID, withEpoch bool) {
	AppendArray(w, topics, func(t *OffsetCommitRequestTopic) {
		w.TopicNameOrID(t.Name, t.TopicID, byID)
		AppendArray(w, t.Partitions, func(p *OffsetCommitRequestPartition) {
			w.Int32(p.PartitionIndex)
			w.Int64(p.CommittedOffset)
			if withEpoch {
				w.Int32(p.CommittedLeaderEpoch)
			}
			w.NullableString(p.CommittedMetadata)
			w.NoTags()
		})
		w.NoTags()
	})
}

func readCommitTopics(r *Reader, byID, withEpoch bool) []OffsetCommitRequestTopic {
	return ReadArray(r, func(t *OffsetCommitRequestTopic) {
		r.TopicNameOrID(&t.Name, &t.TopicID, byID)
		t.Partitions = ReadArray(r, func(p *OffsetCommitRequestPartition) {
			p.PartitionIndex = r.Int32()
			p.CommittedOffset = r.Int64()
			p.CommittedLeaderEpoch = -1
			if withEpoch {
				p.CommittedLeaderEpoch = r.Int32()
			}
			p.CommittedMetadata = r.NullableString()
			r.SkipTags()
		})
		r.SkipTags()
	})
}

func appendCommitResults(w *Writer, topics []OffsetCommitResponseTopic, byID bool) {
	AppendArray(w, topics, func(t *OffsetCommitResponseTopic) {
		w.TopicNameOrID(t.Name, t.TopicID, byID)
		AppendArray(w, t.Partitions, func(p *OffsetCommitResponsePartition) {
			w.Int32(p.PartitionIndex)
			w.Int16(p.ErrorCode)
			w.NoTags()
		})
		w.NoTags()
	})
}

func readCommitResults(r *Reader, byID bool) []OffsetCommitResponseTopic {
	return ReadArray(r, func(t *OffsetCommitResponseTopic) {
		r.TopicNameOrID(&t.Name, &t.TopicID, byID)
		t.Partitions = ReadArray(r, func(p *OffsetCommitResponsePartition) {
			p.PartitionIndex = r.Int32()
			p.ErrorCode = r.Int16()
			r.SkipTags()
		})
		r.SkipTags()
	})
}
