package protocol

import "math"

func init() {
	register[DescribeGroupsRequest, DescribeGroupsResponse](API{Key: KeyDescribeGroups, Name: "DescribeGroups", MinVersion: 0, MaxVersion: 6, FlexibleFrom: 5})
}

// DescribeGroupsRequest describes classic groups.
type DescribeGroupsRequest struct {
	Groups                      []string
	IncludeAuthorizedOperations bool // v3+
}

func (*DescribeGroupsRequest) APIKey() int16 { return KeyDescribeGroups }

func (m *DescribeGroupsRequest) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeyDescribeGroups, version))
}

func (m *DescribeGroupsRequest) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyDescribeGroups, version))
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
	return encode(m, encoder(dst, KeyDescribeGroups, version))
}

func (m *DescribeGroupsResponse) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyDescribeGroups, version))
}

func (m *DescribeGroupsResponse) fields(c *codec) {
	if c.version >= 1 {
		c.Int32(&m.ThrottleTimeMs)
	}
	arrayOf(c, &m.Groups, func(g *DescribeGroupsResponseGroup) {
		c.Int16(&g.ErrorCode)
		if c.version >= 6 {
			c.NullableString(&g.ErrorMessage)
		}
		c.String(&g.GroupID)
		c.String(&g.GroupState)
		c.String(&g.ProtocolType)
		c.String(&g.ProtocolData)
		arrayOf(c, &g.Members, func(p *DescribeGroupsResponseMember) {
			c.String(&p.MemberID)
			if c.version >= 4 {
				c.NullableString(&p.GroupInstanceID)
			}
			c.String(&p.ClientID)
			c.String(&p.ClientHost)
			c.Bytes(&p.MemberMetadata)
			c.Bytes(&p.MemberAssignment)
			c.NoTags()
		})
		if c.version >= 3 {
			c.Int32(&g.AuthorizedOperations)
		} else if c.decoding() {
			g.AuthorizedOperations = math.MinInt32
		}
		c.NoTags()
	})
	c.NoTags()
}
