package protocol

func init() {
	register(API{Key: KeyListGroups, Name: "ListGroups", MinVersion: 0, MaxVersion: 5, FlexibleFrom: 3,
		NewRequest: func() Message { return new(ListGroupsRequest) }, NewResponse: func() Message { return new(ListGroupsResponse) }})
}

// ListGroupsRequest lists the groups a broker coordinates, optionally
// filtered by state (v4+) and type (v5+).
type ListGroupsRequest struct {
	StatesFilter []string // v4+
	TypesFilter  []string // v5+
}

func (*ListGroupsRequest) APIKey() int16 { return KeyListGroups }

func (m *ListGroupsRequest) AppendTo(dst []byte, version int16) []byte {
	w := NewWriter(dst, KeyListGroups, version)
	if version >= 4 {
		w.Strings(m.StatesFilter)
	}
	if version >= 5 {
		w.Strings(m.TypesFilter)
	}
	w.NoTags()
	return w.B
}

func (m *ListGroupsRequest) Decode(r *Reader, version int16) {
	r.UseVersion(KeyListGroups, version)
	if version >= 4 {
		m.StatesFilter = r.Strings()
	}
	if version >= 5 {
		m.TypesFilter = r.Strings()
	}
	r.SkipTags()
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
	w := NewWriter(dst, KeyListGroups, version)
	if version >= 1 {
		w.Int32(m.ThrottleTimeMs)
	}
	w.Int16(m.ErrorCode)
	AppendArray(&w, m.Groups, func(g *ListGroupsResponseGroup) {
		w.String(g.GroupID)
		w.String(g.ProtocolType)
		if version >= 4 {
			w.String(g.GroupState)
		}
		if version >= 5 {
			w.String(g.GroupType)
		}
		w.NoTags()
	})
	w.NoTags()
	return w.B
}

func (m *ListGroupsResponse) Decode(r *Reader, version int16) {
	r.UseVersion(KeyListGroups, version)
	if version >= 1 {
		m.ThrottleTimeMs = r.Int32()
	}
	m.ErrorCode = r.Int16()
	m.Groups = ReadArray(r, func(g *ListGroupsResponseGroup) {
		g.GroupID = r.String()
		g.ProtocolType = r.String()
		if version >= 4 {
			g.GroupState = r.String()
		}
		if version >= 5 {
			g.GroupType = r.String()
		}
		r.SkipTags()
	})
	r.SkipTags()
}
