package protocol

import (
	"math"
)

func init() {
	register[FetchRequest, FetchResponse](API{Key: KeyFetch, Name: "Fetch", MinVersion: 4, MaxVersion: 18, FlexibleFrom: 12})
}

// FetchRequest asks partition leaders (or preferred read replicas) for
// records.
type FetchRequest struct {
	// ClusterID (v12+, tagged, nullable) lets the receiver validate that the
	// request is meant for its cluster.
	ClusterID *string
	ReplicaID int32 // v0-14; -1 for a consumer
	// ReplicaState (v15+, tagged) replaces ReplicaID for followers; nil for
	// a consumer (written as absent, as is {-1, -1}).
	ReplicaState   *FetchRequestReplicaState
	MaxWaitMs      int32
	MinBytes       int32
	MaxBytes       int32 // v3+, default 0x7fffffff
	IsolationLevel int8  // v4+; 0 read uncommitted, 1 read committed
	SessionID      int32 // v7+
	SessionEpoch   int32 // v7+, default -1
	Topics         []FetchRequestTopic
	// ForgottenTopicsData (v7+) lists partitions an incremental fetch
	// session should drop.
	ForgottenTopicsData []FetchRequestForgottenTopic
	RackID              string // v11+
}

// FetchRequestReplicaState identifies a follower replica (v15+).
type FetchRequestReplicaState struct {
	ReplicaID    int32 // default -1
	ReplicaEpoch int64 // default -1
}

// FetchRequestTopic is one topic to fetch from: named up to v12, identified
// by TopicID from v13.
type FetchRequestTopic struct {
	Topic      string // v0-12
	TopicID    UUID   // v13+
	Partitions []FetchRequestPartition
}

// FetchRequestPartition is one partition to fetch from.
type FetchRequestPartition struct {
	Partition          int32
	CurrentLeaderEpoch int32 // v9+, default -1
	FetchOffset        int64
	LastFetchedEpoch   int32 // v12+, default -1
	LogStartOffset     int64 // v5+, default -1 (followers only)
	PartitionMaxBytes  int32
	ReplicaDirectoryID UUID // v17+, tagged (followers only)
	// HighWatermark (v18+, tagged) is the high-watermark the fetcher knows.
	// Its default, written as absent, is math.MaxInt64 ("not supported");
	// note that a zero value is written as 0.
	HighWatermark int64
}

// FetchRequestForgottenTopic names partitions to remove from a fetch
// session.
type FetchRequestForgottenTopic struct {
	Topic      string // v7-12
	TopicID    UUID   // v13+
	Partitions []int32
}

func (*FetchRequest) APIKey() int16 { return KeyFetch }

func (m *FetchRequest) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeyFetch, version))
}

func (m *FetchRequest) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyFetch, version))
}

func (m *FetchRequest) fields(c *codec) {
	if c.decoding() {
		*m = FetchRequest{ReplicaID: -1, MaxBytes: math.MaxInt32, SessionEpoch: -1}
	}
	if c.version <= 14 {
		c.Int32(&m.ReplicaID)
	}
	c.Int32(&m.MaxWaitMs)
	c.Int32(&m.MinBytes)
	if c.version >= 3 {
		c.Int32(&m.MaxBytes)
	}
	if c.version >= 4 {
		c.Int8(&m.IsolationLevel)
	}
	if c.version >= 7 {
		c.Int32(&m.SessionID)
		c.Int32(&m.SessionEpoch)
	}
	arrayOf(c, &m.Topics, func(t *FetchRequestTopic) {
		c.TopicNameOrID(&t.Topic, &t.TopicID, c.version >= 13)
		arrayOf(c, &t.Partitions, func(p *FetchRequestPartition) { p.fields(c) })
		c.NoTags()
	})
	if c.version >= 7 {
		arrayOf(c, &m.ForgottenTopicsData, func(t *FetchRequestForgottenTopic) {
			c.TopicNameOrID(&t.Topic, &t.TopicID, c.version >= 13)
			c.Int32s(&t.Partitions)
			c.NoTags()
		})
	}
	if c.version >= 11 {
		c.String(&m.RackID)
	}
	c.Tags(func() {
		c.Tag(0, m.ClusterID != nil, func() { c.NullableString(&m.ClusterID) })
		if c.version < 15 {
			return
		}
		// A consumer's state, {-1, -1}, is written as absent.
		s := m.ReplicaState
		c.Tag(1, s != nil && *s != (FetchRequestReplicaState{-1, -1}), func() {
			if c.decoding() {
				m.ReplicaState = new(FetchRequestReplicaState)
			}
			c.Int32(&m.ReplicaState.ReplicaID)
			c.Int64(&m.ReplicaState.ReplicaEpoch)
			c.NoTags()
		})
	})
}

func (p *FetchRequestPartition) fields(c *codec) {
	c.Int32(&p.Partition)
	if c.version >= 9 {
		c.Int32(&p.CurrentLeaderEpoch)
	} else if c.decoding() {
		p.CurrentLeaderEpoch = -1
	}
	c.Int64(&p.FetchOffset)
	if c.version >= 12 {
		c.Int32(&p.LastFetchedEpoch)
	} else if c.decoding() {
		p.LastFetchedEpoch = -1
	}
	if c.version >= 5 {
		c.Int64(&p.LogStartOffset)
	} else if c.decoding() {
		p.LogStartOffset = -1
	}
	c.Int32(&p.PartitionMaxBytes)
	if c.decoding() {
		p.HighWatermark = math.MaxInt64
	}
	c.Tags(func() {
		if c.version >= 17 {
			c.Tag(0, !p.ReplicaDirectoryID.IsZero(), func() { c.UUID(&p.ReplicaDirectoryID) })
		}
		if c.version >= 18 {
			c.Tag(1, p.HighWatermark != math.MaxInt64, func() { c.Int64(&p.HighWatermark) })
		}
	})
}

// FetchResponse carries the fetched records. Decoding it is the consumer's
// hot path: Records alias the input, and a partition costs no allocation
// beyond its place in the Partitions slice (the AbortedTransactions list,
// when the broker sends a non-empty one, is the only per-partition
// allocation).
type FetchResponse struct {
	ThrottleTimeMs int32 // v1+
	ErrorCode      int16 // v7+, top-level error (e.g. of the fetch session)
	SessionID      int32 // v7+
	Responses      []FetchResponseTopic
	// NodeEndpoints (v16+, tagged) lists the current leaders of partitions
	// answered with NOT_LEADER_OR_FOLLOWER or FENCED_LEADER_EPOCH.
	NodeEndpoints []FetchResponseNodeEndpoint
}

// FetchResponseTopic is one topic's answer: named up to v12, identified by
// TopicID from v13.
type FetchResponseTopic struct {
	Topic      string // v0-12
	TopicID    UUID   // v13+
	Partitions []FetchResponsePartition
}

// FetchResponsePartition is one partition's answer (Kafka's PartitionData).
// The tagged structs DivergingEpoch, CurrentLeader and SnapshotID hold
// their defaults (all fields -1) when absent: Decode sets them, and
// AppendTo writes a tagged struct only when it differs from that default.
type FetchResponsePartition struct {
	PartitionIndex   int32
	ErrorCode        int16
	HighWatermark    int64
	LastStableOffset int64 // v4+, default -1
	LogStartOffset   int64 // v5+, default -1
	// DivergingEpoch (v12+, tag 0): the log diverged from the fetcher's
	// LastFetchedEpoch; truncate to it.
	DivergingEpoch FetchResponseEpochEndOffset
	// CurrentLeader (v12+, tag 1): the partition's leader, sent with
	// NOT_LEADER_OR_FOLLOWER and FENCED_LEADER_EPOCH.
	CurrentLeader FetchResponseLeaderIDAndEpoch
	// SnapshotID (v12+, tag 2): the snapshot to fetch when the fetch offset
	// is below the log start (KRaft).
	SnapshotID FetchResponseSnapshotID
	// AbortedTransactions (v4+, nullable) lists aborted transactions that
	// overlap Records, for read_committed consumers.
	AbortedTransactions  []FetchResponseAbortedTransaction
	PreferredReadReplica int32 // v11+, default -1
	// Records holds raw record-batch bytes (nullable); decoded values alias
	// the response buffer. The last batch may be truncated.
	Records []byte
}

// FetchResponseEpochEndOffset is the largest epoch and its end offset.
type FetchResponseEpochEndOffset struct {
	Epoch     int32 // default -1
	EndOffset int64 // default -1
}

// FetchResponseLeaderIdAndEpoch is a partition's current leader.
type FetchResponseLeaderIDAndEpoch = LeaderIDAndEpoch

// FetchResponseSnapshotID identifies a KRaft snapshot.
type FetchResponseSnapshotID struct {
	EndOffset int64 // default -1
	Epoch     int32 // default -1
}

// FetchResponseAbortedTransaction is one aborted transaction.
type FetchResponseAbortedTransaction struct {
	ProducerID  int64
	FirstOffset int64
}

// FetchResponseNodeEndpoint is a broker's address.
type FetchResponseNodeEndpoint = NodeEndpoint

func (*FetchResponse) APIKey() int16 { return KeyFetch }

func (m *FetchResponse) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeyFetch, version))
}

func (m *FetchResponse) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyFetch, version))
}

func (m *FetchResponse) fields(c *codec) {
	if c.decoding() {
		*m = FetchResponse{}
	}
	if c.version >= 1 {
		c.Int32(&m.ThrottleTimeMs)
	}
	if c.version >= 7 {
		c.Int16(&m.ErrorCode)
		c.Int32(&m.SessionID)
	}
	arrayOf(c, &m.Responses, func(t *FetchResponseTopic) {
		c.TopicNameOrID(&t.Topic, &t.TopicID, c.version >= 13)
		// A partition is the hot path of Fetch (the consumer decodes each one
		// of every answer), so it is written per direction: a field list run
		// by the codec measured slower (about 6%).
		arrayOf(c, &t.Partitions, func(p *FetchResponsePartition) {
			if c.decoding() {
				p.decode(c.r, c.version)
			} else {
				p.appendTo(&c.w, c.version)
			}
		})
		c.NoTags()
	})
	nodeEndpointsTags(c, &m.NodeEndpoints, c.version >= 16)
}

func (p *FetchResponsePartition) appendTo(w *Writer, version int16) {
	w.Int32(p.PartitionIndex)
	w.Int16(p.ErrorCode)
	w.Int64(p.HighWatermark)
	if version >= 4 {
		w.Int64(p.LastStableOffset)
	}
	if version >= 5 {
		w.Int64(p.LogStartOffset)
	}
	if version >= 4 {
		AppendNullableArray(w, p.AbortedTransactions, func(a *FetchResponseAbortedTransaction) {
			w.Int64(a.ProducerID)
			w.Int64(a.FirstOffset)
			w.NoTags()
		})
	}
	if version >= 11 {
		w.Int32(p.PreferredReadReplica)
	}
	w.NullableBytes(p.Records)
	if !w.Flex {
		return
	}
	hasDiv := p.DivergingEpoch != (FetchResponseEpochEndOffset{-1, -1})
	hasLeader := p.CurrentLeader != (FetchResponseLeaderIDAndEpoch{-1, -1})
	hasSnap := p.SnapshotID != (FetchResponseSnapshotID{-1, -1})
	w.Uvarint(countSet(hasDiv, hasLeader, hasSnap))
	if hasDiv {
		mark := w.BeginTag(0)
		w.Int32(p.DivergingEpoch.Epoch)
		w.Int64(p.DivergingEpoch.EndOffset)
		w.NoTags()
		w.EndTag(mark)
	}
	if hasLeader {
		mark := w.BeginTag(1)
		w.Int32(p.CurrentLeader.LeaderID)
		w.Int32(p.CurrentLeader.LeaderEpoch)
		w.NoTags()
		w.EndTag(mark)
	}
	if hasSnap {
		mark := w.BeginTag(2)
		w.Int64(p.SnapshotID.EndOffset)
		w.Int32(p.SnapshotID.Epoch)
		w.NoTags()
		w.EndTag(mark)
	}
}

func (p *FetchResponsePartition) decode(r *Reader, version int16) {
	p.PartitionIndex = r.Int32()
	p.ErrorCode = r.Int16()
	p.HighWatermark = r.Int64()
	p.LastStableOffset = -1
	if version >= 4 {
		p.LastStableOffset = r.Int64()
	}
	p.LogStartOffset = -1
	if version >= 5 {
		p.LogStartOffset = r.Int64()
	}
	if version >= 4 {
		if n := r.ArrayLen(); n >= 0 {
			if n > r.Remaining()/16 {
				r.Fail(ErrInvalidLength)
				return
			}
			p.AbortedTransactions = make([]FetchResponseAbortedTransaction, n)
			for i := range p.AbortedTransactions {
				a := &p.AbortedTransactions[i]
				a.ProducerID = r.Int64()
				a.FirstOffset = r.Int64()
				r.SkipTags()
			}
		}
	}
	p.PreferredReadReplica = -1
	if version >= 11 {
		p.PreferredReadReplica = r.Int32()
	}
	p.Records = r.Bytes()
	p.DivergingEpoch = FetchResponseEpochEndOffset{-1, -1}
	p.CurrentLeader = FetchResponseLeaderIDAndEpoch{-1, -1}
	p.SnapshotID = FetchResponseSnapshotID{-1, -1}
	for tag, f := range r.Tags() {
		switch tag {
		case 0:
			p.DivergingEpoch.Epoch = f.Int32()
			p.DivergingEpoch.EndOffset = f.Int64()
			f.SkipTags()
		case 1:
			p.CurrentLeader.LeaderID = f.Int32()
			p.CurrentLeader.LeaderEpoch = f.Int32()
			f.SkipTags()
		case 2:
			p.SnapshotID.EndOffset = f.Int64()
			p.SnapshotID.Epoch = f.Int32()
			f.SkipTags()
		}
	}
}
