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
	w := Writer{B: dst}
	flex := version >= 2
	w.ArrayLen(len(m.Filters), flex)
	for i := range m.Filters {
		f := &m.Filters[i]
		w.Int8(f.ResourceTypeFilter)
		w.NullableString(f.ResourceNameFilter, flex)
		w.Int8(f.PatternTypeFilter)
		w.NullableString(f.PrincipalFilter, flex)
		w.NullableString(f.HostFilter, flex)
		w.Int8(f.Operation)
		w.Int8(f.PermissionType)
		w.NoTags(flex)
	}
	w.NoTags(flex)
	return w.B
}

func (m *DeleteAclsRequest) Decode(r *Reader, version int16) {
	flex := version >= 2
	if n := r.ArrayLen(flex); n >= 0 {
		m.Filters = make([]DeleteAclsFilter, n)
		for i := range m.Filters {
			f := &m.Filters[i]
			f.ResourceTypeFilter = r.Int8()
			f.ResourceNameFilter = r.NullableString(flex)
			f.PatternTypeFilter = r.Int8()
			f.PrincipalFilter = r.NullableString(flex)
			f.HostFilter = r.NullableString(flex)
			f.Operation = r.Int8()
			f.PermissionType = r.Int8()
			r.SkipTags(flex)
		}
	}
	r.SkipTags(flex)
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
	w := Writer{B: dst}
	flex := version >= 2
	w.Int32(m.ThrottleTimeMs)
	w.ArrayLen(len(m.FilterResults), flex)
	for i := range m.FilterResults {
		fr := &m.FilterResults[i]
		w.Int16(fr.ErrorCode)
		w.NullableString(fr.ErrorMessage, flex)
		w.ArrayLen(len(fr.MatchingAcls), flex)
		for j := range fr.MatchingAcls {
			a := &fr.MatchingAcls[j]
			w.Int16(a.ErrorCode)
			w.NullableString(a.ErrorMessage, flex)
			w.Int8(a.ResourceType)
			w.String(a.ResourceName, flex)
			w.Int8(a.PatternType)
			w.String(a.Principal, flex)
			w.String(a.Host, flex)
			w.Int8(a.Operation)
			w.Int8(a.PermissionType)
			w.NoTags(flex)
		}
		w.NoTags(flex)
	}
	w.NoTags(flex)
	return w.B
}

func (m *DeleteAclsResponse) Decode(r *Reader, version int16) {
	flex := version >= 2
	m.ThrottleTimeMs = r.Int32()
	if n := r.ArrayLen(flex); n >= 0 {
		m.FilterResults = make([]DeleteAclsFilterResult, n)
		for i := range m.FilterResults {
			fr := &m.FilterResults[i]
			fr.ErrorCode = r.Int16()
			fr.ErrorMessage = r.NullableString(flex)
			if k := r.ArrayLen(flex); k >= 0 {
				fr.MatchingAcls = make([]DeleteAclsMatchingAcl, k)
				for j := range fr.MatchingAcls {
					a := &fr.MatchingAcls[j]
					a.ErrorCode = r.Int16()
					a.ErrorMessage = r.NullableString(flex)
					a.ResourceType = r.Int8()
					a.ResourceName = r.String(flex)
					a.PatternType = r.Int8()
					a.Principal = r.String(flex)
					a.Host = r.String(flex)
					a.Operation = r.Int8()
					a.PermissionType = r.Int8()
					r.SkipTags(flex)
				}
			}
			r.SkipTags(flex)
		}
	}
	r.SkipTags(flex)
}
