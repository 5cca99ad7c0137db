package protocol

func init() {
	register(API{Key: KeyHeartbeat, Name: "Heartbeat", MinVersion: 0, MaxVersion: 4, FlexibleFrom: 4,
		NewRequest: func() Message { return new(HeartbeatRequest) }, NewResponse: func() Message { return new(HeartbeatResponse) }})
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
	w := NewWriter(dst, KeyHeartbeat, version)
	w.String(m.GroupID)
	w.Int32(m.GenerationID)
	w.String(m.MemberID)
	if version >= 3 {
		w.NullableString(m.GroupInstanceID)
	}
	w.NoTags()
	return w.B
}

func (m *HeartbeatRequest) Decode(r *Reader, version int16) {
	r.UseVersion(KeyHeartbeat, version)
	m.GroupID = r.String()
	m.GenerationID = r.Int32()
	m.MemberID = r.String()
	if version >= 3 {
		m.GroupInstanceID = r.NullableString()
	}
	r.SkipTags()
}

// HeartbeatResponse reports whether the member is still in the current
// generation (REBALANCE_IN_PROGRESS asks it to rejoin).
type HeartbeatResponse struct {
	ThrottleTimeMs int32 // v1+
	ErrorCode      int16
}

func (*HeartbeatResponse) APIKey() int16 { return KeyHeartbeat }

func (m *HeartbeatResponse) AppendTo(dst []byte, version int16) []byte {
	w := NewWriter(dst, KeyHeartbeat, version)
	if version >= 1 {
		w.Int32(m.ThrottleTimeMs)
	}
	w.Int16(m.ErrorCode)
	w.NoTags()
	return w.B
}

func (m *HeartbeatResponse) Decode(r *Reader, version int16) {
	r.UseVersion(KeyHeartbeat, version)
	if version >= 1 {
		m.ThrottleTimeMs = r.Int32()
	}
	m.ErrorCode = r.Int16()
	r.SkipTags()
}
