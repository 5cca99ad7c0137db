package protocol

func init() {
	register(API{Key: KeyOffsetFetch, Name: "OffsetFetch", MinVersion: 1, MaxVersion: 10, FlexibleFrom: 6,
		NewRequest: func() Message { return new(OffsetFetchRequest) }, NewResponse: func() Message { return new(OffsetFetchResponse) }})
}

// OffsetFetchRequest reads a group's committed offsets: up to v7 for one
// group (GroupId, Topics), from v8 for several (Groups). Version 0 was
// removed in Kafka 4.0; v10 (unstable in Kafka 4.1, stable in 4.4.0) names
// topics by id instead of by name (KIP-848).
type OffsetFetchRequest struct {
	GroupId       string                    // v0-7
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
	GroupId     string
	MemberId    *string                    // v9+
	MemberEpoch int32                      // v9+, default -1
	Topics      []OffsetFetchRequestTopics // nil (null) fetches all topics
}

// OffsetFetchRequestTopics names the partitions to fetch in one topic (v8+).
type OffsetFetchRequestTopics struct {
	Name             string // v8-9
	TopicId          UUID   // v10+
	PartitionIndexes []int32
}

func (*OffsetFetchRequest) APIKey() int16 { return KeyOffsetFetch }

func (m *OffsetFetchRequest) AppendTo(dst []byte, version int16) []byte {
	w := Writer{B: dst}
	flex := version >= 6
	if version <= 7 {
		w.String(m.GroupId, flex)
		if m.Topics == nil && version >= 2 {
			w.ArrayLen(-1, flex)
		} else {
			w.ArrayLen(len(m.Topics), flex)
		}
		for i := range m.Topics {
			t := &m.Topics[i]
			w.String(t.Name, flex)
			grpAppendInt32s(&w, t.PartitionIndexes, flex)
			w.NoTags(flex)
		}
	} else {
		w.ArrayLen(len(m.Groups), flex)
		for i := range m.Groups {
			g := &m.Groups[i]
			w.String(g.GroupId, flex)
			if version >= 9 {
				w.NullableString(g.MemberId, flex)
				w.Int32(g.MemberEpoch)
			}
			if g.Topics == nil {
				w.ArrayLen(-1, flex)
			} else {
				w.ArrayLen(len(g.Topics), flex)
			}
			for j := range g.Topics {
				t := &g.Topics[j]
				if version <= 9 {
					w.String(t.Name, flex)
				} else {
					w.UUID(t.TopicId)
				}
				grpAppendInt32s(&w, t.PartitionIndexes, flex)
				w.NoTags(flex)
			}
			w.NoTags(flex)
		}
	}
	if version >= 7 {
		w.Bool(m.RequireStable)
	}
	w.NoTags(flex)
	return w.B
}

func (m *OffsetFetchRequest) Decode(r *Reader, version int16) {
	flex := version >= 6
	if version <= 7 {
		m.GroupId = r.String(flex)
		if n := r.ArrayLen(flex); n >= 0 {
			m.Topics = make([]OffsetFetchRequestTopic, n)
			for i := range m.Topics {
				t := &m.Topics[i]
				t.Name = r.String(flex)
				t.PartitionIndexes = grpReadInt32s(r, flex)
				r.SkipTags(flex)
			}
		}
	} else if n := r.ArrayLen(flex); n >= 0 {
		m.Groups = make([]OffsetFetchRequestGroup, n)
		for i := range m.Groups {
			g := &m.Groups[i]
			g.GroupId = r.String(flex)
			g.MemberEpoch = -1
			if version >= 9 {
				g.MemberId = r.NullableString(flex)
				g.MemberEpoch = r.Int32()
			}
			if n := r.ArrayLen(flex); n >= 0 {
				g.Topics = make([]OffsetFetchRequestTopics, n)
				for j := range g.Topics {
					t := &g.Topics[j]
					if version <= 9 {
						t.Name = r.String(flex)
					} else {
						t.TopicId = r.UUID()
					}
					t.PartitionIndexes = grpReadInt32s(r, flex)
					r.SkipTags(flex)
				}
			}
			r.SkipTags(flex)
		}
	}
	if version >= 7 {
		m.RequireStable = r.Bool()
	}
	r.SkipTags(flex)
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
	GroupId   string
	Topics    []OffsetFetchResponseTopics
	ErrorCode int16
}

// OffsetFetchResponseTopics holds one topic's offsets (v8+).
type OffsetFetchResponseTopics struct {
	Name       string // v8-9
	TopicId    UUID   // v10+
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
	w := Writer{B: dst}
	flex := version >= 6
	if version >= 3 {
		w.Int32(m.ThrottleTimeMs)
	}
	if version <= 7 {
		w.ArrayLen(len(m.Topics), flex)
		for i := range m.Topics {
			t := &m.Topics[i]
			w.String(t.Name, flex)
			w.ArrayLen(len(t.Partitions), flex)
			for j := range t.Partitions {
				p := &t.Partitions[j]
				w.Int32(p.PartitionIndex)
				w.Int64(p.CommittedOffset)
				if version >= 5 {
					w.Int32(p.CommittedLeaderEpoch)
				}
				w.NullableString(p.Metadata, flex)
				w.Int16(p.ErrorCode)
				w.NoTags(flex)
			}
			w.NoTags(flex)
		}
		if version >= 2 {
			w.Int16(m.ErrorCode)
		}
	} else {
		w.ArrayLen(len(m.Groups), flex)
		for i := range m.Groups {
			g := &m.Groups[i]
			w.String(g.GroupId, flex)
			w.ArrayLen(len(g.Topics), flex)
			for j := range g.Topics {
				t := &g.Topics[j]
				if version <= 9 {
					w.String(t.Name, flex)
				} else {
					w.UUID(t.TopicId)
				}
				w.ArrayLen(len(t.Partitions), flex)
				for k := range t.Partitions {
					p := &t.Partitions[k]
					w.Int32(p.PartitionIndex)
					w.Int64(p.CommittedOffset)
					w.Int32(p.CommittedLeaderEpoch)
					w.NullableString(p.Metadata, flex)
					w.Int16(p.ErrorCode)
					w.NoTags(flex)
				}
				w.NoTags(flex)
			}
			w.Int16(g.ErrorCode)
			w.NoTags(flex)
		}
	}
	w.NoTags(flex)
	return w.B
}

func (m *OffsetFetchResponse) Decode(r *Reader, version int16) {
	flex := version >= 6
	if version >= 3 {
		m.ThrottleTimeMs = r.Int32()
	}
	if version <= 7 {
		if n := r.ArrayLen(flex); n >= 0 {
			m.Topics = make([]OffsetFetchResponseTopic, n)
			for i := range m.Topics {
				t := &m.Topics[i]
				t.Name = r.String(flex)
				if n := r.ArrayLen(flex); n >= 0 {
					t.Partitions = make([]OffsetFetchResponsePartition, n)
					for j := range t.Partitions {
						p := &t.Partitions[j]
						p.PartitionIndex = r.Int32()
						p.CommittedOffset = r.Int64()
						p.CommittedLeaderEpoch = -1
						if version >= 5 {
							p.CommittedLeaderEpoch = r.Int32()
						}
						p.Metadata = r.NullableString(flex)
						p.ErrorCode = r.Int16()
						r.SkipTags(flex)
					}
				}
				r.SkipTags(flex)
			}
		}
		if version >= 2 {
			m.ErrorCode = r.Int16()
		}
	} else if n := r.ArrayLen(flex); n >= 0 {
		m.Groups = make([]OffsetFetchResponseGroup, n)
		for i := range m.Groups {
			g := &m.Groups[i]
			g.GroupId = r.String(flex)
			if n := r.ArrayLen(flex); n >= 0 {
				g.Topics = make([]OffsetFetchResponseTopics, n)
				for j := range g.Topics {
					t := &g.Topics[j]
					if version <= 9 {
						t.Name = r.String(flex)
					} else {
						t.TopicId = r.UUID()
					}
					if n := r.ArrayLen(flex); n >= 0 {
						t.Partitions = make([]OffsetFetchResponsePartitions, n)
						for k := range t.Partitions {
							p := &t.Partitions[k]
							p.PartitionIndex = r.Int32()
							p.CommittedOffset = r.Int64()
							p.CommittedLeaderEpoch = r.Int32()
							p.Metadata = r.NullableString(flex)
							p.ErrorCode = r.Int16()
							r.SkipTags(flex)
						}
					}
					r.SkipTags(flex)
				}
			}
			g.ErrorCode = r.Int16()
			r.SkipTags(flex)
		}
	}
	r.SkipTags(flex)
}
