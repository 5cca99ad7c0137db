package protocol

func init() {
	register[OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse](API{Key: KeyOffsetForLeaderEpoch, Name: "OffsetForLeaderEpoch", MinVersion: 2, MaxVersion: 4, FlexibleFrom: 4})
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
	return encode(m, encoder(dst, KeyOffsetForLeaderEpoch, version))
}

func (m *OffsetForLeaderEpochRequest) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyOffsetForLeaderEpoch, version))
}

func (m *OffsetForLeaderEpochRequest) fields(c *codec) {
	if c.version >= 3 {
		c.Int32(&m.ReplicaID)
	} else if c.decoding() {
		m.ReplicaID = -2
	}
	arrayOf(c, &m.Topics, func(t *OffsetForLeaderEpochRequestTopic) {
		c.String(&t.Topic)
		arrayOf(c, &t.Partitions, func(p *OffsetForLeaderEpochRequestPartition) {
			c.Int32(&p.Partition)
			if c.version >= 2 {
				c.Int32(&p.CurrentLeaderEpoch)
			} else if c.decoding() {
				p.CurrentLeaderEpoch = -1
			}
			c.Int32(&p.LeaderEpoch)
			c.NoTags()
		})
		c.NoTags()
	})
	c.NoTags()
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
	return encode(m, encoder(dst, KeyOffsetForLeaderEpoch, version))
}

func (m *OffsetForLeaderEpochResponse) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyOffsetForLeaderEpoch, version))
}

func (m *OffsetForLeaderEpochResponse) fields(c *codec) {
	if c.version >= 2 {
		c.Int32(&m.ThrottleTimeMs)
	}
	arrayOf(c, &m.Topics, func(t *OffsetForLeaderEpochResponseTopic) {
		c.String(&t.Topic)
		arrayOf(c, &t.Partitions, func(p *OffsetForLeaderEpochResponsePartition) {
			c.Int16(&p.ErrorCode)
			c.Int32(&p.Partition)
			if c.version >= 1 {
				c.Int32(&p.LeaderEpoch)
			} else if c.decoding() {
				p.LeaderEpoch = -1
			}
			c.Int64(&p.EndOffset)
			c.NoTags()
		})
		c.NoTags()
	})
	c.NoTags()
}
