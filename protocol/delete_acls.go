package protocol

func init() {
	register[DeleteAclsRequest, DeleteAclsResponse](API{Key: KeyDeleteAcls, Name: "DeleteAcls", MinVersion: 1, MaxVersion: 3, FlexibleFrom: 2})
}

// DeleteAclsRequest deletes every ACL matching any of its filters.
type DeleteAclsRequest struct {
	Filters []DeleteAclsFilter
}

// DeleteAclsFilter matches ACLs; nil strings match anything.
type DeleteAclsFilter struct {
	ResourceTypeFilter int8
	ResourceNameFilter *string
	PatternTypeFilter  int8 // default 3 (LITERAL)
	PrincipalFilter    *string
	HostFilter         *string
	Operation          int8
	PermissionType     int8
}

func (*DeleteAclsRequest) APIKey() int16 { return KeyDeleteAcls }

func (m *DeleteAclsRequest) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeyDeleteAcls, version))
}

func (m *DeleteAclsRequest) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyDeleteAcls, version))
}

func (m *DeleteAclsRequest) fields(c *codec) {
	arrayOf(c, &m.Filters, func(f *DeleteAclsFilter) { f.fields(c) })
	c.NoTags()
}

func (f *DeleteAclsFilter) fields(c *codec) {
	c.Int8(&f.ResourceTypeFilter)
	c.NullableString(&f.ResourceNameFilter)
	c.Int8(&f.PatternTypeFilter)
	c.NullableString(&f.PrincipalFilter)
	c.NullableString(&f.HostFilter)
	c.Int8(&f.Operation)
	c.Int8(&f.PermissionType)
	c.NoTags()
}

// DeleteAclsResponse has one result per filter, in request order.
type DeleteAclsResponse struct {
	ThrottleTimeMs int32
	FilterResults  []DeleteAclsFilterResult
}

// DeleteAclsFilterResult is one filter's outcome and the ACLs it matched.
type DeleteAclsFilterResult struct {
	ErrorCode    int16
	ErrorMessage *string
	MatchingAcls []DeleteAclsMatchingAcl
}

// DeleteAclsMatchingAcl is one ACL a filter matched, with its deletion's
// outcome.
type DeleteAclsMatchingAcl struct {
	ErrorCode      int16
	ErrorMessage   *string
	ResourceType   int8
	ResourceName   string
	PatternType    int8 // default 3 (LITERAL)
	Principal      string
	Host           string
	Operation      int8
	PermissionType int8
}

func (*DeleteAclsResponse) APIKey() int16 { return KeyDeleteAcls }

func (m *DeleteAclsResponse) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeyDeleteAcls, version))
}

func (m *DeleteAclsResponse) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyDeleteAcls, version))
}

func (m *DeleteAclsResponse) fields(c *codec) {
	c.Int32(&m.ThrottleTimeMs)
	arrayOf(c, &m.FilterResults, func(fr *DeleteAclsFilterResult) {
		c.Int16(&fr.ErrorCode)
		c.NullableString(&fr.ErrorMessage)
		arrayOf(c, &fr.MatchingAcls, func(a *DeleteAclsMatchingAcl) {
			c.Int16(&a.ErrorCode)
			c.NullableString(&a.ErrorMessage)
			c.Int8(&a.ResourceType)
			c.String(&a.ResourceName)
			c.Int8(&a.PatternType)
			c.String(&a.Principal)
			c.String(&a.Host)
			c.Int8(&a.Operation)
			c.Int8(&a.PermissionType)
			c.NoTags()
		})
		c.NoTags()
	})
	c.NoTags()
}
