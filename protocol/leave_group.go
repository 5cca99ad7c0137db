package protocol

func init() {
	register(API{Key: KeyLeaveGroup, Name: "LeaveGroup", MinVersion: 0, MaxVersion: 5, FlexibleFrom: 4,
		NewRequest: func() Message { return new(LeaveGroupRequest) }, NewResponse: func() Message { return new(LeaveGroupResponse) }})
}

// LeaveGroupRequest removes members from a classic group: up to v2 the
// sender itself (MemberID), from v3 a batch of members (KIP-345).
type LeaveGroupRequest struct {
	GroupID  string
	MemberID string                    // v0-2
	Members  []LeaveGroupRequestMember // v3+
}

// LeaveGroupRequestMember identifies one leaving member (v3+).
type LeaveGroupRequestMember struct {
	MemberID        string
	GroupInstanceID *string
	Reason          *string // v5+
}

func (*LeaveGroupRequest) APIKey() int16 { return KeyLeaveGroup }

func (m *LeaveGroupRequest) AppendTo(dst []byte, version int16) []byte {
	w := NewWriter(dst, KeyLeaveGroup, version)
	w.String(m.GroupID)
	if version <= 2 {
		w.String(m.MemberID)
	} else {
		AppendArray(&w, m.Members, func(p *LeaveGroupRequestMember) {
			w.String(p.MemberID)
			w.NullableString(p.GroupInstanceID)
			if version >= 5 {
				w.NullableString(p.Reason)
			}
			w.NoTags()
		})
	}
	w.NoTags()
	return w.B
}

func (m *LeaveGroupRequest) Decode(r *Reader, version int16) {
	r.UseVersion(KeyLeaveGroup, version)
	m.GroupID = r.String()
	if version <= 2 {
		m.MemberID = r.String()
	} else {
		m.Members = ReadArray(r, func(p *LeaveGroupRequestMember) {
			p.MemberID = r.String()
			p.GroupInstanceID = r.NullableString()
			if version >= 5 {
				p.Reason = r.NullableString()
			}
			r.SkipTags()
		})
	}
	r.SkipTags()
}

// LeaveGroupResponse answers a LeaveGroupRequest, per member from v3.
type LeaveGroupResponse struct {
	ThrottleTimeMs int32 // v1+
	ErrorCode      int16
	Members        []LeaveGroupResponseMember // v3+
}

// LeaveGroupResponseMember is the outcome for one leaving member (v3+).
type LeaveGroupResponseMember struct {
	MemberID        string
	GroupInstanceID *string
	ErrorCode       int16
}

func (*LeaveGroupResponse) APIKey() int16 { return KeyLeaveGroup }

func (m *LeaveGroupResponse) AppendTo(dst []byte, version int16) []byte {
	w := NewWriter(dst, KeyLeaveGroup, version)
	if version >= 1 {
		w.Int32(m.ThrottleTimeMs)
	}
	w.Int16(m.ErrorCode)
	if version >= 3 {
		AppendArray(&w, m.Members, func(p *LeaveGroupResponseMember) {
			w.String(p.MemberID)
			w.NullableString(p.GroupInstanceID)
			w.Int16(p.ErrorCode)
			w.NoTags()
		})
	}
	w.NoTags()
	return w.B
}

func (m *LeaveGroupResponse) Decode(r *Reader, version int16) {
	r.UseVersion(KeyLeaveGroup, version)
	if version >= 1 {
		m.ThrottleTimeMs = r.Int32()
	}
	m.ErrorCode = r.Int16()
	if version >= 3 {
		m.Members = ReadArray(r, func(p *LeaveGroupResponseMember) {
			p.MemberID = r.String()
			p.GroupInstanceID = r.NullableString()
			p.ErrorCode = r.Int16()
			r.SkipTags()
		})
	}
	r.SkipTags()
}
