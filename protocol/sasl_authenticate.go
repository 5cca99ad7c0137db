package protocol

func init() {
	register[SaslAuthenticateRequest, SaslAuthenticateResponse](API{Key: KeySaslAuthenticate, Name: "SaslAuthenticate", MinVersion: 0, MaxVersion: 2, FlexibleFrom: 2})
}

// SaslAuthenticateRequest carries one SASL token from the client. The bytes
// are opaque here; their meaning belongs to the mechanism.
type SaslAuthenticateRequest struct {
	AuthBytes []byte
}

func (*SaslAuthenticateRequest) APIKey() int16 { return KeySaslAuthenticate }

func (m *SaslAuthenticateRequest) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeySaslAuthenticate, version))
}

func (m *SaslAuthenticateRequest) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeySaslAuthenticate, version))
}

func (m *SaslAuthenticateRequest) fields(c *codec) {
	c.Bytes(&m.AuthBytes)
	c.NoTags()
}

// SaslAuthenticateResponse carries the server's SASL token. From v1,
// SessionLifetimeMs (KIP-368) says when the client must re-authenticate; 0
// means no limit.
type SaslAuthenticateResponse struct {
	ErrorCode         int16
	ErrorMessage      *string
	AuthBytes         []byte // aliases the decoded input
	SessionLifetimeMs int64  // v1+
}

func (*SaslAuthenticateResponse) APIKey() int16 { return KeySaslAuthenticate }

func (m *SaslAuthenticateResponse) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeySaslAuthenticate, version))
}

func (m *SaslAuthenticateResponse) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeySaslAuthenticate, version))
}

func (m *SaslAuthenticateResponse) fields(c *codec) {
	c.Int16(&m.ErrorCode)
	c.NullableString(&m.ErrorMessage)
	c.Bytes(&m.AuthBytes)
	if c.version >= 1 {
		c.Int64(&m.SessionLifetimeMs)
	}
	c.NoTags()
}
