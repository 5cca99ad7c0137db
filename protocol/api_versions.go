package protocol

func init() {
	register(API{Key: KeyApiVersions, Name: "ApiVersions", MinVersion: 0, MaxVersion: 5, FlexibleFrom: 3,
		NewRequest: func() Message { return new(ApiVersionsRequest) }, NewResponse: func() Message { return new(ApiVersionsResponse) }})
}

// ApiVersionsRequest asks a broker which API versions it supports. It is the
// first request on every connection.
type ApiVersionsRequest struct {
	ClientSoftwareName    string // v3+
	ClientSoftwareVersion string // v3+
	// ClusterId and NodeId (v5+, KIP-1242) name the cluster and node the
	// client means to reach, if it knows them (set both or neither): a
	// broker that is another answers REBOOTSTRAP_REQUIRED. nil means unknown,
	// written as Kafka's defaults null and -1. NodeId is a pointer so that a
	// request built without it does not claim node 0.
	ClusterId *string // v5+
	NodeId    *int32  // v5+; nil is -1
}

func (*ApiVersionsRequest) APIKey() int16 { return KeyApiVersions }

func (m *ApiVersionsRequest) AppendTo(dst []byte, version int16) []byte {
	w := Writer{B: dst}
	if version >= 3 {
		w.String(m.ClientSoftwareName, true)
		w.String(m.ClientSoftwareVersion, true)
		if version >= 5 {
			w.NullableString(m.ClusterId, true)
			node := int32(-1)
			if m.NodeId != nil {
				node = *m.NodeId
			}
			w.Int32(node)
		}
		w.NoTags(true)
	}
	return w.B
}

func (m *ApiVersionsRequest) Decode(r *Reader, version int16) {
	if version >= 3 {
		m.ClientSoftwareName = r.String(true)
		m.ClientSoftwareVersion = r.String(true)
		m.ClusterId, m.NodeId = nil, nil
		if version >= 5 {
			m.ClusterId = r.NullableString(true)
			if node := r.Int32(); node != -1 {
				m.NodeId = &node
			}
		}
		r.SkipTags(true)
	}
}

// ApiVersionsResponse lists the broker's supported version range per API.
type ApiVersionsResponse struct {
	ErrorCode              int16
	ApiKeys                []ApiVersionsResponseKey
	ThrottleTimeMs         int32                         // v1+
	SupportedFeatures      []ApiVersionsSupportedFeature // v3+, tag 0
	FinalizedFeaturesEpoch int64                         // v3+, tag 1, default -1
	FinalizedFeatures      []ApiVersionsFinalizedFeature // v3+, tag 2
	ZkMigrationReady       bool                          // v3+, tag 3
}

// ApiVersionsResponseKey is one API's supported version range.
type ApiVersionsResponseKey struct {
	ApiKey     int16
	MinVersion int16
	MaxVersion int16
}

// ApiVersionsSupportedFeature is a feature the broker supports (v3+).
type ApiVersionsSupportedFeature struct {
	Name       string
	MinVersion int16
	MaxVersion int16
}

// ApiVersionsFinalizedFeature is a cluster-wide finalized feature (v3+).
type ApiVersionsFinalizedFeature struct {
	Name            string
	MaxVersionLevel int16
	MinVersionLevel int16
}

func (*ApiVersionsResponse) APIKey() int16 { return KeyApiVersions }

func (m *ApiVersionsResponse) AppendTo(dst []byte, version int16) []byte {
	w := Writer{B: dst}
	flex := version >= 3
	w.Int16(m.ErrorCode)
	w.ArrayLen(len(m.ApiKeys), flex)
	for i := range m.ApiKeys {
		k := &m.ApiKeys[i]
		w.Int16(k.ApiKey)
		w.Int16(k.MinVersion)
		w.Int16(k.MaxVersion)
		w.NoTags(flex)
	}
	if version >= 1 {
		w.Int32(m.ThrottleTimeMs)
	}
	if !flex {
		return w.B
	}
	// Tagged fields are written only when they differ from their default.
	n := 0
	for _, set := range []bool{len(m.SupportedFeatures) > 0, m.FinalizedFeaturesEpoch != -1, len(m.FinalizedFeatures) > 0, m.ZkMigrationReady} {
		if set {
			n++
		}
	}
	w.Uvarint(uint32(n))
	if len(m.SupportedFeatures) > 0 {
		mark := w.BeginTag(0)
		w.ArrayLen(len(m.SupportedFeatures), true)
		for _, f := range m.SupportedFeatures {
			w.String(f.Name, true)
			w.Int16(f.MinVersion)
			w.Int16(f.MaxVersion)
			w.NoTags(true)
		}
		w.EndTag(mark)
	}
	if m.FinalizedFeaturesEpoch != -1 {
		mark := w.BeginTag(1)
		w.Int64(m.FinalizedFeaturesEpoch)
		w.EndTag(mark)
	}
	if len(m.FinalizedFeatures) > 0 {
		mark := w.BeginTag(2)
		w.ArrayLen(len(m.FinalizedFeatures), true)
		for _, f := range m.FinalizedFeatures {
			w.String(f.Name, true)
			w.Int16(f.MaxVersionLevel)
			w.Int16(f.MinVersionLevel)
			w.NoTags(true)
		}
		w.EndTag(mark)
	}
	if m.ZkMigrationReady {
		mark := w.BeginTag(3)
		w.Bool(true)
		w.EndTag(mark)
	}
	return w.B
}

func (m *ApiVersionsResponse) Decode(r *Reader, version int16) {
	flex := version >= 3
	m.ErrorCode = r.Int16()
	if n := r.ArrayLen(flex); n >= 0 {
		m.ApiKeys = make([]ApiVersionsResponseKey, n)
		for i := range m.ApiKeys {
			k := &m.ApiKeys[i]
			k.ApiKey = r.Int16()
			k.MinVersion = r.Int16()
			k.MaxVersion = r.Int16()
			r.SkipTags(flex)
		}
	}
	if version >= 1 {
		m.ThrottleTimeMs = r.Int32()
	}
	m.FinalizedFeaturesEpoch = -1
	if !flex {
		return
	}
	r.Tags(func(tag uint32, f *Reader) {
		switch tag {
		case 0:
			if n := f.ArrayLen(true); n >= 0 {
				m.SupportedFeatures = make([]ApiVersionsSupportedFeature, n)
				for i := range m.SupportedFeatures {
					s := &m.SupportedFeatures[i]
					s.Name = f.String(true)
					s.MinVersion = f.Int16()
					s.MaxVersion = f.Int16()
					f.SkipTags(true)
				}
			}
		case 1:
			m.FinalizedFeaturesEpoch = f.Int64()
		case 2:
			if n := f.ArrayLen(true); n >= 0 {
				m.FinalizedFeatures = make([]ApiVersionsFinalizedFeature, n)
				for i := range m.FinalizedFeatures {
					s := &m.FinalizedFeatures[i]
					s.Name = f.String(true)
					s.MaxVersionLevel = f.Int16()
					s.MinVersionLevel = f.Int16()
					f.SkipTags(true)
				}
			}
		case 3:
			m.ZkMigrationReady = f.Bool()
		}
	})
}
