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
	BrokerIDs []int32
}

func (*CreatePartitionsRequest) APIKey() int16 { return KeyCreatePartitions }

func (m *CreatePartitionsRequest) AppendTo(dst []byte, version int16) []byte {
	w := NewWriter(dst, KeyCreatePartitions, version)
	AppendArray(&w, m.Topics, func(t *CreatePartitionsRequestTopic) {
		w.String(t.Name)
		w.Int32(t.Count)
		AppendNullableArray(&w, t.Assignments, func(a *CreatePartitionsRequestAssignment) {
			w.Int32s(a.BrokerIDs)
			w.NoTags()
		})
		w.NoTags()
	})
	w.Int32(m.TimeoutMs)
	w.Bool(m.ValidateOnly)
	w.NoTags()
	return w.B
}

func (m *CreatePartitionsRequest) Decode(r *Reader, version int16) {
	r.UseVersion(KeyCreatePartitions, version)
	m.Topics = ReadArray(r, func(t *CreatePartitionsRequestTopic) {
		t.Name = r.String()
		t.Count = r.Int32()
		t.Assignments = ReadArray(r, func(a *CreatePartitionsRequestAssignment) {
			a.BrokerIDs = r.Int32s()
			r.SkipTags()
		})
		r.SkipTags()
	})
	m.TimeoutMs = r.Int32()
	m.ValidateOnly = r.Bool()
	r.SkipTags()
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
	w := NewWriter(dst, KeyCreatePartitions, version)
	w.Int32(m.ThrottleTimeMs)
	AppendArray(&w, m.Results, func(t *CreatePartitionsResponseResult) {
		w.String(t.Name)
		w.Int16(t.ErrorCode)
		w.NullableString(t.ErrorMessage)
		w.NoTags()
	})
	w.NoTags()
	return w.B
}

func (m *CreatePartitionsResponse) Decode(r *Reader, version int16) {
	r.UseVersion(KeyCreatePartitions, version)
	m.ThrottleTimeMs = r.Int32()
	m.Results = ReadArray(r, func(t *CreatePartitionsResponseResult) {
		t.Name = r.String()
		t.ErrorCode = r.Int16()
		t.ErrorMessage = r.NullableString()
		r.SkipTags()
	})
	r.SkipTags()
}
