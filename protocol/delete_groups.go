package protocol

func init() {
	register(API{Key: KeyDeleteGroups, Name: "DeleteGroups", MinVersion: 0, MaxVersion: 3, FlexibleFrom: 2,
		NewRequest: func() Message { return new(DeleteGroupsRequest) }, NewResponse: func() Message { return new(DeleteGroupsResponse) }})
}

// DeleteGroupsRequest deletes empty groups.
type DeleteGroupsRequest struct {
	GroupsNames []string
}

func (*DeleteGroupsRequest) APIKey() int16 { return KeyDeleteGroups }

func (m *DeleteGroupsRequest) AppendTo(dst []byte, version int16) []byte {
	w := Writer{B: dst}
	flex := version >= 2
	grpAppendStrings(&w, m.GroupsNames, flex)
	w.NoTags(flex)
	return w.B
}

func (m *DeleteGroupsRequest) Decode(r *Reader, version int16) {
	flex := version >= 2
	m.GroupsNames = grpReadStrings(r, flex)
	r.SkipTags(flex)
}

// DeleteGroupsResponse reports the outcome per group.
type DeleteGroupsResponse struct {
	ThrottleTimeMs int32
	Results        []DeleteGroupsResponseResult
}

// DeleteGroupsResponseResult is one group's deletion result.
type DeleteGroupsResponseResult struct {
	GroupId      string
	ErrorCode    int16
	ErrorMessage *string // v3+
}

func (*DeleteGroupsResponse) APIKey() int16 { return KeyDeleteGroups }

func (m *DeleteGroupsResponse) AppendTo(dst []byte, version int16) []byte {
	w := Writer{B: dst}
	flex := version >= 2
	w.Int32(m.ThrottleTimeMs)
	w.ArrayLen(len(m.Results), flex)
	for i := range m.Results {
		w.String(m.Results[i].GroupId, flex)
		w.Int16(m.Results[i].ErrorCode)
		if version >= 3 {
			w.NullableString(m.Results[i].ErrorMessage, flex)
		}
		w.NoTags(flex)
	}
	w.NoTags(flex)
	return w.B
}

func (m *DeleteGroupsResponse) Decode(r *Reader, version int16) {
	flex := version >= 2
	m.ThrottleTimeMs = r.Int32()
	if n := r.ArrayLen(flex); n >= 0 {
		m.Results = make([]DeleteGroupsResponseResult, n)
		for i := range m.Results {
			m.Results[i].GroupId = r.String(flex)
			m.Results[i].ErrorCode = r.Int16()
			if version >= 3 {
				m.Results[i].ErrorMessage = r.NullableString(flex)
			}
			r.SkipTags(flex)
		}
	}
	r.SkipTags(flex)
}
