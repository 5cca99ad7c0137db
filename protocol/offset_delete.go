package protocol

func init() {
	register[OffsetDeleteRequest, OffsetDeleteResponse](API{Key: KeyOffsetDelete, Name: "OffsetDelete", MinVersion: 0, MaxVersion: 0, FlexibleFrom: -1})
}

// OffsetDeleteRequest deletes a group's committed offsets of partitions it
// is not consuming (KIP-496). Its only version is not flexible.
type OffsetDeleteRequest struct {
	GroupID string
	Topics  []OffsetDeleteRequestTopic
}

// OffsetDeleteRequestTopic names a topic's partitions.
type OffsetDeleteRequestTopic struct {
	Name       string
	Partitions []int32 // partition indexes (each a one-field struct on the wire)
}

func (*OffsetDeleteRequest) APIKey() int16 { return KeyOffsetDelete }

func (m *OffsetDeleteRequest) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeyOffsetDelete, version))
}

func (m *OffsetDeleteRequest) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyOffsetDelete, version))
}

func (m *OffsetDeleteRequest) fields(c *codec) {
	c.String(&m.GroupID)
	arrayOf(c, &m.Topics, func(e *OffsetDeleteRequestTopic) {
		c.String(&e.Name)
		c.Int32s(&e.Partitions)
	})
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
	return encode(m, encoder(dst, KeyOffsetDelete, version))
}

func (m *OffsetDeleteResponse) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyOffsetDelete, version))
}

func (m *OffsetDeleteResponse) fields(c *codec) {
	c.Int16(&m.ErrorCode)
	c.Int32(&m.ThrottleTimeMs)
	arrayOf(c, &m.Topics, func(t *OffsetDeleteResponseTopic) {
		c.String(&t.Name)
		arrayOf(c, &t.Partitions, func(p *OffsetDeleteResponsePartition) {
			c.Int32(&p.PartitionIndex)
			c.Int16(&p.ErrorCode)
		})
	})
}
