package protocol

func init() {
	register(API{Key: KeyAddOffsetsToTxn, Name: "AddOffsetsToTxn", MinVersion: 0, MaxVersion: 4, FlexibleFrom: 3,
		NewRequest: func() Message { return new(AddOffsetsToTxnRequest) }, NewResponse: func() Message { return new(AddOffsetsToTxnResponse) }})
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
	w := NewWriter(dst, KeyAddOffsetsToTxn, version)
	w.String(m.TransactionalID)
	w.Int64(m.ProducerID)
	w.Int16(m.ProducerEpoch)
	w.String(m.GroupID)
	w.NoTags()
	return w.B
}

func (m *AddOffsetsToTxnRequest) Decode(r *Reader, version int16) {
	r.UseVersion(KeyAddOffsetsToTxn, version)
	m.TransactionalID = r.String()
	m.ProducerID = r.Int64()
	m.ProducerEpoch = r.Int16()
	m.GroupID = r.String()
	r.SkipTags()
}

// AddOffsetsToTxnResponse answers an AddOffsetsToTxnRequest.
type AddOffsetsToTxnResponse struct {
	ThrottleTimeMs int32
	ErrorCode      int16
}

func (*AddOffsetsToTxnResponse) APIKey() int16 { return KeyAddOffsetsToTxn }

func (m *AddOffsetsToTxnResponse) AppendTo(dst []byte, version int16) []byte {
	w := NewWriter(dst, KeyAddOffsetsToTxn, version)
	w.Int32(m.ThrottleTimeMs)
	w.Int16(m.ErrorCode)
	w.NoTags()
	return w.B
}

func (m *AddOffsetsToTxnResponse) Decode(r *Reader, version int16) {
	r.UseVersion(KeyAddOffsetsToTxn, version)
	m.ThrottleTimeMs = r.Int32()
	m.ErrorCode = r.Int16()
	r.SkipTags()
}
