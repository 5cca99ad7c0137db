package protocol

func init() {
	register(API{Key: KeyIncrementalAlterConfigs, Name: "IncrementalAlterConfigs", MinVersion: 0, MaxVersion: 1, FlexibleFrom: 1,
		NewRequest: func() Message { return new(IncrementalAlterConfigsRequest) }, NewResponse: func() Message { return new(IncrementalAlterConfigsResponse) }})
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
	w := NewWriter(dst, KeyIncrementalAlterConfigs, version)
	AppendArray(&w, m.Resources, func(res *IncrementalAlterConfigsRequestResource) {
		w.Int8(res.ResourceType)
		w.String(res.ResourceName)
		AppendArray(&w, res.Configs, func(c *IncrementalAlterConfigsRequestConfig) {
			w.String(c.Name)
			w.Int8(c.ConfigOperation)
			w.NullableString(c.Value)
			w.NoTags()
		})
		w.NoTags()
	})
	w.Bool(m.ValidateOnly)
	w.NoTags()
	return w.B
}

func (m *IncrementalAlterConfigsRequest) Decode(r *Reader, version int16) {
	r.UseVersion(KeyIncrementalAlterConfigs, version)
	m.Resources = ReadArray(r, func(res *IncrementalAlterConfigsRequestResource) {
		res.ResourceType = r.Int8()
		res.ResourceName = r.String()
		res.Configs = ReadArray(r, func(c *IncrementalAlterConfigsRequestConfig) {
			c.Name = r.String()
			c.ConfigOperation = r.Int8()
			c.Value = r.NullableString()
			r.SkipTags()
		})
		r.SkipTags()
	})
	m.ValidateOnly = r.Bool()
	r.SkipTags()
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
	w := NewWriter(dst, KeyIncrementalAlterConfigs, version)
	w.Int32(m.ThrottleTimeMs)
	AppendArray(&w, m.Responses, func(res *IncrementalAlterConfigsResponseResult) {
		w.Int16(res.ErrorCode)
		w.NullableString(res.ErrorMessage)
		w.Int8(res.ResourceType)
		w.String(res.ResourceName)
		w.NoTags()
	})
	w.NoTags()
	return w.B
}

func (m *IncrementalAlterConfigsResponse) Decode(r *Reader, version int16) {
	r.UseVersion(KeyIncrementalAlterConfigs, version)
	m.ThrottleTimeMs = r.Int32()
	m.Responses = ReadArray(r, func(res *IncrementalAlterConfigsResponseResult) {
		res.ErrorCode = r.Int16()
		res.ErrorMessage = r.NullableString()
		res.ResourceType = r.Int8()
		res.ResourceName = r.String()
		r.SkipTags()
	})
	r.SkipTags()
}
