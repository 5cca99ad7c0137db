package protocol

func init() {
	register[IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse](API{Key: KeyIncrementalAlterConfigs, Name: "IncrementalAlterConfigs", MinVersion: 0, MaxVersion: 1, FlexibleFrom: 1})
}

// IncrementalAlterConfigsRequest changes individual configuration entries
// of resources (KIP-339), leaving the others alone.
type IncrementalAlterConfigsRequest struct {
	Resources    []IncrementalAlterConfigsRequestResource
	ValidateOnly bool
}

// IncrementalAlterConfigsRequestResource holds the changes to one resource.
type IncrementalAlterConfigsRequestResource struct {
	ResourceType int8
	ResourceName string
	Configs      []IncrementalAlterConfigsRequestConfig
}

// IncrementalAlterConfigsRequestConfig is one change. ConfigOperation: 0
// set, 1 delete, 2 append, 3 subtract.
type IncrementalAlterConfigsRequestConfig struct {
	Name            string
	ConfigOperation int8
	Value           *string
}

func (*IncrementalAlterConfigsRequest) APIKey() int16 { return KeyIncrementalAlterConfigs }

func (m *IncrementalAlterConfigsRequest) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeyIncrementalAlterConfigs, version))
}

func (m *IncrementalAlterConfigsRequest) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyIncrementalAlterConfigs, version))
}

func (m *IncrementalAlterConfigsRequest) fields(c *codec) {
	arrayOf(c, &m.Resources, func(res *IncrementalAlterConfigsRequestResource) {
		c.Int8(&res.ResourceType)
		c.String(&res.ResourceName)
		arrayOf(c, &res.Configs, func(e *IncrementalAlterConfigsRequestConfig) {
			c.String(&e.Name)
			c.Int8(&e.ConfigOperation)
			c.NullableString(&e.Value)
			c.NoTags()
		})
		c.NoTags()
	})
	c.Bool(&m.ValidateOnly)
	c.NoTags()
}

// IncrementalAlterConfigsResponse holds one result per resource.
type IncrementalAlterConfigsResponse struct {
	ThrottleTimeMs int32
	Responses      []IncrementalAlterConfigsResponseResult
}

// IncrementalAlterConfigsResponseResult is the result for one resource.
type IncrementalAlterConfigsResponseResult struct {
	ErrorCode    int16
	ErrorMessage *string
	ResourceType int8
	ResourceName string
}

func (*IncrementalAlterConfigsResponse) APIKey() int16 { return KeyIncrementalAlterConfigs }

func (m *IncrementalAlterConfigsResponse) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeyIncrementalAlterConfigs, version))
}

func (m *IncrementalAlterConfigsResponse) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyIncrementalAlterConfigs, version))
}

func (m *IncrementalAlterConfigsResponse) fields(c *codec) {
	c.Int32(&m.ThrottleTimeMs)
	arrayOf(c, &m.Responses, func(res *IncrementalAlterConfigsResponseResult) {
		c.Int16(&res.ErrorCode)
		c.NullableString(&res.ErrorMessage)
		c.Int8(&res.ResourceType)
		c.String(&res.ResourceName)
		c.NoTags()
	})
	c.NoTags()
}
