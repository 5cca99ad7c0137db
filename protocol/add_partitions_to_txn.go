package protocol

func init() {
	register[AddPartitionsToTxnRequest, AddPartitionsToTxnResponse](API{Key: KeyAddPartitionsToTxn, Name: "AddPartitionsToTxn", MinVersion: 0, MaxVersion: 5, FlexibleFrom: 3})
}

// AddPartitionsToTxnRequest adds partitions to a transaction. It has two
// shapes (KIP-890): v0-3 is the client form, one transaction in the
// V3AndBelow* fields; v4+ is the broker-to-coordinator form, a batch of
// transactions in Transactions (clients keep using v3 and below).
type AddPartitionsToTxnRequest struct {
	Transactions              []AddPartitionsToTxnRequestTransaction // v4+
	V3AndBelowTransactionalID string                                 // v0-3
	V3AndBelowProducerID      int64                                  // v0-3
	V3AndBelowProducerEpoch   int16                                  // v0-3
	V3AndBelowTopics          []AddPartitionsToTxnRequestTopic       // v0-3
}

// AddPartitionsToTxnRequestTransaction is one transaction of a v4+ batch.
type AddPartitionsToTxnRequestTransaction struct {
	TransactionalID string
	ProducerID      int64
	ProducerEpoch   int16
	VerifyOnly      bool // only check the partitions are in the transaction
	Topics          []AddPartitionsToTxnRequestTopic
}

// AddPartitionsToTxnRequestTopic names partitions of one topic.
type AddPartitionsToTxnRequestTopic struct {
	Name       string
	Partitions []int32
}

func (*AddPartitionsToTxnRequest) APIKey() int16 { return KeyAddPartitionsToTxn }

func (m *AddPartitionsToTxnRequest) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeyAddPartitionsToTxn, version))
}

func (m *AddPartitionsToTxnRequest) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyAddPartitionsToTxn, version))
}

func (m *AddPartitionsToTxnRequest) fields(c *codec) {
	if c.version >= 4 {
		arrayOf(c, &m.Transactions, func(t *AddPartitionsToTxnRequestTransaction) {
			c.String(&t.TransactionalID)
			c.Int64(&t.ProducerID)
			c.Int16(&t.ProducerEpoch)
			c.Bool(&t.VerifyOnly)
			arrayOf(c, &t.Topics, func(t *AddPartitionsToTxnRequestTopic) { t.fields(c) })
			c.NoTags()
		})
	} else {
		c.String(&m.V3AndBelowTransactionalID)
		c.Int64(&m.V3AndBelowProducerID)
		c.Int16(&m.V3AndBelowProducerEpoch)
		arrayOf(c, &m.V3AndBelowTopics, func(t *AddPartitionsToTxnRequestTopic) { t.fields(c) })
	}
	c.NoTags()
}

func (t *AddPartitionsToTxnRequestTopic) fields(c *codec) {
	c.String(&t.Name)
	c.Int32s(&t.Partitions)
	c.NoTags()
}

// AddPartitionsToTxnResponse answers an AddPartitionsToTxnRequest in the
// shape of the request's version: per topic for v0-3, per transaction for
// v4+.
type AddPartitionsToTxnResponse struct {
	ThrottleTimeMs           int32
	ErrorCode                int16                                   // v4+
	ResultsByTransaction     []AddPartitionsToTxnResponseResult      // v4+
	ResultsByTopicV3AndBelow []AddPartitionsToTxnResponseTopicResult // v0-3
}

// AddPartitionsToTxnResponseResult is the result of one transaction (v4+).
type AddPartitionsToTxnResponseResult struct {
	TransactionalID string
	TopicResults    []AddPartitionsToTxnResponseTopicResult
}

// AddPartitionsToTxnResponseTopicResult holds one topic's partition results.
type AddPartitionsToTxnResponseTopicResult struct {
	Name               string
	ResultsByPartition []AddPartitionsToTxnResponsePartitionResult
}

// AddPartitionsToTxnResponsePartitionResult is one partition's error code.
type AddPartitionsToTxnResponsePartitionResult struct {
	PartitionIndex     int32
	PartitionErrorCode int16
}

func (*AddPartitionsToTxnResponse) APIKey() int16 { return KeyAddPartitionsToTxn }

func (m *AddPartitionsToTxnResponse) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeyAddPartitionsToTxn, version))
}

func (m *AddPartitionsToTxnResponse) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyAddPartitionsToTxn, version))
}

func (m *AddPartitionsToTxnResponse) fields(c *codec) {
	c.Int32(&m.ThrottleTimeMs)
	if c.version >= 4 {
		c.Int16(&m.ErrorCode)
		arrayOf(c, &m.ResultsByTransaction, func(t *AddPartitionsToTxnResponseResult) {
			c.String(&t.TransactionalID)
			arrayOf(c, &t.TopicResults, func(t *AddPartitionsToTxnResponseTopicResult) { t.fields(c) })
			c.NoTags()
		})
	} else {
		arrayOf(c, &m.ResultsByTopicV3AndBelow, func(t *AddPartitionsToTxnResponseTopicResult) { t.fields(c) })
	}
	c.NoTags()
}

func (t *AddPartitionsToTxnResponseTopicResult) fields(c *codec) {
	c.String(&t.Name)
	arrayOf(c, &t.ResultsByPartition, func(p *AddPartitionsToTxnResponsePartitionResult) {
		c.Int32(&p.PartitionIndex)
		c.Int16(&p.PartitionErrorCode)
		c.NoTags()
	})
	c.NoTags()
}
