package protocol

func init() {
	register(API{Key: KeySaslHandshake, Name: "SaslHandshake", MinVersion: 0, MaxVersion: 1, FlexibleFrom: -1,
		NewRequest: func() Message { return new(SaslHandshakeRequest) }, NewResponse: func() Message { return new(SaslHandshakeResponse) }})
}

// SaslHandshakeRequest picks the SASL mechanism. With v1 the SASL exchange
// that follows is framed in SaslAuthenticate requests; with v0 it is sent as
// raw size-prefixed tokens. The API is never flexible.
type SaslHandshakeRequest struct {
	Mechanism string
}

func (*SaslHandshakeRequest) APIKey() int16 { return KeySaslHandshake }

func (m *SaslHandshakeRequest) AppendTo(dst []byte, version int16) []byte {
	w := Writer{B: dst}
	w.String(m.Mechanism, false)
	return w.B
}

func (m *SaslHandshakeRequest) Decode(r *Reader, version int16) {
	m.Mechanism = r.String(false)
}

// SaslHandshakeResponse lists the mechanisms the broker enables.
type SaslHandshakeResponse struct {
	ErrorCode  int16
	Mechanisms []string
}

func (*SaslHandshakeResponse) APIKey() int16 { return KeySaslHandshake }

func (m *SaslHandshakeResponse) AppendTo(dst []byte, version int16) []byte {
	w := Writer{B: dst}
	w.Int16(m.ErrorCode)
	admAppendStrings(&w, m.Mechanisms, false)
	return w.B
}

func (m *SaslHandshakeResponse) Decode(r *Reader, version int16) {
	m.ErrorCode = r.Int16()
	m.Mechanisms = admReadStrings(r, false)
}
