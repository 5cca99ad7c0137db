package protocol

func init() {
	register(API{Key: KeyDescribeAcls, Name: "DescribeAcls", MinVersion: 1, MaxVersion: 3, FlexibleFrom: 2,
		NewRequest: func() Message { return new(DescribeAclsRequest) }, NewResponse: func() Message { return new(DescribeAclsResponse) }})
}

// DescribeAclsRequest lists the ACLs matching one filter. Every version we
// speak (1+) carries the pattern type.
type DescribeAclsRequest struct {
	ResourceTypeFilter int8
	ResourceNameFilter *string // nil matches any name
	PatternTypeFilter  int8    // default 3 (LITERAL)
	PrincipalFilter    *string // nil matches any principal
	HostFilter         *string // nil matches any host
	Operation          int8
	PermissionType     int8
}

func (*DescribeAclsRequest) APIKey() int16 { return KeyDescribeAcls }

func (m *DescribeAclsRequest) AppendTo(dst []byte, version int16) []byte {
	w := NewWriter(dst, KeyDescribeAcls, version)
	w.Int8(m.ResourceTypeFilter)
	w.NullableString(m.ResourceNameFilter)
	w.Int8(m.PatternTypeFilter)
	w.NullableString(m.PrincipalFilter)
	w.NullableString(m.HostFilter)
	w.Int8(m.Operation)
	w.Int8(m.PermissionType)
	w.NoTags()
	return w.B
}

func (m *DescribeAclsRequest) Decode(r *Reader, version int16) {
	r.UseVersion(KeyDescribeAcls, version)
	m.ResourceTypeFilter = r.Int8()
	m.ResourceNameFilter = r.NullableString()
	m.PatternTypeFilter = r.Int8()
	m.PrincipalFilter = r.NullableString()
	m.HostFilter = r.NullableString()
	m.Operation = r.Int8()
	m.PermissionType = r.Int8()
	r.SkipTags()
}

// DescribeAclsResponse lists the matching ACLs grouped by resource.
type DescribeAclsResponse struct {
	ThrottleTimeMs int32
	ErrorCode      int16
	ErrorMessage   *string
	Resources      []DescribeAclsResource
}

// DescribeAclsResource is one resource pattern and its ACLs.
type DescribeAclsResource struct {
	ResourceType int8
	ResourceName string
	PatternType  int8
	Acls         []AclDescription
}

// AclDescription is one ACL of a resource.
type AclDescription struct {
	Principal      string
	Host           string
	Operation      int8
	PermissionType int8
}

func (*DescribeAclsResponse) APIKey() int16 { return KeyDescribeAcls }

func (m *DescribeAclsResponse) AppendTo(dst []byte, version int16) []byte {
	w := NewWriter(dst, KeyDescribeAcls, version)
	w.Int32(m.ThrottleTimeMs)
	w.Int16(m.ErrorCode)
	w.NullableString(m.ErrorMessage)
	AppendArray(&w, m.Resources, func(res *DescribeAclsResource) {
		w.Int8(res.ResourceType)
		w.String(res.ResourceName)
		w.Int8(res.PatternType)
		AppendArray(&w, res.Acls, func(a *AclDescription) {
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

func (m *DescribeAclsResponse) Decode(r *Reader, version int16) {
	r.UseVersion(KeyDescribeAcls, version)
	m.ThrottleTimeMs = r.Int32()
	m.ErrorCode = r.Int16()
	m.ErrorMessage = r.NullableString()
	m.Resources = ReadArray(r, func(res *DescribeAclsResource) {
		res.ResourceType = r.Int8()
		res.ResourceName = r.String()
		res.PatternType = r.Int8()
		res.Acls = ReadArray(r, func(a *AclDescription) {
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
