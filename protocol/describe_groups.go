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
	c := encoder(dst, KeyDescribeGroups, version)
	m.fields(&c)
	return c.w.B
}

func (m *DescribeGroupsRequest) Decode(r *Reader, version int16) {
	c := decoder(r, KeyDescribeGroups, version)
	m.fields(&c)
}

func (m *DescribeGroupsRequest) fields(c *codec) {
	c.Strings(&m.Groups)
	if c.version >= 3 {
		c.Bool(&m.IncludeAuthorizedOperations)
	}
	c.NoTags()
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
	GroupID              string
	GroupState           string
	ProtocolType         string
	ProtocolData         string
	Members              []DescribeGroupsResponseMember
	AuthorizedOperations int32 // v3+, default math.MinInt32
}

// DescribeGroupsResponseMember describes one member of a group.
type DescribeGroupsResponseMember struct {
	MemberID         string
	GroupInstanceID  *string // v4+
	ClientID         string
	ClientHost       string
	MemberMetadata   []byte
	MemberAssignment []byte
}

func (*DescribeGroupsResponse) APIKey() int16 { return KeyDescribeGroups }

func (m *DescribeGroupsResponse) AppendTo(dst []byte, version int16) []byte {
	w := NewWriter(dst, KeyDescribeGroups, version)
	if version >= 1 {
		w.Int32(m.ThrottleTimeMs)
	}
	AppendArray(&w, m.Groups, func(g *DescribeGroupsResponseGroup) {
		w.Int16(g.ErrorCode)
		if version >= 6 {
			w.NullableString(g.ErrorMessage)
		}
		w.String(g.GroupID)
		w.String(g.GroupState)
		w.String(g.ProtocolType)
		w.String(g.ProtocolData)
		AppendArray(&w, g.Members, func(p *DescribeGroupsResponseMember) {
			w.String(p.MemberID)
			if version >= 4 {
				w.NullableString(p.GroupInstanceID)
			}
			w.String(p.ClientID)
			w.String(p.ClientHost)
			w.Bytes(p.MemberMetadata)
			w.Bytes(p.MemberAssignment)
			w.NoTags()
		})
		if version >= 3 {
			w.Int32(g.AuthorizedOperations)
		}
		w.NoTags()
	})
	w.NoTags()
	return w.B
}

func (m *DescribeGroupsResponse) Decode(r *Reader, version int16) {
	r.UseVersion(KeyDescribeGroups, version)
	if version >= 1 {
		m.ThrottleTimeMs = r.Int32()
	}
	m.Groups = ReadArray(r, func(g *DescribeGroupsResponseGroup) {
		g.ErrorCode = r.Int16()
		if version >= 6 {
			g.ErrorMessage = r.NullableString()
		}
		g.GroupID = r.String()
		g.GroupState = r.String()
		g.ProtocolType = r.String()
		g.ProtocolData = r.String()
		g.Members = ReadArray(r, func(p *DescribeGroupsResponseMember) {
			p.MemberID = r.String()
			if version >= 4 {
				p.GroupInstanceID = r.NullableString()
			}
			p.ClientID = r.String()
			p.ClientHost = r.String()
			p.MemberMetadata = r.Bytes()
			p.MemberAssignment = r.Bytes()
			r.SkipTags()
		})
		g.AuthorizedOperations = math.MinInt32
		if version >= 3 {
			g.AuthorizedOperations = r.Int32()
		}
		r.SkipTags()
	})
	r.SkipTags()
}
