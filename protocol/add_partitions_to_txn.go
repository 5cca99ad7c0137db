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
	V3AndBelowTransactionalId string                                 // v0-3
	V3AndBelowProducerId      int64                                  // v0-3
	V3AndBelowProducerEpoch   int16                                  // v0-3
	V3AndBelowTopics          []AddPartitionsToTxnRequestTopic       // v0-3
}

// AddPartitionsToTxnRequestTransaction is one transaction of a v4+ batch.
type AddPartitionsToTxnRequestTransaction struct {
	TransactionalId string
	ProducerId      int64
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
	w := Writer{B: dst}
	flex := version >= 3
	if version >= 4 {
		w.ArrayLen(len(m.Transactions), flex)
		for i := range m.Transactions {
			t := &m.Transactions[i]
			w.String(t.TransactionalId, flex)
			w.Int64(t.ProducerId)
			w.Int16(t.ProducerEpoch)
			w.Bool(t.VerifyOnly)
			admAppendTxnTopics(&w, t.Topics, flex)
			w.NoTags(flex)
		}
	} else {
		w.String(m.V3AndBelowTransactionalId, flex)
		w.Int64(m.V3AndBelowProducerId)
		w.Int16(m.V3AndBelowProducerEpoch)
		admAppendTxnTopics(&w, m.V3AndBelowTopics, flex)
	}
	w.NoTags(flex)
	return w.B
}

func (m *AddPartitionsToTxnRequest) Decode(r *Reader, version int16) {
	flex := version >= 3
	if version >= 4 {
		if n := r.ArrayLen(flex); n >= 0 {
			m.Transactions = make([]AddPartitionsToTxnRequestTransaction, n)
			for i := range m.Transactions {
				t := &m.Transactions[i]
				t.TransactionalId = r.String(flex)
				t.ProducerId = r.Int64()
				t.ProducerEpoch = r.Int16()
				t.VerifyOnly = r.Bool()
				t.Topics = admReadTxnTopics(r, flex)
				r.SkipTags(flex)
			}
		}
	} else {
		m.V3AndBelowTransactionalId = r.String(flex)
		m.V3AndBelowProducerId = r.Int64()
		m.V3AndBelowProducerEpoch = r.Int16()
		m.V3AndBelowTopics = admReadTxnTopics(r, flex)
	}
	r.SkipTags(flex)
}

func admAppendTxnTopics(w *Writer, topics []AddPartitionsToTxnRequestTopic, flex bool) {
	w.ArrayLen(len(topics), flex)
	for i := range topics {
		w.String(topics[i].Name, flex)
		admAppendInt32s(w, topics[i].Partitions, flex)
		w.NoTags(flex)
	}
}

func admReadTxnTopics(r *Reader, flex bool) []AddPartitionsToTxnRequestTopic {
	n := r.ArrayLen(flex)
	if n < 0 {
		return nil
	}
	topics := make([]AddPartitionsToTxnRequestTopic, n)
	for i := range topics {
		topics[i].Name = r.String(flex)
		topics[i].Partitions = admReadInt32s(r, flex)
		r.SkipTags(flex)
	}
	return topics
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
	TransactionalId string
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
	w := Writer{B: dst}
	flex := version >= 3
	w.Int32(m.ThrottleTimeMs)
	if version >= 4 {
		w.Int16(m.ErrorCode)
		w.ArrayLen(len(m.ResultsByTransaction), flex)
		for i := range m.ResultsByTransaction {
			t := &m.ResultsByTransaction[i]
			w.String(t.TransactionalId, flex)
			admAppendTxnTopicResults(&w, t.TopicResults, flex)
			w.NoTags(flex)
		}
	} else {
		admAppendTxnTopicResults(&w, m.ResultsByTopicV3AndBelow, flex)
	}
	w.NoTags(flex)
	return w.B
}

func (m *AddPartitionsToTxnResponse) Decode(r *Reader, version int16) {
	flex := version >= 3
	m.ThrottleTimeMs = r.Int32()
	if version >= 4 {
		m.ErrorCode = r.Int16()
		if n := r.ArrayLen(flex); n >= 0 {
			m.ResultsByTransaction = make([]AddPartitionsToTxnResponseResult, n)
			for i := range m.ResultsByTransaction {
				t := &m.ResultsByTransaction[i]
				t.TransactionalId = r.String(flex)
				t.TopicResults = admReadTxnTopicResults(r, flex)
				r.SkipTags(flex)
			}
		}
	} else {
		m.ResultsByTopicV3AndBelow = admReadTxnTopicResults(r, flex)
	}
	r.SkipTags(flex)
}

func admAppendTxnTopicResults(w *Writer, topics []AddPartitionsToTxnResponseTopicResult, flex bool) {
	w.ArrayLen(len(topics), flex)
	for i := range topics {
		t := &topics[i]
		w.String(t.Name, flex)
		w.ArrayLen(len(t.ResultsByPartition), flex)
		for _, p := range t.ResultsByPartition {
			w.Int32(p.PartitionIndex)
			w.Int16(p.PartitionErrorCode)
			w.NoTags(flex)
		}
		w.NoTags(flex)
	}
}

func admReadTxnTopicResults(r *Reader, flex bool) []AddPartitionsToTxnResponseTopicResult {
	n := r.ArrayLen(flex)
	if n < 0 {
		return nil
	}
	topics := make([]AddPartitionsToTxnResponseTopicResult, n)
	for i := range topics {
		t := &topics[i]
		t.Name = r.String(flex)
		if n := r.ArrayLen(flex); n >= 0 {
			t.ResultsByPartition = make([]AddPartitionsToTxnResponsePartitionResult, n)
			for j := range t.ResultsByPartition {
				p := &t.ResultsByPartition[j]
				p.PartitionIndex = r.Int32()
				p.PartitionErrorCode = r.Int16()
				r.SkipTags(flex)
			}
		}
		r.SkipTags(flex)
	}
	return topics
}

// admAppendInt32s writes an []int32 array (nil is written as empty; use
// w.ArrayLen(-1, flex) directly for a null array).
func admAppendInt32s(w *Writer, v []int32, flex bool) {
	w.ArrayLen(len(v), flex)
	for _, x := range v {
		w.Int32(x)
	}
}

// admReadInt32s reads an []int32 array; null reads as nil.
func admReadInt32s(r *Reader, flex bool) []int32 {
	n := r.ArrayLen(flex)
	if n < 0 || r.Err() != nil {
		return nil
	}
	if n > r.Remaining()/4 {
		r.Fail(ErrInvalidLength)
		return nil
	}
	v := make([]int32, n)
	for i := range v {
		v[i] = r.Int32()
	}
	return v
}

// admAppendStrings writes a non-nullable []string array.
func admAppendStrings(w *Writer, v []string, flex bool) {
	w.ArrayLen(len(v), flex)
	for _, s := range v {
		w.String(s, flex)
	}
}

// admReadStrings reads a []string array; null reads as nil.
func admReadStrings(r *Reader, flex bool) []string {
	n := r.ArrayLen(flex)
	if n < 0 || r.Err() != nil {
		return nil
	}
	v := make([]string, n)
	for i := range v {
		v[i] = r.String(flex)
	}
	return v
}
