package protocol

func init() {
	register[ConsumerGroupDescribeRequest, ConsumerGroupDescribeResponse](API{Key: KeyConsumerGroupDescribe, Name: "ConsumerGroupDescribe", MinVersion: 0, MaxVersion: 1, FlexibleFrom: 0})
}

// ConsumerGroupDescribeRequest describes KIP-848 consumer groups.
type ConsumerGroupDescribeRequest struct {
	GroupIDs                    []string
	IncludeAuthorizedOperations bool
}

func (*ConsumerGroupDescribeRequest) APIKey() int16 { return KeyConsumerGroupDescribe }

func (m *ConsumerGroupDescribeRequest) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeyConsumerGroupDescribe, version))
}

func (m *ConsumerGroupDescribeRequest) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyConsumerGroupDescribe, version))
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
	return encode(m, encoder(dst, KeyConsumerGroupDescribe, version))
}

func (m *ConsumerGroupDescribeResponse) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyConsumerGroupDescribe, version))
}

func (m *ConsumerGroupDescribeResponse) fields(c *codec) {
	c.Int32(&m.ThrottleTimeMs)
	arrayOf(c, &m.Groups, func(g *ConsumerGroupDescribeResponseGroup) {
		c.Int16(&g.ErrorCode)
		c.NullableString(&g.ErrorMessage)
		c.String(&g.GroupID)
		c.String(&g.GroupState)
		c.Int32(&g.GroupEpoch)
		c.Int32(&g.AssignmentEpoch)
		c.String(&g.AssignorName)
		arrayOf(c, &g.Members, func(p *ConsumerGroupDescribeResponseMember) {
			c.String(&p.MemberID)
			c.NullableString(&p.InstanceID)
			c.NullableString(&p.RackID)
			c.Int32(&p.MemberEpoch)
			c.String(&p.ClientID)
			c.String(&p.ClientHost)
			c.Strings(&p.SubscribedTopicNames)
			c.NullableString(&p.SubscribedTopicRegex)
			p.Assignment.fields(c)
			p.TargetAssignment.fields(c)
			if c.version >= 1 {
				c.Int8(&p.MemberType)
			} else if c.decoding() {
				p.MemberType = -1
			}
			c.NoTags()
		})
		c.Int32(&g.AuthorizedOperations)
		c.NoTags()
	})
	c.NoTags()
}

func (a *ConsumerGroupDescribeResponseAssignment) fields(c *codec) {
	arrayOf(c, &a.TopicPartitions, func(tp *ConsumerGroupDescribeResponseTopicPartitions) {
		c.UUID(&tp.TopicID)
		c.String(&tp.TopicName)
		c.Int32s(&tp.Partitions)
		c.NoTags()
	})
	c.NoTags()
}
