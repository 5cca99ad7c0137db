package protocol

func init() {
	register[CreatePartitionsRequest, CreatePartitionsResponse](API{Key: KeyCreatePartitions, Name: "CreatePartitions", MinVersion: 0, MaxVersion: 3, FlexibleFrom: 2})
}

// CreatePartitionsRequest raises the partition count of existing topics.
type CreatePartitionsRequest struct {
	Topics       []CreatePartitionsRequestTopic
	TimeoutMs    int32
	ValidateOnly bool
}

// CreatePartitionsRequestTopic is the new partition count of one topic.
type CreatePartitionsRequestTopic struct {
	Name  string
	Count int32
	// Assignments places the new partitions, one entry per new partition;
	// nil (null) lets the controller place them.
	Assignments []CreatePartitionsRequestAssignment
}

// CreatePartitionsRequestAssignment lists the replicas of one new partition.
type CreatePartitionsRequestAssignment struct {
	BrokerIDs []int32
}

func (*CreatePartitionsRequest) APIKey() int16 { return KeyCreatePartitions }

func (m *CreatePartitionsRequest) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeyCreatePartitions, version))
}

func (m *CreatePartitionsRequest) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyCreatePartitions, version))
}

func (m *CreatePartitionsRequest) fields(c *codec) {
	arrayOf(c, &m.Topics, func(t *CreatePartitionsRequestTopic) {
		c.String(&t.Name)
		c.Int32(&t.Count)
		nullableArrayOf(c, true, &t.Assignments, func(a *CreatePartitionsRequestAssignment) {
			c.Int32s(&a.BrokerIDs)
			c.NoTags()
		})
		c.NoTags()
	})
	c.Int32(&m.TimeoutMs)
	c.Bool(&m.ValidateOnly)
	c.NoTags()
}

// CreatePartitionsResponse holds one result per topic.
type CreatePartitionsResponse struct {
	ThrottleTimeMs int32
	Results        []CreatePartitionsResponseResult
}

// CreatePartitionsResponseResult is the result for one topic.
type CreatePartitionsResponseResult struct {
	Name         string
	ErrorCode    int16
	ErrorMessage *string
}

func (*CreatePartitionsResponse) APIKey() int16 { return KeyCreatePartitions }

func (m *CreatePartitionsResponse) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeyCreatePartitions, version))
}

func (m *CreatePartitionsResponse) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyCreatePartitions, version))
}

func (m *CreatePartitionsResponse) fields(c *codec) {
	c.Int32(&m.ThrottleTimeMs)
	arrayOf(c, &m.Results, func(t *CreatePartitionsResponseResult) {
		c.String(&t.Name)
		c.Int16(&t.ErrorCode)
		c.NullableString(&t.ErrorMessage)
		c.NoTags()
	})
	c.NoTags()
}
