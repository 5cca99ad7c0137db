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

// TxnOffsetCommitRequestTopic holds the offsets of one topic: the same
// shape as OffsetCommit's, named by id from v6 (KIP-1319); the partitions'
// CommittedLeaderEpoch exists from v2.
type TxnOffsetCommitRequestTopic = OffsetCommitRequestTopic

// TxnOffsetCommitRequestPartition is the offset to commit for one partition.
type TxnOffsetCommitRequestPartition = OffsetCommitRequestPartition

func (*TxnOffsetCommitRequest) APIKey() int16 { return KeyTxnOffsetCommit }

func (m *TxnOffsetCommitRequest) AppendTo(dst []byte, version int16) []byte {
	w := NewWriter(dst, KeyTxnOffsetCommit, version)
	w.String(m.TransactionalId)
	w.String(m.GroupId)
	w.Int64(m.ProducerId)
	w.Int16(m.ProducerEpoch)
	if version >= 3 {
		w.Int32(m.GenerationId)
		w.String(m.MemberId)
		w.NullableString(m.GroupInstanceId)
	}
	appendCommitTopics(&w, m.Topics, version >= 6, version >= 2)
	w.NoTags()
	return w.B
}

func (m *TxnOffsetCommitRequest) Decode(r *Reader, version int16) {
	r.UseVersion(KeyTxnOffsetCommit, version)
	m.TransactionalId = r.String()
	m.GroupId = r.String()
	m.ProducerId = r.Int64()
	m.ProducerEpoch = r.Int16()
	m.GenerationId = -1
	if version >= 3 {
		m.GenerationId = r.Int32()
		m.MemberId = r.String()
		m.GroupInstanceId = r.NullableString()
	}
	m.Topics = readCommitTopics(r, version >= 6, version >= 2)
	r.SkipTags()
}

// TxnOffsetCommitResponse holds a per-partition error code.
type TxnOffsetCommitResponse struct {
	ThrottleTimeMs int32
	Topics         []TxnOffsetCommitResponseTopic
}

// TxnOffsetCommitResponseTopic holds one topic's partition results (the
// OffsetCommit shape; named by id from v6).
type TxnOffsetCommitResponseTopic = OffsetCommitResponseTopic

// TxnOffsetCommitResponsePartition is one partition's result.
type TxnOffsetCommitResponsePartition = OffsetCommitResponsePartition

func (*TxnOffsetCommitResponse) APIKey() int16 { return KeyTxnOffsetCommit }

func (m *TxnOffsetCommitResponse) AppendTo(dst []byte, version int16) []byte {
	w := NewWriter(dst, KeyTxnOffsetCommit, version)
	w.Int32(m.ThrottleTimeMs)
	appendCommitResults(&w, m.Topics, version >= 6)
	w.NoTags()
	return w.B
}

func (m *TxnOffsetCommitResponse) Decode(r *Reader, version int16) {
	r.UseVersion(KeyTxnOffsetCommit, version)
	m.ThrottleTimeMs = r.Int32()
	m.Topics = readCommitResults(r, version >= 6)
	r.SkipTags()
}
