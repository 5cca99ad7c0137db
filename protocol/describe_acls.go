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
	w := Writer{B: dst}
	flex := version >= 2
	w.Int8(m.ResourceTypeFilter)
	w.NullableString(m.ResourceNameFilter, flex)
	w.Int8(m.PatternTypeFilter)
	w.NullableString(m.PrincipalFilter, flex)
	w.NullableString(m.HostFilter, flex)
	w.Int8(m.Operation)
	w.Int8(m.PermissionType)
	w.NoTags(flex)
	return w.B
}

func (m *DescribeAclsRequest) Decode(r *Reader, version int16) {
	flex := version >= 2
	m.ResourceTypeFilter = r.Int8()
	m.ResourceNameFilter = r.NullableString(flex)
	m.PatternTypeFilter = r.Int8()
	m.PrincipalFilter = r.NullableString(flex)
	m.HostFilter = r.NullableString(flex)
	m.Operation = r.Int8()
	m.PermissionType = r.Int8()
	r.SkipTags(flex)
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
	w := Writer{B: dst}
	flex := version >= 2
	w.Int32(m.ThrottleTimeMs)
	w.Int16(m.ErrorCode)
	w.NullableString(m.ErrorMessage, flex)
	w.ArrayLen(len(m.Resources), flex)
	for i := range m.Resources {
		res := &m.Resources[i]
		w.Int8(res.ResourceType)
		w.String(res.ResourceName, flex)
		w.Int8(res.PatternType)
		w.ArrayLen(len(res.Acls), flex)
		for j := range res.Acls {
			a := &res.Acls[j]
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

func (m *DescribeAclsResponse) Decode(r *Reader, version int16) {
	flex := version >= 2
	m.ThrottleTimeMs = r.Int32()
	m.ErrorCode = r.Int16()
	m.ErrorMessage = r.NullableString(flex)
	if n := r.ArrayLen(flex); n >= 0 {
		m.Resources = make([]DescribeAclsResource, n)
		for i := range m.Resources {
			res := &m.Resources[i]
			res.ResourceType = r.Int8()
			res.ResourceName = r.String(flex)
			res.PatternType = r.Int8()
			if k := r.ArrayLen(flex); k >= 0 {
				res.Acls = make([]AclDescription, k)
				for j := range res.Acls {
					a := &res.Acls[j]
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
