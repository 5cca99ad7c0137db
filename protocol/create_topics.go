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
	BrokerIds      []int32
}

// CreateTopicsRequestConfig is one topic configuration to set.
type CreateTopicsRequestConfig struct {
	Name  string
	Value *string
}

func (*CreateTopicsRequest) APIKey() int16 { return KeyCreateTopics }

func (m *CreateTopicsRequest) AppendTo(dst []byte, version int16) []byte {
	w := Writer{B: dst}
	flex := version >= 5
	w.ArrayLen(len(m.Topics), flex)
	for i := range m.Topics {
		t := &m.Topics[i]
		w.String(t.Name, flex)
		w.Int32(t.NumPartitions)
		w.Int16(t.ReplicationFactor)
		w.ArrayLen(len(t.Assignments), flex)
		for j := range t.Assignments {
			a := &t.Assignments[j]
			w.Int32(a.PartitionIndex)
			admAppendInt32s(&w, a.BrokerIds, flex)
			w.NoTags(flex)
		}
		w.ArrayLen(len(t.Configs), flex)
		for j := range t.Configs {
			c := &t.Configs[j]
			w.String(c.Name, flex)
			w.NullableString(c.Value, flex)
			w.NoTags(flex)
		}
		w.NoTags(flex)
	}
	w.Int32(m.TimeoutMs)
	if version >= 1 {
		w.Bool(m.ValidateOnly)
	}
	w.NoTags(flex)
	return w.B
}

func (m *CreateTopicsRequest) Decode(r *Reader, version int16) {
	flex := version >= 5
	if n := r.ArrayLen(flex); n >= 0 {
		m.Topics = make([]CreateTopicsRequestTopic, n)
		for i := range m.Topics {
			t := &m.Topics[i]
			t.Name = r.String(flex)
			t.NumPartitions = r.Int32()
			t.ReplicationFactor = r.Int16()
			if n := r.ArrayLen(flex); n >= 0 {
				t.Assignments = make([]CreateTopicsRequestAssignment, n)
				for j := range t.Assignments {
					a := &t.Assignments[j]
					a.PartitionIndex = r.Int32()
					a.BrokerIds = admReadInt32s(r, flex)
					r.SkipTags(flex)
				}
			}
			if n := r.ArrayLen(flex); n >= 0 {
				t.Configs = make([]CreateTopicsRequestConfig, n)
				for j := range t.Configs {
					c := &t.Configs[j]
					c.Name = r.String(flex)
					c.Value = r.NullableString(flex)
					r.SkipTags(flex)
				}
			}
			r.SkipTags(flex)
		}
	}
	m.TimeoutMs = r.Int32()
	if version >= 1 {
		m.ValidateOnly = r.Bool()
	}
	r.SkipTags(flex)
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
	TopicId              UUID // v7+
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
	w := Writer{B: dst}
	flex := version >= 5
	w.Int32(m.ThrottleTimeMs)
	w.ArrayLen(len(m.Topics), flex)
	for i := range m.Topics {
		t := &m.Topics[i]
		w.String(t.Name, flex)
		if version >= 7 {
			w.UUID(t.TopicId)
		}
		w.Int16(t.ErrorCode)
		w.NullableString(t.ErrorMessage, flex)
		if version >= 5 {
			w.Int32(t.NumPartitions)
			w.Int16(t.ReplicationFactor)
			if t.Configs == nil {
				w.ArrayLen(-1, flex)
			} else {
				w.ArrayLen(len(t.Configs), flex)
				for j := range t.Configs {
					c := &t.Configs[j]
					w.String(c.Name, flex)
					w.NullableString(c.Value, flex)
					w.Bool(c.ReadOnly)
					w.Int8(c.ConfigSource)
					w.Bool(c.IsSensitive)
					w.NoTags(flex)
				}
			}
		}
		if flex && t.TopicConfigErrorCode != 0 {
			w.Uvarint(1)
			mark := w.BeginTag(0)
			w.Int16(t.TopicConfigErrorCode)
			w.EndTag(mark)
		} else {
			w.NoTags(flex)
		}
	}
	w.NoTags(flex)
	return w.B
}

func (m *CreateTopicsResponse) Decode(r *Reader, version int16) {
	flex := version >= 5
	m.ThrottleTimeMs = r.Int32()
	if n := r.ArrayLen(flex); n >= 0 {
		m.Topics = make([]CreateTopicsResponseTopic, n)
		for i := range m.Topics {
			t := &m.Topics[i]
			t.Name = r.String(flex)
			if version >= 7 {
				t.TopicId = r.UUID()
			}
			t.ErrorCode = r.Int16()
			t.ErrorMessage = r.NullableString(flex)
			t.NumPartitions, t.ReplicationFactor = -1, -1
			if version >= 5 {
				t.NumPartitions = r.Int32()
				t.ReplicationFactor = r.Int16()
				if n := r.ArrayLen(flex); n >= 0 {
					t.Configs = make([]CreateTopicsResponseConfig, n)
					for j := range t.Configs {
						c := &t.Configs[j]
						c.Name = r.String(flex)
						c.Value = r.NullableString(flex)
						c.ReadOnly = r.Bool()
						c.ConfigSource = r.Int8()
						c.IsSensitive = r.Bool()
						r.SkipTags(flex)
					}
				}
			}
			if flex {
				t.TopicConfigErrorCode = admReadInt16Tag0(r)
			}
		}
	}
	r.SkipTags(flex)
}

// admReadInt16Tag0 reads a tagged-field section whose only known field is an
// int16 with tag 0 (default 0), skipping any other tags. It avoids a closure
// per array element.
func admReadInt16Tag0(r *Reader) int16 {
	var v int16
	n := r.Uvarint()
	for i := uint32(0); i < n && r.err == nil; i++ {
		tag := r.Uvarint()
		data := r.take(int(r.Uvarint()))
		if tag == 0 && r.err == nil {
			f := Reader{buf: data}
			v = f.Int16()
			if f.err != nil {
				r.Fail(ErrShortBuffer)
			}
		}
	}
	return v
}
