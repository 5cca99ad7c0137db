package protocol

func init() {
	register[ListOffsetsRequest, ListOffsetsResponse](API{Key: KeyListOffsets, Name: "ListOffsets", MinVersion: 1, MaxVersion: 11, FlexibleFrom: 6})
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
	return encode(m, encoder(dst, KeyListOffsets, version))
}

func (m *ListOffsetsRequest) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyListOffsets, version))
}

func (m *ListOffsetsRequest) fields(c *codec) {
	if c.decoding() {
		*m = ListOffsetsRequest{}
	}
	c.Int32(&m.ReplicaID)
	if c.version >= 2 {
		c.Int8(&m.IsolationLevel)
	}
	arrayOf(c, &m.Topics, func(t *ListOffsetsRequestTopic) {
		c.String(&t.Name)
		arrayOf(c, &t.Partitions, func(p *ListOffsetsRequestPartition) {
			c.Int32(&p.PartitionIndex)
			if c.version >= 4 {
				c.Int32(&p.CurrentLeaderEpoch)
			} else if c.decoding() {
				p.CurrentLeaderEpoch = -1
			}
			c.Int64(&p.Timestamp)
			c.NoTags()
		})
		c.NoTags()
	})
	if c.version >= 10 {
		c.Int32(&m.TimeoutMs)
	}
	c.NoTags()
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
	return encode(m, encoder(dst, KeyListOffsets, version))
}

func (m *ListOffsetsResponse) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyListOffsets, version))
}

func (m *ListOffsetsResponse) fields(c *codec) {
	if c.decoding() {
		*m = ListOffsetsResponse{}
	}
	if c.version >= 2 {
		c.Int32(&m.ThrottleTimeMs)
	}
	arrayOf(c, &m.Topics, func(t *ListOffsetsResponseTopic) {
		c.String(&t.Name)
		arrayOf(c, &t.Partitions, func(p *ListOffsetsResponsePartition) {
			c.Int32(&p.PartitionIndex)
			c.Int16(&p.ErrorCode)
			if c.version >= 1 {
				c.Int64(&p.Timestamp)
				c.Int64(&p.Offset)
			} else if c.decoding() {
				p.Timestamp, p.Offset = -1, -1
			}
			if c.version >= 4 {
				c.Int32(&p.LeaderEpoch)
			} else if c.decoding() {
				p.LeaderEpoch = -1
			}
			c.NoTags()
		})
		c.NoTags()
	})
	c.NoTags()
}
