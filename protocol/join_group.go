package protocol

func init() {
	register[JoinGroupRequest, JoinGroupResponse](API{Key: KeyJoinGroup, Name: "JoinGroup", MinVersion: 0, MaxVersion: 9, FlexibleFrom: 6})
}

// JoinGroupRequest joins (or rejoins) a classic group. Each protocol's
// Metadata is opaque here; for the "consumer" protocol type it holds a
// ConsumerProtocolSubscription.
type JoinGroupRequest struct {
	GroupID            string
	SessionTimeoutMs   int32
	RebalanceTimeoutMs int32 // v1+, default -1
	MemberID           string
	GroupInstanceID    *string // v5+
	ProtocolType       string
	Protocols          []JoinGroupRequestProtocol
	Reason             *string // v8+
}

// JoinGroupRequestProtocol is one protocol the member supports, with its
// opaque metadata.
type JoinGroupRequestProtocol struct {
	Name     string
	Metadata []byte
}

func (*JoinGroupRequest) APIKey() int16 { return KeyJoinGroup }

func (m *JoinGroupRequest) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeyJoinGroup, version))
}

func (m *JoinGroupRequest) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyJoinGroup, version))
}

func (m *JoinGroupRequest) fields(c *codec) {
	c.String(&m.GroupID)
	c.Int32(&m.SessionTimeoutMs)
	if c.version >= 1 {
		c.Int32(&m.RebalanceTimeoutMs)
	} else if c.decoding() {
		m.RebalanceTimeoutMs = -1
	}
	c.String(&m.MemberID)
	if c.version >= 5 {
		c.NullableString(&m.GroupInstanceID)
	}
	c.String(&m.ProtocolType)
	arrayOf(c, &m.Protocols, func(p *JoinGroupRequestProtocol) {
		c.String(&p.Name)
		c.Bytes(&p.Metadata)
		c.NoTags()
	})
	if c.version >= 8 {
		c.NullableString(&m.Reason)
	}
	c.NoTags()
}

// JoinGroupResponse ends the join phase: the leader receives every member's
// metadata in Members, followers an empty list.
type JoinGroupResponse struct {
	ThrottleTimeMs int32 // v2+
	ErrorCode      int16
	GenerationID   int32   // default -1
	ProtocolType   *string // v7+
	ProtocolName   *string // nullable from v7; written as "" when nil before
	Leader         string
	SkipAssignment bool // v9+
	MemberID       string
	Members        []JoinGroupResponseMember
}

// JoinGroupResponseMember is one member's id and opaque protocol metadata.
type JoinGroupResponseMember struct {
	MemberID        string
	GroupInstanceID *string // v5+
	Metadata        []byte
}

func (*JoinGroupResponse) APIKey() int16 { return KeyJoinGroup }

func (m *JoinGroupResponse) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeyJoinGroup, version))
}

func (m *JoinGroupResponse) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyJoinGroup, version))
}

func (m *JoinGroupResponse) fields(c *codec) {
	if c.version >= 2 {
		c.Int32(&m.ThrottleTimeMs)
	}
	c.Int16(&m.ErrorCode)
	c.Int32(&m.GenerationID)
	if c.version >= 7 {
		c.NullableString(&m.ProtocolType)
	}
	c.StringPtr(&m.ProtocolName, c.version >= 7)
	c.String(&m.Leader)
	if c.version >= 9 {
		c.Bool(&m.SkipAssignment)
	}
	c.String(&m.MemberID)
	arrayOf(c, &m.Members, func(p *JoinGroupResponseMember) {
		c.String(&p.MemberID)
		if c.version >= 5 {
			c.NullableString(&p.GroupInstanceID)
		}
		c.Bytes(&p.Metadata)
		c.NoTags()
	})
	c.NoTags()
}
