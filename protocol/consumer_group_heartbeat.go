package protocol

func init() {
	register[ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse](API{Key: KeyConsumerGroupHeartbeat, Name: "ConsumerGroupHeartbeat", MinVersion: 0, MaxVersion: 1, FlexibleFrom: 0})
}

// ConsumerGroupHeartbeatRequest is the single request of the KIP-848
// consumer group protocol: it joins, heartbeats, reports owned partitions
// and leaves. Nullable fields are null when unchanged since the last
// heartbeat.
type ConsumerGroupHeartbeatRequest struct {
	GroupID              string
	MemberID             string
	MemberEpoch          int32 // 0 joins, -1 leaves, -2 leaves temporarily (static member)
	InstanceID           *string
	RackID               *string
	RebalanceTimeoutMs   int32    // default -1
	SubscribedTopicNames []string // nil = null
	SubscribedTopicRegex *string  // v1+
	ServerAssignor       *string
	TopicPartitions      []ConsumerGroupHeartbeatTopicPartitions // nil = null
}

// ConsumerGroupHeartbeatTopicPartitions is a topic's partitions: owned ones
// in the request, assigned ones in the response (Kafka's two TopicPartitions
// structs have the same fields).
type ConsumerGroupHeartbeatTopicPartitions struct {
	TopicID    UUID
	Partitions []int32
}

func (*ConsumerGroupHeartbeatRequest) APIKey() int16 { return KeyConsumerGroupHeartbeat }

func (m *ConsumerGroupHeartbeatRequest) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeyConsumerGroupHeartbeat, version))
}

func (m *ConsumerGroupHeartbeatRequest) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyConsumerGroupHeartbeat, version))
}

func (m *ConsumerGroupHeartbeatRequest) fields(c *codec) {
	c.String(&m.GroupID)
	c.String(&m.MemberID)
	c.Int32(&m.MemberEpoch)
	c.NullableString(&m.InstanceID)
	c.NullableString(&m.RackID)
	c.Int32(&m.RebalanceTimeoutMs)
	c.NullableStrings(&m.SubscribedTopicNames)
	if c.version >= 1 {
		c.NullableString(&m.SubscribedTopicRegex)
	}
	c.NullableString(&m.ServerAssignor)
	// Null means "no change since the last heartbeat".
	nullableArrayOf(c, true, &m.TopicPartitions, func(tp *ConsumerGroupHeartbeatTopicPartitions) { tp.fields(c) })
	c.NoTags()
}

// ConsumerGroupHeartbeatResponse carries the member's epoch and, when it
// changed, its new assignment.
type ConsumerGroupHeartbeatResponse struct {
	ThrottleTimeMs      int32
	ErrorCode           int16
	ErrorMessage        *string
	MemberID            *string
	MemberEpoch         int32
	HeartbeatIntervalMs int32
	Assignment          *ConsumerGroupHeartbeatResponseAssignment // nil = null (unchanged)
}

// ConsumerGroupHeartbeatResponseAssignment is the member's full target
// assignment.
type ConsumerGroupHeartbeatResponseAssignment struct {
	TopicPartitions []ConsumerGroupHeartbeatTopicPartitions
}

func (*ConsumerGroupHeartbeatResponse) APIKey() int16 { return KeyConsumerGroupHeartbeat }

func (m *ConsumerGroupHeartbeatResponse) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeyConsumerGroupHeartbeat, version))
}

func (m *ConsumerGroupHeartbeatResponse) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyConsumerGroupHeartbeat, version))
}

func (m *ConsumerGroupHeartbeatResponse) fields(c *codec) {
	c.Int32(&m.ThrottleTimeMs)
	c.Int16(&m.ErrorCode)
	c.NullableString(&m.ErrorMessage)
	c.NullableString(&m.MemberID)
	c.Int32(&m.MemberEpoch)
	c.Int32(&m.HeartbeatIntervalMs)
	// A nullable struct is a presence byte (-1 null, 1 present), then the struct.
	present := int8(-1)
	if m.Assignment != nil {
		present = 1
	}
	c.Int8(&present)
	if c.decoding() {
		m.Assignment = nil
		if present >= 0 && c.r.Err() == nil {
			m.Assignment = new(ConsumerGroupHeartbeatResponseAssignment)
		}
	}
	if a := m.Assignment; a != nil {
		arrayOf(c, &a.TopicPartitions, func(tp *ConsumerGroupHeartbeatTopicPartitions) { tp.fields(c) })
		c.NoTags()
	}
	c.NoTags()
}

func (tp *ConsumerGroupHeartbeatTopicPartitions) fields(c *codec) {
	c.UUID(&tp.TopicID)
	c.Int32s(&tp.Partitions)
	c.NoTags()
}
