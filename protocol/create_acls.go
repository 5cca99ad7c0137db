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
	w := Writer{B: dst}
	flex := version >= 2
	w.ArrayLen(len(m.Creations), flex)
	for i := range m.Creations {
		c := &m.Creations[i]
		w.Int8(c.ResourceType)
		w.String(c.ResourceName, flex)
		w.Int8(c.ResourcePatternType)
		w.String(c.Principal, flex)
		w.String(c.Host, flex)
		w.Int8(c.Operation)
		w.Int8(c.PermissionType)
		w.NoTags(flex)
	}
	w.NoTags(flex)
	return w.B
}

func (m *CreateAclsRequest) Decode(r *Reader, version int16) {
	flex := version >= 2
	if n := r.ArrayLen(flex); n >= 0 {
		m.Creations = make([]AclCreation, n)
		for i := range m.Creations {
			c := &m.Creations[i]
			c.ResourceType = r.Int8()
			c.ResourceName = r.String(flex)
			c.ResourcePatternType = r.Int8()
			c.Principal = r.String(flex)
			c.Host = r.String(flex)
			c.Operation = r.Int8()
			c.PermissionType = r.Int8()
			r.SkipTags(flex)
		}
	}
	r.SkipTags(flex)
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
	w := Writer{B: dst}
	flex := version >= 2
	w.Int32(m.ThrottleTimeMs)
	w.ArrayLen(len(m.Results), flex)
	for i := range m.Results {
		w.Int16(m.Results[i].ErrorCode)
		w.NullableString(m.Results[i].ErrorMessage, flex)
		w.NoTags(flex)
	}
	w.NoTags(flex)
	return w.B
}

func (m *CreateAclsResponse) Decode(r *Reader, version int16) {
	flex := version >= 2
	m.ThrottleTimeMs = r.Int32()
	if n := r.ArrayLen(flex); n >= 0 {
		m.Results = make([]AclCreationResult, n)
		for i := range m.Results {
			m.Results[i].ErrorCode = r.Int16()
			m.Results[i].ErrorMessage = r.NullableString(flex)
			r.SkipTags(flex)
		}
	}
	r.SkipTags(flex)
}
