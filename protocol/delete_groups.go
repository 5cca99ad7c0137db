package protocol

func init() {
	register[DeleteGroupsRequest, DeleteGroupsResponse](API{Key: KeyDeleteGroups, Name: "DeleteGroups", MinVersion: 0, MaxVersion: 3, FlexibleFrom: 2})
}

// DeleteGroupsRequest deletes empty groups.
type DeleteGroupsRequest struct {
	GroupsNames []string
}

func (*DeleteGroupsRequest) APIKey() int16 { return KeyDeleteGroups }

func (m *DeleteGroupsRequest) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeyDeleteGroups, version))
}

func (m *DeleteGroupsRequest) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyDeleteGroups, version))
}

func (m *DeleteGroupsRequest) fields(c *codec) {
	c.Strings(&m.GroupsNames)
	c.NoTags()
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
	return encode(m, encoder(dst, KeyDeleteGroups, version))
}

func (m *DeleteGroupsResponse) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyDeleteGroups, version))
}

func (m *DeleteGroupsResponse) fields(c *codec) {
	c.Int32(&m.ThrottleTimeMs)
	arrayOf(c, &m.Results, func(res *DeleteGroupsResponseResult) {
		c.String(&res.GroupID)
		c.Int16(&res.ErrorCode)
		if c.version >= 3 {
			c.NullableString(&res.ErrorMessage)
		}
		c.NoTags()
	})
	c.NoTags()
}
