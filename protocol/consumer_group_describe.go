package protocol

func init() {
	register(API{Key: KeyConsumerGroupDescribe, Name: "ConsumerGroupDescribe", MinVersion: 0, MaxVersion: 1, FlexibleFrom: 0,
		NewRequest: func() Message { return new(ConsumerGroupDescribeRequest) }, NewResponse: func() Message { return new(ConsumerGroupDescribeResponse) }})
}

// ConsumerGroupDescribeRequest describes KIP-848 consumer groups.
type ConsumerGroupDescribeRequest struct {
	GroupIds                    []string
	IncludeAuthorizedOperations bool
}

func (*ConsumerGroupDescribeRequest) APIKey() int16 { return KeyConsumerGroupDescribe }

func (m *ConsumerGroupDescribeRequest) AppendTo(dst []byte, version int16) []byte {
	w := Writer{B: dst}
	grpAppendStrings(&w, m.GroupIds, true)
	w.Bool(m.IncludeAuthorizedOperations)
	w.NoTags(true)
	return w.B
}

func (m *ConsumerGroupDescribeRequest) Decode(r *Reader, version int16) {
	m.GroupIds = grpReadStrings(r, true)
	m.IncludeAuthorizedOperations = r.Bool()
	r.SkipTags(true)
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
	GroupId              string
	GroupState           string
	GroupEpoch           int32
	AssignmentEpoch      int32
	AssignorName         string
	Members              []ConsumerGroupDescribeResponseMember
	AuthorizedOperations int32 // math.MinInt32 when not requested
}

// ConsumerGroupDescribeResponseMember describes one member.
type ConsumerGroupDescribeResponseMember struct {
	MemberId             string
	InstanceId           *string
	RackId               *string
	MemberEpoch          int32
	ClientId             string
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
	TopicId    UUID
	TopicName  string
	Partitions []int32
}

func (*ConsumerGroupDescribeResponse) APIKey() int16 { return KeyConsumerGroupDescribe }

func (m *ConsumerGroupDescribeResponse) AppendTo(dst []byte, version int16) []byte {
	w := Writer{B: dst}
	w.Int32(m.ThrottleTimeMs)
	w.ArrayLen(len(m.Groups), true)
	for i := range m.Groups {
		g := &m.Groups[i]
		w.Int16(g.ErrorCode)
		w.NullableString(g.ErrorMessage, true)
		w.String(g.GroupId, true)
		w.String(g.GroupState, true)
		w.Int32(g.GroupEpoch)
		w.Int32(g.AssignmentEpoch)
		w.String(g.AssignorName, true)
		w.ArrayLen(len(g.Members), true)
		for j := range g.Members {
			p := &g.Members[j]
			w.String(p.MemberId, true)
			w.NullableString(p.InstanceId, true)
			w.NullableString(p.RackId, true)
			w.Int32(p.MemberEpoch)
			w.String(p.ClientId, true)
			w.String(p.ClientHost, true)
			grpAppendStrings(&w, p.SubscribedTopicNames, true)
			w.NullableString(p.SubscribedTopicRegex, true)
			p.Assignment.appendTo(&w)
			p.TargetAssignment.appendTo(&w)
			if version >= 1 {
				w.Int8(p.MemberType)
			}
			w.NoTags(true)
		}
		w.Int32(g.AuthorizedOperations)
		w.NoTags(true)
	}
	w.NoTags(true)
	return w.B
}

func (m *ConsumerGroupDescribeResponse) Decode(r *Reader, version int16) {
	m.ThrottleTimeMs = r.Int32()
	if n := r.ArrayLen(true); n >= 0 {
		m.Groups = make([]ConsumerGroupDescribeResponseGroup, n)
		for i := range m.Groups {
			g := &m.Groups[i]
			g.ErrorCode = r.Int16()
			g.ErrorMessage = r.NullableString(true)
			g.GroupId = r.String(true)
			g.GroupState = r.String(true)
			g.GroupEpoch = r.Int32()
			g.AssignmentEpoch = r.Int32()
			g.AssignorName = r.String(true)
			if n := r.ArrayLen(true); n >= 0 {
				g.Members = make([]ConsumerGroupDescribeResponseMember, n)
				for j := range g.Members {
					p := &g.Members[j]
					p.MemberId = r.String(true)
					p.InstanceId = r.NullableString(true)
					p.RackId = r.NullableString(true)
					p.MemberEpoch = r.Int32()
					p.ClientId = r.String(true)
					p.ClientHost = r.String(true)
					p.SubscribedTopicNames = grpReadStrings(r, true)
					p.SubscribedTopicRegex = r.NullableString(true)
					p.Assignment.decode(r)
					p.TargetAssignment.decode(r)
					p.MemberType = -1
					if version >= 1 {
						p.MemberType = r.Int8()
					}
					r.SkipTags(true)
				}
			}
			g.AuthorizedOperations = r.Int32()
			r.SkipTags(true)
		}
	}
	r.SkipTags(true)
}

func (a *ConsumerGroupDescribeResponseAssignment) appendTo(w *Writer) {
	w.ArrayLen(len(a.TopicPartitions), true)
	for i := range a.TopicPartitions {
		tp := &a.TopicPartitions[i]
		w.UUID(tp.TopicId)
		w.String(tp.TopicName, true)
		grpAppendInt32s(w, tp.Partitions, true)
		w.NoTags(true)
	}
	w.NoTags(true)
}

func (a *ConsumerGroupDescribeResponseAssignment) decode(r *Reader) {
	if n := r.ArrayLen(true); n >= 0 {
		a.TopicPartitions = make([]ConsumerGroupDescribeResponseTopicPartitions, n)
		for i := range a.TopicPartitions {
			tp := &a.TopicPartitions[i]
			tp.TopicId = r.UUID()
			tp.TopicName = r.String(true)
			tp.Partitions = grpReadInt32s(r, true)
			r.SkipTags(true)
		}
	}
	r.SkipTags(true)
}
