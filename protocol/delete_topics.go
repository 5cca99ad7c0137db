package protocol

func init() {
	register(API{Key: KeyDeleteTopics, Name: "DeleteTopics", MinVersion: 1, MaxVersion: 6, FlexibleFrom: 4,
		NewRequest: func() Message { return new(DeleteTopicsRequest) }, NewResponse: func() Message { return new(DeleteTopicsResponse) }})
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
	c := encoder(dst, KeyDeleteTopics, version)
	m.fields(&c)
	return c.w.B
}

func (m *DeleteTopicsRequest) Decode(r *Reader, version int16) {
	c := decoder(r, KeyDeleteTopics, version)
	m.fields(&c)
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
	w := NewWriter(dst, KeyDeleteTopics, version)
	if version >= 1 {
		w.Int32(m.ThrottleTimeMs)
	}
	AppendArray(&w, m.Responses, func(t *DeleteTopicsResponseResult) {
		if version >= 6 || t.Name != nil {
			w.NullableString(t.Name)
		} else {
			w.String("")
		}
		if version >= 6 {
			w.UUID(t.TopicID)
		}
		w.Int16(t.ErrorCode)
		if version >= 5 {
			w.NullableString(t.ErrorMessage)
		}
		w.NoTags()
	})
	w.NoTags()
	return w.B
}

func (m *DeleteTopicsResponse) Decode(r *Reader, version int16) {
	r.UseVersion(KeyDeleteTopics, version)
	if version >= 1 {
		m.ThrottleTimeMs = r.Int32()
	}
	m.Responses = ReadArray(r, func(t *DeleteTopicsResponseResult) {
		t.Name = r.NullableString() // a null before v6 is invalid; it reads as nil
		if version >= 6 {
			t.TopicID = r.UUID()
		}
		t.ErrorCode = r.Int16()
		if version >= 5 {
			t.ErrorMessage = r.NullableString()
		}
		r.SkipTags()
	})
	r.SkipTags()
}
