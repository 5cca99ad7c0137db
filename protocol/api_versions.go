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
	// ClusterID and NodeID (v5+, KIP-1242) name the cluster and node the
	// client means to reach, if it knows them (set both or neither): a
	// broker that is another answers REBOOTSTRAP_REQUIRED. nil means unknown,
	// written as Kafka's defaults null and -1. NodeID is a pointer so that a
	// request built without it does not claim node 0.
	ClusterID *string // v5+
	NodeID    *int32  // v5+; nil is -1
}

func (*ApiVersionsRequest) APIKey() int16 { return KeyApiVersions }

func (m *ApiVersionsRequest) AppendTo(dst []byte, version int16) []byte {
	w := NewWriter(dst, KeyApiVersions, version)
	if version >= 3 {
		w.String(m.ClientSoftwareName)
		w.String(m.ClientSoftwareVersion)
		if version >= 5 {
			w.NullableString(m.ClusterID)
			node := int32(-1)
			if m.NodeID != nil {
				node = *m.NodeID
			}
			w.Int32(node)
		}
		w.NoTags()
	}
	return w.B
}

func (m *ApiVersionsRequest) Decode(r *Reader, version int16) {
	r.UseVersion(KeyApiVersions, version)
	if version >= 3 {
		m.ClientSoftwareName = r.String()
		m.ClientSoftwareVersion = r.String()
		m.ClusterID, m.NodeID = nil, nil
		if version >= 5 {
			m.ClusterID = r.NullableString()
			if node := r.Int32(); node != -1 {
				m.NodeID = &node
			}
		}
		r.SkipTags()
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
	w := NewWriter(dst, KeyApiVersions, version)
	w.Int16(m.ErrorCode)
	AppendArray(&w, m.ApiKeys, func(k *ApiVersionsResponseKey) {
		w.Int16(k.ApiKey)
		w.Int16(k.MinVersion)
		w.Int16(k.MaxVersion)
		w.NoTags()
	})
	if version >= 1 {
		w.Int32(m.ThrottleTimeMs)
	}
	if !w.Flex {
		return w.B
	}
	// Tagged fields are written only when they differ from their default.
	w.Uvarint(countSet(len(m.SupportedFeatures) > 0, m.FinalizedFeaturesEpoch != -1, len(m.FinalizedFeatures) > 0, m.ZkMigrationReady))
	if len(m.SupportedFeatures) > 0 {
		mark := w.BeginTag(0)
		AppendArray(&w, m.SupportedFeatures, func(f *ApiVersionsSupportedFeature) {
			w.String(f.Name)
			w.Int16(f.MinVersion)
			w.Int16(f.MaxVersion)
			w.NoTags()
		})
		w.EndTag(mark)
	}
	if m.FinalizedFeaturesEpoch != -1 {
		mark := w.BeginTag(1)
		w.Int64(m.FinalizedFeaturesEpoch)
		w.EndTag(mark)
	}
	if len(m.FinalizedFeatures) > 0 {
		mark := w.BeginTag(2)
		AppendArray(&w, m.FinalizedFeatures, func(f *ApiVersionsFinalizedFeature) {
			w.String(f.Name)
			w.Int16(f.MaxVersionLevel)
			w.Int16(f.MinVersionLevel)
			w.NoTags()
		})
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
	r.UseVersion(KeyApiVersions, version)
	m.ErrorCode = r.Int16()
	m.ApiKeys = ReadArray(r, func(k *ApiVersionsResponseKey) {
		k.ApiKey = r.Int16()
		k.MinVersion = r.Int16()
		k.MaxVersion = r.Int16()
		r.SkipTags()
	})
	if version >= 1 {
		m.ThrottleTimeMs = r.Int32()
	}
	m.FinalizedFeaturesEpoch = -1
	for tag, f := range r.Tags() {
		switch tag {
		case 0:
			m.SupportedFeatures = ReadArray(f, func(s *ApiVersionsSupportedFeature) {
				s.Name = f.String()
				s.MinVersion = f.Int16()
				s.MaxVersion = f.Int16()
				f.SkipTags()
			})
		case 1:
			m.FinalizedFeaturesEpoch = f.Int64()
		case 2:
			m.FinalizedFeatures = ReadArray(f, func(s *ApiVersionsFinalizedFeature) {
				s.Name = f.String()
				s.MaxVersionLevel = f.Int16()
				s.MinVersionLevel = f.Int16()
				f.SkipTags()
			})
		case 3:
			m.ZkMigrationReady = f.Bool()
		}
	}
}
