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
	w := Writer{B: dst}
	flex := version >= 3
	if version >= 4 {
		grpAppendStrings(&w, m.StatesFilter, flex)
	}
	if version >= 5 {
		grpAppendStrings(&w, m.TypesFilter, flex)
	}
	w.NoTags(flex)
	return w.B
}

func (m *ListGroupsRequest) Decode(r *Reader, version int16) {
	flex := version >= 3
	if version >= 4 {
		m.StatesFilter = grpReadStrings(r, flex)
	}
	if version >= 5 {
		m.TypesFilter = grpReadStrings(r, flex)
	}
	r.SkipTags(flex)
}

// ListGroupsResponse lists a broker's groups.
type ListGroupsResponse struct {
	ThrottleTimeMs int32 // v1+
	ErrorCode      int16
	Groups         []ListGroupsResponseGroup
}

// ListGroupsResponseGroup is one listed group.
type ListGroupsResponseGroup struct {
	GroupId      string
	ProtocolType string
	GroupState   string // v4+
	GroupType    string // v5+
}

func (*ListGroupsResponse) APIKey() int16 { return KeyListGroups }

func (m *ListGroupsResponse) AppendTo(dst []byte, version int16) []byte {
	w := Writer{B: dst}
	flex := version >= 3
	if version >= 1 {
		w.Int32(m.ThrottleTimeMs)
	}
	w.Int16(m.ErrorCode)
	w.ArrayLen(len(m.Groups), flex)
	for i := range m.Groups {
		g := &m.Groups[i]
		w.String(g.GroupId, flex)
		w.String(g.ProtocolType, flex)
		if version >= 4 {
			w.String(g.GroupState, flex)
		}
		if version >= 5 {
			w.String(g.GroupType, flex)
		}
		w.NoTags(flex)
	}
	w.NoTags(flex)
	return w.B
}

func (m *ListGroupsResponse) Decode(r *Reader, version int16) {
	flex := version >= 3
	if version >= 1 {
		m.ThrottleTimeMs = r.Int32()
	}
	m.ErrorCode = r.Int16()
	if n := r.ArrayLen(flex); n >= 0 {
		m.Groups = make([]ListGroupsResponseGroup, n)
		for i := range m.Groups {
			g := &m.Groups[i]
			g.GroupId = r.String(flex)
			g.ProtocolType = r.String(flex)
			if version >= 4 {
				g.GroupState = r.String(flex)
			}
			if version >= 5 {
				g.GroupType = r.String(flex)
			}
			r.SkipTags(flex)
		}
	}
	r.SkipTags(flex)
}
