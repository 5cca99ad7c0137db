package protocol

func init() {
	register(API{Key: KeyDeleteRecords, Name: "DeleteRecords", MinVersion: 0, MaxVersion: 2, FlexibleFrom: 2,
		NewRequest: func() Message { return new(DeleteRecordsRequest) }, NewResponse: func() Message { return new(DeleteRecordsResponse) }})
}

// DeleteRecordsRequest moves partitions' log start offsets forward,
// deleting the records before them.
type DeleteRecordsRequest struct {
	Topics    []DeleteRecordsRequestTopic
	TimeoutMs int32
}

// DeleteRecordsRequestTopic is one topic to delete records from.
type DeleteRecordsRequestTopic struct {
	Name       string
	Partitions []DeleteRecordsRequestPartition
}

// DeleteRecordsRequestPartition is one partition to delete records from.
type DeleteRecordsRequestPartition struct {
	PartitionIndex int32
	Offset         int64 // records before this offset are deleted; -1 means the high watermark
}

func (*DeleteRecordsRequest) APIKey() int16 { return KeyDeleteRecords }

func (m *DeleteRecordsRequest) AppendTo(dst []byte, version int16) []byte {
	w := Writer{B: dst}
	flex := version >= 2
	w.ArrayLen(len(m.Topics), flex)
	for i := range m.Topics {
		t := &m.Topics[i]
		w.String(t.Name, flex)
		w.ArrayLen(len(t.Partitions), flex)
		for j := range t.Partitions {
			p := &t.Partitions[j]
			w.Int32(p.PartitionIndex)
			w.Int64(p.Offset)
			w.NoTags(flex)
		}
		w.NoTags(flex)
	}
	w.Int32(m.TimeoutMs)
	w.NoTags(flex)
	return w.B
}

func (m *DeleteRecordsRequest) Decode(r *Reader, version int16) {
	flex := version >= 2
	*m = DeleteRecordsRequest{}
	if n := r.ArrayLen(flex); n >= 0 {
		m.Topics = make([]DeleteRecordsRequestTopic, n)
		for i := range m.Topics {
			t := &m.Topics[i]
			t.Name = r.String(flex)
			if n := r.ArrayLen(flex); n >= 0 {
				t.Partitions = make([]DeleteRecordsRequestPartition, n)
				for j := range t.Partitions {
					p := &t.Partitions[j]
					p.PartitionIndex = r.Int32()
					p.Offset = r.Int64()
					r.SkipTags(flex)
				}
			}
			r.SkipTags(flex)
		}
	}
	m.TimeoutMs = r.Int32()
	r.SkipTags(flex)
}

// DeleteRecordsResponse answers a DeleteRecordsRequest.
type DeleteRecordsResponse struct {
	ThrottleTimeMs int32
	Topics         []DeleteRecordsResponseTopic
}

// DeleteRecordsResponseTopic is one topic's answer.
type DeleteRecordsResponseTopic struct {
	Name       string
	Partitions []DeleteRecordsResponsePartition
}

// DeleteRecordsResponsePartition is one partition's answer.
type DeleteRecordsResponsePartition struct {
	PartitionIndex int32
	LowWatermark   int64 // the new log start offset
	ErrorCode      int16
}

func (*DeleteRecordsResponse) APIKey() int16 { return KeyDeleteRecords }

func (m *DeleteRecordsResponse) AppendTo(dst []byte, version int16) []byte {
	w := Writer{B: dst}
	flex := version >= 2
	w.Int32(m.ThrottleTimeMs)
	w.ArrayLen(len(m.Topics), flex)
	for i := range m.Topics {
		t := &m.Topics[i]
		w.String(t.Name, flex)
		w.ArrayLen(len(t.Partitions), flex)
		for j := range t.Partitions {
			p := &t.Partitions[j]
			w.Int32(p.PartitionIndex)
			w.Int64(p.LowWatermark)
			w.Int16(p.ErrorCode)
			w.NoTags(flex)
		}
		w.NoTags(flex)
	}
	w.NoTags(flex)
	return w.B
}

func (m *DeleteRecordsResponse) Decode(r *Reader, version int16) {
	flex := version >= 2
	*m = DeleteRecordsResponse{}
	m.ThrottleTimeMs = r.Int32()
	if n := r.ArrayLen(flex); n >= 0 {
		m.Topics = make([]DeleteRecordsResponseTopic, n)
		for i := range m.Topics {
			t := &m.Topics[i]
			t.Name = r.String(flex)
			if n := r.ArrayLen(flex); n >= 0 {
				t.Partitions = make([]DeleteRecordsResponsePartition, n)
				for j := range t.Partitions {
					p := &t.Partitions[j]
					p.PartitionIndex = r.Int32()
					p.LowWatermark = r.Int64()
					p.ErrorCode = r.Int16()
					r.SkipTags(flex)
				}
			}
			r.SkipTags(flex)
		}
	}
	r.SkipTags(flex)
}
