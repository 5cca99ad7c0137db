package protocol

func init() {
	register(API{Key: KeyProduce, Name: "Produce", MinVersion: 3, MaxVersion: 13, FlexibleFrom: 9,
		NewRequest: func() Message { return new(ProduceRequest) }, NewResponse: func() Message { return new(ProduceResponse) }})
}

// ProduceRequest writes record batches to partition leaders. Encoding it is
// the producer's hot path: AppendTo allocates nothing beyond growing dst.
type ProduceRequest struct {
	TransactionalId *string // nullable; nil when the producer is not transactional
	Acks            int16   // 0, 1, or -1 for all in-sync replicas
	TimeoutMs       int32
	TopicData       []ProduceRequestTopic
}

// ProduceRequestTopic is one topic's data. Versions up to 12 name the topic,
// v13+ identify it by TopicId; the codec writes the one the version uses.
type ProduceRequestTopic struct {
	Name          string // v0-12
	TopicId       UUID   // v13+
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
	w := Writer{B: dst}
	flex := version >= 9
	w.NullableString(m.TransactionalId, flex)
	w.Int16(m.Acks)
	w.Int32(m.TimeoutMs)
	w.ArrayLen(len(m.TopicData), flex)
	for i := range m.TopicData {
		t := &m.TopicData[i]
		if version >= 13 {
			w.UUID(t.TopicId)
		} else {
			w.String(t.Name, flex)
		}
		w.ArrayLen(len(t.PartitionData), flex)
		for j := range t.PartitionData {
			p := &t.PartitionData[j]
			w.Int32(p.Index)
			w.NullableBytes(p.Records, flex)
			w.NoTags(flex)
		}
		w.NoTags(flex)
	}
	w.NoTags(flex)
	return w.B
}

func (m *ProduceRequest) Decode(r *Reader, version int16) {
	flex := version >= 9
	*m = ProduceRequest{}
	m.TransactionalId = r.NullableString(flex)
	m.Acks = r.Int16()
	m.TimeoutMs = r.Int32()
	if n := r.ArrayLen(flex); n >= 0 {
		m.TopicData = make([]ProduceRequestTopic, n)
		for i := range m.TopicData {
			t := &m.TopicData[i]
			if version >= 13 {
				t.TopicId = r.UUID()
			} else {
				t.Name = r.String(flex)
			}
			if n := r.ArrayLen(flex); n >= 0 {
				t.PartitionData = make([]ProduceRequestPartition, n)
				for j := range t.PartitionData {
					p := &t.PartitionData[j]
					p.Index = r.Int32()
					p.Records = r.Bytes(flex)
					r.SkipTags(flex)
				}
			}
			r.SkipTags(flex)
		}
	}
	r.SkipTags(flex)
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
// TopicId from v13.
type ProduceResponseTopic struct {
	Name               string // v0-12
	TopicId            UUID   // v13+
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
	// {LeaderId: -1, LeaderEpoch: -1}, which Decode sets when it is absent.
	CurrentLeader ProduceResponseLeaderIdAndEpoch
}

// ProduceResponseRecordError names a record that made the broker drop the
// whole batch (Kafka's BatchIndexAndErrorMessage).
type ProduceResponseRecordError struct {
	BatchIndex             int32
	BatchIndexErrorMessage *string // nullable
}

// ProduceResponseLeaderIdAndEpoch is a partition's current leader.
type ProduceResponseLeaderIdAndEpoch struct {
	LeaderId    int32 // default -1
	LeaderEpoch int32 // default -1
}

// ProduceResponseNodeEndpoint is a broker's address.
type ProduceResponseNodeEndpoint = NodeEndpoint

func (*ProduceResponse) APIKey() int16 { return KeyProduce }

func (m *ProduceResponse) AppendTo(dst []byte, version int16) []byte {
	w := Writer{B: dst}
	flex := version >= 9
	w.ArrayLen(len(m.Responses), flex)
	for i := range m.Responses {
		t := &m.Responses[i]
		if version >= 13 {
			w.UUID(t.TopicId)
		} else {
			w.String(t.Name, flex)
		}
		w.ArrayLen(len(t.PartitionResponses), flex)
		for j := range t.PartitionResponses {
			t.PartitionResponses[j].appendTo(&w, version, flex)
		}
		w.NoTags(flex)
	}
	if version >= 1 {
		w.Int32(m.ThrottleTimeMs)
	}
	if flex {
		if version >= 10 && len(m.NodeEndpoints) > 0 {
			w.Uvarint(1)
			mark := w.BeginTag(0)
			appendNodeEndpoints(&w, m.NodeEndpoints)
			w.EndTag(mark)
		} else {
			w.NoTags(true)
		}
	}
	return w.B
}

func (p *ProduceResponsePartition) appendTo(w *Writer, version int16, flex bool) {
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
		w.ArrayLen(len(p.RecordErrors), flex)
		for i := range p.RecordErrors {
			e := &p.RecordErrors[i]
			w.Int32(e.BatchIndex)
			w.NullableString(e.BatchIndexErrorMessage, flex)
			w.NoTags(flex)
		}
		w.NullableString(p.ErrorMessage, flex)
	}
	if !flex {
		return
	}
	if version >= 10 && p.CurrentLeader != (ProduceResponseLeaderIdAndEpoch{-1, -1}) {
		w.Uvarint(1)
		mark := w.BeginTag(0)
		w.Int32(p.CurrentLeader.LeaderId)
		w.Int32(p.CurrentLeader.LeaderEpoch)
		w.NoTags(true)
		w.EndTag(mark)
	} else {
		w.NoTags(true)
	}
}

func (m *ProduceResponse) Decode(r *Reader, version int16) {
	flex := version >= 9
	*m = ProduceResponse{}
	if n := r.ArrayLen(flex); n >= 0 {
		m.Responses = make([]ProduceResponseTopic, n)
		for i := range m.Responses {
			t := &m.Responses[i]
			if version >= 13 {
				t.TopicId = r.UUID()
			} else {
				t.Name = r.String(flex)
			}
			if n := r.ArrayLen(flex); n >= 0 {
				t.PartitionResponses = make([]ProduceResponsePartition, n)
				for j := range t.PartitionResponses {
					t.PartitionResponses[j].decode(r, version, flex)
				}
			}
			r.SkipTags(flex)
		}
	}
	if version >= 1 {
		m.ThrottleTimeMs = r.Int32()
	}
	if !flex {
		return
	}
	for n := r.Uvarint(); n > 0 && r.err == nil; n-- {
		tag, f := dpTagField(r)
		if tag != 0 || version < 10 {
			continue
		}
		m.NodeEndpoints = decodeNodeEndpoints(&f)
		dpTagDone(r, tag, &f)
	}
}

func (p *ProduceResponsePartition) decode(r *Reader, version int16, flex bool) {
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
		if n := r.ArrayLen(flex); n >= 0 {
			p.RecordErrors = make([]ProduceResponseRecordError, n)
			for i := range p.RecordErrors {
				e := &p.RecordErrors[i]
				e.BatchIndex = r.Int32()
				e.BatchIndexErrorMessage = r.NullableString(flex)
				r.SkipTags(flex)
			}
		}
		p.ErrorMessage = r.NullableString(flex)
	}
	p.CurrentLeader = ProduceResponseLeaderIdAndEpoch{-1, -1}
	if !flex {
		return
	}
	for n := r.Uvarint(); n > 0 && r.err == nil; n-- {
		tag, f := dpTagField(r)
		if tag != 0 || version < 10 {
			continue
		}
		p.CurrentLeader.LeaderId = f.Int32()
		p.CurrentLeader.LeaderEpoch = f.Int32()
		f.SkipTags(true)
		dpTagDone(r, tag, &f)
	}
}
