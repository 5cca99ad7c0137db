package protocol

func init() {
	register(API{Key: KeyInitProducerId, Name: "InitProducerId", MinVersion: 0, MaxVersion: 5, FlexibleFrom: 2,
		NewRequest: func() Message { return new(InitProducerIdRequest) }, NewResponse: func() Message { return new(InitProducerIdResponse) }})
}

// InitProducerIdRequest asks for a producer id and epoch: from any broker for
// an idempotent producer, from the transaction coordinator for a
// transactional one. Version 6 (two-phase commit, KIP-939) is unstable in
// Kafka 4.1 and not spoken here.
type InitProducerIdRequest struct {
	TransactionalId      *string // nil for a non-transactional producer
	TransactionTimeoutMs int32
	ProducerId           int64 // v3+, default -1
	ProducerEpoch        int16 // v3+, default -1
}

func (*InitProducerIdRequest) APIKey() int16 { return KeyInitProducerId }

func (m *InitProducerIdRequest) AppendTo(dst []byte, version int16) []byte {
	w := NewWriter(dst, KeyInitProducerId, version)
	w.NullableString(m.TransactionalId)
	w.Int32(m.TransactionTimeoutMs)
	if version >= 3 {
		w.Int64(m.ProducerId)
		w.Int16(m.ProducerEpoch)
	}
	w.NoTags()
	return w.B
}

func (m *InitProducerIdRequest) Decode(r *Reader, version int16) {
	r.UseVersion(KeyInitProducerId, version)
	m.TransactionalId = r.NullableString()
	m.TransactionTimeoutMs = r.Int32()
	m.ProducerId, m.ProducerEpoch = -1, -1
	if version >= 3 {
		m.ProducerId = r.Int64()
		m.ProducerEpoch = r.Int16()
	}
	r.SkipTags()
}

// InitProducerIdResponse carries the producer id and epoch to use.
type InitProducerIdResponse struct {
	ThrottleTimeMs int32
	ErrorCode      int16
	ProducerId     int64 // default -1
	ProducerEpoch  int16
}

func (*InitProducerIdResponse) APIKey() int16 { return KeyInitProducerId }

func (m *InitProducerIdResponse) AppendTo(dst []byte, version int16) []byte {
	w := NewWriter(dst, KeyInitProducerId, version)
	w.Int32(m.ThrottleTimeMs)
	w.Int16(m.ErrorCode)
	w.Int64(m.ProducerId)
	w.Int16(m.ProducerEpoch)
	w.NoTags()
	return w.B
}

func (m *InitProducerIdResponse) Decode(r *Reader, version int16) {
	r.UseVersion(KeyInitProducerId, version)
	m.ThrottleTimeMs = r.Int32()
	m.ErrorCode = r.Int16()
	m.ProducerId = r.Int64()
	m.ProducerEpoch = r.Int16()
	r.SkipTags()
}
