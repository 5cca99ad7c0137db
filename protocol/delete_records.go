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
	w := NewWriter(dst, KeyDeleteRecords, version)
	AppendArray(&w, m.Topics, func(t *DeleteRecordsRequestTopic) {
		w.String(t.Name)
		AppendArray(&w, t.Partitions, func(p *DeleteRecordsRequestPartition) {
			w.Int32(p.PartitionIndex)
			w.Int64(p.Offset)
			w.NoTags()
		})
		w.NoTags()
	})
	w.Int32(m.TimeoutMs)
	w.NoTags()
	return w.B
}

func (m *DeleteRecordsRequest) Decode(r *Reader, version int16) {
	r.UseVersion(KeyDeleteRecords, version)
	*m = DeleteRecordsRequest{}
	m.Topics = ReadArray(r, func(t *DeleteRecordsRequestTopic) {
		t.Name = r.String()
		t.Partitions = ReadArray(r, func(p *DeleteRecordsRequestPartition) {
			p.PartitionIndex = r.Int32()
			p.Offset = r.Int64()
			r.SkipTags()
		})
		r.SkipTags()
	})
	m.TimeoutMs = r.Int32()
	r.SkipTags()
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
	w := NewWriter(dst, KeyDeleteRecords, version)
	w.Int32(m.ThrottleTimeMs)
	AppendArray(&w, m.Topics, func(t *DeleteRecordsResponseTopic) {
		w.String(t.Name)
		AppendArray(&w, t.Partitions, func(p *DeleteRecordsResponsePartition) {
			w.Int32(p.PartitionIndex)
			w.Int64(p.LowWatermark)
			w.Int16(p.ErrorCode)
			w.NoTags()
		})
		w.NoTags()
	})
	w.NoTags()
	return w.B
}

func (m *DeleteRecordsResponse) Decode(r *Reader, version int16) {
	r.UseVersion(KeyDeleteRecords, version)
	*m = DeleteRecordsResponse{}
	m.ThrottleTimeMs = r.Int32()
	m.Topics = ReadArray(r, func(t *DeleteRecordsResponseTopic) {
		t.Name = r.String()
		t.Partitions = ReadArray(r, func(p *DeleteRecordsResponsePartition) {
			p.PartitionIndex = r.Int32()
			p.LowWatermark = r.Int64()
			p.ErrorCode = r.Int16()
			r.SkipTags()
		})
		r.SkipTags()
	})
	r.SkipTags()
}
