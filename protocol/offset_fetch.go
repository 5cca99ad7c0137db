package protocol

func init() {
	register[OffsetFetchRequest, OffsetFetchResponse](API{Key: KeyOffsetFetch, Name: "OffsetFetch", MinVersion: 1, MaxVersion: 10, FlexibleFrom: 6})
}

// OffsetFetchRequest reads a group's committed offsets: up to v7 for one
// group (GroupID, Topics), from v8 for several (Groups). Version 0 was
// removed in Kafka 4.0; v10 (unstable in Kafka 4.1, stable in 4.4.0) names
// topics by id instead of by name (KIP-848).
type OffsetFetchRequest struct {
	GroupID       string                    // v0-7
	Topics        []OffsetFetchRequestTopic // v0-7; nil (null, v2+) fetches all topics
	Groups        []OffsetFetchRequestGroup // v8+
	RequireStable bool                      // v7+
}

// OffsetFetchRequestTopic names the partitions to fetch in one topic (v0-7).
type OffsetFetchRequestTopic struct {
	Name             string
	PartitionIndexes []int32
}

// OffsetFetchRequestGroup is one group to fetch offsets for (v8+).
type OffsetFetchRequestGroup struct {
	GroupID     string
	MemberID    *string                    // v9+
	MemberEpoch int32                      // v9+, default -1
	Topics      []OffsetFetchRequestTopics // nil (null) fetches all topics
}

// OffsetFetchRequestTopics names the partitions to fetch in one topic (v8+).
type OffsetFetchRequestTopics struct {
	Name             string // v8-9
	TopicID          UUID   // v10+
	PartitionIndexes []int32
}

func (*OffsetFetchRequest) APIKey() int16 { return KeyOffsetFetch }

func (m *OffsetFetchRequest) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeyOffsetFetch, version))
}

func (m *OffsetFetchRequest) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyOffsetFetch, version))
}

func (m *OffsetFetchRequest) fields(c *codec) {
	if c.version <= 7 {
		c.String(&m.GroupID)
		// From v2, null asks for all topics.
		nullableArrayOf(c, c.version >= 2, &m.Topics, func(t *OffsetFetchRequestTopic) {
			c.String(&t.Name)
			c.Int32s(&t.PartitionIndexes)
			c.NoTags()
		})
	} else {
		arrayOf(c, &m.Groups, func(g *OffsetFetchRequestGroup) {
			c.String(&g.GroupID)
			if c.version >= 9 {
				c.NullableString(&g.MemberID)
				c.Int32(&g.MemberEpoch)
			} else if c.decoding() {
				g.MemberEpoch = -1
			}
			nullableArrayOf(c, true, &g.Topics, func(t *OffsetFetchRequestTopics) {
				c.TopicNameOrID(&t.Name, &t.TopicID, c.version >= 10)
				c.Int32s(&t.PartitionIndexes)
				c.NoTags()
			})
			c.NoTags()
		})
	}
	if c.version >= 7 {
		c.Bool(&m.RequireStable)
	}
	c.NoTags()
}

// OffsetFetchResponse carries committed offsets: up to v7 for one group
// (Topics, ErrorCode), from v8 per group (Groups).
type OffsetFetchResponse struct {
	ThrottleTimeMs int32                      // v3+
	Topics         []OffsetFetchResponseTopic // v0-7
	ErrorCode      int16                      // v2-7
	Groups         []OffsetFetchResponseGroup // v8+
}

// OffsetFetchResponseTopic holds one topic's offsets (v0-7).
type OffsetFetchResponseTopic struct {
	Name       string
	Partitions []OffsetFetchResponsePartition
}

// OffsetFetchResponsePartition is one partition's committed offset (v0-7).
type OffsetFetchResponsePartition struct {
	PartitionIndex       int32
	CommittedOffset      int64
	CommittedLeaderEpoch int32 // v5+, default -1
	Metadata             *string
	ErrorCode            int16
}

// OffsetFetchResponseGroup holds one group's offsets (v8+).
type OffsetFetchResponseGroup struct {
	GroupID   string
	Topics    []OffsetFetchResponseTopics
	ErrorCode int16
}

// OffsetFetchResponseTopics holds one topic's offsets (v8+).
type OffsetFetchResponseTopics struct {
	Name       string // v8-9
	TopicID    UUID   // v10+
	Partitions []OffsetFetchResponsePartitions
}

// OffsetFetchResponsePartitions is one partition's committed offset (v8+).
type OffsetFetchResponsePartitions struct {
	PartitionIndex       int32
	CommittedOffset      int64
	CommittedLeaderEpoch int32 // default -1
	Metadata             *string
	ErrorCode            int16
}

func (*OffsetFetchResponse) APIKey() int16 { return KeyOffsetFetch }

func (m *OffsetFetchResponse) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeyOffsetFetch, version))
}

func (m *OffsetFetchResponse) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyOffsetFetch, version))
}

func (m *OffsetFetchResponse) fields(c *codec) {
	if c.version >= 3 {
		c.Int32(&m.ThrottleTimeMs)
	}
	if c.version <= 7 {
		arrayOf(c, &m.Topics, func(t *OffsetFetchResponseTopic) {
			c.String(&t.Name)
			arrayOf(c, &t.Partitions, func(p *OffsetFetchResponsePartition) { p.fields(c, c.version >= 5) })
			c.NoTags()
		})
		if c.version >= 2 {
			c.Int16(&m.ErrorCode)
		}
	} else {
		arrayOf(c, &m.Groups, func(g *OffsetFetchResponseGroup) {
			c.String(&g.GroupID)
			arrayOf(c, &g.Topics, func(t *OffsetFetchResponseTopics) {
				c.TopicNameOrID(&t.Name, &t.TopicID, c.version >= 10)
				arrayOf(c, &t.Partitions, func(p *OffsetFetchResponsePartitions) {
					(*OffsetFetchResponsePartition)(p).fields(c, true)
				})
				c.NoTags()
			})
			c.Int16(&g.ErrorCode)
			c.NoTags()
		})
	}
	c.NoTags()
}

// fields of a partition's offset, in both layouts (v0-7 and v8+ have the
// same fields; withEpoch: CommittedLeaderEpoch is there).
func (p *OffsetFetchResponsePartition) fields(c *codec, withEpoch bool) {
	c.Int32(&p.PartitionIndex)
	c.Int64(&p.CommittedOffset)
	if withEpoch {
		c.Int32(&p.CommittedLeaderEpoch)
	} else if c.decoding() {
		p.CommittedLeaderEpoch = -1
	}
	c.NullableString(&p.Metadata)
	c.Int16(&p.ErrorCode)
	c.NoTags()
}
