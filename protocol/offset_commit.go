package protocol

func init() {
	register[OffsetCommitRequest, OffsetCommitResponse](API{Key: KeyOffsetCommit, Name: "OffsetCommit", MinVersion: 2, MaxVersion: 10, FlexibleFrom: 8})
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
	return encode(m, encoder(dst, KeyOffsetCommit, version))
}

func (m *OffsetCommitRequest) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyOffsetCommit, version))
}

func (m *OffsetCommitRequest) fields(c *codec) {
	c.String(&m.GroupID)
	if c.version >= 1 {
		c.Int32(&m.GenerationIDOrMemberEpoch)
		c.String(&m.MemberID)
	} else if c.decoding() {
		m.GenerationIDOrMemberEpoch = -1
	}
	if c.version >= 7 {
		c.NullableString(&m.GroupInstanceID)
	}
	if c.version >= 2 && c.version <= 4 {
		c.Int64(&m.RetentionTimeMs)
	} else if c.decoding() {
		m.RetentionTimeMs = -1
	}
	commitTopics(c, &m.Topics, c.version >= 10, c.version >= 6)
	c.NoTags()
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
	return encode(m, encoder(dst, KeyOffsetCommit, version))
}

func (m *OffsetCommitResponse) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyOffsetCommit, version))
}

func (m *OffsetCommitResponse) fields(c *codec) {
	if c.version >= 3 {
		c.Int32(&m.ThrottleTimeMs)
	}
	commitResults(c, &m.Topics, c.version >= 10)
	c.NoTags()
}

// The Topics arrays of OffsetCommit and TxnOffsetCommit have one shape (the
// TxnOffsetCommit topic and partition types are aliases of these), so both
// codecs use the two functions below. byID: topics are named by id
// (OffsetCommit v10+, TxnOffsetCommit v6+); withEpoch: partitions carry
// CommittedLeaderEpoch (v6+, v2+).

func commitTopics(c *codec, topics *[]OffsetCommitRequestTopic, byID, withEpoch bool) {
	arrayOf(c, topics, func(t *OffsetCommitRequestTopic) {
		c.TopicNameOrID(&t.Name, &t.TopicID, byID)
		arrayOf(c, &t.Partitions, func(p *OffsetCommitRequestPartition) {
			c.Int32(&p.PartitionIndex)
			c.Int64(&p.CommittedOffset)
			if withEpoch {
				c.Int32(&p.CommittedLeaderEpoch)
			} else if c.decoding() {
				p.CommittedLeaderEpoch = -1
			}
			c.NullableString(&p.CommittedMetadata)
			c.NoTags()
		})
		c.NoTags()
	})
}

func commitResults(c *codec, topics *[]OffsetCommitResponseTopic, byID bool) {
	arrayOf(c, topics, func(t *OffsetCommitResponseTopic) {
		c.TopicNameOrID(&t.Name, &t.TopicID, byID)
		arrayOf(c, &t.Partitions, func(p *OffsetCommitResponsePartition) {
			c.Int32(&p.PartitionIndex)
			c.Int16(&p.ErrorCode)
			c.NoTags()
		})
		c.NoTags()
	})
}
