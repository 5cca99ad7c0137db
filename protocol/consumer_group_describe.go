package protocol

func init() {
	register(API{Key: KeyConsumerGroupDescribe, Name: "ConsumerGroupDescribe", MinVersion: 0, MaxVersion: 1, FlexibleFrom: 0,
		NewRequest: func() Message { return new(ConsumerGroupDescribeRequest) }, NewResponse: func() Message { return new(ConsumerGroupDescribeResponse) }})
}

// ConsumerGroupDescribeRequest describes KIP-848 consumer groups.
type ConsumerGroupDescribeRequest struct {
	GroupIDs                    []string
	IncludeAuthorizedOperations bool
}

func (*ConsumerGroupDescribeRequest) APIKey() int16 { return KeyConsumerGroupDescribe }

func (m *ConsumerGroupDescribeRequest) AppendTo(dst []byte, version int16) []byte {
	c := encoder(dst, KeyConsumerGroupDescribe, version)
	m.fields(&c)
	return c.w.B
}

func (m *ConsumerGroupDescribeRequest) Decode(r *Reader, version int16) {
	c := decoder(r, KeyConsumerGroupDescribe, version)
	m.fields(&c)
}

func (m *ConsumerGroupDescribeRequest) fields(c *codec) {
	c.Strings(&m.GroupIDs)
	c.Bool(&m.IncludeAuthorizedOperations)
	c.NoTags()
}

// ConsumerGroupDescribeResponse describes each requested group.
type ConsumerGroupDescribeResponse struct {
	ThrottleTimeMs int32
	Groups         []ConsumerGroupDescribeResponseGroup
}

// ConsumerGroupDescribeResponseGroup describes one consumer group.
type ConsumerGroupDescribeResponseGroup struct {
	ErrorCode            int16
	ErrorMessage         *string
	GroupID              string
	GroupState           string
	GroupEpoch           int32
	AssignmentEpoch      int32
	AssignorName         string
	Members              []ConsumerGroupDescribeResponseMember
	AuthorizedOperations int32 // math.MinInt32 when not requested
}

// ConsumerGroupDescribeResponseMember describes one member.
type ConsumerGroupDescribeResponseMember struct {
	MemberID             string
	InstanceID           *string
	RackID               *string
	MemberEpoch          int32
	ClientID             string
	ClientHost           string
	SubscribedTopicNames []string
	SubscribedTopicRegex *string
	Assignment           ConsumerGroupDescribeResponseAssignment
	TargetAssignment     ConsumerGroupDescribeResponseAssignment
	MemberType           int8 // v1+, default -1: -1 unknown, 0 classic, 1 consumer
}

// ConsumerGroupDescribeResponseAssignment is a set of topic partitions.
type ConsumerGroupDescribeResponseAssignment struct {
	TopicPartitions []ConsumerGroupDescribeResponseTopicPartitions
}

// ConsumerGroupDescribeResponseTopicPartitions is one topic's partitions.
type ConsumerGroupDescribeResponseTopicPartitions struct {
	TopicID    UUID
	TopicName  string
	Partitions []int32
}

func (*ConsumerGroupDescribeResponse) APIKey() int16 { return KeyConsumerGroupDescribe }

func (m *ConsumerGroupDescribeResponse) AppendTo(dst []byte, version int16) []byte {
	w := NewWriter(dst, KeyConsumerGroupDescribe, version)
	w.Int32(m.ThrottleTimeMs)
	AppendArray(&w, m.Groups, func(g *ConsumerGroupDescribeResponseGroup) {
		w.Int16(g.ErrorCode)
		w.NullableString(g.ErrorMessage)
		w.String(g.GroupID)
		w.String(g.GroupState)
		w.Int32(g.GroupEpoch)
		w.Int32(g.AssignmentEpoch)
		w.String(g.AssignorName)
		AppendArray(&w, g.Members, func(p *ConsumerGroupDescribeResponseMember) {
			w.String(p.MemberID)
			w.NullableString(p.InstanceID)
			w.NullableString(p.RackID)
			w.Int32(p.MemberEpoch)
			w.String(p.ClientID)
			w.String(p.ClientHost)
			w.Strings(p.SubscribedTopicNames)
			w.NullableString(p.SubscribedTopicRegex)
			p.Assignment.appendTo(&w)
			p.TargetAssignment.appendTo(&w)
			if version >= 1 {
				w.Int8(p.MemberType)
			}
			w.NoTags()
		})
		w.Int32(g.AuthorizedOperations)
		w.NoTags()
	})
	w.NoTags()
	return w.B
}

func (m *ConsumerGroupDescribeResponse) Decode(r *Reader, version int16) {
	r.UseVersion(KeyConsumerGroupDescribe, version)
	m.ThrottleTimeMs = r.Int32()
	m.Groups = ReadArray(r, func(g *ConsumerGroupDescribeResponseGroup) {
		g.ErrorCode = r.Int16()
		g.ErrorMessage = r.NullableString()
		g.GroupID = r.String()
		g.GroupState = r.String()
		g.GroupEpoch = r.Int32()
		g.AssignmentEpoch = r.Int32()
		g.AssignorName = r.String()
		g.Members = ReadArray(r, func(p *ConsumerGroupDescribeResponseMember) {
			p.MemberID = r.String()
			p.InstanceID = r.NullableString()
			p.RackID = r.NullableString()
			p.MemberEpoch = r.Int32()
			p.ClientID = r.String()
			p.ClientHost = r.String()
			p.SubscribedTopicNames = r.Strings()
			p.SubscribedTopicRegex = r.NullableString()
			p.Assignment.decode(r)
			p.TargetAssignment.decode(r)
			p.MemberType = -1
			if version >= 1 {
				p.MemberType = r.Int8()
			}
			r.SkipTags()
		})
		g.AuthorizedOperations = r.Int32()
		r.SkipTags()
	})
	r.SkipTags()
}

func (a *ConsumerGroupDescribeResponseAssignment) appendTo(w *Writer) {
	AppendArray(w, a.TopicPartitions, func(tp *ConsumerGroupDescribeResponseTopicPartitions) {
		w.UUID(tp.TopicID)
		w.String(tp.TopicName)
		w.Int32s(tp.Partitions)
		w.NoTags()
	})
	w.NoTags()
}

func (a *ConsumerGroupDescribeResponseAssignment) decode(r *Reader) {
	a.TopicPartitions = ReadArray(r, func(tp *ConsumerGroupDescribeResponseTopicPartitions) {
		tp.TopicID = r.UUID()
		tp.TopicName = r.String()
		tp.Partitions = r.Int32s()
		r.SkipTags()
	})
	r.SkipTags()
}
