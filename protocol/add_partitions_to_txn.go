package protocol

func init() {
	register(API{Key: KeyAddPartitionsToTxn, Name: "AddPartitionsToTxn", MinVersion: 0, MaxVersion: 5, FlexibleFrom: 3,
		NewRequest: func() Message { return new(AddPartitionsToTxnRequest) }, NewResponse: func() Message { return new(AddPartitionsToTxnResponse) }})
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
	w := NewWriter(dst, KeyAddPartitionsToTxn, version)
	if version >= 4 {
		AppendArray(&w, m.Transactions, func(t *AddPartitionsToTxnRequestTransaction) {
			w.String(t.TransactionalID)
			w.Int64(t.ProducerID)
			w.Int16(t.ProducerEpoch)
			w.Bool(t.VerifyOnly)
			appendTxnTopics(&w, t.Topics)
			w.NoTags()
		})
	} else {
		w.String(m.V3AndBelowTransactionalID)
		w.Int64(m.V3AndBelowProducerID)
		w.Int16(m.V3AndBelowProducerEpoch)
		appendTxnTopics(&w, m.V3AndBelowTopics)
	}
	w.NoTags()
	return w.B
}

func (m *AddPartitionsToTxnRequest) Decode(r *Reader, version int16) {
	r.UseVersion(KeyAddPartitionsToTxn, version)
	if version >= 4 {
		m.Transactions = ReadArray(r, func(t *AddPartitionsToTxnRequestTransaction) {
			t.TransactionalID = r.String()
			t.ProducerID = r.Int64()
			t.ProducerEpoch = r.Int16()
			t.VerifyOnly = r.Bool()
			t.Topics = readTxnTopics(r)
			r.SkipTags()
		})
	} else {
		m.V3AndBelowTransactionalID = r.String()
		m.V3AndBelowProducerID = r.Int64()
		m.V3AndBelowProducerEpoch = r.Int16()
		m.V3AndBelowTopics = readTxnTopics(r)
	}
	r.SkipTags()
}

func appendTxnTopics(w *Writer, topics []AddPartitionsToTxnRequestTopic) {
	AppendArray(w, topics, func(t *AddPartitionsToTxnRequestTopic) {
		w.String(t.Name)
		w.Int32s(t.Partitions)
		w.NoTags()
	})
}

func readTxnTopics(r *Reader) []AddPartitionsToTxnRequestTopic {
	return ReadArray(r, func(t *AddPartitionsToTxnRequestTopic) {
		t.Name = r.String()
		t.Partitions = r.Int32s()
		r.SkipTags()
	})
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
	w := NewWriter(dst, KeyAddPartitionsToTxn, version)
	w.Int32(m.ThrottleTimeMs)
	if version >= 4 {
		w.Int16(m.ErrorCode)
		AppendArray(&w, m.ResultsByTransaction, func(t *AddPartitionsToTxnResponseResult) {
			w.String(t.TransactionalID)
			appendTxnTopicResults(&w, t.TopicResults)
			w.NoTags()
		})
	} else {
		appendTxnTopicResults(&w, m.ResultsByTopicV3AndBelow)
	}
	w.NoTags()
	return w.B
}

func (m *AddPartitionsToTxnResponse) Decode(r *Reader, version int16) {
	r.UseVersion(KeyAddPartitionsToTxn, version)
	m.ThrottleTimeMs = r.Int32()
	if version >= 4 {
		m.ErrorCode = r.Int16()
		m.ResultsByTransaction = ReadArray(r, func(t *AddPartitionsToTxnResponseResult) {
			t.TransactionalID = r.String()
			t.TopicResults = readTxnTopicResults(r)
			r.SkipTags()
		})
	} else {
		m.ResultsByTopicV3AndBelow = readTxnTopicResults(r)
	}
	r.SkipTags()
}

func appendTxnTopicResults(w *Writer, topics []AddPartitionsToTxnResponseTopicResult) {
	AppendArray(w, topics, func(t *AddPartitionsToTxnResponseTopicResult) {
		w.String(t.Name)
		AppendArray(w, t.ResultsByPartition, func(p *AddPartitionsToTxnResponsePartitionResult) {
			w.Int32(p.PartitionIndex)
			w.Int16(p.PartitionErrorCode)
			w.NoTags()
		})
		w.NoTags()
	})
}

func readTxnTopicResults(r *Reader) []AddPartitionsToTxnResponseTopicResult {
	return ReadArray(r, func(t *AddPartitionsToTxnResponseTopicResult) {
		t.Name = r.String()
		t.ResultsByPartition = ReadArray(r, func(p *AddPartitionsToTxnResponsePartitionResult) {
			p.PartitionIndex = r.Int32()
			p.PartitionErrorCode = r.Int16()
			r.SkipTags()
		})
		r.SkipTags()
	})
}
