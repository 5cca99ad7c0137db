package protocol

func init() {
	register(API{Key: KeyOffsetFetch, Name: "OffsetFetch", MinVersion: 1, MaxVersion: 10, FlexibleFrom: 6,
		NewRequest: func() Message { return new(OffsetFetchRequest) }, NewResponse: func() Message { return new(OffsetFetchResponse) }})
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
	w := NewWriter(dst, KeyOffsetFetch, version)
	if version <= 7 {
		w.String(m.GroupID)
		appendTopics := AppendArray[OffsetFetchRequestTopic]
		if version >= 2 {
			appendTopics = AppendNullableArray // null asks for all topics
		}
		appendTopics(&w, m.Topics, func(t *OffsetFetchRequestTopic) {
			w.String(t.Name)
			w.Int32s(t.PartitionIndexes)
			w.NoTags()
		})
	} else {
		AppendArray(&w, m.Groups, func(g *OffsetFetchRequestGroup) {
			w.String(g.GroupID)
			if version >= 9 {
				w.NullableString(g.MemberID)
				w.Int32(g.MemberEpoch)
			}
			AppendNullableArray(&w, g.Topics, func(t *OffsetFetchRequestTopics) {
				w.TopicNameOrID(t.Name, t.TopicID, version >= 10)
				w.Int32s(t.PartitionIndexes)
				w.NoTags()
			})
			w.NoTags()
		})
	}
	if version >= 7 {
		w.Bool(m.RequireStable)
	}
	w.NoTags()
	return w.B
}

func (m *OffsetFetchRequest) Decode(r *Reader, version int16) {
	r.UseVersion(KeyOffsetFetch, version)
	if version <= 7 {
		m.GroupID = r.String()
		m.Topics = ReadArray(r, func(t *OffsetFetchRequestTopic) {
			t.Name = r.String()
			t.PartitionIndexes = r.Int32s()
			r.SkipTags()
		})
	} else {
		m.Groups = ReadArray(r, func(g *OffsetFetchRequestGroup) {
			g.GroupID = r.String()
			g.MemberEpoch = -1
			if version >= 9 {
				g.MemberID = r.NullableString()
				g.MemberEpoch = r.Int32()
			}
			g.Topics = ReadArray(r, func(t *OffsetFetchRequestTopics) {
				r.TopicNameOrID(&t.Name, &t.TopicID, version >= 10)
				t.PartitionIndexes = r.Int32s()
				r.SkipTags()
			})
			r.SkipTags()
		})
	}
	if version >= 7 {
		m.RequireStable = r.Bool()
	}
	r.SkipTags()
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
	w := NewWriter(dst, KeyOffsetFetch, version)
	if version >= 3 {
		w.Int32(m.ThrottleTimeMs)
	}
	if version <= 7 {
		AppendArray(&w, m.Topics, func(t *OffsetFetchResponseTopic) {
			w.String(t.Name)
			AppendArray(&w, t.Partitions, func(p *OffsetFetchResponsePartition) {
				w.Int32(p.PartitionIndex)
				w.Int64(p.CommittedOffset)
				if version >= 5 {
					w.Int32(p.CommittedLeaderEpoch)
				}
				w.NullableString(p.Metadata)
				w.Int16(p.ErrorCode)
				w.NoTags()
			})
			w.NoTags()
		})
		if version >= 2 {
			w.Int16(m.ErrorCode)
		}
	} else {
		AppendArray(&w, m.Groups, func(g *OffsetFetchResponseGroup) {
			w.String(g.GroupID)
			AppendArray(&w, g.Topics, func(t *OffsetFetchResponseTopics) {
				w.TopicNameOrID(t.Name, t.TopicID, version >= 10)
				AppendArray(&w, t.Partitions, func(p *OffsetFetchResponsePartitions) {
					w.Int32(p.PartitionIndex)
					w.Int64(p.CommittedOffset)
					w.Int32(p.CommittedLeaderEpoch)
					w.NullableString(p.Metadata)
					w.Int16(p.ErrorCode)
					w.NoTags()
				})
				w.NoTags()
			})
			w.Int16(g.ErrorCode)
			w.NoTags()
		})
	}
	w.NoTags()
	return w.B
}

func (m *OffsetFetchResponse) Decode(r *Reader, version int16) {
	r.UseVersion(KeyOffsetFetch, version)
	if version >= 3 {
		m.ThrottleTimeMs = r.Int32()
	}
	if version <= 7 {
		m.Topics = ReadArray(r, func(t *OffsetFetchResponseTopic) {
			t.Name = r.String()
			t.Partitions = ReadArray(r, func(p *OffsetFetchResponsePartition) {
				p.PartitionIndex = r.Int32()
				p.CommittedOffset = r.Int64()
				p.CommittedLeaderEpoch = -1
				if version >= 5 {
					p.CommittedLeaderEpoch = r.Int32()
				}
				p.Metadata = r.NullableString()
				p.ErrorCode = r.Int16()
				r.SkipTags()
			})
			r.SkipTags()
		})
		if version >= 2 {
			m.ErrorCode = r.Int16()
		}
	} else {
		m.Groups = ReadArray(r, func(g *OffsetFetchResponseGroup) {
			g.GroupID = r.String()
			g.Topics = ReadArray(r, func(t *OffsetFetchResponseTopics) {
				r.TopicNameOrID(&t.Name, &t.TopicID, version >= 10)
				t.Partitions = ReadArray(r, func(p *OffsetFetchResponsePartitions) {
					p.PartitionIndex = r.Int32()
					p.CommittedOffset = r.Int64()
					p.CommittedLeaderEpoch = r.Int32()
					p.Metadata = r.NullableString()
					p.ErrorCode = r.Int16()
					r.SkipTags()
				})
				r.SkipTags()
			})
			g.ErrorCode = r.Int16()
			r.SkipTags()
		})
	}
	r.SkipTags()
}
