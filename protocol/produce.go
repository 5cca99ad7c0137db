package protocol

func init() {
	register(API{Key: KeyProduce, Name: "Produce", MinVersion: 3, MaxVersion: 13, FlexibleFrom: 9,
		NewRequest: func() Message { return new(ProduceRequest) }, NewResponse: func() Message { return new(ProduceResponse) }})
}

// ProduceRequest writes record batches to partition leaders. Encoding it is
// the producer's hot path: AppendTo allocates nothing beyond growing dst.
type ProduceRequest struct {
	TransactionalID *string // nullable; nil when the producer is not transactional
	Acks            int16   // 0, 1, or -1 for all in-sync replicas
	TimeoutMs       int32
	TopicData       []ProduceRequestTopic
}

// ProduceRequestTopic is one topic's data. Versions up to 12 name the topic,
// v13+ identify it by TopicID; the codec writes the one the version uses.
type ProduceRequestTopic struct {
	Name          string // v0-12
	TopicID       UUID   // v13+
	PartitionData []ProduceRequestPartition
}

// ProduceRequestPartition is one partition's data.
type ProduceRequestPartition struct {
	Index int32
	// Records holds raw record-batch bytes (nullable). Decoded values alias
	// the input.
	Records []byte
}

func (*ProduceRequest) APIKey() int16 { return KeyProduce }

func (m *ProduceRequest) AppendTo(dst []byte, version int16) []byte {
	w := NewWriter(dst, KeyProduce, version)
	w.NullableString(m.TransactionalID)
	w.Int16(m.Acks)
	w.Int32(m.TimeoutMs)
	AppendArray(&w, m.TopicData, func(t *ProduceRequestTopic) {
		w.TopicNameOrID(t.Name, t.TopicID, version >= 13)
		AppendArray(&w, t.PartitionData, func(p *ProduceRequestPartition) {
			w.Int32(p.Index)
			w.NullableBytes(p.Records)
			w.NoTags()
		})
		w.NoTags()
	})
	w.NoTags()
	return w.B
}

func (m *ProduceRequest) Decode(r *Reader, version int16) {
	r.UseVersion(KeyProduce, version)
	*m = ProduceRequest{}
	m.TransactionalID = r.NullableString()
	m.Acks = r.Int16()
	m.TimeoutMs = r.Int32()
	m.TopicData = ReadArray(r, func(t *ProduceRequestTopic) {
		r.TopicNameOrID(&t.Name, &t.TopicID, version >= 13)
		t.PartitionData = ReadArray(r, func(p *ProduceRequestPartition) {
			p.Index = r.Int32()
			p.Records = r.Bytes()
			r.SkipTags()
		})
		r.SkipTags()
	})
	r.SkipTags()
}

// ProduceResponse reports, per partition, where the batch was written or
// why it was not.
type ProduceResponse struct {
	Responses      []ProduceResponseTopic
	ThrottleTimeMs int32 // v1+
	// NodeEndpoints (v10+, tagged) lists the current leaders of partitions
	// answered with NOT_LEADER_OR_FOLLOWER.
	NodeEndpoints []ProduceResponseNodeEndpoint
}

// ProduceResponseTopic is one topic's answer: named up to v12, identified by
// TopicID from v13.
type ProduceResponseTopic struct {
	Name               string // v0-12
	TopicID            UUID   // v13+
	PartitionResponses []ProduceResponsePartition
}

// ProduceResponsePartition is one partition's answer.
type ProduceResponsePartition struct {
	Index           int32
	ErrorCode       int16
	BaseOffset      int64
	LogAppendTimeMs int64                        // v2+, default -1
	LogStartOffset  int64                        // v5+, default -1
	RecordErrors    []ProduceResponseRecordError // v8+
	ErrorMessage    *string                      // v8+, nullable
	// CurrentLeader (v10+, tagged) is the new leader when ErrorCode is
	// NOT_LEADER_OR_FOLLOWER. Its default (written as absent) is
	// {LeaderID: -1, LeaderEpoch: -1}, which Decode sets when it is absent.
	CurrentLeader ProduceResponseLeaderIDAndEpoch
}

// ProduceResponseRecordError names a record that made the broker drop the
// whole batch (Kafka's BatchIndexAndErrorMessage).
type ProduceResponseRecordError struct {
	BatchIndex             int32
	BatchIndexErrorMessage *string // nullable
}

// ProduceResponseLeaderIdAndEpoch is a partition's current leader.
type ProduceResponseLeaderIDAndEpoch = LeaderIDAndEpoch

// ProduceResponseNodeEndpoint is a broker's address.
type ProduceResponseNodeEndpoint = NodeEndpoint

func (*ProduceResponse) APIKey() int16 { return KeyProduce }

func (m *ProduceResponse) AppendTo(dst []byte, version int16) []byte {
	w := NewWriter(dst, KeyProduce, version)
	AppendArray(&w, m.Responses, func(t *ProduceResponseTopic) {
		w.TopicNameOrID(t.Name, t.TopicID, version >= 13)
		AppendArray(&w, t.PartitionResponses, func(p *ProduceResponsePartition) { p.appendTo(&w, version) })
		w.NoTags()
	})
	if version >= 1 {
		w.Int32(m.ThrottleTimeMs)
	}
	appendNodeEndpointsTags(&w, m.NodeEndpoints, version >= 10)
	return w.B
}

func (p *ProduceResponsePartition) appendTo(w *Writer, version int16) {
	w.Int32(p.Index)
	w.Int16(p.ErrorCode)
	w.Int64(p.BaseOffset)
	if version >= 2 {
		w.Int64(p.LogAppendTimeMs)
	}
	if version >= 5 {
		w.Int64(p.LogStartOffset)
	}
	if version >= 8 {
		AppendArray(w, p.RecordErrors, func(e *ProduceResponseRecordError) {
			w.Int32(e.BatchIndex)
			w.NullableString(e.BatchIndexErrorMessage)
			w.NoTags()
		})
		w.NullableString(p.ErrorMessage)
	}
	if !w.Flex {
		return
	}
	if version >= 10 && p.CurrentLeader != (ProduceResponseLeaderIDAndEpoch{-1, -1}) {
		w.Uvarint(1)
		mark := w.BeginTag(0)
		p.CurrentLeader.appendTo(w)
		w.EndTag(mark)
	} else {
		w.NoTags()
	}
}

func (m *ProduceResponse) Decode(r *Reader, version int16) {
	r.UseVersion(KeyProduce, version)
	*m = ProduceResponse{}
	m.Responses = ReadArray(r, func(t *ProduceResponseTopic) {
		r.TopicNameOrID(&t.Name, &t.TopicID, version >= 13)
		t.PartitionResponses = ReadArray(r, func(e *ProduceResponsePartition) { e.decode(r, version) })
		r.SkipTags()
	})
	if version >= 1 {
		m.ThrottleTimeMs = r.Int32()
	}
	m.NodeEndpoints = readNodeEndpointsTags(r, version >= 10)
}

func (p *ProduceResponsePartition) decode(r *Reader, version int16) {
	p.Index = r.Int32()
	p.ErrorCode = r.Int16()
	p.BaseOffset = r.Int64()
	p.LogAppendTimeMs = -1
	if version >= 2 {
		p.LogAppendTimeMs = r.Int64()
	}
	p.LogStartOffset = -1
	if version >= 5 {
		p.LogStartOffset = r.Int64()
	}
	if version >= 8 {
		p.RecordErrors = ReadArray(r, func(e *ProduceResponseRecordError) {
			e.BatchIndex = r.Int32()
			e.BatchIndexErrorMessage = r.NullableString()
			r.SkipTags()
		})
		p.ErrorMessage = r.NullableString()
	}
	p.CurrentLeader = ProduceResponseLeaderIDAndEpoch{-1, -1}
	for tag, f := range r.Tags() {
		if tag == 0 && version >= 10 {
			p.CurrentLeader.decode(f)
		}
	}
}
