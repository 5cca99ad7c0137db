package protocol

func init() {
	register(API{Key: KeyDeleteAcls, Name: "DeleteAcls", MinVersion: 1, MaxVersion: 3, FlexibleFrom: 2,
		NewRequest: func() Message { return new(DeleteAclsRequest) }, NewResponse: func() Message { return new(DeleteAclsResponse) }})
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
	w := NewWriter(dst, KeyDeleteAcls, version)
	AppendArray(&w, m.Filters, func(f *DeleteAclsFilter) {
		w.Int8(f.ResourceTypeFilter)
		w.NullableString(f.ResourceNameFilter)
		w.Int8(f.PatternTypeFilter)
		w.NullableString(f.PrincipalFilter)
		w.NullableString(f.HostFilter)
		w.Int8(f.Operation)
		w.Int8(f.PermissionType)
		w.NoTags()
	})
	w.NoTags()
	return w.B
}

func (m *DeleteAclsRequest) Decode(r *Reader, version int16) {
	r.UseVersion(KeyDeleteAcls, version)
	m.Filters = ReadArray(r, func(f *DeleteAclsFilter) {
		f.ResourceTypeFilter = r.Int8()
		f.ResourceNameFilter = r.NullableString()
		f.PatternTypeFilter = r.Int8()
		f.PrincipalFilter = r.NullableString()
		f.HostFilter = r.NullableString()
		f.Operation = r.Int8()
		f.PermissionType = r.Int8()
		r.SkipTags()
	})
	r.SkipTags()
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
	w := NewWriter(dst, KeyDeleteAcls, version)
	w.Int32(m.ThrottleTimeMs)
	AppendArray(&w, m.FilterResults, func(fr *DeleteAclsFilterResult) {
		w.Int16(fr.ErrorCode)
		w.NullableString(fr.ErrorMessage)
		AppendArray(&w, fr.MatchingAcls, func(a *DeleteAclsMatchingAcl) {
			w.Int16(a.ErrorCode)
			w.NullableString(a.ErrorMessage)
			w.Int8(a.ResourceType)
			w.String(a.ResourceName)
			w.Int8(a.PatternType)
			w.String(a.Principal)
			w.String(a.Host)
			w.Int8(a.Operation)
			w.Int8(a.PermissionType)
			w.NoTags()
		})
		w.NoTags()
	})
	w.NoTags()
	return w.B
}

func (m *DeleteAclsResponse) Decode(r *Reader, version int16) {
	r.UseVersion(KeyDeleteAcls, version)
	m.ThrottleTimeMs = r.Int32()
	m.FilterResults = ReadArray(r, func(fr *DeleteAclsFilterResult) {
		fr.ErrorCode = r.Int16()
		fr.ErrorMessage = r.NullableString()
		fr.MatchingAcls = ReadArray(r, func(a *DeleteAclsMatchingAcl) {
			a.ErrorCode = r.Int16()
			a.ErrorMessage = r.NullableString()
			a.ResourceType = r.Int8()
			a.ResourceName = r.String()
			a.PatternType = r.Int8()
			a.Principal = r.String()
			a.Host = r.String()
			a.Operation = r.Int8()
			a.PermissionType = r.Int8()
			r.SkipTags()
		})
		r.SkipTags()
	})
	r.SkipTags()
}
