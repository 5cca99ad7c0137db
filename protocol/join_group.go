package protocol

func init() {
	register(API{Key: KeyJoinGroup, Name: "JoinGroup", MinVersion: 0, MaxVersion: 9, FlexibleFrom: 6,
		NewRequest: func() Message { return new(JoinGroupRequest) }, NewResponse: func() Message { return new(JoinGroupResponse) }})
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
	w := NewWriter(dst, KeyJoinGroup, version)
	w.String(m.GroupID)
	w.Int32(m.SessionTimeoutMs)
	if version >= 1 {
		w.Int32(m.RebalanceTimeoutMs)
	}
	w.String(m.MemberID)
	if version >= 5 {
		w.NullableString(m.GroupInstanceID)
	}
	w.String(m.ProtocolType)
	AppendArray(&w, m.Protocols, func(p *JoinGroupRequestProtocol) {
		w.String(p.Name)
		w.Bytes(p.Metadata)
		w.NoTags()
	})
	if version >= 8 {
		w.NullableString(m.Reason)
	}
	w.NoTags()
	return w.B
}

func (m *JoinGroupRequest) Decode(r *Reader, version int16) {
	r.UseVersion(KeyJoinGroup, version)
	m.GroupID = r.String()
	m.SessionTimeoutMs = r.Int32()
	m.RebalanceTimeoutMs = -1
	if version >= 1 {
		m.RebalanceTimeoutMs = r.Int32()
	}
	m.MemberID = r.String()
	if version >= 5 {
		m.GroupInstanceID = r.NullableString()
	}
	m.ProtocolType = r.String()
	m.Protocols = ReadArray(r, func(p *JoinGroupRequestProtocol) {
		p.Name = r.String()
		p.Metadata = r.Bytes()
		r.SkipTags()
	})
	if version >= 8 {
		m.Reason = r.NullableString()
	}
	r.SkipTags()
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
	w := NewWriter(dst, KeyJoinGroup, version)
	if version >= 2 {
		w.Int32(m.ThrottleTimeMs)
	}
	w.Int16(m.ErrorCode)
	w.Int32(m.GenerationID)
	if version >= 7 {
		w.NullableString(m.ProtocolType)
		w.NullableString(m.ProtocolName)
	} else {
		w.String(deref(m.ProtocolName))
	}
	w.String(m.Leader)
	if version >= 9 {
		w.Bool(m.SkipAssignment)
	}
	w.String(m.MemberID)
	AppendArray(&w, m.Members, func(p *JoinGroupResponseMember) {
		w.String(p.MemberID)
		if version >= 5 {
			w.NullableString(p.GroupInstanceID)
		}
		w.Bytes(p.Metadata)
		w.NoTags()
	})
	w.NoTags()
	return w.B
}

func (m *JoinGroupResponse) Decode(r *Reader, version int16) {
	r.UseVersion(KeyJoinGroup, version)
	if version >= 2 {
		m.ThrottleTimeMs = r.Int32()
	}
	m.ErrorCode = r.Int16()
	m.GenerationID = r.Int32()
	if version >= 7 {
		m.ProtocolType = r.NullableString()
	}
	m.ProtocolName = r.NullableString()
	m.Leader = r.String()
	if version >= 9 {
		m.SkipAssignment = r.Bool()
	}
	m.MemberID = r.String()
	m.Members = ReadArray(r, func(p *JoinGroupResponseMember) {
		p.MemberID = r.String()
		if version >= 5 {
			p.GroupInstanceID = r.NullableString()
		}
		p.Metadata = r.Bytes()
		r.SkipTags()
	})
	r.SkipTags()
}
