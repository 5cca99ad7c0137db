package protocol

func init() {
	register[ListGroupsRequest, ListGroupsResponse](API{Key: KeyListGroups, Name: "ListGroups", MinVersion: 0, MaxVersion: 5, FlexibleFrom: 3})
}

// ListGroupsRequest lists the groups a broker coordinates, optionally
// filtered by state (v4+) and type (v5+).
type ListGroupsRequest struct {
	StatesFilter []string // v4+
	TypesFilter  []string // v5+
}

func (*ListGroupsRequest) APIKey() int16 { return KeyListGroups }

func (m *ListGroupsRequest) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeyListGroups, version))
}

func (m *ListGroupsRequest) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyListGroups, version))
}

func (m *ListGroupsRequest) fields(c *codec) {
	if c.version >= 4 {
		c.Strings(&m.StatesFilter)
	}
	if c.version >= 5 {
		c.Strings(&m.TypesFilter)
	}
	c.NoTags()
}

// ListGroupsResponse lists a broker's groups.
type ListGroupsResponse struct {
	ThrottleTimeMs int32 // v1+
	ErrorCode      int16
	Groups         []ListGroupsResponseGroup
}

// ListGroupsResponseGroup is one listed group.
type ListGroupsResponseGroup struct {
	GroupID      string
	ProtocolType string
	GroupState   string // v4+
	GroupType    string // v5+
}

func (*ListGroupsResponse) APIKey() int16 { return KeyListGroups }

func (m *ListGroupsResponse) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeyListGroups, version))
}

func (m *ListGroupsResponse) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyListGroups, version))
}

func (m *ListGroupsResponse) fields(c *codec) {
	if c.version >= 1 {
		c.Int32(&m.ThrottleTimeMs)
	}
	c.Int16(&m.ErrorCode)
	arrayOf(c, &m.Groups, func(g *ListGroupsResponseGroup) {
		c.String(&g.GroupID)
		c.String(&g.ProtocolType)
		if c.version >= 4 {
			c.String(&g.GroupState)
		}
		if c.version >= 5 {
			c.String(&g.GroupType)
		}
		c.NoTags()
	})
	c.NoTags()
}
