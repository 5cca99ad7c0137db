package protocol

func init() {
	register[CreateAclsRequest, CreateAclsResponse](API{Key: KeyCreateAcls, Name: "CreateAcls", MinVersion: 1, MaxVersion: 3, FlexibleFrom: 2})
}

// CreateAclsRequest creates ACLs.
type CreateAclsRequest struct {
	Creations []AclCreation
}

// AclCreation is one ACL to create.
type AclCreation struct {
	ResourceType        int8
	ResourceName        string
	ResourcePatternType int8 // default 3 (LITERAL)
	Principal           string
	Host                string
	Operation           int8
	PermissionType      int8
}

func (*CreateAclsRequest) APIKey() int16 { return KeyCreateAcls }

func (m *CreateAclsRequest) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeyCreateAcls, version))
}

func (m *CreateAclsRequest) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyCreateAcls, version))
}

func (m *CreateAclsRequest) fields(c *codec) {
	arrayOf(c, &m.Creations, func(e *AclCreation) {
		c.Int8(&e.ResourceType)
		c.String(&e.ResourceName)
		c.Int8(&e.ResourcePatternType)
		c.String(&e.Principal)
		c.String(&e.Host)
		c.Int8(&e.Operation)
		c.Int8(&e.PermissionType)
		c.NoTags()
	})
	c.NoTags()
}

// CreateAclsResponse has one result per creation, in request order.
type CreateAclsResponse struct {
	ThrottleTimeMs int32
	Results        []AclCreationResult
}

// AclCreationResult is the outcome of one creation.
type AclCreationResult struct {
	ErrorCode    int16
	ErrorMessage *string
}

func (*CreateAclsResponse) APIKey() int16 { return KeyCreateAcls }

func (m *CreateAclsResponse) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeyCreateAcls, version))
}

func (m *CreateAclsResponse) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyCreateAcls, version))
}

func (m *CreateAclsResponse) fields(c *codec) {
	c.Int32(&m.ThrottleTimeMs)
	arrayOf(c, &m.Results, func(e *AclCreationResult) {
		c.Int16(&e.ErrorCode)
		c.NullableString(&e.ErrorMessage)
		c.NoTags()
	})
	c.NoTags()
}
