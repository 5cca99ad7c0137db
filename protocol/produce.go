package protocol

func init() {
	register[ProduceRequest, ProduceResponse](API{Key: KeyProduce, Name: "Produce", MinVersion: 3, MaxVersion: 13, FlexibleFrom: 9})
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
	return encode(m, encoder(dst, KeyProduce, version))
}

func (m *ProduceResponse) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyProduce, version))
}

func (m *ProduceResponse) fields(c *codec) {
	if c.decoding() {
		*m = ProduceResponse{}
	}
	arrayOf(c, &m.Responses, func(t *ProduceResponseTopic) {
		c.TopicNameOrID(&t.Name, &t.TopicID, c.version >= 13)
		arrayOf(c, &t.PartitionResponses, func(p *ProduceResponsePartition) { p.fields(c) })
		c.NoTags()
	})
	if c.version >= 1 {
		c.Int32(&m.ThrottleTimeMs)
	}
	nodeEndpointsTags(c, &m.NodeEndpoints, c.version >= 10)
}

func (p *ProduceResponsePartition) fields(c *codec) {
	c.Int32(&p.Index)
	c.Int16(&p.ErrorCode)
	c.Int64(&p.BaseOffset)
	if c.version >= 2 {
		c.Int64(&p.LogAppendTimeMs)
	} else if c.decoding() {
		p.LogAppendTimeMs = -1
	}
	if c.version >= 5 {
		c.Int64(&p.LogStartOffset)
	} else if c.decoding() {
		p.LogStartOffset = -1
	}
	if c.version >= 8 {
		arrayOf(c, &p.RecordErrors, func(e *ProduceResponseRecordError) {
			c.Int32(&e.BatchIndex)
			c.NullableString(&e.BatchIndexErrorMessage)
			c.NoTags()
		})
		c.NullableString(&p.ErrorMessage)
	}
	// CurrentLeader is absent when it holds its default.
	if c.decoding() {
		p.CurrentLeader = ProduceResponseLeaderIDAndEpoch{-1, -1}
	}
	c.Tags(func() {
		if c.version >= 10 {
			c.Tag(0, p.CurrentLeader != (ProduceResponseLeaderIDAndEpoch{-1, -1}), func() { p.CurrentLeader.fields(c) })
		}
	})
}
