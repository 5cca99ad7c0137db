package protocol

func init() {
	register[EndTxnRequest, EndTxnResponse](API{Key: KeyEndTxn, Name: "EndTxn", MinVersion: 0, MaxVersion: 5, FlexibleFrom: 3})
}

// EndTxnRequest asks the transaction coordinator to commit or abort the
// ongoing transaction.
type EndTxnRequest struct {
	TransactionalID string
	ProducerID      int64
	ProducerEpoch   int16
	Committed       bool // true to commit, false to abort
}

func (*EndTxnRequest) APIKey() int16 { return KeyEndTxn }

func (m *EndTxnRequest) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeyEndTxn, version))
}

func (m *EndTxnRequest) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyEndTxn, version))
}

func (m *EndTxnRequest) fields(c *codec) {
	c.String(&m.TransactionalID)
	c.Int64(&m.ProducerID)
	c.Int16(&m.ProducerEpoch)
	c.Bool(&m.Committed)
	c.NoTags()
}

// EndTxnResponse answers an EndTxnRequest. From v5 (KIP-890) the
// coordinator bumps the epoch at the end of every transaction and returns
// the producer id and epoch to use next.
type EndTxnResponse struct {
	ThrottleTimeMs int32
	ErrorCode      int16
	ProducerID     int64 // v5+, default -1
	ProducerEpoch  int16 // v5+, default -1
}

func (*EndTxnResponse) APIKey() int16 { return KeyEndTxn }

func (m *EndTxnResponse) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeyEndTxn, version))
}

func (m *EndTxnResponse) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyEndTxn, version))
}

func (m *EndTxnResponse) fields(c *codec) {
	c.Int32(&m.ThrottleTimeMs)
	c.Int16(&m.ErrorCode)
	if c.version >= 5 {
		c.Int64(&m.ProducerID)
		c.Int16(&m.ProducerEpoch)
	} else if c.decoding() {
		m.ProducerID, m.ProducerEpoch = -1, -1
	}
	c.NoTags()
}
