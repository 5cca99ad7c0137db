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
	w := Writer{B: dst}
	flex := version >= 4
	w.ArrayLen(len(m.Resources), flex)
	for i := range m.Resources {
		res := &m.Resources[i]
		w.Int8(res.ResourceType)
		w.String(res.ResourceName, flex)
		if res.ConfigurationKeys == nil {
			w.ArrayLen(-1, flex)
		} else {
			admAppendStrings(&w, res.ConfigurationKeys, flex)
		}
		w.NoTags(flex)
	}
	if version >= 1 {
		w.Bool(m.IncludeSynonyms)
	}
	if version >= 3 {
		w.Bool(m.IncludeDocumentation)
	}
	w.NoTags(flex)
	return w.B
}

func (m *DescribeConfigsRequest) Decode(r *Reader, version int16) {
	flex := version >= 4
	if n := r.ArrayLen(flex); n >= 0 {
		m.Resources = make([]DescribeConfigsRequestResource, n)
		for i := range m.Resources {
			res := &m.Resources[i]
			res.ResourceType = r.Int8()
			res.ResourceName = r.String(flex)
			res.ConfigurationKeys = admReadStrings(r, flex)
			r.SkipTags(flex)
		}
	}
	if version >= 1 {
		m.IncludeSynonyms = r.Bool()
	}
	if version >= 3 {
		m.IncludeDocumentation = r.Bool()
	}
	r.SkipTags(flex)
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
	w := Writer{B: dst}
	flex := version >= 4
	w.Int32(m.ThrottleTimeMs)
	w.ArrayLen(len(m.Results), flex)
	for i := range m.Results {
		res := &m.Results[i]
		w.Int16(res.ErrorCode)
		w.NullableString(res.ErrorMessage, flex)
		w.Int8(res.ResourceType)
		w.String(res.ResourceName, flex)
		w.ArrayLen(len(res.Configs), flex)
		for j := range res.Configs {
			c := &res.Configs[j]
			w.String(c.Name, flex)
			w.NullableString(c.Value, flex)
			w.Bool(c.ReadOnly)
			if version >= 1 {
				w.Int8(c.ConfigSource)
			}
			w.Bool(c.IsSensitive)
			if version >= 1 {
				w.ArrayLen(len(c.Synonyms), flex)
				for k := range c.Synonyms {
					s := &c.Synonyms[k]
					w.String(s.Name, flex)
					w.NullableString(s.Value, flex)
					w.Int8(s.Source)
					w.NoTags(flex)
				}
			}
			if version >= 3 {
				w.Int8(c.ConfigType)
				w.NullableString(c.Documentation, flex)
			}
			w.NoTags(flex)
		}
		w.NoTags(flex)
	}
	w.NoTags(flex)
	return w.B
}

func (m *DescribeConfigsResponse) Decode(r *Reader, version int16) {
	flex := version >= 4
	m.ThrottleTimeMs = r.Int32()
	if n := r.ArrayLen(flex); n >= 0 {
		m.Results = make([]DescribeConfigsResponseResult, n)
		for i := range m.Results {
			res := &m.Results[i]
			res.ErrorCode = r.Int16()
			res.ErrorMessage = r.NullableString(flex)
			res.ResourceType = r.Int8()
			res.ResourceName = r.String(flex)
			if n := r.ArrayLen(flex); n >= 0 {
				res.Configs = make([]DescribeConfigsResponseConfig, n)
				for j := range res.Configs {
					c := &res.Configs[j]
					c.Name = r.String(flex)
					c.Value = r.NullableString(flex)
					c.ReadOnly = r.Bool()
					c.ConfigSource = -1
					if version >= 1 {
						c.ConfigSource = r.Int8()
					}
					c.IsSensitive = r.Bool()
					if version >= 1 {
						if n := r.ArrayLen(flex); n >= 0 {
							c.Synonyms = make([]DescribeConfigsResponseSynonym, n)
							for k := range c.Synonyms {
								s := &c.Synonyms[k]
								s.Name = r.String(flex)
								s.Value = r.NullableString(flex)
								s.Source = r.Int8()
								r.SkipTags(flex)
							}
						}
					}
					if version >= 3 {
						c.ConfigType = r.Int8()
						c.Documentation = r.NullableString(flex)
					}
					r.SkipTags(flex)
				}
			}
			r.SkipTags(flex)
		}
	}
	r.SkipTags(flex)
}
