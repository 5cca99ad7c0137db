package protocol

func init() {
	register[AddOffsetsToTxnRequest, AddOffsetsToTxnResponse](API{Key: KeyAddOffsetsToTxn, Name: "AddOffsetsToTxn", MinVersion: 0, MaxVersion: 4, FlexibleFrom: 3})
}

// AddOffsetsToTxnRequest tells the transaction coordinator that the
// transaction will commit offsets of a consumer group (the
// __consumer_offsets partition of GroupID joins the transaction).
type AddOffsetsToTxnRequest struct {
	TransactionalID string
	ProducerID      int64
	ProducerEpoch   int16
	GroupID         string
}

func (*AddOffsetsToTxnRequest) APIKey() int16 { return KeyAddOffsetsToTxn }

func (m *AddOffsetsToTxnRequest) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeyAddOffsetsToTxn, version))
}

func (m *AddOffsetsToTxnRequest) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyAddOffsetsToTxn, version))
}

func (m *AddOffsetsToTxnRequest) fields(c *codec) {
	c.String(&m.TransactionalID)
	c.Int64(&m.ProducerID)
	c.Int16(&m.ProducerEpoch)
	c.String(&m.GroupID)
	c.NoTags()
}

// AddOffsetsToTxnResponse answers an AddOffsetsToTxnRequest.
type AddOffsetsToTxnResponse struct {
	ThrottleTimeMs int32
	ErrorCode      int16
}

func (*AddOffsetsToTxnResponse) APIKey() int16 { return KeyAddOffsetsToTxn }

func (m *AddOffsetsToTxnResponse) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeyAddOffsetsToTxn, version))
}

func (m *AddOffsetsToTxnResponse) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyAddOffsetsToTxn, version))
}

func (m *AddOffsetsToTxnResponse) fields(c *codec) {
	c.Int32(&m.ThrottleTimeMs)
	c.Int16(&m.ErrorCode)
	c.NoTags()
}
