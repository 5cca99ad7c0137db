package protocol

func init() {
	register(API{Key: KeyCreateTopics, Name: "CreateTopics", MinVersion: 2, MaxVersion: 7, FlexibleFrom: 5,
		NewRequest: func() Message { return new(CreateTopicsRequest) }, NewResponse: func() Message { return new(CreateTopicsResponse) }})
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
	w := NewWriter(dst, KeyCreateTopics, version)
	AppendArray(&w, m.Topics, func(t *CreateTopicsRequestTopic) {
		w.String(t.Name)
		w.Int32(t.NumPartitions)
		w.Int16(t.ReplicationFactor)
		AppendArray(&w, t.Assignments, func(a *CreateTopicsRequestAssignment) {
			w.Int32(a.PartitionIndex)
			w.Int32s(a.BrokerIDs)
			w.NoTags()
		})
		AppendArray(&w, t.Configs, func(c *CreateTopicsRequestConfig) {
			w.String(c.Name)
			w.NullableString(c.Value)
			w.NoTags()
		})
		w.NoTags()
	})
	w.Int32(m.TimeoutMs)
	if version >= 1 {
		w.Bool(m.ValidateOnly)
	}
	w.NoTags()
	return w.B
}

func (m *CreateTopicsRequest) Decode(r *Reader, version int16) {
	r.UseVersion(KeyCreateTopics, version)
	m.Topics = ReadArray(r, func(t *CreateTopicsRequestTopic) {
		t.Name = r.String()
		t.NumPartitions = r.Int32()
		t.ReplicationFactor = r.Int16()
		t.Assignments = ReadArray(r, func(a *CreateTopicsRequestAssignment) {
			a.PartitionIndex = r.Int32()
			a.BrokerIDs = r.Int32s()
			r.SkipTags()
		})
		t.Configs = ReadArray(r, func(c *CreateTopicsRequestConfig) {
			c.Name = r.String()
			c.Value = r.NullableString()
			r.SkipTags()
		})
		r.SkipTags()
	})
	m.TimeoutMs = r.Int32()
	if version >= 1 {
		m.ValidateOnly = r.Bool()
	}
	r.SkipTags()
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
	w := NewWriter(dst, KeyCreateTopics, version)
	w.Int32(m.ThrottleTimeMs)
	AppendArray(&w, m.Topics, func(t *CreateTopicsResponseTopic) {
		w.String(t.Name)
		if version >= 7 {
			w.UUID(t.TopicID)
		}
		w.Int16(t.ErrorCode)
		w.NullableString(t.ErrorMessage)
		if version >= 5 {
			w.Int32(t.NumPartitions)
			w.Int16(t.ReplicationFactor)
			AppendNullableArray(&w, t.Configs, func(c *CreateTopicsResponseConfig) {
				w.String(c.Name)
				w.NullableString(c.Value)
				w.Bool(c.ReadOnly)
				w.Int8(c.ConfigSource)
				w.Bool(c.IsSensitive)
				w.NoTags()
			})
		}
		if w.Flex && t.TopicConfigErrorCode != 0 {
			w.Uvarint(1)
			mark := w.BeginTag(0)
			w.Int16(t.TopicConfigErrorCode)
			w.EndTag(mark)
		} else {
			w.NoTags()
		}
	})
	w.NoTags()
	return w.B
}

func (m *CreateTopicsResponse) Decode(r *Reader, version int16) {
	r.UseVersion(KeyCreateTopics, version)
	m.ThrottleTimeMs = r.Int32()
	m.Topics = ReadArray(r, func(t *CreateTopicsResponseTopic) {
		t.Name = r.String()
		if version >= 7 {
			t.TopicID = r.UUID()
		}
		t.ErrorCode = r.Int16()
		t.ErrorMessage = r.NullableString()
		t.NumPartitions, t.ReplicationFactor = -1, -1
		if version >= 5 {
			t.NumPartitions = r.Int32()
			t.ReplicationFactor = r.Int16()
			t.Configs = ReadArray(r, func(c *CreateTopicsResponseConfig) {
				c.Name = r.String()
				c.Value = r.NullableString()
				c.ReadOnly = r.Bool()
				c.ConfigSource = r.Int8()
				c.IsSensitive = r.Bool()
				r.SkipTags()
			})
		}
		for tag, f := range r.Tags() {
			if tag == 0 {
				t.TopicConfigErrorCode = f.Int16()
			}
		}
	})
	r.SkipTags()
}
