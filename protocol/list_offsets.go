package protocol

func init() {
	register(API{Key: KeyListOffsets, Name: "ListOffsets", MinVersion: 1, MaxVersion: 11, FlexibleFrom: 6,
		NewRequest: func() Message { return new(ListOffsetsRequest) }, NewResponse: func() Message { return new(ListOffsetsResponse) }})
}

// Special timestamps for ListOffsetsRequestPartition.Timestamp.
const (
	ListOffsetsLatest        int64 = -1 // the log end offset (the LSO for read_committed)
	ListOffsetsEarliest      int64 = -2 // the log start offset
	ListOffsetsMaxTimestamp  int64 = -3 // v7+: the offset of the record with the largest timestamp
	ListOffsetsEarliestLocal int64 = -4 // v8+: the local log start offset (tiered storage)
	ListOffsetsLatestTiered  int64 = -5 // v9+: the highest offset copied to remote storage
	// v11+ (KIP-1023): the earliest offset not yet copied to remote storage.
	// v11 changes no field; it is the version that accepts this timestamp.
	ListOffsetsEarliestPendingUpload int64 = -6
)

// ListOffsetsRequest asks partition leaders for the offset at a timestamp
// (or a special position: see ListOffsetsLatest and friends).
type ListOffsetsRequest struct {
	ReplicaID      int32 // -1 for a consumer
	IsolationLevel int8  // v2+; 0 read uncommitted, 1 read committed
	Topics         []ListOffsetsRequestTopic
	TimeoutMs      int32 // v10+: bound on waiting for remote storage
}

// ListOffsetsRequestTopic is one topic to look up.
type ListOffsetsRequestTopic struct {
	Name       string
	Partitions []ListOffsetsRequestPartition
}

// ListOffsetsRequestPartition is one partition to look up.
type ListOffsetsRequestPartition struct {
	PartitionIndex     int32
	CurrentLeaderEpoch int32 // v4+, default -1
	Timestamp          int64
}

func (*ListOffsetsRequest) APIKey() int16 { return KeyListOffsets }

func (m *ListOffsetsRequest) AppendTo(dst []byte, version int16) []byte {
	w := NewWriter(dst, KeyListOffsets, version)
	w.Int32(m.ReplicaID)
	if version >= 2 {
		w.Int8(m.IsolationLevel)
	}
	AppendArray(&w, m.Topics, func(t *ListOffsetsRequestTopic) {
		w.String(t.Name)
		AppendArray(&w, t.Partitions, func(p *ListOffsetsRequestPartition) {
			w.Int32(p.PartitionIndex)
			if version >= 4 {
				w.Int32(p.CurrentLeaderEpoch)
			}
			w.Int64(p.Timestamp)
			w.NoTags()
		})
		w.NoTags()
	})
	if version >= 10 {
		w.Int32(m.TimeoutMs)
	}
	w.NoTags()
	return w.B
}

func (m *ListOffsetsRequest) Decode(r *Reader, version int16) {
	r.UseVersion(KeyListOffsets, version)
	*m = ListOffsetsRequest{}
	m.ReplicaID = r.Int32()
	if version >= 2 {
		m.IsolationLevel = r.Int8()
	}
	m.Topics = ReadArray(r, func(t *ListOffsetsRequestTopic) {
		t.Name = r.String()
		t.Partitions = ReadArray(r, func(p *ListOffsetsRequestPartition) {
			p.PartitionIndex = r.Int32()
			p.CurrentLeaderEpoch = -1
			if version >= 4 {
				p.CurrentLeaderEpoch = r.Int32()
			}
			p.Timestamp = r.Int64()
			r.SkipTags()
		})
		r.SkipTags()
	})
	if version >= 10 {
		m.TimeoutMs = r.Int32()
	}
	r.SkipTags()
}

// ListOffsetsResponse answers a ListOffsetsRequest.
type ListOffsetsResponse struct {
	ThrottleTimeMs int32 // v2+
	Topics         []ListOffsetsResponseTopic
}

// ListOffsetsResponseTopic is one topic's answer.
type ListOffsetsResponseTopic struct {
	Name       string
	Partitions []ListOffsetsResponsePartition
}

// ListOffsetsResponsePartition is one partition's answer.
type ListOffsetsResponsePartition struct {
	PartitionIndex int32
	ErrorCode      int16
	Timestamp      int64 // v1+, default -1
	Offset         int64 // v1+, default -1
	LeaderEpoch    int32 // v4+, default -1
}

func (*ListOffsetsResponse) APIKey() int16 { return KeyListOffsets }

func (m *ListOffsetsResponse) AppendTo(dst []byte, version int16) []byte {
	w := NewWriter(dst, KeyListOffsets, version)
	if version >= 2 {
		w.Int32(m.ThrottleTimeMs)
	}
	AppendArray(&w, m.Topics, func(t *ListOffsetsResponseTopic) {
		w.String(t.Name)
		AppendArray(&w, t.Partitions, func(p *ListOffsetsResponsePartition) {
			w.Int32(p.PartitionIndex)
			w.Int16(p.ErrorCode)
			if version >= 1 {
				w.Int64(p.Timestamp)
				w.Int64(p.Offset)
			}
			if version >= 4 {
				w.Int32(p.LeaderEpoch)
			}
			w.NoTags()
		})
		w.NoTags()
	})
	w.NoTags()
	return w.B
}

func (m *ListOffsetsResponse) Decode(r *Reader, version int16) {
	r.UseVersion(KeyListOffsets, version)
	*m = ListOffsetsResponse{}
	if version >= 2 {
		m.ThrottleTimeMs = r.Int32()
	}
	m.Topics = ReadArray(r, func(t *ListOffsetsResponseTopic) {
		t.Name = r.String()
		t.Partitions = ReadArray(r, func(p *ListOffsetsResponsePartition) {
			p.PartitionIndex = r.Int32()
			p.ErrorCode = r.Int16()
			p.Timestamp, p.Offset, p.LeaderEpoch = -1, -1, -1
			if version >= 1 {
				p.Timestamp = r.Int64()
				p.Offset = r.Int64()
			}
			if version >= 4 {
				p.LeaderEpoch = r.Int32()
			}
			r.SkipTags()
		})
		r.SkipTags()
	})
	r.SkipTags()
}
