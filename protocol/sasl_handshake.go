package protocol

func init() {
	register[SaslHandshakeRequest, SaslHandshakeResponse](API{Key: KeySaslHandshake, Name: "SaslHandshake", MinVersion: 0, MaxVersion: 1, FlexibleFrom: -1})
}

// SaslHandshakeRequest picks the SASL mechanism. With v1 the SASL exchange
// that follows is framed in SaslAuthenticate requests; with v0 it is sent as
// raw size-prefixed tokens. The API is never flexible.
type SaslHandshakeRequest struct {
	Mechanism string
}

func (*SaslHandshakeRequest) APIKey() int16 { return KeySaslHandshake }

func (m *SaslHandshakeRequest) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeySaslHandshake, version))
}

func (m *SaslHandshakeRequest) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeySaslHandshake, version))
}

func (m *SaslHandshakeRequest) fields(c *codec) {
	c.String(&m.Mechanism)
}

// SaslHandshakeResponse lists the mechanisms the broker enables.
type SaslHandshakeResponse struct {
	ErrorCode  int16
	Mechanisms []string
}

func (*SaslHandshakeResponse) APIKey() int16 { return KeySaslHandshake }

func (m *SaslHandshakeResponse) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeySaslHandshake, version))
}

func (m *SaslHandshakeResponse) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeySaslHandshake, version))
}

func (m *SaslHandshakeResponse) fields(c *codec) {
	c.Int16(&m.ErrorCode)
	c.Strings(&m.Mechanisms)
}
