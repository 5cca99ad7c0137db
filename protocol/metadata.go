package protocol

import "math"

func init() {
	register(API{Key: KeyMetadata, Name: "Metadata", MinVersion: 0, MaxVersion: 13, FlexibleFrom: 9,
		NewRequest: func() Message { return new(MetadataRequest) }, NewResponse: func() Message { return new(MetadataResponse) }})
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
	w := NewWriter(dst, KeyMetadata, version)
	if m.Topics == nil && version >= 1 {
		w.ArrayLen(-1)
	} else {
		AppendArray(&w, m.Topics, func(t *MetadataRequestTopic) {
			if version >= 10 {
				w.UUID(t.TopicID)
			}
			w.StringPtr(t.Name, version >= 10)
			w.NoTags()
		})
	}
	if version >= 4 {
		w.Bool(m.AllowAutoTopicCreation)
	}
	if version >= 8 {
		if version <= 10 {
			w.Bool(m.IncludeClusterAuthorizedOperations)
		}
		w.Bool(m.IncludeTopicAuthorizedOperations)
	}
	w.NoTags()
	return w.B
}

func (m *MetadataRequest) Decode(r *Reader, version int16) {
	r.UseVersion(KeyMetadata, version)
	*m = MetadataRequest{AllowAutoTopicCreation: true}
	m.Topics = ReadArray(r, func(t *MetadataRequestTopic) {
		if version >= 10 {
			t.TopicID = r.UUID()
		}
		t.Name = r.StringPtr(version >= 10)
		r.SkipTags()
	})
	if version >= 4 {
		m.AllowAutoTopicCreation = r.Bool()
	}
	if version >= 8 {
		if version <= 10 {
			m.IncludeClusterAuthorizedOperations = r.Bool()
		}
		m.IncludeTopicAuthorizedOperations = r.Bool()
	}
	r.SkipTags()
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
	w := NewWriter(dst, KeyMetadata, version)
	if version >= 3 {
		w.Int32(m.ThrottleTimeMs)
	}
	AppendArray(&w, m.Brokers, func(b *MetadataResponseBroker) {
		w.Int32(b.NodeID)
		w.String(b.Host)
		w.Int32(b.Port)
		if version >= 1 {
			w.NullableString(b.Rack)
		}
		w.NoTags()
	})
	if version >= 2 {
		w.NullableString(m.ClusterID)
	}
	if version >= 1 {
		w.Int32(m.ControllerID)
	}
	AppendArray(&w, m.Topics, func(t *MetadataResponseTopic) { t.appendTo(&w, version) })
	if version >= 8 && version <= 10 {
		w.Int32(m.ClusterAuthorizedOperations)
	}
	if version >= 13 {
		w.Int16(m.ErrorCode)
	}
	w.NoTags()
	return w.B
}

func (t *MetadataResponseTopic) appendTo(w *Writer, version int16) {
	w.Int16(t.ErrorCode)
	w.StringPtr(t.Name, version >= 12)
	if version >= 10 {
		w.UUID(t.TopicID)
	}
	if version >= 1 {
		w.Bool(t.IsInternal)
	}
	AppendArray(w, t.Partitions, func(p *MetadataResponsePartition) {
		w.Int16(p.ErrorCode)
		w.Int32(p.PartitionIndex)
		w.Int32(p.LeaderID)
		if version >= 7 {
			w.Int32(p.LeaderEpoch)
		}
		w.Int32s(p.ReplicaNodes)
		w.Int32s(p.IsrNodes)
		if version >= 5 {
			w.Int32s(p.OfflineReplicas)
		}
		w.NoTags()
	})
	if version >= 8 {
		w.Int32(t.TopicAuthorizedOperations)
	}
	w.NoTags()
}

func (m *MetadataResponse) Decode(r *Reader, version int16) {
	r.UseVersion(KeyMetadata, version)
	*m = MetadataResponse{ControllerID: -1, ClusterAuthorizedOperations: math.MinInt32}
	if version >= 3 {
		m.ThrottleTimeMs = r.Int32()
	}
	m.Brokers = ReadArray(r, func(b *MetadataResponseBroker) {
		b.NodeID = r.Int32()
		b.Host = r.String()
		b.Port = r.Int32()
		if version >= 1 {
			b.Rack = r.NullableString()
		}
		r.SkipTags()
	})
	if version >= 2 {
		m.ClusterID = r.NullableString()
	}
	if version >= 1 {
		m.ControllerID = r.Int32()
	}
	m.Topics = ReadArray(r, func(e *MetadataResponseTopic) { e.decode(r, version) })
	if version >= 8 && version <= 10 {
		m.ClusterAuthorizedOperations = r.Int32()
	}
	if version >= 13 {
		m.ErrorCode = r.Int16()
	}
	r.SkipTags()
}

func (t *MetadataResponseTopic) decode(r *Reader, version int16) {
	t.ErrorCode = r.Int16()
	t.Name = r.StringPtr(version >= 12)
	if version >= 10 {
		t.TopicID = r.UUID()
	}
	if version >= 1 {
		t.IsInternal = r.Bool()
	}
	t.Partitions = ReadArray(r, func(p *MetadataResponsePartition) {
		p.ErrorCode = r.Int16()
		p.PartitionIndex = r.Int32()
		p.LeaderID = r.Int32()
		p.LeaderEpoch = -1
		if version >= 7 {
			p.LeaderEpoch = r.Int32()
		}
		p.ReplicaNodes = r.Int32s()
		p.IsrNodes = r.Int32s()
		if version >= 5 {
			p.OfflineReplicas = r.Int32s()
		}
		r.SkipTags()
	})
	t.TopicAuthorizedOperations = math.MinInt32
	if version >= 8 {
		t.TopicAuthorizedOperations = r.Int32()
	}
	r.SkipTags()
}
