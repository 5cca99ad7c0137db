package protocol

func init() {
	register[InitProducerIDRequest, InitProducerIDResponse](API{Key: KeyInitProducerID, Name: "InitProducerId", MinVersion: 0, MaxVersion: 5, FlexibleFrom: 2})
}

// InitProducerIdRequest asks for a producer id and epoch: from any broker for
// an idempotent producer, from the transaction coordinator for a
// transactional one. Version 6 (two-phase commit, KIP-939) is unstable in
// Kafka 4.1 and not spoken here.
type InitProducerIDRequest struct {
	TransactionalID      *string // nil for a non-transactional producer
	TransactionTimeoutMs int32
	ProducerID           int64 // v3+, default -1
	ProducerEpoch        int16 // v3+, default -1
}

func (*InitProducerIDRequest) APIKey() int16 { return KeyInitProducerID }

func (m *InitProducerIDRequest) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeyInitProducerID, version))
}

func (m *InitProducerIDRequest) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyInitProducerID, version))
}

func (m *InitProducerIDRequest) fields(c *codec) {
	c.NullableString(&m.TransactionalID)
	c.Int32(&m.TransactionTimeoutMs)
	if c.version >= 3 {
		c.Int64(&m.ProducerID)
		c.Int16(&m.ProducerEpoch)
	} else if c.decoding() {
		m.ProducerID, m.ProducerEpoch = -1, -1
	}
	c.NoTags()
}

// InitProducerIdResponse carries the producer id and epoch to use.
type InitProducerIDResponse struct {
	ThrottleTimeMs int32
	ErrorCode      int16
	ProducerID     int64 // default -1
	ProducerEpoch  int16
}

func (*InitProducerIDResponse) APIKey() int16 { return KeyInitProducerID }

func (m *InitProducerIDResponse) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeyInitProducerID, version))
}

func (m *InitProducerIDResponse) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyInitProducerID, version))
}

func (m *InitProducerIDResponse) fields(c *codec) {
	c.Int32(&m.ThrottleTimeMs)
	c.Int16(&m.ErrorCode)
	c.Int64(&m.ProducerID)
	c.Int16(&m.ProducerEpoch)
	c.NoTags()
}
