package protocol

func init() {
	register[TxnOffsetCommitRequest, TxnOffsetCommitResponse](API{Key: KeyTxnOffsetCommit, Name: "TxnOffsetCommit", MinVersion: 0, MaxVersion: 6, FlexibleFrom: 3})
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
	return encode(m, encoder(dst, KeyTxnOffsetCommit, version))
}

func (m *TxnOffsetCommitRequest) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyTxnOffsetCommit, version))
}

func (m *TxnOffsetCommitRequest) fields(c *codec) {
	c.String(&m.TransactionalID)
	c.String(&m.GroupID)
	c.Int64(&m.ProducerID)
	c.Int16(&m.ProducerEpoch)
	if c.version >= 3 {
		c.Int32(&m.GenerationID)
		c.String(&m.MemberID)
		c.NullableString(&m.GroupInstanceID)
	} else if c.decoding() {
		m.GenerationID = -1
	}
	commitTopics(c, &m.Topics, c.version >= 6, c.version >= 2)
	c.NoTags()
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
	return encode(m, encoder(dst, KeyTxnOffsetCommit, version))
}

func (m *TxnOffsetCommitResponse) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyTxnOffsetCommit, version))
}

func (m *TxnOffsetCommitResponse) fields(c *codec) {
	c.Int32(&m.ThrottleTimeMs)
	commitResults(c, &m.Topics, c.version >= 6)
	c.NoTags()
}
