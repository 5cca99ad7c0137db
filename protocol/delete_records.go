package protocol

func init() {
	register[DeleteRecordsRequest, DeleteRecordsResponse](API{Key: KeyDeleteRecords, Name: "DeleteRecords", MinVersion: 0, MaxVersion: 2, FlexibleFrom: 2})
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
	return encode(m, encoder(dst, KeyDeleteRecords, version))
}

func (m *DeleteRecordsRequest) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyDeleteRecords, version))
}

func (m *DeleteRecordsRequest) fields(c *codec) {
	arrayOf(c, &m.Topics, func(t *DeleteRecordsRequestTopic) {
		c.String(&t.Name)
		arrayOf(c, &t.Partitions, func(p *DeleteRecordsRequestPartition) {
			c.Int32(&p.PartitionIndex)
			c.Int64(&p.Offset)
			c.NoTags()
		})
		c.NoTags()
	})
	c.Int32(&m.TimeoutMs)
	c.NoTags()
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
	return encode(m, encoder(dst, KeyDeleteRecords, version))
}

func (m *DeleteRecordsResponse) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyDeleteRecords, version))
}

func (m *DeleteRecordsResponse) fields(c *codec) {
	c.Int32(&m.ThrottleTimeMs)
	arrayOf(c, &m.Topics, func(t *DeleteRecordsResponseTopic) {
		c.String(&t.Name)
		arrayOf(c, &t.Partitions, func(p *DeleteRecordsResponsePartition) {
			c.Int32(&p.PartitionIndex)
			c.Int64(&p.LowWatermark)
			c.Int16(&p.ErrorCode)
			c.NoTags()
		})
		c.NoTags()
	})
	c.NoTags()
}
