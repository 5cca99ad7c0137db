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
	TopicId UUID    // v10+
	Name    *string // nullable v10+ (written as "" when nil before v10)
}

func (*MetadataRequest) APIKey() int16 { return KeyMetadata }

func (m *MetadataRequest) AppendTo(dst []byte, version int16) []byte {
	w := Writer{B: dst}
	flex := version >= 9
	if m.Topics == nil && version >= 1 {
		w.ArrayLen(-1, flex)
	} else {
		w.ArrayLen(len(m.Topics), flex)
		for i := range m.Topics {
			t := &m.Topics[i]
			if version >= 10 {
				w.UUID(t.TopicId)
			}
			dpWriteStringPtr(&w, t.Name, version >= 10, flex)
			w.NoTags(flex)
		}
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
	w.NoTags(flex)
	return w.B
}

func (m *MetadataRequest) Decode(r *Reader, version int16) {
	flex := version >= 9
	*m = MetadataRequest{AllowAutoTopicCreation: true}
	if n := r.ArrayLen(flex); n >= 0 {
		m.Topics = make([]MetadataRequestTopic, n)
		for i := range m.Topics {
			t := &m.Topics[i]
			if version >= 10 {
				t.TopicId = r.UUID()
			}
			t.Name = dpReadStringPtr(r, version >= 10, flex)
			r.SkipTags(flex)
		}
	}
	if version >= 4 {
		m.AllowAutoTopicCreation = r.Bool()
	}
	if version >= 8 {
		if version <= 10 {
			m.IncludeClusterAuthorizedOperations = r.Bool()
		}
		m.IncludeTopicAuthorizedOperations = r.Bool()
	}
	r.SkipTags(flex)
}

// MetadataResponse describes the cluster's brokers and the requested topics.
type MetadataResponse struct {
	ThrottleTimeMs              int32 // v3+
	Brokers                     []MetadataResponseBroker
	ClusterId                   *string // v2+, nullable
	ControllerId                int32   // v1+, default -1
	Topics                      []MetadataResponseTopic
	ClusterAuthorizedOperations int32 // v8-10, default math.MinInt32
	ErrorCode                   int16 // v13+
}

// MetadataResponseBroker is one broker of the cluster.
type MetadataResponseBroker struct {
	NodeId int32
	Host   string
	Port   int32
	Rack   *string // v1+, nullable
}

// MetadataResponseTopic is one topic's metadata.
type MetadataResponseTopic struct {
	ErrorCode                 int16
	Name                      *string // nullable v12+ (for topics asked by id that do not exist)
	TopicId                   UUID    // v10+
	IsInternal                bool    // v1+
	Partitions                []MetadataResponsePartition
	TopicAuthorizedOperations int32 // v8+, default math.MinInt32
}

// MetadataResponsePartition is one partition's metadata.
type MetadataResponsePartition struct {
	ErrorCode       int16
	PartitionIndex  int32
	LeaderId        int32
	LeaderEpoch     int32 // v7+, default -1
	ReplicaNodes    []int32
	IsrNodes        []int32
	OfflineReplicas []int32 // v5+
}

func (*MetadataResponse) APIKey() int16 { return KeyMetadata }

func (m *MetadataResponse) AppendTo(dst []byte, version int16) []byte {
	w := Writer{B: dst}
	flex := version >= 9
	if version >= 3 {
		w.Int32(m.ThrottleTimeMs)
	}
	w.ArrayLen(len(m.Brokers), flex)
	for i := range m.Brokers {
		b := &m.Brokers[i]
		w.Int32(b.NodeId)
		w.String(b.Host, flex)
		w.Int32(b.Port)
		if version >= 1 {
			w.NullableString(b.Rack, flex)
		}
		w.NoTags(flex)
	}
	if version >= 2 {
		w.NullableString(m.ClusterId, flex)
	}
	if version >= 1 {
		w.Int32(m.ControllerId)
	}
	w.ArrayLen(len(m.Topics), flex)
	for i := range m.Topics {
		m.Topics[i].appendTo(&w, version, flex)
	}
	if version >= 8 && version <= 10 {
		w.Int32(m.ClusterAuthorizedOperations)
	}
	if version >= 13 {
		w.Int16(m.ErrorCode)
	}
	w.NoTags(flex)
	return w.B
}

func (t *MetadataResponseTopic) appendTo(w *Writer, version int16, flex bool) {
	w.Int16(t.ErrorCode)
	dpWriteStringPtr(w, t.Name, version >= 12, flex)
	if version >= 10 {
		w.UUID(t.TopicId)
	}
	if version >= 1 {
		w.Bool(t.IsInternal)
	}
	w.ArrayLen(len(t.Partitions), flex)
	for i := range t.Partitions {
		p := &t.Partitions[i]
		w.Int16(p.ErrorCode)
		w.Int32(p.PartitionIndex)
		w.Int32(p.LeaderId)
		if version >= 7 {
			w.Int32(p.LeaderEpoch)
		}
		dpWriteInt32s(w, p.ReplicaNodes, flex)
		dpWriteInt32s(w, p.IsrNodes, flex)
		if version >= 5 {
			dpWriteInt32s(w, p.OfflineReplicas, flex)
		}
		w.NoTags(flex)
	}
	if version >= 8 {
		w.Int32(t.TopicAuthorizedOperations)
	}
	w.NoTags(flex)
}

func (m *MetadataResponse) Decode(r *Reader, version int16) {
	flex := version >= 9
	*m = MetadataResponse{ControllerId: -1, ClusterAuthorizedOperations: math.MinInt32}
	if version >= 3 {
		m.ThrottleTimeMs = r.Int32()
	}
	if n := r.ArrayLen(flex); n >= 0 {
		m.Brokers = make([]MetadataResponseBroker, n)
		for i := range m.Brokers {
			b := &m.Brokers[i]
			b.NodeId = r.Int32()
			b.Host = r.String(flex)
			b.Port = r.Int32()
			if version >= 1 {
				b.Rack = r.NullableString(flex)
			}
			r.SkipTags(flex)
		}
	}
	if version >= 2 {
		m.ClusterId = r.NullableString(flex)
	}
	if version >= 1 {
		m.ControllerId = r.Int32()
	}
	if n := r.ArrayLen(flex); n >= 0 {
		m.Topics = make([]MetadataResponseTopic, n)
		for i := range m.Topics {
			m.Topics[i].decode(r, version, flex)
		}
	}
	if version >= 8 && version <= 10 {
		m.ClusterAuthorizedOperations = r.Int32()
	}
	if version >= 13 {
		m.ErrorCode = r.Int16()
	}
	r.SkipTags(flex)
}

func (t *MetadataResponseTopic) decode(r *Reader, version int16, flex bool) {
	t.ErrorCode = r.Int16()
	t.Name = dpReadStringPtr(r, version >= 12, flex)
	if version >= 10 {
		t.TopicId = r.UUID()
	}
	if version >= 1 {
		t.IsInternal = r.Bool()
	}
	if n := r.ArrayLen(flex); n >= 0 {
		t.Partitions = make([]MetadataResponsePartition, n)
		for i := range t.Partitions {
			p := &t.Partitions[i]
			p.ErrorCode = r.Int16()
			p.PartitionIndex = r.Int32()
			p.LeaderId = r.Int32()
			p.LeaderEpoch = -1
			if version >= 7 {
				p.LeaderEpoch = r.Int32()
			}
			p.ReplicaNodes = dpReadInt32s(r, flex)
			p.IsrNodes = dpReadInt32s(r, flex)
			if version >= 5 {
				p.OfflineReplicas = dpReadInt32s(r, flex)
			}
			r.SkipTags(flex)
		}
	}
	t.TopicAuthorizedOperations = math.MinInt32
	if version >= 8 {
		t.TopicAuthorizedOperations = r.Int32()
	}
	r.SkipTags(flex)
}

// dpWriteStringPtr writes a string that is nullable at some versions only:
// nullable says whether this version allows null; nil is written as ""
// where it does not.
func dpWriteStringPtr(w *Writer, s *string, nullable, flex bool) {
	switch {
	case nullable:
		w.NullableString(s, flex)
	case s == nil:
		w.String("", flex)
	default:
		w.String(*s, flex)
	}
}

// dpReadStringPtr reads a string that is nullable at some versions only; it
// is never nil where the version does not allow null.
func dpReadStringPtr(r *Reader, nullable, flex bool) *string {
	if nullable {
		return r.NullableString(flex)
	}
	s := r.String(flex)
	return &s
}

// dpWriteInt32s writes a non-nullable []int32 (nil is written as empty).
func dpWriteInt32s(w *Writer, v []int32, flex bool) {
	w.ArrayLen(len(v), flex)
	for _, x := range v {
		w.Int32(x)
	}
}

// dpReadInt32s reads a []int32; a null array reads as nil.
func dpReadInt32s(r *Reader, flex bool) []int32 {
	n := r.ArrayLen(flex)
	if n < 0 {
		return nil
	}
	if n > r.Remaining()/4 {
		r.Fail(ErrInvalidLength)
		return nil
	}
	v := make([]int32, n)
	for i := range v {
		v[i] = r.Int32()
	}
	return v
}
