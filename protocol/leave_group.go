package protocol

func init() {
	register[LeaveGroupRequest, LeaveGroupResponse](API{Key: KeyLeaveGroup, Name: "LeaveGroup", MinVersion: 0, MaxVersion: 5, FlexibleFrom: 4})
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
	return encode(m, encoder(dst, KeyLeaveGroup, version))
}

func (m *LeaveGroupRequest) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyLeaveGroup, version))
}

func (m *LeaveGroupRequest) fields(c *codec) {
	c.String(&m.GroupID)
	if c.version <= 2 {
		c.String(&m.MemberID)
	} else {
		arrayOf(c, &m.Members, func(p *LeaveGroupRequestMember) {
			c.String(&p.MemberID)
			c.NullableString(&p.GroupInstanceID)
			if c.version >= 5 {
				c.NullableString(&p.Reason)
			}
			c.NoTags()
		})
	}
	c.NoTags()
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
	return encode(m, encoder(dst, KeyLeaveGroup, version))
}

func (m *LeaveGroupResponse) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyLeaveGroup, version))
}

func (m *LeaveGroupResponse) fields(c *codec) {
	if c.version >= 1 {
		c.Int32(&m.ThrottleTimeMs)
	}
	c.Int16(&m.ErrorCode)
	if c.version >= 3 {
		arrayOf(c, &m.Members, func(p *LeaveGroupResponseMember) {
			c.String(&p.MemberID)
			c.NullableString(&p.GroupInstanceID)
			c.Int16(&p.ErrorCode)
			c.NoTags()
		})
	}
	c.NoTags()
}
