package protocol

func init() {
	register[DescribeAclsRequest, DescribeAclsResponse](API{Key: KeyDescribeAcls, Name: "DescribeAcls", MinVersion: 1, MaxVersion: 3, FlexibleFrom: 2})
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
	return encode(m, encoder(dst, KeyDescribeAcls, version))
}

func (m *DescribeAclsRequest) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyDescribeAcls, version))
}

// DescribeAclsRequest has the fields of a DeleteAcls filter, in the same
// order and ending with a tagged-field section as a filter does, so one
// field list serves both.
func (m *DescribeAclsRequest) fields(c *codec) { (*DeleteAclsFilter)(m).fields(c) }

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
	return encode(m, encoder(dst, KeyDescribeAcls, version))
}

func (m *DescribeAclsResponse) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyDescribeAcls, version))
}

func (m *DescribeAclsResponse) fields(c *codec) {
	c.Int32(&m.ThrottleTimeMs)
	c.Int16(&m.ErrorCode)
	c.NullableString(&m.ErrorMessage)
	arrayOf(c, &m.Resources, func(res *DescribeAclsResource) {
		c.Int8(&res.ResourceType)
		c.String(&res.ResourceName)
		c.Int8(&res.PatternType)
		arrayOf(c, &res.Acls, func(a *AclDescription) {
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
