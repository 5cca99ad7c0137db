package protocol

import "math"

func init() {
	register(API{Key: KeyDescribeGroups, Name: "DescribeGroups", MinVersion: 0, MaxVersion: 6, FlexibleFrom: 5,
		NewRequest: func() Message { return new(DescribeGroupsRequest) }, NewResponse: func() Message { return new(DescribeGroupsResponse) }})
}

// DescribeGroupsRequest describes classic groups.
type DescribeGroupsRequest struct {
	Groups                      []string
	IncludeAuthorizedOperations bool // v3+
}

func (*DescribeGroupsRequest) APIKey() int16 { return KeyDescribeGroups }

func (m *DescribeGroupsRequest) AppendTo(dst []byte, version int16) []byte {
	w := Writer{B: dst}
	flex := version >= 5
	grpAppendStrings(&w, m.Groups, flex)
	if version >= 3 {
		w.Bool(m.IncludeAuthorizedOperations)
	}
	w.NoTags(flex)
	return w.B
}

func (m *DescribeGroupsRequest) Decode(r *Reader, version int16) {
	flex := version >= 5
	m.Groups = grpReadStrings(r, flex)
	if version >= 3 {
		m.IncludeAuthorizedOperations = r.Bool()
	}
	r.SkipTags(flex)
}

// DescribeGroupsResponse describes each requested group.
type DescribeGroupsResponse struct {
	ThrottleTimeMs int32 // v1+
	Groups         []DescribeGroupsResponseGroup
}

// DescribeGroupsResponseGroup describes one group.
type DescribeGroupsResponseGroup struct {
	ErrorCode            int16
	ErrorMessage         *string // v6+
	GroupId              string
	GroupState           string
	ProtocolType         string
	ProtocolData         string
	Members              []DescribeGroupsResponseMember
	AuthorizedOperations int32 // v3+, default math.MinInt32
}

// DescribeGroupsResponseMember describes one member of a group.
type DescribeGroupsResponseMember struct {
	MemberId         string
	GroupInstanceId  *string // v4+
	ClientId         string
	ClientHost       string
	MemberMetadata   []byte
	MemberAssignment []byte
}

func (*DescribeGroupsResponse) APIKey() int16 { return KeyDescribeGroups }

func (m *DescribeGroupsResponse) AppendTo(dst []byte, version int16) []byte {
	w := Writer{B: dst}
	flex := version >= 5
	if version >= 1 {
		w.Int32(m.ThrottleTimeMs)
	}
	w.ArrayLen(len(m.Groups), flex)
	for i := range m.Groups {
		g := &m.Groups[i]
		w.Int16(g.ErrorCode)
		if version >= 6 {
			w.NullableString(g.ErrorMessage, flex)
		}
		w.String(g.GroupId, flex)
		w.String(g.GroupState, flex)
		w.String(g.ProtocolType, flex)
		w.String(g.ProtocolData, flex)
		w.ArrayLen(len(g.Members), flex)
		for j := range g.Members {
			p := &g.Members[j]
			w.String(p.MemberId, flex)
			if version >= 4 {
				w.NullableString(p.GroupInstanceId, flex)
			}
			w.String(p.ClientId, flex)
			w.String(p.ClientHost, flex)
			w.Bytes(p.MemberMetadata, flex)
			w.Bytes(p.MemberAssignment, flex)
			w.NoTags(flex)
		}
		if version >= 3 {
			w.Int32(g.AuthorizedOperations)
		}
		w.NoTags(flex)
	}
	w.NoTags(flex)
	return w.B
}

func (m *DescribeGroupsResponse) Decode(r *Reader, version int16) {
	flex := version >= 5
	if version >= 1 {
		m.ThrottleTimeMs = r.Int32()
	}
	if n := r.ArrayLen(flex); n >= 0 {
		m.Groups = make([]DescribeGroupsResponseGroup, n)
		for i := range m.Groups {
			g := &m.Groups[i]
			g.ErrorCode = r.Int16()
			if version >= 6 {
				g.ErrorMessage = r.NullableString(flex)
			}
			g.GroupId = r.String(flex)
			g.GroupState = r.String(flex)
			g.ProtocolType = r.String(flex)
			g.ProtocolData = r.String(flex)
			if n := r.ArrayLen(flex); n >= 0 {
				g.Members = make([]DescribeGroupsResponseMember, n)
				for j := range g.Members {
					p := &g.Members[j]
					p.MemberId = r.String(flex)
					if version >= 4 {
						p.GroupInstanceId = r.NullableString(flex)
					}
					p.ClientId = r.String(flex)
					p.ClientHost = r.String(flex)
					p.MemberMetadata = r.Bytes(flex)
					p.MemberAssignment = r.Bytes(flex)
					r.SkipTags(flex)
				}
			}
			g.AuthorizedOperations = math.MinInt32
			if version >= 3 {
				g.AuthorizedOperations = r.Int32()
			}
			r.SkipTags(flex)
		}
	}
	r.SkipTags(flex)
}
