package protocol

func init() {
	register(API{Key: KeyCreateAcls, Name: "CreateAcls", MinVersion: 1, MaxVersion: 3, FlexibleFrom: 2,
		NewRequest: func() Message { return new(CreateAclsRequest) }, NewResponse: func() Message { return new(CreateAclsResponse) }})
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
	w := NewWriter(dst, KeyCreateAcls, version)
	AppendArray(&w, m.Creations, func(c *AclCreation) {
		w.Int8(c.ResourceType)
		w.String(c.ResourceName)
		w.Int8(c.ResourcePatternType)
		w.String(c.Principal)
		w.String(c.Host)
		w.Int8(c.Operation)
		w.Int8(c.PermissionType)
		w.NoTags()
	})
	w.NoTags()
	return w.B
}

func (m *CreateAclsRequest) Decode(r *Reader, version int16) {
	r.UseVersion(KeyCreateAcls, version)
	m.Creations = ReadArray(r, func(c *AclCreation) {
		c.ResourceType = r.Int8()
		c.ResourceName = r.String()
		c.ResourcePatternType = r.Int8()
		c.Principal = r.String()
		c.Host = r.String()
		c.Operation = r.Int8()
		c.PermissionType = r.Int8()
		r.SkipTags()
	})
	r.SkipTags()
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
	w := NewWriter(dst, KeyCreateAcls, version)
	w.Int32(m.ThrottleTimeMs)
	AppendArray(&w, m.Results, func(e *AclCreationResult) {
		w.Int16(e.ErrorCode)
		w.NullableString(e.ErrorMessage)
		w.NoTags()
	})
	w.NoTags()
	return w.B
}

func (m *CreateAclsResponse) Decode(r *Reader, version int16) {
	r.UseVersion(KeyCreateAcls, version)
	m.ThrottleTimeMs = r.Int32()
	m.Results = ReadArray(r, func(e *AclCreationResult) {
		e.ErrorCode = r.Int16()
		e.ErrorMessage = r.NullableString()
		r.SkipTags()
	})
	r.SkipTags()
}
