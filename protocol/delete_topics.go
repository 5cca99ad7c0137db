package protocol

func init() {
	register[DeleteTopicsRequest, DeleteTopicsResponse](API{Key: KeyDeleteTopics, Name: "DeleteTopics", MinVersion: 1, MaxVersion: 6, FlexibleFrom: 4})
}

// DeleteTopicsRequest deletes topics: by name up to v5, by name or topic id
// from v6.
type DeleteTopicsRequest struct {
	Topics     []DeleteTopicsRequestTopic // v6+
	TopicNames []string                   // v0-5
	TimeoutMs  int32
}

// DeleteTopicsRequestTopic names a topic to delete by name or by id (v6+).
type DeleteTopicsRequestTopic struct {
	Name    *string // nil when TopicID is set
	TopicID UUID
}

func (*DeleteTopicsRequest) APIKey() int16 { return KeyDeleteTopics }

func (m *DeleteTopicsRequest) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeyDeleteTopics, version))
}

func (m *DeleteTopicsRequest) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyDeleteTopics, version))
}

func (m *DeleteTopicsRequest) fields(c *codec) {
	if c.version >= 6 {
		arrayOf(c, &m.Topics, func(t *DeleteTopicsRequestTopic) {
			c.NullableString(&t.Name)
			c.UUID(&t.TopicID)
			c.NoTags()
		})
	} else {
		c.Strings(&m.TopicNames)
	}
	c.Int32(&m.TimeoutMs)
	c.NoTags()
}

// DeleteTopicsResponse holds one result per topic.
type DeleteTopicsResponse struct {
	ThrottleTimeMs int32 // v1+
	Responses      []DeleteTopicsResponseResult
}

// DeleteTopicsResponseResult is the result of deleting one topic.
type DeleteTopicsResponseResult struct {
	Name         *string // nullable from v6 (a topic deleted by id may come back unnamed); nil is written as "" before v6
	TopicID      UUID    // v6+
	ErrorCode    int16
	ErrorMessage *string // v5+
}

func (*DeleteTopicsResponse) APIKey() int16 { return KeyDeleteTopics }

func (m *DeleteTopicsResponse) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeyDeleteTopics, version))
}

func (m *DeleteTopicsResponse) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyDeleteTopics, version))
}

func (m *DeleteTopicsResponse) fields(c *codec) {
	if c.version >= 1 {
		c.Int32(&m.ThrottleTimeMs)
	}
	arrayOf(c, &m.Responses, func(t *DeleteTopicsResponseResult) {
		c.StringPtr(&t.Name, c.version >= 6)
		if c.version >= 6 {
			c.UUID(&t.TopicID)
		}
		c.Int16(&t.ErrorCode)
		if c.version >= 5 {
			c.NullableString(&t.ErrorMessage)
		}
		c.NoTags()
	})
	c.NoTags()
}
