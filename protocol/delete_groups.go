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
	w := NewWriter(dst, KeyDeleteGroups, version)
	w.Strings(m.GroupsNames)
	w.NoTags()
	return w.B
}

func (m *DeleteGroupsRequest) Decode(r *Reader, version int16) {
	r.UseVersion(KeyDeleteGroups, version)
	m.GroupsNames = r.Strings()
	r.SkipTags()
}

// DeleteGroupsResponse reports the outcome per group.
type DeleteGroupsResponse struct {
	ThrottleTimeMs int32
	Results        []DeleteGroupsResponseResult
}

// DeleteGroupsResponseResult is one group's deletion result.
type DeleteGroupsResponseResult struct {
	GroupID      string
	ErrorCode    int16
	ErrorMessage *string // v3+
}

func (*DeleteGroupsResponse) APIKey() int16 { return KeyDeleteGroups }

func (m *DeleteGroupsResponse) AppendTo(dst []byte, version int16) []byte {
	w := NewWriter(dst, KeyDeleteGroups, version)
	w.Int32(m.ThrottleTimeMs)
	AppendArray(&w, m.Results, func(res *DeleteGroupsResponseResult) {
		w.String(res.GroupID)
		w.Int16(res.ErrorCode)
		if version >= 3 {
			w.NullableString(res.ErrorMessage)
		}
		w.NoTags()
	})
	w.NoTags()
	return w.B
}

func (m *DeleteGroupsResponse) Decode(r *Reader, version int16) {
	r.UseVersion(KeyDeleteGroups, version)
	m.ThrottleTimeMs = r.Int32()
	m.Results = ReadArray(r, func(res *DeleteGroupsResponseResult) {
		res.GroupID = r.String()
		res.ErrorCode = r.Int16()
		if version >= 3 {
			res.ErrorMessage = r.NullableString()
		}
		r.SkipTags()
	})
	r.SkipTags()
}
