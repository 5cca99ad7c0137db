package protocol

func init() {
	register(API{Key: KeyJoinGroup, Name: "JoinGroup", MinVersion: 0, MaxVersion: 9, FlexibleFrom: 6,
		NewRequest: func() Message { return new(JoinGroupRequest) }, NewResponse: func() Message { return new(JoinGroupResponse) }})
}

// JoinGroupRequest joins (or rejoins) a classic group. Each protocol's
// Metadata is opaque here; for the "consumer" protocol type it holds a
// ConsumerProtocolSubscription.
type JoinGroupRequest struct {
	GroupId            string
	SessionTimeoutMs   int32
	RebalanceTimeoutMs int32 // v1+, default -1
	MemberId           string
	GroupInstanceId    *string // v5+
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
	w := Writer{B: dst}
	flex := version >= 6
	w.String(m.GroupId, flex)
	w.Int32(m.SessionTimeoutMs)
	if version >= 1 {
		w.Int32(m.RebalanceTimeoutMs)
	}
	w.String(m.MemberId, flex)
	if version >= 5 {
		w.NullableString(m.GroupInstanceId, flex)
	}
	w.String(m.ProtocolType, flex)
	w.ArrayLen(len(m.Protocols), flex)
	for i := range m.Protocols {
		p := &m.Protocols[i]
		w.String(p.Name, flex)
		w.Bytes(p.Metadata, flex)
		w.NoTags(flex)
	}
	if version >= 8 {
		w.NullableString(m.Reason, flex)
	}
	w.NoTags(flex)
	return w.B
}

func (m *JoinGroupRequest) Decode(r *Reader, version int16) {
	flex := version >= 6
	m.GroupId = r.String(flex)
	m.SessionTimeoutMs = r.Int32()
	m.RebalanceTimeoutMs = -1
	if version >= 1 {
		m.RebalanceTimeoutMs = r.Int32()
	}
	m.MemberId = r.String(flex)
	if version >= 5 {
		m.GroupInstanceId = r.NullableString(flex)
	}
	m.ProtocolType = r.String(flex)
	if n := r.ArrayLen(flex); n >= 0 {
		m.Protocols = make([]JoinGroupRequestProtocol, n)
		for i := range m.Protocols {
			p := &m.Protocols[i]
			p.Name = r.String(flex)
			p.Metadata = r.Bytes(flex)
			r.SkipTags(flex)
		}
	}
	if version >= 8 {
		m.Reason = r.NullableString(flex)
	}
	r.SkipTags(flex)
}

// JoinGroupResponse ends the join phase: the leader receives every member's
// metadata in Members, followers an empty list.
type JoinGroupResponse struct {
	ThrottleTimeMs int32 // v2+
	ErrorCode      int16
	GenerationId   int32   // default -1
	ProtocolType   *string // v7+
	ProtocolName   *string // nullable from v7; written as "" when nil before
	Leader         string
	SkipAssignment bool // v9+
	MemberId       string
	Members        []JoinGroupResponseMember
}

// JoinGroupResponseMember is one member's id and opaque protocol metadata.
type JoinGroupResponseMember struct {
	MemberId        string
	GroupInstanceId *string // v5+
	Metadata        []byte
}

func (*JoinGroupResponse) APIKey() int16 { return KeyJoinGroup }

func (m *JoinGroupResponse) AppendTo(dst []byte, version int16) []byte {
	w := Writer{B: dst}
	flex := version >= 6
	if version >= 2 {
		w.Int32(m.ThrottleTimeMs)
	}
	w.Int16(m.ErrorCode)
	w.Int32(m.GenerationId)
	if version >= 7 {
		w.NullableString(m.ProtocolType, flex)
		w.NullableString(m.ProtocolName, flex)
	} else {
		w.String(grpDeref(m.ProtocolName), flex)
	}
	w.String(m.Leader, flex)
	if version >= 9 {
		w.Bool(m.SkipAssignment)
	}
	w.String(m.MemberId, flex)
	w.ArrayLen(len(m.Members), flex)
	for i := range m.Members {
		p := &m.Members[i]
		w.String(p.MemberId, flex)
		if version >= 5 {
			w.NullableString(p.GroupInstanceId, flex)
		}
		w.Bytes(p.Metadata, flex)
		w.NoTags(flex)
	}
	w.NoTags(flex)
	return w.B
}

func (m *JoinGroupResponse) Decode(r *Reader, version int16) {
	flex := version >= 6
	if version >= 2 {
		m.ThrottleTimeMs = r.Int32()
	}
	m.ErrorCode = r.Int16()
	m.GenerationId = r.Int32()
	if version >= 7 {
		m.ProtocolType = r.NullableString(flex)
	}
	m.ProtocolName = r.NullableString(flex)
	m.Leader = r.String(flex)
	if version >= 9 {
		m.SkipAssignment = r.Bool()
	}
	m.MemberId = r.String(flex)
	if n := r.ArrayLen(flex); n >= 0 {
		m.Members = make([]JoinGroupResponseMember, n)
		for i := range m.Members {
			p := &m.Members[i]
			p.MemberId = r.String(flex)
			if version >= 5 {
				p.GroupInstanceId = r.NullableString(flex)
			}
			p.Metadata = r.Bytes(flex)
			r.SkipTags(flex)
		}
	}
	r.SkipTags(flex)
}
