package protocol

import (
	"fmt"
	"math"
)

func init() {
	register(API{Key: KeyFetch, Name: "Fetch", MinVersion: 4, MaxVersion: 18, FlexibleFrom: 12,
		NewRequest: func() Message { return new(FetchRequest) }, NewResponse: func() Message { return new(FetchResponse) }})
}

// FetchRequest asks partition leaders (or preferred read replicas) for
// records.
type FetchRequest struct {
	// ClusterId (v12+, tagged, nullable) lets the receiver validate that the
	// request is meant for its cluster.
	ClusterId *string
	ReplicaId int32 // v0-14; -1 for a consumer
	// ReplicaState (v15+, tagged) replaces ReplicaId for followers; nil for
	// a consumer (written as absent, as is {-1, -1}).
	ReplicaState   *FetchRequestReplicaState
	MaxWaitMs      int32
	MinBytes       int32
	MaxBytes       int32 // v3+, default 0x7fffffff
	IsolationLevel int8  // v4+; 0 read uncommitted, 1 read committed
	SessionId      int32 // v7+
	SessionEpoch   int32 // v7+, default -1
	Topics         []FetchRequestTopic
	// ForgottenTopicsData (v7+) lists partitions an incremental fetch
	// session should drop.
	ForgottenTopicsData []FetchRequestForgottenTopic
	RackId              string // v11+
}

// FetchRequestReplicaState identifies a follower replica (v15+).
type FetchRequestReplicaState struct {
	ReplicaId    int32 // default -1
	ReplicaEpoch int64 // default -1
}

// FetchRequestTopic is one topic to fetch from: named up to v12, identified
// by TopicId from v13.
type FetchRequestTopic struct {
	Topic      string // v0-12
	TopicId    UUID   // v13+
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
	ReplicaDirectoryId UUID // v17+, tagged (followers only)
	// HighWatermark (v18+, tagged) is the high-watermark the fetcher knows.
	// Its default, written as absent, is math.MaxInt64 ("not supported");
	// note that a zero value is written as 0.
	HighWatermark int64
}

// FetchRequestForgottenTopic names partitions to remove from a fetch
// session.
type FetchRequestForgottenTopic struct {
	Topic      string // v7-12
	TopicId    UUID   // v13+
	Partitions []int32
}

func (*FetchRequest) APIKey() int16 { return KeyFetch }

func (m *FetchRequest) AppendTo(dst []byte, version int16) []byte {
	w := Writer{B: dst}
	flex := version >= 12
	if version <= 14 {
		w.Int32(m.ReplicaId)
	}
	w.Int32(m.MaxWaitMs)
	w.Int32(m.MinBytes)
	if version >= 3 {
		w.Int32(m.MaxBytes)
	}
	if version >= 4 {
		w.Int8(m.IsolationLevel)
	}
	if version >= 7 {
		w.Int32(m.SessionId)
		w.Int32(m.SessionEpoch)
	}
	w.ArrayLen(len(m.Topics), flex)
	for i := range m.Topics {
		t := &m.Topics[i]
		if version >= 13 {
			w.UUID(t.TopicId)
		} else {
			w.String(t.Topic, flex)
		}
		w.ArrayLen(len(t.Partitions), flex)
		for j := range t.Partitions {
			t.Partitions[j].appendTo(&w, version, flex)
		}
		w.NoTags(flex)
	}
	if version >= 7 {
		w.ArrayLen(len(m.ForgottenTopicsData), flex)
		for i := range m.ForgottenTopicsData {
			t := &m.ForgottenTopicsData[i]
			if version >= 13 {
				w.UUID(t.TopicId)
			} else {
				w.String(t.Topic, flex)
			}
			dpWriteInt32s(&w, t.Partitions, flex)
			w.NoTags(flex)
		}
	}
	if version >= 11 {
		w.String(m.RackId, flex)
	}
	if !flex {
		return w.B
	}
	hasCluster := m.ClusterId != nil
	hasState := version >= 15 && m.ReplicaState != nil && *m.ReplicaState != (FetchRequestReplicaState{-1, -1})
	w.Uvarint(uint32(dpCount(hasCluster, hasState)))
	if hasCluster {
		mark := w.BeginTag(0)
		w.NullableString(m.ClusterId, true)
		w.EndTag(mark)
	}
	if hasState {
		mark := w.BeginTag(1)
		w.Int32(m.ReplicaState.ReplicaId)
		w.Int64(m.ReplicaState.ReplicaEpoch)
		w.NoTags(true)
		w.EndTag(mark)
	}
	return w.B
}

func (p *FetchRequestPartition) appendTo(w *Writer, version int16, flex bool) {
	w.Int32(p.Partition)
	if version >= 9 {
		w.Int32(p.CurrentLeaderEpoch)
	}
	w.Int64(p.FetchOffset)
	if version >= 12 {
		w.Int32(p.LastFetchedEpoch)
	}
	if version >= 5 {
		w.Int64(p.LogStartOffset)
	}
	w.Int32(p.PartitionMaxBytes)
	if !flex {
		return
	}
	hasDir := version >= 17 && !p.ReplicaDirectoryId.IsZero()
	hasHW := version >= 18 && p.HighWatermark != math.MaxInt64
	w.Uvarint(uint32(dpCount(hasDir, hasHW)))
	if hasDir {
		mark := w.BeginTag(0)
		w.UUID(p.ReplicaDirectoryId)
		w.EndTag(mark)
	}
	if hasHW {
		mark := w.BeginTag(1)
		w.Int64(p.HighWatermark)
		w.EndTag(mark)
	}
}

func (m *FetchRequest) Decode(r *Reader, version int16) {
	flex := version >= 12
	*m = FetchRequest{ReplicaId: -1, MaxBytes: math.MaxInt32, SessionEpoch: -1}
	if version <= 14 {
		m.ReplicaId = r.Int32()
	}
	m.MaxWaitMs = r.Int32()
	m.MinBytes = r.Int32()
	if version >= 3 {
		m.MaxBytes = r.Int32()
	}
	if version >= 4 {
		m.IsolationLevel = r.Int8()
	}
	if version >= 7 {
		m.SessionId = r.Int32()
		m.SessionEpoch = r.Int32()
	}
	if n := r.ArrayLen(flex); n >= 0 {
		m.Topics = make([]FetchRequestTopic, n)
		for i := range m.Topics {
			t := &m.Topics[i]
			if version >= 13 {
				t.TopicId = r.UUID()
			} else {
				t.Topic = r.String(flex)
			}
			if n := r.ArrayLen(flex); n >= 0 {
				t.Partitions = make([]FetchRequestPartition, n)
				for j := range t.Partitions {
					t.Partitions[j].decode(r, version, flex)
				}
			}
			r.SkipTags(flex)
		}
	}
	if version >= 7 {
		if n := r.ArrayLen(flex); n >= 0 {
			m.ForgottenTopicsData = make([]FetchRequestForgottenTopic, n)
			for i := range m.ForgottenTopicsData {
				t := &m.ForgottenTopicsData[i]
				if version >= 13 {
					t.TopicId = r.UUID()
				} else {
					t.Topic = r.String(flex)
				}
				t.Partitions = dpReadInt32s(r, flex)
				r.SkipTags(flex)
			}
		}
	}
	if version >= 11 {
		m.RackId = r.String(flex)
	}
	if !flex {
		return
	}
	for n := r.Uvarint(); n > 0 && r.err == nil; n-- {
		tag, f := dpTagField(r)
		switch tag {
		case 0:
			m.ClusterId = f.NullableString(true)
		case 1:
			if version < 15 {
				continue
			}
			m.ReplicaState = &FetchRequestReplicaState{ReplicaId: f.Int32(), ReplicaEpoch: f.Int64()}
			f.SkipTags(true)
		default:
			continue
		}
		dpTagDone(r, tag, &f)
	}
}

func (p *FetchRequestPartition) decode(r *Reader, version int16, flex bool) {
	p.Partition = r.Int32()
	p.CurrentLeaderEpoch = -1
	if version >= 9 {
		p.CurrentLeaderEpoch = r.Int32()
	}
	p.FetchOffset = r.Int64()
	p.LastFetchedEpoch = -1
	if version >= 12 {
		p.LastFetchedEpoch = r.Int32()
	}
	p.LogStartOffset = -1
	if version >= 5 {
		p.LogStartOffset = r.Int64()
	}
	p.PartitionMaxBytes = r.Int32()
	p.HighWatermark = math.MaxInt64
	if !flex {
		return
	}
	for n := r.Uvarint(); n > 0 && r.err == nil; n-- {
		tag, f := dpTagField(r)
		switch {
		case tag == 0 && version >= 17:
			p.ReplicaDirectoryId = f.UUID()
		case tag == 1 && version >= 18:
			p.HighWatermark = f.Int64()
		default:
			continue
		}
		dpTagDone(r, tag, &f)
	}
}

// FetchResponse carries the fetched records. Decoding it is the consumer's
// hot path: Records alias the input, and a partition costs no allocation
// beyond its place in the Partitions slice (the AbortedTransactions list,
// when the broker sends a non-empty one, is the only per-partition
// allocation).
type FetchResponse struct {
	ThrottleTimeMs int32 // v1+
	ErrorCode      int16 // v7+, top-level error (e.g. of the fetch session)
	SessionId      int32 // v7+
	Responses      []FetchResponseTopic
	// NodeEndpoints (v16+, tagged) lists the current leaders of partitions
	// answered with NOT_LEADER_OR_FOLLOWER or FENCED_LEADER_EPOCH.
	NodeEndpoints []FetchResponseNodeEndpoint
}

// FetchResponseTopic is one topic's answer: named up to v12, identified by
// TopicId from v13.
type FetchResponseTopic struct {
	Topic      string // v0-12
	TopicId    UUID   // v13+
	Partitions []FetchResponsePartition
}

// FetchResponsePartition is one partition's answer (Kafka's PartitionData).
// The tagged structs DivergingEpoch, CurrentLeader and SnapshotId hold
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
	CurrentLeader FetchResponseLeaderIdAndEpoch
	// SnapshotId (v12+, tag 2): the snapshot to fetch when the fetch offset
	// is below the log start (KRaft).
	SnapshotId FetchResponseSnapshotId
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
type FetchResponseLeaderIdAndEpoch struct {
	LeaderId    int32 // default -1
	LeaderEpoch int32 // default -1
}

// FetchResponseSnapshotId identifies a KRaft snapshot.
type FetchResponseSnapshotId struct {
	EndOffset int64 // default -1
	Epoch     int32 // default -1
}

// FetchResponseAbortedTransaction is one aborted transaction.
type FetchResponseAbortedTransaction struct {
	ProducerId  int64
	FirstOffset int64
}

// FetchResponseNodeEndpoint is a broker's address.
type FetchResponseNodeEndpoint = NodeEndpoint

func (*FetchResponse) APIKey() int16 { return KeyFetch }

func (m *FetchResponse) AppendTo(dst []byte, version int16) []byte {
	w := Writer{B: dst}
	flex := version >= 12
	if version >= 1 {
		w.Int32(m.ThrottleTimeMs)
	}
	if version >= 7 {
		w.Int16(m.ErrorCode)
		w.Int32(m.SessionId)
	}
	w.ArrayLen(len(m.Responses), flex)
	for i := range m.Responses {
		t := &m.Responses[i]
		if version >= 13 {
			w.UUID(t.TopicId)
		} else {
			w.String(t.Topic, flex)
		}
		w.ArrayLen(len(t.Partitions), flex)
		for j := range t.Partitions {
			t.Partitions[j].appendTo(&w, version, flex)
		}
		w.NoTags(flex)
	}
	if !flex {
		return w.B
	}
	if version >= 16 && len(m.NodeEndpoints) > 0 {
		w.Uvarint(1)
		mark := w.BeginTag(0)
		appendNodeEndpoints(&w, m.NodeEndpoints)
		w.EndTag(mark)
	} else {
		w.NoTags(true)
	}
	return w.B
}

func (p *FetchResponsePartition) appendTo(w *Writer, version int16, flex bool) {
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
		if p.AbortedTransactions == nil {
			w.ArrayLen(-1, flex)
		} else {
			w.ArrayLen(len(p.AbortedTransactions), flex)
			for i := range p.AbortedTransactions {
				a := &p.AbortedTransactions[i]
				w.Int64(a.ProducerId)
				w.Int64(a.FirstOffset)
				w.NoTags(flex)
			}
		}
	}
	if version >= 11 {
		w.Int32(p.PreferredReadReplica)
	}
	w.NullableBytes(p.Records, flex)
	if !flex {
		return
	}
	hasDiv := p.DivergingEpoch != (FetchResponseEpochEndOffset{-1, -1})
	hasLeader := p.CurrentLeader != (FetchResponseLeaderIdAndEpoch{-1, -1})
	hasSnap := p.SnapshotId != (FetchResponseSnapshotId{-1, -1})
	w.Uvarint(uint32(dpCount(hasDiv, hasLeader, hasSnap)))
	if hasDiv {
		mark := w.BeginTag(0)
		w.Int32(p.DivergingEpoch.Epoch)
		w.Int64(p.DivergingEpoch.EndOffset)
		w.NoTags(true)
		w.EndTag(mark)
	}
	if hasLeader {
		mark := w.BeginTag(1)
		w.Int32(p.CurrentLeader.LeaderId)
		w.Int32(p.CurrentLeader.LeaderEpoch)
		w.NoTags(true)
		w.EndTag(mark)
	}
	if hasSnap {
		mark := w.BeginTag(2)
		w.Int64(p.SnapshotId.EndOffset)
		w.Int32(p.SnapshotId.Epoch)
		w.NoTags(true)
		w.EndTag(mark)
	}
}

func (m *FetchResponse) Decode(r *Reader, version int16) {
	flex := version >= 12
	*m = FetchResponse{}
	if version >= 1 {
		m.ThrottleTimeMs = r.Int32()
	}
	if version >= 7 {
		m.ErrorCode = r.Int16()
		m.SessionId = r.Int32()
	}
	if n := r.ArrayLen(flex); n >= 0 {
		m.Responses = make([]FetchResponseTopic, n)
		for i := range m.Responses {
			t := &m.Responses[i]
			if version >= 13 {
				t.TopicId = r.UUID()
			} else {
				t.Topic = r.String(flex)
			}
			if n := r.ArrayLen(flex); n >= 0 {
				t.Partitions = make([]FetchResponsePartition, n)
				for j := range t.Partitions {
					t.Partitions[j].decode(r, version, flex)
				}
			}
			r.SkipTags(flex)
		}
	}
	if !flex {
		return
	}
	for n := r.Uvarint(); n > 0 && r.err == nil; n-- {
		tag, f := dpTagField(r)
		if tag != 0 || version < 16 {
			continue
		}
		m.NodeEndpoints = decodeNodeEndpoints(&f)
		dpTagDone(r, tag, &f)
	}
}

func (p *FetchResponsePartition) decode(r *Reader, version int16, flex bool) {
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
		if n := r.ArrayLen(flex); n >= 0 {
			if n > r.Remaining()/16 {
				r.Fail(ErrInvalidLength)
				return
			}
			p.AbortedTransactions = make([]FetchResponseAbortedTransaction, n)
			for i := range p.AbortedTransactions {
				a := &p.AbortedTransactions[i]
				a.ProducerId = r.Int64()
				a.FirstOffset = r.Int64()
				r.SkipTags(flex)
			}
		}
	}
	p.PreferredReadReplica = -1
	if version >= 11 {
		p.PreferredReadReplica = r.Int32()
	}
	p.Records = r.Bytes(flex)
	p.DivergingEpoch = FetchResponseEpochEndOffset{-1, -1}
	p.CurrentLeader = FetchResponseLeaderIdAndEpoch{-1, -1}
	p.SnapshotId = FetchResponseSnapshotId{-1, -1}
	if !flex {
		return
	}
	for n := r.Uvarint(); n > 0 && r.err == nil; n-- {
		tag, f := dpTagField(r)
		switch tag {
		case 0:
			p.DivergingEpoch.Epoch = f.Int32()
			p.DivergingEpoch.EndOffset = f.Int64()
		case 1:
			p.CurrentLeader.LeaderId = f.Int32()
			p.CurrentLeader.LeaderEpoch = f.Int32()
		case 2:
			p.SnapshotId.EndOffset = f.Int64()
			p.SnapshotId.Epoch = f.Int32()
		default:
			continue
		}
		f.SkipTags(true)
		dpTagDone(r, tag, &f)
	}
}

// dpTagField reads one tagged field's tag and size and returns a Reader over
// exactly its bytes, by value so that reading it allocates nothing. Callers
// loop over the count themselves (see Reader.Tags, whose callback form costs
// an allocation per field) and call dpTagDone after reading a known field.
func dpTagField(r *Reader) (uint32, Reader) {
	tag := r.Uvarint()
	size := r.Uvarint()
	return tag, Reader{buf: r.take(int(size))}
}

// dpTagDone latches a tagged field's decoding error into its parent.
func dpTagDone(r *Reader, tag uint32, f *Reader) {
	if f.err != nil {
		r.Fail(fmt.Errorf("tagged field %d: %w", tag, f.err))
	}
}

// dpCount counts the true values: the number of tagged fields to write.
func dpCount(set ...bool) int {
	n := 0
	for _, s := range set {
		if s {
			n++
		}
	}
	return n
}
