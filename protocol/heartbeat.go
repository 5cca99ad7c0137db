package protocol

func init() {
	register(API{Key: KeyHeartbeat, Name: "Heartbeat", MinVersion: 0, MaxVersion: 4, FlexibleFrom: 4,
		NewRequest: func() Message { return new(HeartbeatRequest) }, NewResponse: func() Message { return new(HeartbeatResponse) }})
}

// HeartbeatRequest keeps a classic group member alive.
type HeartbeatRequest struct {
	GroupId         string
	GenerationId    int32
	MemberId        string
	GroupInstanceId *string // v3+
}

func (*HeartbeatRequest) APIKey() int16 { return KeyHeartbeat }

func (m *HeartbeatRequest) AppendTo(dst []byte, version int16) []byte {
	w := NewWriter(dst, KeyHeartbeat, version)
	w.String(m.GroupId)
	w.Int32(m.GenerationId)
	w.String(m.MemberId)
	if version >= 3 {
		w.NullableString(m.GroupInstanceId)
	}
	w.NoTags()
	return w.B
}

func (m *HeartbeatRequest) Decode(r *Reader, version int16) {
	r.UseVersion(KeyHeartbeat, version)
	m.GroupId = r.String()
	m.GenerationId = r.Int32()
	m.MemberId = r.String()
	if version >= 3 {
		m.GroupInstanceId = r.NullableString()
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
