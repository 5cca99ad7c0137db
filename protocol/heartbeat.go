package protocol

func init() {
	register[HeartbeatRequest, HeartbeatResponse](API{Key: KeyHeartbeat, Name: "Heartbeat", MinVersion: 0, MaxVersion: 4, FlexibleFrom: 4})
}

// HeartbeatRequest keeps a classic group member alive.
type HeartbeatRequest struct {
	GroupID         string
	GenerationID    int32
	MemberID        string
	GroupInstanceID *string // v3+
}

func (*HeartbeatRequest) APIKey() int16 { return KeyHeartbeat }

func (m *HeartbeatRequest) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeyHeartbeat, version))
}

func (m *HeartbeatRequest) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyHeartbeat, version))
}

func (m *HeartbeatRequest) fields(c *codec) {
	c.String(&m.GroupID)
	c.Int32(&m.GenerationID)
	c.String(&m.MemberID)
	if c.version >= 3 {
		c.NullableString(&m.GroupInstanceID)
	}
	c.NoTags()
}

// HeartbeatResponse reports whether the member is still in the current
// generation (REBALANCE_IN_PROGRESS asks it to rejoin).
type HeartbeatResponse struct {
	ThrottleTimeMs int32 // v1+
	ErrorCode      int16
}

func (*HeartbeatResponse) APIKey() int16 { return KeyHeartbeat }

func (m *HeartbeatResponse) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeyHeartbeat, version))
}

func (m *HeartbeatResponse) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyHeartbeat, version))
}

func (m *HeartbeatResponse) fields(c *codec) {
	if c.version >= 1 {
		c.Int32(&m.ThrottleTimeMs)
	}
	c.Int16(&m.ErrorCode)
	c.NoTags()
}
