package protocol

import "math"

func init() {
	register[MetadataRequest, MetadataResponse](API{Key: KeyMetadata, Name: "Metadata", MinVersion: 0, MaxVersion: 13, FlexibleFrom: 9})
}

// MetadataRequest asks for the brokers of the cluster and the partitions,
// leaders and replicas of some topics (or of all of them).
type MetadataRequest struct {
	// Topics to describe. nil (null) asks for every topic at v1+; at v0,
	// where the array is not nullable, an empty array asks for every topic
	// and nil is written as empty.
	Topics                             []MetadataRequestTopic
	AllowAutoTopicCreation             bool // v4+, default true
	IncludeClusterAuthorizedOperations bool // v8-10
	IncludeTopicAuthorizedOperations   bool // v8+
}

// MetadataRequestTopic names one topic to describe.
type MetadataRequestTopic struct {
	TopicID UUID    // v10+
	Name    *string // nullable v10+ (written as "" when nil before v10)
}

func (*MetadataRequest) APIKey() int16 { return KeyMetadata }

func (m *MetadataRequest) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeyMetadata, version))
}

func (m *MetadataRequest) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyMetadata, version))
}

func (m *MetadataRequest) fields(c *codec) {
	if c.decoding() {
		*m = MetadataRequest{AllowAutoTopicCreation: true}
	}
	// From v1, null asks for all topics.
	nullableArrayOf(c, c.version >= 1, &m.Topics, func(t *MetadataRequestTopic) {
		if c.version >= 10 {
			c.UUID(&t.TopicID)
		}
		c.StringPtr(&t.Name, c.version >= 10)
		c.NoTags()
	})
	if c.version >= 4 {
		c.Bool(&m.AllowAutoTopicCreation)
	}
	if c.version >= 8 {
		if c.version <= 10 {
			c.Bool(&m.IncludeClusterAuthorizedOperations)
		}
		c.Bool(&m.IncludeTopicAuthorizedOperations)
	}
	c.NoTags()
}

// MetadataResponse describes the cluster's brokers and the requested topics.
type MetadataResponse struct {
	ThrottleTimeMs              int32 // v3+
	Brokers                     []MetadataResponseBroker
	ClusterID                   *string // v2+, nullable
	ControllerID                int32   // v1+, default -1
	Topics                      []MetadataResponseTopic
	ClusterAuthorizedOperations int32 // v8-10, default math.MinInt32
	ErrorCode                   int16 // v13+
}

// MetadataResponseBroker is one broker of the cluster.
type MetadataResponseBroker struct {
	NodeID int32
	Host   string
	Port   int32
	Rack   *string // v1+, nullable
}

// MetadataResponseTopic is one topic's metadata.
type MetadataResponseTopic struct {
	ErrorCode                 int16
	Name                      *string // nullable v12+ (for topics asked by id that do not exist)
	TopicID                   UUID    // v10+
	IsInternal                bool    // v1+
	Partitions                []MetadataResponsePartition
	TopicAuthorizedOperations int32 // v8+, default math.MinInt32
}

// MetadataResponsePartition is one partition's metadata.
type MetadataResponsePartition struct {
	ErrorCode       int16
	PartitionIndex  int32
	LeaderID        int32
	LeaderEpoch     int32 // v7+, default -1
	ReplicaNodes    []int32
	IsrNodes        []int32
	OfflineReplicas []int32 // v5+
}

func (*MetadataResponse) APIKey() int16 { return KeyMetadata }

func (m *MetadataResponse) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeyMetadata, version))
}

func (m *MetadataResponse) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyMetadata, version))
}

func (m *MetadataResponse) fields(c *codec) {
	if c.decoding() {
		*m = MetadataResponse{ControllerID: -1, ClusterAuthorizedOperations: math.MinInt32}
	}
	if c.version >= 3 {
		c.Int32(&m.ThrottleTimeMs)
	}
	arrayOf(c, &m.Brokers, func(b *MetadataResponseBroker) {
		c.Int32(&b.NodeID)
		c.String(&b.Host)
		c.Int32(&b.Port)
		if c.version >= 1 {
			c.NullableString(&b.Rack)
		}
		c.NoTags()
	})
	if c.version >= 2 {
		c.NullableString(&m.ClusterID)
	}
	if c.version >= 1 {
		c.Int32(&m.ControllerID)
	}
	arrayOf(c, &m.Topics, func(t *MetadataResponseTopic) { t.fields(c) })
	if c.version >= 8 && c.version <= 10 {
		c.Int32(&m.ClusterAuthorizedOperations)
	}
	if c.version >= 13 {
		c.Int16(&m.ErrorCode)
	}
	c.NoTags()
}

func (t *MetadataResponseTopic) fields(c *codec) {
	c.Int16(&t.ErrorCode)
	c.StringPtr(&t.Name, c.version >= 12)
	if c.version >= 10 {
		c.UUID(&t.TopicID)
	}
	if c.version >= 1 {
		c.Bool(&t.IsInternal)
	}
	arrayOf(c, &t.Partitions, func(p *MetadataResponsePartition) {
		c.Int16(&p.ErrorCode)
		c.Int32(&p.PartitionIndex)
		c.Int32(&p.LeaderID)
		if c.version >= 7 {
			c.Int32(&p.LeaderEpoch)
		} else if c.decoding() {
			p.LeaderEpoch = -1
		}
		c.Int32s(&p.ReplicaNodes)
		c.Int32s(&p.IsrNodes)
		if c.version >= 5 {
			c.Int32s(&p.OfflineReplicas)
		}
		c.NoTags()
	})
	if c.version >= 8 {
		c.Int32(&t.TopicAuthorizedOperations)
	} else if c.decoding() {
		t.TopicAuthorizedOperations = math.MinInt32
	}
	c.NoTags()
}
