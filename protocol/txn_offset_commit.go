package protocol

func init() {
	register(API{Key: KeyTxnOffsetCommit, Name: "TxnOffsetCommit", MinVersion: 0, MaxVersion: 6, FlexibleFrom: 3,
		NewRequest: func() Message { return new(TxnOffsetCommitRequest) }, NewResponse: func() Message { return new(TxnOffsetCommitResponse) }})
}

// TxnOffsetCommitRequest commits consumer offsets to the group coordinator
// as part of a transaction; they become visible when the transaction
// commits.
type TxnOffsetCommitRequest struct {
	TransactionalID string
	GroupID         string
	ProducerID      int64
	ProducerEpoch   int16
	GenerationID    int32   // v3+, default -1; from v6 Kafka calls it GenerationIdOrMemberEpoch (the member epoch in a consumer-protocol group)
	MemberID        string  // v3+
	GroupInstanceID *string // v3+
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
	w.String(m.TransactionalID)
	w.String(m.GroupID)
	w.Int64(m.ProducerID)
	w.Int16(m.ProducerEpoch)
	if version >= 3 {
		w.Int32(m.GenerationID)
		w.String(m.MemberID)
		w.NullableString(m.GroupInstanceID)
	}
	appendCommitTopics(&w, m.Topics, version >= 6, version >= 2)
	w.NoTags()
	return w.B
}

func (m *TxnOffsetCommitRequest) Decode(r *Reader, version int16) {
	r.UseVersion(KeyTxnOffsetCommit, version)
	m.TransactionalID = r.String()
	m.GroupID = r.String()
	m.ProducerID = r.Int64()
	m.ProducerEpoch = r.Int16()
	m.GenerationID = -1
	if version >= 3 {
		m.GenerationID = r.Int32()
		m.MemberID = r.String()
		m.GroupInstanceID = r.NullableString()
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
