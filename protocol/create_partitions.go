package protocol

func init() {
	register(API{Key: KeyCreatePartitions, Name: "CreatePartitions", MinVersion: 0, MaxVersion: 3, FlexibleFrom: 2,
		NewRequest: func() Message { return new(CreatePartitionsRequest) }, NewResponse: func() Message { return new(CreatePartitionsResponse) }})
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
	BrokerIds []int32
}

func (*CreatePartitionsRequest) APIKey() int16 { return KeyCreatePartitions }

func (m *CreatePartitionsRequest) AppendTo(dst []byte, version int16) []byte {
	w := Writer{B: dst}
	flex := version >= 2
	w.ArrayLen(len(m.Topics), flex)
	for i := range m.Topics {
		t := &m.Topics[i]
		w.String(t.Name, flex)
		w.Int32(t.Count)
		if t.Assignments == nil {
			w.ArrayLen(-1, flex)
		} else {
			w.ArrayLen(len(t.Assignments), flex)
			for j := range t.Assignments {
				admAppendInt32s(&w, t.Assignments[j].BrokerIds, flex)
				w.NoTags(flex)
			}
		}
		w.NoTags(flex)
	}
	w.Int32(m.TimeoutMs)
	w.Bool(m.ValidateOnly)
	w.NoTags(flex)
	return w.B
}

func (m *CreatePartitionsRequest) Decode(r *Reader, version int16) {
	flex := version >= 2
	if n := r.ArrayLen(flex); n >= 0 {
		m.Topics = make([]CreatePartitionsRequestTopic, n)
		for i := range m.Topics {
			t := &m.Topics[i]
			t.Name = r.String(flex)
			t.Count = r.Int32()
			if n := r.ArrayLen(flex); n >= 0 {
				t.Assignments = make([]CreatePartitionsRequestAssignment, n)
				for j := range t.Assignments {
					t.Assignments[j].BrokerIds = admReadInt32s(r, flex)
					r.SkipTags(flex)
				}
			}
			r.SkipTags(flex)
		}
	}
	m.TimeoutMs = r.Int32()
	m.ValidateOnly = r.Bool()
	r.SkipTags(flex)
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
	w := Writer{B: dst}
	flex := version >= 2
	w.Int32(m.ThrottleTimeMs)
	w.ArrayLen(len(m.Results), flex)
	for i := range m.Results {
		t := &m.Results[i]
		w.String(t.Name, flex)
		w.Int16(t.ErrorCode)
		w.NullableString(t.ErrorMessage, flex)
		w.NoTags(flex)
	}
	w.NoTags(flex)
	return w.B
}

func (m *CreatePartitionsResponse) Decode(r *Reader, version int16) {
	flex := version >= 2
	m.ThrottleTimeMs = r.Int32()
	if n := r.ArrayLen(flex); n >= 0 {
		m.Results = make([]CreatePartitionsResponseResult, n)
		for i := range m.Results {
			t := &m.Results[i]
			t.Name = r.String(flex)
			t.ErrorCode = r.Int16()
			t.ErrorMessage = r.NullableString(flex)
			r.SkipTags(flex)
		}
	}
	r.SkipTags(flex)
}
