package protocol

func init() {
	register[CreateTopicsRequest, CreateTopicsResponse](API{Key: KeyCreateTopics, Name: "CreateTopics", MinVersion: 2, MaxVersion: 7, FlexibleFrom: 5})
}

// CreateTopicsRequest creates topics; it must go to the controller (or, with
// KRaft, any broker, which forwards it).
type CreateTopicsRequest struct {
	Topics       []CreateTopicsRequestTopic
	TimeoutMs    int32 // default 60000
	ValidateOnly bool  // v1+
}

// CreateTopicsRequestTopic describes one topic to create.
type CreateTopicsRequestTopic struct {
	Name              string
	NumPartitions     int32 // -1 for the broker default or manual Assignments
	ReplicationFactor int16 // -1 for the broker default or manual Assignments
	Assignments       []CreateTopicsRequestAssignment
	Configs           []CreateTopicsRequestConfig
}

// CreateTopicsRequestAssignment places one partition manually.
type CreateTopicsRequestAssignment struct {
	PartitionIndex int32
	BrokerIDs      []int32
}

// CreateTopicsRequestConfig is one topic configuration to set.
type CreateTopicsRequestConfig struct {
	Name  string
	Value *string
}

func (*CreateTopicsRequest) APIKey() int16 { return KeyCreateTopics }

func (m *CreateTopicsRequest) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeyCreateTopics, version))
}

func (m *CreateTopicsRequest) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyCreateTopics, version))
}

func (m *CreateTopicsRequest) fields(c *codec) {
	arrayOf(c, &m.Topics, func(t *CreateTopicsRequestTopic) {
		c.String(&t.Name)
		c.Int32(&t.NumPartitions)
		c.Int16(&t.ReplicationFactor)
		arrayOf(c, &t.Assignments, func(a *CreateTopicsRequestAssignment) {
			c.Int32(&a.PartitionIndex)
			c.Int32s(&a.BrokerIDs)
			c.NoTags()
		})
		arrayOf(c, &t.Configs, func(e *CreateTopicsRequestConfig) {
			c.String(&e.Name)
			c.NullableString(&e.Value)
			c.NoTags()
		})
		c.NoTags()
	})
	c.Int32(&m.TimeoutMs)
	if c.version >= 1 {
		c.Bool(&m.ValidateOnly)
	}
	c.NoTags()
}

// CreateTopicsResponse holds one result per topic.
type CreateTopicsResponse struct {
	ThrottleTimeMs int32
	Topics         []CreateTopicsResponseTopic
}

// CreateTopicsResponseTopic is the result of creating one topic. From v5 it
// also describes the topic as created.
type CreateTopicsResponseTopic struct {
	Name                 string
	TopicID              UUID // v7+
	ErrorCode            int16
	ErrorMessage         *string
	TopicConfigErrorCode int16                        // v5+, tag 0
	NumPartitions        int32                        // v5+, default -1
	ReplicationFactor    int16                        // v5+, default -1
	Configs              []CreateTopicsResponseConfig // v5+, nullable
}

// CreateTopicsResponseConfig is one configuration of a created topic (v5+).
type CreateTopicsResponseConfig struct {
	Name         string
	Value        *string
	ReadOnly     bool
	ConfigSource int8 // default -1
	IsSensitive  bool
}

func (*CreateTopicsResponse) APIKey() int16 { return KeyCreateTopics }

func (m *CreateTopicsResponse) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeyCreateTopics, version))
}

func (m *CreateTopicsResponse) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyCreateTopics, version))
}

func (m *CreateTopicsResponse) fields(c *codec) {
	c.Int32(&m.ThrottleTimeMs)
	arrayOf(c, &m.Topics, func(t *CreateTopicsResponseTopic) {
		c.String(&t.Name)
		if c.version >= 7 {
			c.UUID(&t.TopicID)
		}
		c.Int16(&t.ErrorCode)
		c.NullableString(&t.ErrorMessage)
		if c.version >= 5 {
			c.Int32(&t.NumPartitions)
			c.Int16(&t.ReplicationFactor)
			nullableArrayOf(c, true, &t.Configs, func(e *CreateTopicsResponseConfig) {
				c.String(&e.Name)
				c.NullableString(&e.Value)
				c.Bool(&e.ReadOnly)
				c.Int8(&e.ConfigSource)
				c.Bool(&e.IsSensitive)
				c.NoTags()
			})
		} else if c.decoding() {
			t.NumPartitions, t.ReplicationFactor = -1, -1
		}
		c.Tags(func() {
			c.Tag(0, t.TopicConfigErrorCode != 0, func() { c.Int16(&t.TopicConfigErrorCode) })
		})
	})
	c.NoTags()
}
