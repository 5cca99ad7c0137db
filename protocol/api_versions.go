package protocol

func init() {
	register[ApiVersionsRequest, ApiVersionsResponse](API{Key: KeyApiVersions, Name: "ApiVersions", MinVersion: 0, MaxVersion: 5, FlexibleFrom: 3})
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
	return encode(m, encoder(dst, KeyApiVersions, version))
}

func (m *ApiVersionsRequest) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyApiVersions, version))
}

func (m *ApiVersionsRequest) fields(c *codec) {
	if c.version < 3 {
		return
	}
	c.String(&m.ClientSoftwareName)
	c.String(&m.ClientSoftwareVersion)
	if c.version >= 5 {
		c.NullableString(&m.ClusterID)
		// On the wire NodeID is an int32, -1 for none; here nil is none.
		node := int32(-1)
		if m.NodeID != nil {
			node = *m.NodeID
		}
		c.Int32(&node)
		if c.decoding() {
			m.NodeID = nil
			if node != -1 {
				m.NodeID = &node
			}
		}
	} else if c.decoding() {
		m.ClusterID, m.NodeID = nil, nil
	}
	c.NoTags()
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
	return encode(m, encoder(dst, KeyApiVersions, version))
}

func (m *ApiVersionsResponse) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyApiVersions, version))
}

func (m *ApiVersionsResponse) fields(c *codec) {
	c.Int16(&m.ErrorCode)
	arrayOf(c, &m.ApiKeys, func(k *ApiVersionsResponseKey) {
		c.Int16(&k.ApiKey)
		c.Int16(&k.MinVersion)
		c.Int16(&k.MaxVersion)
		c.NoTags()
	})
	if c.version >= 1 {
		c.Int32(&m.ThrottleTimeMs)
	}
	if c.decoding() {
		m.FinalizedFeaturesEpoch = -1
	}
	// Tagged fields are written only when they differ from their default.
	c.Tags(func() {
		c.Tag(0, len(m.SupportedFeatures) > 0, func() {
			arrayOf(c, &m.SupportedFeatures, func(f *ApiVersionsSupportedFeature) {
				c.String(&f.Name)
				c.Int16(&f.MinVersion)
				c.Int16(&f.MaxVersion)
				c.NoTags()
			})
		})
		c.Tag(1, m.FinalizedFeaturesEpoch != -1, func() { c.Int64(&m.FinalizedFeaturesEpoch) })
		c.Tag(2, len(m.FinalizedFeatures) > 0, func() {
			arrayOf(c, &m.FinalizedFeatures, func(f *ApiVersionsFinalizedFeature) {
				c.String(&f.Name)
				c.Int16(&f.MaxVersionLevel)
				c.Int16(&f.MinVersionLevel)
				c.NoTags()
			})
		})
		c.Tag(3, m.ZkMigrationReady, func() { c.Bool(&m.ZkMigrationReady) })
	})
}
