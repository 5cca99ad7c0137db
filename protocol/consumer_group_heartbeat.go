package protocol

func init() {
	register(API{Key: KeyConsumerGroupHeartbeat, Name: "ConsumerGroupHeartbeat", MinVersion: 0, MaxVersion: 1, FlexibleFrom: 0,
		NewRequest: func() Message { return new(ConsumerGroupHeartbeatRequest) }, NewResponse: func() Message { return new(ConsumerGroupHeartbeatResponse) }})
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
	w := NewWriter(dst, KeyConsumerGroupHeartbeat, version)
	w.String(m.GroupID)
	w.String(m.MemberID)
	w.Int32(m.MemberEpoch)
	w.NullableString(m.InstanceID)
	w.NullableString(m.RackID)
	w.Int32(m.RebalanceTimeoutMs)
	w.NullableStrings(m.SubscribedTopicNames)
	if version >= 1 {
		w.NullableString(m.SubscribedTopicRegex)
	}
	w.NullableString(m.ServerAssignor)
	// Null means "no change since the last heartbeat".
	AppendNullableArray(&w, m.TopicPartitions, func(tp *ConsumerGroupHeartbeatTopicPartitions) { tp.appendTo(&w) })
	w.NoTags()
	return w.B
}

func (m *ConsumerGroupHeartbeatRequest) Decode(r *Reader, version int16) {
	r.UseVersion(KeyConsumerGroupHeartbeat, version)
	m.GroupID = r.String()
	m.MemberID = r.String()
	m.MemberEpoch = r.Int32()
	m.InstanceID = r.NullableString()
	m.RackID = r.NullableString()
	m.RebalanceTimeoutMs = r.Int32()
	m.SubscribedTopicNames = r.Strings()
	if version >= 1 {
		m.SubscribedTopicRegex = r.NullableString()
	}
	m.ServerAssignor = r.NullableString()
	m.TopicPartitions = readCGHTopicPartitions(r)
	r.SkipTags()
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
	w := NewWriter(dst, KeyConsumerGroupHeartbeat, version)
	w.Int32(m.ThrottleTimeMs)
	w.Int16(m.ErrorCode)
	w.NullableString(m.ErrorMessage)
	w.NullableString(m.MemberID)
	w.Int32(m.MemberEpoch)
	w.Int32(m.HeartbeatIntervalMs)
	// A nullable struct is a presence byte (-1 null, 1 present), then the struct.
	if m.Assignment == nil {
		w.Int8(-1)
	} else {
		w.Int8(1)
		AppendArray(&w, m.Assignment.TopicPartitions, func(tp *ConsumerGroupHeartbeatTopicPartitions) { tp.appendTo(&w) })
		w.NoTags()
	}
	w.NoTags()
	return w.B
}

func (m *ConsumerGroupHeartbeatResponse) Decode(r *Reader, version int16) {
	r.UseVersion(KeyConsumerGroupHeartbeat, version)
	m.ThrottleTimeMs = r.Int32()
	m.ErrorCode = r.Int16()
	m.ErrorMessage = r.NullableString()
	m.MemberID = r.NullableString()
	m.MemberEpoch = r.Int32()
	m.HeartbeatIntervalMs = r.Int32()
	m.Assignment = nil
	if r.Int8() >= 0 && r.Err() == nil {
		a := new(ConsumerGroupHeartbeatResponseAssignment)
		a.TopicPartitions = readCGHTopicPartitions(r)
		r.SkipTags()
		m.Assignment = a
	}
	r.SkipTags()
}

func (tp *ConsumerGroupHeartbeatTopicPartitions) appendTo(w *Writer) {
	w.UUID(tp.TopicID)
	w.Int32s(tp.Partitions)
	w.NoTags()
}

// readCGHTopicPartitions reads a TopicPartitions array; nil for a null one.
func readCGHTopicPartitions(r *Reader) []ConsumerGroupHeartbeatTopicPartitions {
	return ReadArray(r, func(tp *ConsumerGroupHeartbeatTopicPartitions) {
		tp.TopicID = r.UUID()
		tp.Partitions = r.Int32s()
		r.SkipTags()
	})
}
