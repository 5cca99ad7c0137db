package protocol

func init() {
	register(API{Key: KeyLeaveGroup, Name: "LeaveGroup", MinVersion: 0, MaxVersion: 5, FlexibleFrom: 4,
		NewRequest: func() Message { return new(LeaveGroupRequest) }, NewResponse: func() Message { return new(LeaveGroupResponse) }})
}

// LeaveGroupRequest removes members from a classic group: up to v2 the
// sender itself (MemberId), from v3 a batch of members (KIP-345).
type LeaveGroupRequest struct {
	GroupId  string
	MemberId string                    // v0-2
	Members  []LeaveGroupRequestMember // v3+
}

// LeaveGroupRequestMember identifies one leaving member (v3+).
type LeaveGroupRequestMember struct {
	MemberId        string
	GroupInstanceId *string
	Reason          *string // v5+
}

func (*LeaveGroupRequest) APIKey() int16 { return KeyLeaveGroup }

func (m *LeaveGroupRequest) AppendTo(dst []byte, version int16) []byte {
	w := Writer{B: dst}
	flex := version >= 4
	w.String(m.GroupId, flex)
	if version <= 2 {
		w.String(m.MemberId, flex)
	} else {
		w.ArrayLen(len(m.Members), flex)
		for i := range m.Members {
			p := &m.Members[i]
			w.String(p.MemberId, flex)
			w.NullableString(p.GroupInstanceId, flex)
			if version >= 5 {
				w.NullableString(p.Reason, flex)
			}
			w.NoTags(flex)
		}
	}
	w.NoTags(flex)
	return w.B
}

func (m *LeaveGroupRequest) Decode(r *Reader, version int16) {
	flex := version >= 4
	m.GroupId = r.String(flex)
	if version <= 2 {
		m.MemberId = r.String(flex)
	} else if n := r.ArrayLen(flex); n >= 0 {
		m.Members = make([]LeaveGroupRequestMember, n)
		for i := range m.Members {
			p := &m.Members[i]
			p.MemberId = r.String(flex)
			p.GroupInstanceId = r.NullableString(flex)
			if version >= 5 {
				p.Reason = r.NullableString(flex)
			}
			r.SkipTags(flex)
		}
	}
	r.SkipTags(flex)
}

// LeaveGroupResponse answers a LeaveGroupRequest, per member from v3.
type LeaveGroupResponse struct {
	ThrottleTimeMs int32 // v1+
	ErrorCode      int16
	Members        []LeaveGroupResponseMember // v3+
}

// LeaveGroupResponseMember is the outcome for one leaving member (v3+).
type LeaveGroupResponseMember struct {
	MemberId        string
	GroupInstanceId *string
	ErrorCode       int16
}

func (*LeaveGroupResponse) APIKey() int16 { return KeyLeaveGroup }

func (m *LeaveGroupResponse) AppendTo(dst []byte, version int16) []byte {
	w := Writer{B: dst}
	flex := version >= 4
	if version >= 1 {
		w.Int32(m.ThrottleTimeMs)
	}
	w.Int16(m.ErrorCode)
	if version >= 3 {
		w.ArrayLen(len(m.Members), flex)
		for i := range m.Members {
			p := &m.Members[i]
			w.String(p.MemberId, flex)
			w.NullableString(p.GroupInstanceId, flex)
			w.Int16(p.ErrorCode)
			w.NoTags(flex)
		}
	}
	w.NoTags(flex)
	return w.B
}

func (m *LeaveGroupResponse) Decode(r *Reader, version int16) {
	flex := version >= 4
	if version >= 1 {
		m.ThrottleTimeMs = r.Int32()
	}
	m.ErrorCode = r.Int16()
	if version >= 3 {
		if n := r.ArrayLen(flex); n >= 0 {
			m.Members = make([]LeaveGroupResponseMember, n)
			for i := range m.Members {
				p := &m.Members[i]
				p.MemberId = r.String(flex)
				p.GroupInstanceId = r.NullableString(flex)
				p.ErrorCode = r.Int16()
				r.SkipTags(flex)
			}
		}
	}
	r.SkipTags(flex)
}
