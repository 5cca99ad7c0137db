package protocol

func init() {
	register(API{Key: KeySaslAuthenticate, Name: "SaslAuthenticate", MinVersion: 0, MaxVersion: 2, FlexibleFrom: 2,
		NewRequest: func() Message { return new(SaslAuthenticateRequest) }, NewResponse: func() Message { return new(SaslAuthenticateResponse) }})
}

// SaslAuthenticateRequest carries one SASL token from the client. The bytes
// are opaque here; their meaning belongs to the mechanism.
type SaslAuthenticateRequest struct {
	AuthBytes []byte
}

func (*SaslAuthenticateRequest) APIKey() int16 { return KeySaslAuthenticate }

func (m *SaslAuthenticateRequest) AppendTo(dst []byte, version int16) []byte {
	w := NewWriter(dst, KeySaslAuthenticate, version)
	w.Bytes(m.AuthBytes)
	w.NoTags()
	return w.B
}

func (m *SaslAuthenticateRequest) Decode(r *Reader, version int16) {
	r.UseVersion(KeySaslAuthenticate, version)
	m.AuthBytes = r.Bytes()
	r.SkipTags()
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
	w := NewWriter(dst, KeySaslAuthenticate, version)
	w.Int16(m.ErrorCode)
	w.NullableString(m.ErrorMessage)
	w.Bytes(m.AuthBytes)
	if version >= 1 {
		w.Int64(m.SessionLifetimeMs)
	}
	w.NoTags()
	return w.B
}

func (m *SaslAuthenticateResponse) Decode(r *Reader, version int16) {
	r.UseVersion(KeySaslAuthenticate, version)
	m.ErrorCode = r.Int16()
	m.ErrorMessage = r.NullableString()
	m.AuthBytes = r.Bytes()
	if version >= 1 {
		m.SessionLifetimeMs = r.Int64()
	}
	r.SkipTags()
}
