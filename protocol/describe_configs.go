package protocol

func init() {
	register(API{Key: KeyDescribeConfigs, Name: "DescribeConfigs", MinVersion: 1, MaxVersion: 4, FlexibleFrom: 4,
		NewRequest: func() Message { return new(DescribeConfigsRequest) }, NewResponse: func() Message { return new(DescribeConfigsResponse) }})
}

// DescribeConfigsRequest reads the configuration of topics, brokers and
// other resources.
type DescribeConfigsRequest struct {
	Resources            []DescribeConfigsRequestResource
	IncludeSynonyms      bool // v1+
	IncludeDocumentation bool // v3+
}

// DescribeConfigsRequestResource names one resource (ResourceType: 2 topic,
// 4 broker, 8 broker logger, ...).
type DescribeConfigsRequestResource struct {
	ResourceType      int8
	ResourceName      string
	ConfigurationKeys []string // nil (null) for all keys
}

func (*DescribeConfigsRequest) APIKey() int16 { return KeyDescribeConfigs }

func (m *DescribeConfigsRequest) AppendTo(dst []byte, version int16) []byte {
	c := encoder(dst, KeyDescribeConfigs, version)
	m.fields(&c)
	return c.w.B
}

func (m *DescribeConfigsRequest) Decode(r *Reader, version int16) {
	c := decoder(r, KeyDescribeConfigs, version)
	m.fields(&c)
}

func (m *DescribeConfigsRequest) fields(c *codec) {
	arrayOf(c, &m.Resources, func(res *DescribeConfigsRequestResource) {
		c.Int8(&res.ResourceType)
		c.String(&res.ResourceName)
		c.NullableStrings(&res.ConfigurationKeys)
		c.NoTags()
	})
	if c.version >= 1 {
		c.Bool(&m.IncludeSynonyms)
	}
	if c.version >= 3 {
		c.Bool(&m.IncludeDocumentation)
	}
	c.NoTags()
}

// DescribeConfigsResponse holds one result per resource.
type DescribeConfigsResponse struct {
	ThrottleTimeMs int32
	Results        []DescribeConfigsResponseResult
}

// DescribeConfigsResponseResult is the configuration of one resource.
type DescribeConfigsResponseResult struct {
	ErrorCode    int16
	ErrorMessage *string
	ResourceType int8
	ResourceName string
	Configs      []DescribeConfigsResponseConfig
}

// DescribeConfigsResponseConfig is one configuration entry.
type DescribeConfigsResponseConfig struct {
	Name          string
	Value         *string
	ReadOnly      bool
	ConfigSource  int8 // v1+, default -1
	IsSensitive   bool
	Synonyms      []DescribeConfigsResponseSynonym // v1+
	ConfigType    int8                             // v3+
	Documentation *string                          // v3+
}

// DescribeConfigsResponseSynonym is one source a configuration's value may
// come from, by precedence.
type DescribeConfigsResponseSynonym struct {
	Name   string
	Value  *string
	Source int8
}

func (*DescribeConfigsResponse) APIKey() int16 { return KeyDescribeConfigs }

func (m *DescribeConfigsResponse) AppendTo(dst []byte, version int16) []byte {
	w := NewWriter(dst, KeyDescribeConfigs, version)
	w.Int32(m.ThrottleTimeMs)
	AppendArray(&w, m.Results, func(res *DescribeConfigsResponseResult) {
		w.Int16(res.ErrorCode)
		w.NullableString(res.ErrorMessage)
		w.Int8(res.ResourceType)
		w.String(res.ResourceName)
		AppendArray(&w, res.Configs, func(e *DescribeConfigsResponseConfig) {
			w.String(e.Name)
			w.NullableString(e.Value)
			w.Bool(e.ReadOnly)
			if version >= 1 {
				w.Int8(e.ConfigSource)
			}
			w.Bool(e.IsSensitive)
			if version >= 1 {
				AppendArray(&w, e.Synonyms, func(s *DescribeConfigsResponseSynonym) {
					w.String(s.Name)
					w.NullableString(s.Value)
					w.Int8(s.Source)
					w.NoTags()
				})
			}
			if version >= 3 {
				w.Int8(e.ConfigType)
				w.NullableString(e.Documentation)
			}
			w.NoTags()
		})
		w.NoTags()
	})
	w.NoTags()
	return w.B
}

func (m *DescribeConfigsResponse) Decode(r *Reader, version int16) {
	r.UseVersion(KeyDescribeConfigs, version)
	m.ThrottleTimeMs = r.Int32()
	m.Results = ReadArray(r, func(res *DescribeConfigsResponseResult) {
		res.ErrorCode = r.Int16()
		res.ErrorMessage = r.NullableString()
		res.ResourceType = r.Int8()
		res.ResourceName = r.String()
		res.Configs = ReadArray(r, func(e *DescribeConfigsResponseConfig) {
			e.Name = r.String()
			e.Value = r.NullableString()
			e.ReadOnly = r.Bool()
			e.ConfigSource = -1
			if version >= 1 {
				e.ConfigSource = r.Int8()
			}
			e.IsSensitive = r.Bool()
			if version >= 1 {
				e.Synonyms = ReadArray(r, func(s *DescribeConfigsResponseSynonym) {
					s.Name = r.String()
					s.Value = r.NullableString()
					s.Source = r.Int8()
					r.SkipTags()
				})
			}
			if version >= 3 {
				e.ConfigType = r.Int8()
				e.Documentation = r.NullableString()
			}
			r.SkipTags()
		})
		r.SkipTags()
	})
	r.SkipTags()
}
