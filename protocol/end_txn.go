package protocol

func init() {
	register(API{Key: KeyEndTxn, Name: "EndTxn", MinVersion: 0, MaxVersion: 5, FlexibleFrom: 3,
		NewRequest: func() Message { return new(EndTxnRequest) }, NewResponse: func() Message { return new(EndTxnResponse) }})
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
	w := NewWriter(dst, KeyEndTxn, version)
	w.String(m.TransactionalID)
	w.Int64(m.ProducerID)
	w.Int16(m.ProducerEpoch)
	w.Bool(m.Committed)
	w.NoTags()
	return w.B
}

func (m *EndTxnRequest) Decode(r *Reader, version int16) {
	r.UseVersion(KeyEndTxn, version)
	m.TransactionalID = r.String()
	m.ProducerID = r.Int64()
	m.ProducerEpoch = r.Int16()
	m.Committed = r.Bool()
	r.SkipTags()
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
	w := NewWriter(dst, KeyEndTxn, version)
	w.Int32(m.ThrottleTimeMs)
	w.Int16(m.ErrorCode)
	if version >= 5 {
		w.Int64(m.ProducerID)
		w.Int16(m.ProducerEpoch)
	}
	w.NoTags()
	return w.B
}

func (m *EndTxnResponse) Decode(r *Reader, version int16) {
	r.UseVersion(KeyEndTxn, version)
	m.ThrottleTimeMs = r.Int32()
	m.ErrorCode = r.Int16()
	m.ProducerID, m.ProducerEpoch = -1, -1
	if version >= 5 {
		m.ProducerID = r.Int64()
		m.ProducerEpoch = r.Int16()
	}
	r.SkipTags()
}
