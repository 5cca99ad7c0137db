package protocol

func init() {
	register(API{Key: KeyTxnOffsetCommit, Name: "TxnOffsetCommit", MinVersion: 0, MaxVersion: 6, FlexibleFrom: 3,
		NewRequest: func() Message { return new(TxnOffsetCommitRequest) }, NewResponse: func() Message { return new(TxnOffsetCommitResponse) }})
}

// TxnOffsetCommitRequest commits consumer offsets to the group coordinator
// as part of a transaction; they become visible when the transaction
// commits.
type TxnOffsetCommitRequest struct {
	TransactionalId string
	GroupId         string
	ProducerId      int64
	ProducerEpoch   int16
	GenerationId    int32   // v3+, default -1; from v6 Kafka calls it GenerationIdOrMemberEpoch (the member epoch in a consumer-protocol group)
	MemberId        string  // v3+
	GroupInstanceId *string // v3+
	Topics          []TxnOffsetCommitRequestTopic
}

// TxnOffsetCommitRequestTopic holds the offsets of one topic.
type TxnOffsetCommitRequestTopic struct {
	Name       string // up to v5
	TopicId    UUID   // v6+ (KIP-1319)
	Partitions []TxnOffsetCommitRequestPartition
}

// TxnOffsetCommitRequestPartition is the offset to commit for one partition.
type TxnOffsetCommitRequestPartition struct {
	PartitionIndex       int32
	CommittedOffset      int64
	CommittedLeaderEpoch int32 // v2+, default -1
	CommittedMetadata    *string
}

func (*TxnOffsetCommitRequest) APIKey() int16 { return KeyTxnOffsetCommit }

func (m *TxnOffsetCommitRequest) AppendTo(dst []byte, version int16) []byte {
	w := Writer{B: dst}
	flex := version >= 3
	w.String(m.TransactionalId, flex)
	w.String(m.GroupId, flex)
	w.Int64(m.ProducerId)
	w.Int16(m.ProducerEpoch)
	if version >= 3 {
		w.Int32(m.GenerationId)
		w.String(m.MemberId, flex)
		w.NullableString(m.GroupInstanceId, flex)
	}
	w.ArrayLen(len(m.Topics), flex)
	for i := range m.Topics {
		t := &m.Topics[i]
		if version <= 5 {
			w.String(t.Name, flex)
		} else {
			w.UUID(t.TopicId)
		}
		w.ArrayLen(len(t.Partitions), flex)
		for j := range t.Partitions {
			p := &t.Partitions[j]
			w.Int32(p.PartitionIndex)
			w.Int64(p.CommittedOffset)
			if version >= 2 {
				w.Int32(p.CommittedLeaderEpoch)
			}
			w.NullableString(p.CommittedMetadata, flex)
			w.NoTags(flex)
		}
		w.NoTags(flex)
	}
	w.NoTags(flex)
	return w.B
}

func (m *TxnOffsetCommitRequest) Decode(r *Reader, version int16) {
	flex := version >= 3
	m.TransactionalId = r.String(flex)
	m.GroupId = r.String(flex)
	m.ProducerId = r.Int64()
	m.ProducerEpoch = r.Int16()
	m.GenerationId = -1
	if version >= 3 {
		m.GenerationId = r.Int32()
		m.MemberId = r.String(flex)
		m.GroupInstanceId = r.NullableString(flex)
	}
	if n := r.ArrayLen(flex); n >= 0 {
		m.Topics = make([]TxnOffsetCommitRequestTopic, n)
		for i := range m.Topics {
			t := &m.Topics[i]
			if version <= 5 {
				t.Name = r.String(flex)
			} else {
				t.TopicId = r.UUID()
			}
			if n := r.ArrayLen(flex); n >= 0 {
				t.Partitions = make([]TxnOffsetCommitRequestPartition, n)
				for j := range t.Partitions {
					p := &t.Partitions[j]
					p.PartitionIndex = r.Int32()
					p.CommittedOffset = r.Int64()
					p.CommittedLeaderEpoch = -1
					if version >= 2 {
						p.CommittedLeaderEpoch = r.Int32()
					}
					p.CommittedMetadata = r.NullableString(flex)
					r.SkipTags(flex)
				}
			}
			r.SkipTags(flex)
		}
	}
	r.SkipTags(flex)
}

// TxnOffsetCommitResponse holds a per-partition error code.
type TxnOffsetCommitResponse struct {
	ThrottleTimeMs int32
	Topics         []TxnOffsetCommitResponseTopic
}

// TxnOffsetCommitResponseTopic holds one topic's partition results.
type TxnOffsetCommitResponseTopic struct {
	Name       string // up to v5
	TopicId    UUID   // v6+
	Partitions []TxnOffsetCommitResponsePartition
}

// TxnOffsetCommitResponsePartition is one partition's result.
type TxnOffsetCommitResponsePartition struct {
	PartitionIndex int32
	ErrorCode      int16
}

func (*TxnOffsetCommitResponse) APIKey() int16 { return KeyTxnOffsetCommit }

func (m *TxnOffsetCommitResponse) AppendTo(dst []byte, version int16) []byte {
	w := Writer{B: dst}
	flex := version >= 3
	w.Int32(m.ThrottleTimeMs)
	w.ArrayLen(len(m.Topics), flex)
	for i := range m.Topics {
		t := &m.Topics[i]
		if version <= 5 {
			w.String(t.Name, flex)
		} else {
			w.UUID(t.TopicId)
		}
		w.ArrayLen(len(t.Partitions), flex)
		for _, p := range t.Partitions {
			w.Int32(p.PartitionIndex)
			w.Int16(p.ErrorCode)
			w.NoTags(flex)
		}
		w.NoTags(flex)
	}
	w.NoTags(flex)
	return w.B
}

func (m *TxnOffsetCommitResponse) Decode(r *Reader, version int16) {
	flex := version >= 3
	m.ThrottleTimeMs = r.Int32()
	if n := r.ArrayLen(flex); n >= 0 {
		m.Topics = make([]TxnOffsetCommitResponseTopic, n)
		for i := range m.Topics {
			t := &m.Topics[i]
			if version <= 5 {
				t.Name = r.String(flex)
			} else {
				t.TopicId = r.UUID()
			}
			if n := r.ArrayLen(flex); n >= 0 {
				t.Partitions = make([]TxnOffsetCommitResponsePartition, n)
				for j := range t.Partitions {
					p := &t.Partitions[j]
					p.PartitionIndex = r.Int32()
					p.ErrorCode = r.Int16()
					r.SkipTags(flex)
				}
			}
			r.SkipTags(flex)
		}
	}
	r.SkipTags(flex)
}
