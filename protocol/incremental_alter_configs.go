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
	w := Writer{B: dst}
	flex := version >= 1
	w.ArrayLen(len(m.Resources), flex)
	for i := range m.Resources {
		res := &m.Resources[i]
		w.Int8(res.ResourceType)
		w.String(res.ResourceName, flex)
		w.ArrayLen(len(res.Configs), flex)
		for j := range res.Configs {
			c := &res.Configs[j]
			w.String(c.Name, flex)
			w.Int8(c.ConfigOperation)
			w.NullableString(c.Value, flex)
			w.NoTags(flex)
		}
		w.NoTags(flex)
	}
	w.Bool(m.ValidateOnly)
	w.NoTags(flex)
	return w.B
}

func (m *IncrementalAlterConfigsRequest) Decode(r *Reader, version int16) {
	flex := version >= 1
	if n := r.ArrayLen(flex); n >= 0 {
		m.Resources = make([]IncrementalAlterConfigsRequestResource, n)
		for i := range m.Resources {
			res := &m.Resources[i]
			res.ResourceType = r.Int8()
			res.ResourceName = r.String(flex)
			if n := r.ArrayLen(flex); n >= 0 {
				res.Configs = make([]IncrementalAlterConfigsRequestConfig, n)
				for j := range res.Configs {
					c := &res.Configs[j]
					c.Name = r.String(flex)
					c.ConfigOperation = r.Int8()
					c.Value = r.NullableString(flex)
					r.SkipTags(flex)
				}
			}
			r.SkipTags(flex)
		}
	}
	m.ValidateOnly = r.Bool()
	r.SkipTags(flex)
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
	w := Writer{B: dst}
	flex := version >= 1
	w.Int32(m.ThrottleTimeMs)
	w.ArrayLen(len(m.Responses), flex)
	for i := range m.Responses {
		res := &m.Responses[i]
		w.Int16(res.ErrorCode)
		w.NullableString(res.ErrorMessage, flex)
		w.Int8(res.ResourceType)
		w.String(res.ResourceName, flex)
		w.NoTags(flex)
	}
	w.NoTags(flex)
	return w.B
}

func (m *IncrementalAlterConfigsResponse) Decode(r *Reader, version int16) {
	flex := version >= 1
	m.ThrottleTimeMs = r.Int32()
	if n := r.ArrayLen(flex); n >= 0 {
		m.Responses = make([]IncrementalAlterConfigsResponseResult, n)
		for i := range m.Responses {
			res := &m.Responses[i]
			res.ErrorCode = r.Int16()
			res.ErrorMessage = r.NullableString(flex)
			res.ResourceType = r.Int8()
			res.ResourceName = r.String(flex)
			r.SkipTags(flex)
		}
	}
	r.SkipTags(flex)
}
