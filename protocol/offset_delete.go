package protocol

func init() {
	register(API{Key: KeyOffsetDelete, Name: "OffsetDelete", MinVersion: 0, MaxVersion: 0, FlexibleFrom: -1,
		NewRequest: func() Message { return new(OffsetDeleteRequest) }, NewResponse: func() Message { return new(OffsetDeleteResponse) }})
}

// OffsetDeleteRequest deletes a group's committed offsets of partitions it
// is not consuming (KIP-496). Its only version is not flexible.
type OffsetDeleteRequest struct {
	GroupId string
	Topics  []OffsetDeleteRequestTopic
}

// OffsetDeleteRequestTopic names a topic's partitions.
type OffsetDeleteRequestTopic struct {
	Name       string
	Partitions []int32 // partition indexes (each a one-field struct on the wire)
}

func (*OffsetDeleteRequest) APIKey() int16 { return KeyOffsetDelete }

func (m *OffsetDeleteRequest) AppendTo(dst []byte, version int16) []byte {
	w := Writer{B: dst}
	w.String(m.GroupId, false)
	w.ArrayLen(len(m.Topics), false)
	for i := range m.Topics {
		w.String(m.Topics[i].Name, false)
		admAppendInt32s(&w, m.Topics[i].Partitions, false)
	}
	return w.B
}

func (m *OffsetDeleteRequest) Decode(r *Reader, version int16) {
	m.GroupId = r.String(false)
	if n := r.ArrayLen(false); n >= 0 {
		m.Topics = make([]OffsetDeleteRequestTopic, n)
		for i := range m.Topics {
			m.Topics[i].Name = r.String(false)
			m.Topics[i].Partitions = admReadInt32s(r, false)
		}
	}
}

// OffsetDeleteResponse has a group-level error and one per partition.
type OffsetDeleteResponse struct {
	ErrorCode      int16
	ThrottleTimeMs int32
	Topics         []OffsetDeleteResponseTopic
}

// OffsetDeleteResponseTopic is one topic's partition results.
type OffsetDeleteResponseTopic struct {
	Name       string
	Partitions []OffsetDeleteResponsePartition
}

// OffsetDeleteResponsePartition is one partition's result.
type OffsetDeleteResponsePartition struct {
	PartitionIndex int32
	ErrorCode      int16
}

func (*OffsetDeleteResponse) APIKey() int16 { return KeyOffsetDelete }

func (m *OffsetDeleteResponse) AppendTo(dst []byte, version int16) []byte {
	w := Writer{B: dst}
	w.Int16(m.ErrorCode)
	w.Int32(m.ThrottleTimeMs)
	w.ArrayLen(len(m.Topics), false)
	for i := range m.Topics {
		t := &m.Topics[i]
		w.String(t.Name, false)
		w.ArrayLen(len(t.Partitions), false)
		for _, p := range t.Partitions {
			w.Int32(p.PartitionIndex)
			w.Int16(p.ErrorCode)
		}
	}
	return w.B
}

func (m *OffsetDeleteResponse) Decode(r *Reader, version int16) {
	m.ErrorCode = r.Int16()
	m.ThrottleTimeMs = r.Int32()
	if n := r.ArrayLen(false); n >= 0 {
		m.Topics = make([]OffsetDeleteResponseTopic, n)
		for i := range m.Topics {
			t := &m.Topics[i]
			t.Name = r.String(false)
			if k := r.ArrayLen(false); k >= 0 {
				t.Partitions = make([]OffsetDeleteResponsePartition, k)
				for j := range t.Partitions {
					t.Partitions[j].PartitionIndex = r.Int32()
					t.Partitions[j].ErrorCode = r.Int16()
				}
			}
		}
	}
}
