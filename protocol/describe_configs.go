package protocol

func init() {
	register[DescribeConfigsRequest, DescribeConfigsResponse](API{Key: KeyDescribeConfigs, Name: "DescribeConfigs", MinVersion: 1, MaxVersion: 4, FlexibleFrom: 4})
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
	return encode(m, encoder(dst, KeyDescribeConfigs, version))
}

func (m *DescribeConfigsRequest) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyDescribeConfigs, version))
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
	return encode(m, encoder(dst, KeyDescribeConfigs, version))
}

func (m *DescribeConfigsResponse) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyDescribeConfigs, version))
}

func (m *DescribeConfigsResponse) fields(c *codec) {
	c.Int32(&m.ThrottleTimeMs)
	arrayOf(c, &m.Results, func(res *DescribeConfigsResponseResult) {
		c.Int16(&res.ErrorCode)
		c.NullableString(&res.ErrorMessage)
		c.Int8(&res.ResourceType)
		c.String(&res.ResourceName)
		arrayOf(c, &res.Configs, func(e *DescribeConfigsResponseConfig) {
			c.String(&e.Name)
			c.NullableString(&e.Value)
			c.Bool(&e.ReadOnly)
			if c.version >= 1 {
				c.Int8(&e.ConfigSource)
			} else if c.decoding() {
				e.ConfigSource = -1
			}
			c.Bool(&e.IsSensitive)
			if c.version >= 1 {
				arrayOf(c, &e.Synonyms, func(s *DescribeConfigsResponseSynonym) {
					c.String(&s.Name)
					c.NullableString(&s.Value)
					c.Int8(&s.Source)
					c.NoTags()
				})
			}
			if c.version >= 3 {
				c.Int8(&e.ConfigType)
				c.NullableString(&e.Documentation)
			}
			c.NoTags()
		})
		c.NoTags()
	})
	c.NoTags()
}
