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
	GroupId              string
	MemberId             string
	MemberEpoch          int32 // 0 joins, -1 leaves, -2 leaves temporarily (static member)
	InstanceId           *string
	RackId               *string
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
	TopicId    UUID
	Partitions []int32
}

func (*ConsumerGroupHeartbeatRequest) APIKey() int16 { return KeyConsumerGroupHeartbeat }

func (m *ConsumerGroupHeartbeatRequest) AppendTo(dst []byte, version int16) []byte {
	w := Writer{B: dst}
	w.String(m.GroupId, true)
	w.String(m.MemberId, true)
	w.Int32(m.MemberEpoch)
	w.NullableString(m.InstanceId, true)
	w.NullableString(m.RackId, true)
	w.Int32(m.RebalanceTimeoutMs)
	if m.SubscribedTopicNames == nil {
		w.ArrayLen(-1, true)
	} else {
		grpAppendStrings(&w, m.SubscribedTopicNames, true)
	}
	if version >= 1 {
		w.NullableString(m.SubscribedTopicRegex, true)
	}
	w.NullableString(m.ServerAssignor, true)
	if m.TopicPartitions == nil {
		w.ArrayLen(-1, true)
	} else {
		grpAppendCGHTopicPartitions(&w, m.TopicPartitions)
	}
	w.NoTags(true)
	return w.B
}

func (m *ConsumerGroupHeartbeatRequest) Decode(r *Reader, version int16) {
	m.GroupId = r.String(true)
	m.MemberId = r.String(true)
	m.MemberEpoch = r.Int32()
	m.InstanceId = r.NullableString(true)
	m.RackId = r.NullableString(true)
	m.RebalanceTimeoutMs = r.Int32()
	m.SubscribedTopicNames = grpReadStrings(r, true)
	if version >= 1 {
		m.SubscribedTopicRegex = r.NullableString(true)
	}
	m.ServerAssignor = r.NullableString(true)
	m.TopicPartitions = grpReadCGHTopicPartitions(r)
	r.SkipTags(true)
}

// ConsumerGroupHeartbeatResponse carries the member's epoch and, when it
// changed, its new assignment.
type ConsumerGroupHeartbeatResponse struct {
	ThrottleTimeMs      int32
	ErrorCode           int16
	ErrorMessage        *string
	MemberId            *string
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
	w := Writer{B: dst}
	w.Int32(m.ThrottleTimeMs)
	w.Int16(m.ErrorCode)
	w.NullableString(m.ErrorMessage, true)
	w.NullableString(m.MemberId, true)
	w.Int32(m.MemberEpoch)
	w.Int32(m.HeartbeatIntervalMs)
	// A nullable struct is a presence byte (-1 null, 1 present), then the struct.
	if m.Assignment == nil {
		w.Int8(-1)
	} else {
		w.Int8(1)
		grpAppendCGHTopicPartitions(&w, m.Assignment.TopicPartitions)
		w.NoTags(true)
	}
	w.NoTags(true)
	return w.B
}

func (m *ConsumerGroupHeartbeatResponse) Decode(r *Reader, version int16) {
	m.ThrottleTimeMs = r.Int32()
	m.ErrorCode = r.Int16()
	m.ErrorMessage = r.NullableString(true)
	m.MemberId = r.NullableString(true)
	m.MemberEpoch = r.Int32()
	m.HeartbeatIntervalMs = r.Int32()
	m.Assignment = nil
	if r.Int8() >= 0 && r.Err() == nil {
		a := new(ConsumerGroupHeartbeatResponseAssignment)
		a.TopicPartitions = grpReadCGHTopicPartitions(r)
		r.SkipTags(true)
		m.Assignment = a
	}
	r.SkipTags(true)
}

func grpAppendCGHTopicPartitions(w *Writer, tps []ConsumerGroupHeartbeatTopicPartitions) {
	w.ArrayLen(len(tps), true)
	for i := range tps {
		w.UUID(tps[i].TopicId)
		grpAppendInt32s(w, tps[i].Partitions, true)
		w.NoTags(true)
	}
}

// grpReadCGHTopicPartitions returns nil for a null array.
func grpReadCGHTopicPartitions(r *Reader) []ConsumerGroupHeartbeatTopicPartitions {
	n := r.ArrayLen(true)
	if n < 0 || r.Err() != nil {
		return nil
	}
	tps := make([]ConsumerGroupHeartbeatTopicPartitions, n)
	for i := range tps {
		tps[i].TopicId = r.UUID()
		tps[i].Partitions = grpReadInt32s(r, true)
		r.SkipTags(true)
	}
	return tps
}
