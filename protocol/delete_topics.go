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
	Name    *string // nil when TopicId is set
	TopicId UUID
}

func (*DeleteTopicsRequest) APIKey() int16 { return KeyDeleteTopics }

func (m *DeleteTopicsRequest) AppendTo(dst []byte, version int16) []byte {
	w := Writer{B: dst}
	flex := version >= 4
	if version >= 6 {
		w.ArrayLen(len(m.Topics), flex)
		for i := range m.Topics {
			t := &m.Topics[i]
			w.NullableString(t.Name, flex)
			w.UUID(t.TopicId)
			w.NoTags(flex)
		}
	} else {
		admAppendStrings(&w, m.TopicNames, flex)
	}
	w.Int32(m.TimeoutMs)
	w.NoTags(flex)
	return w.B
}

func (m *DeleteTopicsRequest) Decode(r *Reader, version int16) {
	flex := version >= 4
	if version >= 6 {
		if n := r.ArrayLen(flex); n >= 0 {
			m.Topics = make([]DeleteTopicsRequestTopic, n)
			for i := range m.Topics {
				t := &m.Topics[i]
				t.Name = r.NullableString(flex)
				t.TopicId = r.UUID()
				r.SkipTags(flex)
			}
		}
	} else {
		m.TopicNames = admReadStrings(r, flex)
	}
	m.TimeoutMs = r.Int32()
	r.SkipTags(flex)
}

// DeleteTopicsResponse holds one result per topic.
type DeleteTopicsResponse struct {
	ThrottleTimeMs int32 // v1+
	Responses      []DeleteTopicsResponseResult
}

// DeleteTopicsResponseResult is the result of deleting one topic.
type DeleteTopicsResponseResult struct {
	Name         *string // nullable from v6 (a topic deleted by id may come back unnamed); nil is written as "" before v6
	TopicId      UUID    // v6+
	ErrorCode    int16
	ErrorMessage *string // v5+
}

func (*DeleteTopicsResponse) APIKey() int16 { return KeyDeleteTopics }

func (m *DeleteTopicsResponse) AppendTo(dst []byte, version int16) []byte {
	w := Writer{B: dst}
	flex := version >= 4
	if version >= 1 {
		w.Int32(m.ThrottleTimeMs)
	}
	w.ArrayLen(len(m.Responses), flex)
	for i := range m.Responses {
		t := &m.Responses[i]
		if version >= 6 || t.Name != nil {
			w.NullableString(t.Name, flex)
		} else {
			w.String("", flex)
		}
		if version >= 6 {
			w.UUID(t.TopicId)
		}
		w.Int16(t.ErrorCode)
		if version >= 5 {
			w.NullableString(t.ErrorMessage, flex)
		}
		w.NoTags(flex)
	}
	w.NoTags(flex)
	return w.B
}

func (m *DeleteTopicsResponse) Decode(r *Reader, version int16) {
	flex := version >= 4
	if version >= 1 {
		m.ThrottleTimeMs = r.Int32()
	}
	if n := r.ArrayLen(flex); n >= 0 {
		m.Responses = make([]DeleteTopicsResponseResult, n)
		for i := range m.Responses {
			t := &m.Responses[i]
			t.Name = r.NullableString(flex) // a null before v6 is invalid; it reads as nil
			if version >= 6 {
				t.TopicId = r.UUID()
			}
			t.ErrorCode = r.Int16()
			if version >= 5 {
				t.ErrorMessage = r.NullableString(flex)
			}
			r.SkipTags(flex)
		}
	}
	r.SkipTags(flex)
}
