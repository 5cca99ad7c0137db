package protocol

import (
	"bytes"
	"encoding/hex"
	"math"
	"testing"
	"unsafe"
)

// Tests of the data-path APIs: Metadata, Produce, Fetch, ListOffsets,
// OffsetForLeaderEpoch and DeleteRecords. Fixtures are prefixed dp; the shared helpers are in helpers_test.go.

func dpUUID(b byte) UUID {
	var u UUID
	for i := range u {
		u[i] = b + byte(i)
	}
	return u
}

func dpUUIDHex(b byte) string {
	u := dpUUID(b)
	return hex.EncodeToString(u[:])
}

// --- Metadata ---

func dpMetadataRequest(v int16) *MetadataRequest {
	m := &MetadataRequest{AllowAutoTopicCreation: true}
	m.Topics = []MetadataRequestTopic{{Name: strPtr("orders")}, {Name: strPtr("payments")}}
	if v >= 10 {
		m.Topics[0].TopicID = dpUUID(1)
		m.Topics[1].TopicID = dpUUID(2)
		m.Topics[1].Name = nil
	}
	if v >= 4 {
		m.AllowAutoTopicCreation = false
	}
	if v >= 8 && v <= 10 {
		m.IncludeClusterAuthorizedOperations = true
	}
	if v >= 8 {
		m.IncludeTopicAuthorizedOperations = true
	}
	return m
}

func dpMetadataResponse(v int16) *MetadataResponse {
	m := &MetadataResponse{ControllerID: -1, ClusterAuthorizedOperations: math.MinInt32}
	if v >= 3 {
		m.ThrottleTimeMs = 17
	}
	m.Brokers = []MetadataResponseBroker{{NodeID: 1, Host: "b1.example", Port: 9092}, {NodeID: 2, Host: "b2.example", Port: 9093}}
	if v >= 1 {
		m.Brokers[0].Rack = strPtr("rack-a")
		m.ControllerID = 2
	}
	if v >= 2 {
		m.ClusterID = strPtr("cluster-x")
	}
	p := MetadataResponsePartition{ErrorCode: 0, PartitionIndex: 0, LeaderID: 1, LeaderEpoch: -1,
		ReplicaNodes: []int32{1, 2}, IsrNodes: []int32{1}}
	if v >= 7 {
		p.LeaderEpoch = 5
	}
	if v >= 5 {
		p.OfflineReplicas = []int32{2}
	}
	p2 := p
	p2.PartitionIndex, p2.ErrorCode, p2.LeaderID = 1, 5, -1
	p2.ReplicaNodes, p2.IsrNodes = []int32{}, []int32{}
	if v >= 5 {
		p2.OfflineReplicas = []int32{}
	}
	t := MetadataResponseTopic{Name: strPtr("orders"), Partitions: []MetadataResponsePartition{p, p2}, TopicAuthorizedOperations: math.MinInt32}
	t2 := MetadataResponseTopic{ErrorCode: 3, Name: strPtr("missing"), Partitions: []MetadataResponsePartition{}, TopicAuthorizedOperations: math.MinInt32}
	if v >= 10 {
		t.TopicID = dpUUID(7)
	}
	if v >= 12 {
		t2.Name = nil
		t2.TopicID = dpUUID(9)
	}
	if v >= 1 {
		t.IsInternal = true
	}
	if v >= 8 {
		t.TopicAuthorizedOperations = 0x0ff8
	}
	if v >= 8 && v <= 10 {
		m.ClusterAuthorizedOperations = 0x0ff0
	}
	m.Topics = []MetadataResponseTopic{t, t2}
	if v >= 13 {
		m.ErrorCode = 29
	}
	return m
}

func TestDPMetadataRoundTrip(t *testing.T) {
	eachVersion(t, KeyMetadata, func(t *testing.T, v int16) {
		roundTrip(t, dpMetadataRequest(v), new(MetadataRequest), v)
		roundTrip(t, dpMetadataResponse(v), new(MetadataResponse), v)
		all := &MetadataRequest{AllowAutoTopicCreation: true}
		if v >= 1 {
			roundTrip(t, all, new(MetadataRequest), v) // null: every topic
			none := &MetadataRequest{AllowAutoTopicCreation: true, Topics: []MetadataRequestTopic{}}
			roundTrip(t, none, new(MetadataRequest), v) // empty: no topic
		} else {
			// v0 has no null: nil is written as the empty array, which
			// means every topic at v0.
			var got MetadataRequest
			if err := Decode(&got, all.AppendTo(nil, 0), 0); err != nil || got.Topics == nil || len(got.Topics) != 0 {
				t.Fatalf("v0 nil topics: got %+v, %v", got.Topics, err)
			}
		}
	})
}

// TestDPMetadataRequestBytes pins a few encodings by hand.
func TestDPMetadataRequestBytes(t *testing.T) {
	cases := []struct {
		m    *MetadataRequest
		v    int16
		want string
	}{
		{&MetadataRequest{Topics: []MetadataRequestTopic{{Name: strPtr("t")}}}, 0, "00000001" + "000174"},
		{&MetadataRequest{AllowAutoTopicCreation: true}, 4, "ffffffff" + "01"},
		// v9: compact null array (0), auto-create, cluster ops, topic ops, no tags.
		{&MetadataRequest{IncludeTopicAuthorizedOperations: true}, 9, "00" + "00" + "00" + "01" + "00"},
		// v12: one topic with a zero id and a null name; no cluster ops field.
		{&MetadataRequest{Topics: []MetadataRequestTopic{{}}}, 12, "02" + "00000000000000000000000000000000" + "00" + "00" + "00" + "00" + "00"},
	}
	for _, c := range cases {
		if got := hex.EncodeToString(c.m.AppendTo(nil, c.v)); got != c.want {
			t.Errorf("v%d: got %s, want %s", c.v, got, c.want)
		}
	}
}

// --- Produce ---

func dpProduceRequest(v int16, partitions int, records []byte) *ProduceRequest {
	m := &ProduceRequest{TransactionalID: strPtr("txn-1"), Acks: -1, TimeoutMs: 30000}
	t := ProduceRequestTopic{}
	if v >= 13 {
		t.TopicID = dpUUID(3)
	} else {
		t.Name = "orders"
	}
	for i := 0; i < partitions; i++ {
		t.PartitionData = append(t.PartitionData, ProduceRequestPartition{Index: int32(i), Records: records})
	}
	t2 := ProduceRequestTopic{PartitionData: []ProduceRequestPartition{{Index: 7}, {Index: 8, Records: []byte{}}}}
	if v >= 13 {
		t2.TopicID = dpUUID(4)
	} else {
		t2.Name = "other"
	}
	m.TopicData = []ProduceRequestTopic{t, t2}
	return m
}

func dpProduceResponse(v int16) *ProduceResponse {
	m := &ProduceResponse{}
	p := ProduceResponsePartition{Index: 0, ErrorCode: 0, BaseOffset: 1234, LogAppendTimeMs: -1, LogStartOffset: -1,
		CurrentLeader: ProduceResponseLeaderIDAndEpoch{-1, -1}}
	if v >= 2 {
		p.LogAppendTimeMs = 1700000000000
	}
	if v >= 5 {
		p.LogStartOffset = 100
	}
	p2 := p
	p2.Index, p2.ErrorCode, p2.BaseOffset = 1, 6, -1
	if v >= 8 {
		p.RecordErrors = []ProduceResponseRecordError{}
		p2.RecordErrors = []ProduceResponseRecordError{{BatchIndex: 3, BatchIndexErrorMessage: strPtr("bad key")}, {BatchIndex: 4}}
		p2.ErrorMessage = strPtr("invalid record")
	}
	if v >= 10 {
		p2.CurrentLeader = ProduceResponseLeaderIDAndEpoch{LeaderID: 2, LeaderEpoch: 9}
	}
	t := ProduceResponseTopic{PartitionResponses: []ProduceResponsePartition{p, p2}}
	if v >= 13 {
		t.TopicID = dpUUID(3)
	} else {
		t.Name = "orders"
	}
	m.Responses = []ProduceResponseTopic{t}
	if v >= 1 {
		m.ThrottleTimeMs = 5
	}
	if v >= 10 {
		m.NodeEndpoints = []ProduceResponseNodeEndpoint{{NodeID: 2, Host: "b2.example", Port: 9092, Rack: strPtr("r2")}, {NodeID: 3, Host: "b3", Port: 1}}
	}
	return m
}

func TestDPProduceRoundTrip(t *testing.T) {
	eachVersion(t, KeyProduce, func(t *testing.T, v int16) {
		roundTrip(t, dpProduceRequest(v, 3, []byte("batch-bytes")), new(ProduceRequest), v)
		nonTxn := dpProduceRequest(v, 1, []byte{1})
		nonTxn.TransactionalID = nil
		roundTrip(t, nonTxn, new(ProduceRequest), v)
		roundTrip(t, dpProduceResponse(v), new(ProduceResponse), v)
	})
}

func TestDPProduceBytes(t *testing.T) {
	m := &ProduceRequest{Acks: 1, TimeoutMs: 1000, TopicData: []ProduceRequestTopic{{Name: "t", TopicID: dpUUID(1),
		PartitionData: []ProduceRequestPartition{{Index: 2, Records: []byte{0xaa, 0xbb}}}}}}
	want := map[int16]string{
		3:  "ffff" + "0001" + "000003e8" + "00000001" + "000174" + "00000001" + "00000002" + "00000002aabb",
		9:  "00" + "0001" + "000003e8" + "02" + "0274" + "02" + "00000002" + "03aabb" + "00" + "00" + "00",
		13: "00" + "0001" + "000003e8" + "02" + dpUUIDHex(1) + "02" + "00000002" + "03aabb" + "00" + "00" + "00",
	}
	for v, w := range want {
		if got := hex.EncodeToString(m.AppendTo(nil, v)); got != w {
			t.Errorf("request v%d: got %s, want %s", v, got, w)
		}
	}
	// A v10 partition answer with CurrentLeader {2, 9} and no NodeEndpoints.
	resp := &ProduceResponse{Responses: []ProduceResponseTopic{{Name: "t", PartitionResponses: []ProduceResponsePartition{{
		Index: 0, BaseOffset: 1, LogAppendTimeMs: -1, LogStartOffset: -1, CurrentLeader: ProduceResponseLeaderIDAndEpoch{2, 9}}}}}}
	wantResp := "02" + "0274" + "02" + "00000000" + "0000" + "0000000000000001" + "ffffffffffffffff" + "ffffffffffffffff" +
		"01" + "00" + // record errors (empty), error message (null)
		"01" + "00" + "09" + "00000002" + "00000009" + "00" + // tag 0, 9 bytes: CurrentLeader
		"00" + // topic tags
		"00000000" + "00" // throttle, top-level tags
	if got := hex.EncodeToString(resp.AppendTo(nil, 10)); got != wantResp {
		t.Errorf("response v10: got %s, want %s", got, wantResp)
	}
}

// --- Fetch ---

func dpFetchRequest(v int16) *FetchRequest {
	m := &FetchRequest{ReplicaID: -1, MaxWaitMs: 500, MinBytes: 1, MaxBytes: math.MaxInt32, SessionEpoch: -1}
	if v <= 14 {
		m.ReplicaID = 3
	}
	if v >= 3 {
		m.MaxBytes = 52428800
	}
	if v >= 4 {
		m.IsolationLevel = 1
	}
	if v >= 7 {
		m.SessionID = 77
		m.SessionEpoch = 4
	}
	p := FetchRequestPartition{Partition: 0, CurrentLeaderEpoch: -1, FetchOffset: 1000, LastFetchedEpoch: -1,
		LogStartOffset: -1, PartitionMaxBytes: 1 << 20, HighWatermark: math.MaxInt64}
	if v >= 9 {
		p.CurrentLeaderEpoch = 6
	}
	if v >= 12 {
		p.LastFetchedEpoch = 5
	}
	if v >= 5 {
		p.LogStartOffset = 10
	}
	p2 := p
	p2.Partition = 1
	if v >= 17 {
		p.ReplicaDirectoryID = dpUUID(5)
	}
	if v >= 18 {
		p.HighWatermark = 999
		p2.HighWatermark = -1
	}
	t := FetchRequestTopic{Partitions: []FetchRequestPartition{p, p2}}
	if v >= 13 {
		t.TopicID = dpUUID(3)
	} else {
		t.Topic = "orders"
	}
	m.Topics = []FetchRequestTopic{t}
	if v >= 7 {
		f := FetchRequestForgottenTopic{Partitions: []int32{4, 5}}
		if v >= 13 {
			f.TopicID = dpUUID(8)
		} else {
			f.Topic = "gone"
		}
		m.ForgottenTopicsData = []FetchRequestForgottenTopic{f}
	}
	if v >= 11 {
		m.RackID = "rack-a"
	}
	if v >= 12 {
		m.ClusterID = strPtr("cluster-x")
	}
	if v >= 15 {
		m.ReplicaState = &FetchRequestReplicaState{ReplicaID: 3, ReplicaEpoch: 12}
	}
	return m
}

// dpFetchResponse builds a response whose first topic has partitions
// partitions of records each.
func dpFetchResponse(v int16, partitions int, records []byte) *FetchResponse {
	m := &FetchResponse{}
	if v >= 1 {
		m.ThrottleTimeMs = 3
	}
	if v >= 7 {
		m.SessionID = 77
	}
	base := FetchResponsePartition{HighWatermark: 5000, LastStableOffset: -1, LogStartOffset: -1,
		DivergingEpoch: FetchResponseEpochEndOffset{-1, -1}, CurrentLeader: FetchResponseLeaderIDAndEpoch{-1, -1},
		SnapshotID: FetchResponseSnapshotID{-1, -1}, PreferredReadReplica: -1}
	if v >= 4 {
		base.LastStableOffset = 4990
	}
	if v >= 5 {
		base.LogStartOffset = 7
	}
	if v >= 11 {
		base.PreferredReadReplica = 2
	}
	t := FetchResponseTopic{}
	for i := 0; i < partitions; i++ {
		p := base
		p.PartitionIndex = int32(i)
		p.Records = records
		if v >= 4 && i%2 == 1 {
			p.AbortedTransactions = []FetchResponseAbortedTransaction{{ProducerID: 42, FirstOffset: 100}, {ProducerID: 43, FirstOffset: 200}}
		}
		t.Partitions = append(t.Partitions, p)
	}
	// A partition in error, with every tagged field.
	e := base
	e.PartitionIndex, e.ErrorCode = 99, 6
	if v >= 4 {
		e.AbortedTransactions = []FetchResponseAbortedTransaction{}
	}
	if v >= 12 {
		e.DivergingEpoch = FetchResponseEpochEndOffset{Epoch: 4, EndOffset: 4000}
		e.CurrentLeader = FetchResponseLeaderIDAndEpoch{LeaderID: 2, LeaderEpoch: 9}
		e.SnapshotID = FetchResponseSnapshotID{EndOffset: 3000, Epoch: 3}
	}
	t.Partitions = append(t.Partitions, e)
	t2 := FetchResponseTopic{Partitions: []FetchResponsePartition{}}
	if v >= 13 {
		t.TopicID, t2.TopicID = dpUUID(3), dpUUID(4)
	} else {
		t.Topic, t2.Topic = "orders", "empty"
	}
	m.Responses = []FetchResponseTopic{t, t2}
	if v >= 16 {
		m.NodeEndpoints = []FetchResponseNodeEndpoint{{NodeID: 2, Host: "b2.example", Port: 9092}, {NodeID: 4, Host: "b4", Port: 9094, Rack: strPtr("r4")}}
	}
	return m
}

func TestDPFetchRoundTrip(t *testing.T) {
	eachVersion(t, KeyFetch, func(t *testing.T, v int16) {
		roundTrip(t, dpFetchRequest(v), new(FetchRequest), v)
		roundTrip(t, dpFetchResponse(v, 3, []byte("some-batches")), new(FetchResponse), v)
	})
}

// TestDPFetchRequestConsumerDefaults: a consumer's request (ReplicaState
// nil, HighWatermark at its default) writes no tagged fields.
func TestDPFetchRequestConsumerDefaults(t *testing.T) {
	m := &FetchRequest{ReplicaID: -1, MaxWaitMs: 500, MinBytes: 1, MaxBytes: 1 << 20, SessionEpoch: -1,
		Topics: []FetchRequestTopic{{TopicID: dpUUID(1), Partitions: []FetchRequestPartition{{
			CurrentLeaderEpoch: -1, LastFetchedEpoch: -1, LogStartOffset: -1, PartitionMaxBytes: 1 << 20, HighWatermark: math.MaxInt64}}}}}
	got := hex.EncodeToString(m.AppendTo(nil, 18))
	want := "000001f4" + "00000001" + "00100000" + "00" + "00000000" + "ffffffff" +
		"02" + dpUUIDHex(1) + "02" + "00000000" + "ffffffff" + "0000000000000000" + "ffffffff" +
		"ffffffffffffffff" + "00100000" + "00" + "00" + // partition tags, topic tags
		"01" + "01" + "00" // no forgotten topics, empty rack, no tags
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	// The same value with ReplicaState {-1, -1} encodes identically.
	m.ReplicaState = &FetchRequestReplicaState{-1, -1}
	if got2 := hex.EncodeToString(m.AppendTo(nil, 18)); got2 != want {
		t.Fatalf("default ReplicaState was written: %s", got2)
	}
}

func TestDPFetchResponseBytes(t *testing.T) {
	m := &FetchResponse{Responses: []FetchResponseTopic{{Topic: "t", Partitions: []FetchResponsePartition{{
		PartitionIndex: 1, HighWatermark: 2, LastStableOffset: -1, LogStartOffset: -1, PreferredReadReplica: -1,
		DivergingEpoch: FetchResponseEpochEndOffset{-1, -1}, CurrentLeader: FetchResponseLeaderIDAndEpoch{3, 4},
		SnapshotID: FetchResponseSnapshotID{-1, -1}, Records: []byte{0xcc}}}}}}
	want := "00000000" + "0000" + "00000000" + "02" + "0274" + "02" +
		"00000001" + "0000" + "0000000000000002" + "ffffffffffffffff" + "ffffffffffffffff" + "00" + "ffffffff" + "02cc" +
		"01" + "01" + "09" + "00000003" + "00000004" + "00" +
		"00" + "00"
	if got := hex.EncodeToString(m.AppendTo(nil, 12)); got != want {
		t.Fatalf("v12: got  %s\nwant %s", got, want)
	}
	// v11 (not flexible): int32 lengths, no tags.
	want11 := "00000000" + "0000" + "00000000" + "00000001" + "000174" + "00000001" +
		"00000001" + "0000" + "0000000000000002" + "ffffffffffffffff" + "ffffffffffffffff" + "ffffffff" + "ffffffff" + "00000001cc"
	if got := hex.EncodeToString(m.AppendTo(nil, 11)); got != want11 {
		t.Fatalf("v11: got  %s\nwant %s", got, want11)
	}
}

// TestDPFetchRecordsAlias: decoded Records point into the response buffer.
func TestDPFetchRecordsAlias(t *testing.T) {
	a := mustAPI(t, KeyFetch)
	for _, v := range []int16{a.MinVersion, a.MaxVersion} {
		body := dpFetchResponse(v, 2, bytes.Repeat([]byte{7}, 100)).AppendTo(nil, v)
		var m FetchResponse
		if err := Decode(&m, body, v); err != nil {
			t.Fatal(err)
		}
		rec := m.Responses[0].Partitions[0].Records
		start := uintptr(unsafe.Pointer(unsafe.SliceData(body)))
		p := uintptr(unsafe.Pointer(unsafe.SliceData(rec)))
		if len(rec) != 100 || p < start || p >= start+uintptr(len(body)) {
			t.Fatalf("v%d: Records do not alias the input", v)
		}
	}
	if !ResponseAliasesInput(KeyFetch) {
		t.Fatal("ResponseAliasesInput(KeyFetch) is false")
	}
}

// TestDPFetchUnknownTags: unknown tags are skipped, and known tags at a
// version that does not define them are treated as unknown.
func TestDPFetchUnknownTags(t *testing.T) {
	m := &FetchResponse{Responses: []FetchResponseTopic{{TopicID: dpUUID(1), Partitions: []FetchResponsePartition{{
		LastStableOffset: -1, LogStartOffset: -1, PreferredReadReplica: -1,
		DivergingEpoch: FetchResponseEpochEndOffset{-1, -1}, CurrentLeader: FetchResponseLeaderIDAndEpoch{3, 4},
		SnapshotID: FetchResponseSnapshotID{-1, -1}}}}}}
	body := m.AppendTo(nil, 16)
	// Replace the final empty tag section with tag 0 (NodeEndpoints, an
	// empty compact array) plus an unknown tag 7.
	body = append(body[:len(body)-1], 0x02, 0x00, 0x01, 0x01, 0x07, 0x02, 0xab, 0xcd)
	var got FetchResponse
	if err := Decode(&got, body, 16); err != nil {
		t.Fatal(err)
	}
	if got.NodeEndpoints == nil || len(got.NodeEndpoints) != 0 || got.Responses[0].Partitions[0].CurrentLeader.LeaderID != 3 {
		t.Fatalf("got %+v", got)
	}
	// At v15 tag 0 of the response is not NodeEndpoints: it is skipped.
	body15 := m.AppendTo(nil, 15)
	body15 = append(body15[:len(body15)-1], 0x01, 0x00, 0x02, 0xff, 0xff)
	if err := Decode(&got, body15, 15); err != nil || got.NodeEndpoints != nil {
		t.Fatalf("v15: %v %+v", err, got.NodeEndpoints)
	}
	// A tag whose size overruns the input fails.
	base := m.AppendTo(nil, 16)
	base = base[:len(base)-1] // drop the empty top-level tag section
	bad := append(append([]byte(nil), base...), 0x01, 0x09, 0x10, 0x00)
	if err := Decode(&got, bad, 16); err == nil {
		t.Fatal("overrunning tag decoded")
	}
	// A known tag too short for its value fails: NodeEndpoints announcing
	// four entries in a one-byte field.
	short := append(append([]byte(nil), base...), 0x01, 0x00, 0x01, 0x05)
	if err := Decode(&got, short, 16); err == nil {
		t.Fatal("short known tag decoded")
	}
}

// --- ListOffsets ---

func dpListOffsetsRequest(v int16) *ListOffsetsRequest {
	m := &ListOffsetsRequest{ReplicaID: -1}
	if v >= 2 {
		m.IsolationLevel = 1
	}
	p := ListOffsetsRequestPartition{PartitionIndex: 0, CurrentLeaderEpoch: -1, Timestamp: ListOffsetsEarliest}
	if v >= 4 {
		p.CurrentLeaderEpoch = 8
	}
	p2 := p
	p2.PartitionIndex, p2.Timestamp = 1, 1700000000000
	m.Topics = []ListOffsetsRequestTopic{{Name: "orders", Partitions: []ListOffsetsRequestPartition{p, p2}}, {Name: "x", Partitions: []ListOffsetsRequestPartition{}}}
	if v >= 10 {
		m.TimeoutMs = 15000
	}
	return m
}

func dpListOffsetsResponse(v int16) *ListOffsetsResponse {
	m := &ListOffsetsResponse{}
	if v >= 2 {
		m.ThrottleTimeMs = 1
	}
	p := ListOffsetsResponsePartition{PartitionIndex: 0, Timestamp: 1700000000000, Offset: 42, LeaderEpoch: -1}
	if v >= 4 {
		p.LeaderEpoch = 8
	}
	p2 := ListOffsetsResponsePartition{PartitionIndex: 1, ErrorCode: 6, Timestamp: -1, Offset: -1, LeaderEpoch: -1}
	m.Topics = []ListOffsetsResponseTopic{{Name: "orders", Partitions: []ListOffsetsResponsePartition{p, p2}}}
	return m
}

func TestDPListOffsetsRoundTrip(t *testing.T) {
	eachVersion(t, KeyListOffsets, func(t *testing.T, v int16) {
		roundTrip(t, dpListOffsetsRequest(v), new(ListOffsetsRequest), v)
		roundTrip(t, dpListOffsetsResponse(v), new(ListOffsetsResponse), v)
	})
	// The deprecated aliases still name the request types.
	var _ ListOffsetsRequestTopic = ListOffsetsRequestTopic{Partitions: []ListOffsetsRequestPartition{{}}}
}

// --- OffsetForLeaderEpoch ---

func dpOffsetForLeaderEpochRequest(v int16) *OffsetForLeaderEpochRequest {
	m := &OffsetForLeaderEpochRequest{ReplicaID: -2}
	if v >= 3 {
		m.ReplicaID = -1
	}
	m.Topics = []OffsetForLeaderEpochRequestTopic{{Topic: "orders", Partitions: []OffsetForLeaderEpochRequestPartition{
		{Partition: 0, CurrentLeaderEpoch: 9, LeaderEpoch: 7}, {Partition: 3, CurrentLeaderEpoch: -1, LeaderEpoch: 2}}}}
	return m
}

func dpOffsetForLeaderEpochResponse(v int16) *OffsetForLeaderEpochResponse {
	return &OffsetForLeaderEpochResponse{ThrottleTimeMs: 2, Topics: []OffsetForLeaderEpochResponseTopic{{Topic: "orders",
		Partitions: []OffsetForLeaderEpochResponsePartition{{Partition: 0, LeaderEpoch: 7, EndOffset: 5000}, {ErrorCode: 74, Partition: 3, LeaderEpoch: -1, EndOffset: -1}}}}}
}

func TestDPOffsetForLeaderEpochRoundTrip(t *testing.T) {
	eachVersion(t, KeyOffsetForLeaderEpoch, func(t *testing.T, v int16) {
		roundTrip(t, dpOffsetForLeaderEpochRequest(v), new(OffsetForLeaderEpochRequest), v)
		roundTrip(t, dpOffsetForLeaderEpochResponse(v), new(OffsetForLeaderEpochResponse), v)
	})
}

// --- DeleteRecords ---

func dpDeleteRecordsRequest(int16) *DeleteRecordsRequest {
	return &DeleteRecordsRequest{TimeoutMs: 30000, Topics: []DeleteRecordsRequestTopic{{Name: "orders",
		Partitions: []DeleteRecordsRequestPartition{{PartitionIndex: 0, Offset: 100}, {PartitionIndex: 1, Offset: -1}}}}}
}

func dpDeleteRecordsResponse(int16) *DeleteRecordsResponse {
	return &DeleteRecordsResponse{ThrottleTimeMs: 4, Topics: []DeleteRecordsResponseTopic{{Name: "orders",
		Partitions: []DeleteRecordsResponsePartition{{PartitionIndex: 0, LowWatermark: 100}, {PartitionIndex: 1, LowWatermark: -1, ErrorCode: 1}}}}}
}

func TestDPDeleteRecordsRoundTrip(t *testing.T) {
	eachVersion(t, KeyDeleteRecords, func(t *testing.T, v int16) {
		roundTrip(t, dpDeleteRecordsRequest(v), new(DeleteRecordsRequest), v)
		roundTrip(t, dpDeleteRecordsResponse(v), new(DeleteRecordsResponse), v)
	})
}

// --- Allocations and benchmarks ---

// TestDPProduceRequestAppendNoAllocs: encoding a Produce request into a
// buffer with room allocates nothing.
func TestDPProduceRequestAppendNoAllocs(t *testing.T) {
	a := mustAPI(t, KeyProduce)
	for _, v := range []int16{a.MinVersion, 9, a.MaxVersion} {
		req := dpProduceRequest(v, 6, make([]byte, 4096))
		buf := make([]byte, 0, 64<<10)
		if n := testing.AllocsPerRun(100, func() { buf = req.AppendTo(buf[:0], v) }); n != 0 {
			t.Errorf("v%d: %v allocations per AppendTo", v, n)
		}
	}
}

// TestDPFetchResponseDecodeAllocs: a Fetch response costs the Responses
// slice, one Partitions slice per topic and (before v13) the topic names,
// and nothing per partition unless it carries aborted transactions.
func TestDPFetchResponseDecodeAllocs(t *testing.T) {
	for _, c := range []struct {
		v    int16
		want float64
	}{{18, 3}, {12, 5}, {4, 5}} {
		m := dpFetchResponse(c.v, 6, make([]byte, 1000))
		m.NodeEndpoints = nil
		for i := range m.Responses[0].Partitions {
			m.Responses[0].Partitions[i].AbortedTransactions = nil
		}
		body := m.AppendTo(nil, c.v)
		var resp FetchResponse
		r := NewReader(nil)
		n := testing.AllocsPerRun(100, func() {
			r.Reset(body)
			resp.Decode(r, c.v)
		})
		if r.Err() != nil {
			t.Fatal(r.Err())
		}
		// Two topics: Responses (1) + 2 Partitions slices, plus 2 names
		// before v13.
		if n > c.want {
			t.Errorf("v%d: %v allocations per decode, want <= %v", c.v, n, c.want)
		}
	}
}

func BenchmarkFetchResponseDecode(b *testing.B) {
	a := mustAPI(b, KeyFetch)
	v := a.MaxVersion
	// A typical consumer answer: one topic, six partitions of 1 MiB each,
	// no aborted transactions, no leader changes.
	m := dpFetchResponse(v, 6, make([]byte, 1<<20))
	m.NodeEndpoints = nil
	m.Responses = m.Responses[:1]
	m.Responses[0].Partitions = m.Responses[0].Partitions[:6]
	for i := range m.Responses[0].Partitions {
		m.Responses[0].Partitions[i].AbortedTransactions = nil
	}
	body := m.AppendTo(nil, v)
	var resp FetchResponse
	r := NewReader(nil)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		r.Reset(body)
		resp.Decode(r, v)
		if r.Err() != nil {
			b.Fatal(r.Err())
		}
	}
}

func BenchmarkProduceRequestAppend(b *testing.B) {
	a := mustAPI(b, KeyProduce)
	v := a.MaxVersion
	req := dpProduceRequest(v, 6, make([]byte, 16<<10))
	req.TopicData = req.TopicData[:1]
	buf := req.AppendTo(nil, v)
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	for b.Loop() {
		buf = req.AppendTo(buf[:0], v)
	}
}

// --- Fuzzing ---

func FuzzMetadataResponse(f *testing.F) {
	fuzzDecoder(f, KeyMetadata, false, func(v int16) Message { return dpMetadataResponse(v) })
}

func FuzzProduceResponse(f *testing.F) {
	fuzzDecoder(f, KeyProduce, false, func(v int16) Message { return dpProduceResponse(v) })
}

func FuzzProduceRequest(f *testing.F) {
	fuzzDecoder(f, KeyProduce, true, func(v int16) Message { return dpProduceRequest(v, 2, []byte("records")) })
}

func FuzzFetchResponse(f *testing.F) {
	fuzzDecoder(f, KeyFetch, false, func(v int16) Message { return dpFetchResponse(v, 2, []byte("records")) })
}

func FuzzListOffsetsResponse(f *testing.F) {
	fuzzDecoder(f, KeyListOffsets, false, func(v int16) Message { return dpListOffsetsResponse(v) })
}

func FuzzOffsetForLeaderEpochResponse(f *testing.F) {
	fuzzDecoder(f, KeyOffsetForLeaderEpoch, false, func(v int16) Message { return dpOffsetForLeaderEpochResponse(v) })
}

func FuzzDeleteRecordsResponse(f *testing.F) {
	fuzzDecoder(f, KeyDeleteRecords, false, func(v int16) Message { return dpDeleteRecordsResponse(v) })
}

// TestFetchResponseSkipsUnknownPartitionTag renames a partition's tagged
// DivergingEpoch to an unknown tag: the decoder must skip its bytes unread
// (they are not a tagged-field section) and keep the default.
func TestFetchResponseSkipsUnknownPartitionTag(t *testing.T) {
	v := mustAPI(t, KeyFetch).MaxVersion
	m := &FetchResponse{Responses: []FetchResponseTopic{{TopicID: dpUUID(1), Partitions: []FetchResponsePartition{{
		DivergingEpoch:   FetchResponseEpochEndOffset{Epoch: 0x7f7f7f7f, EndOffset: 9},
		CurrentLeader:    LeaderIDAndEpoch{-1, -1},
		SnapshotID:       FetchResponseSnapshotID{-1, -1},
		LastStableOffset: -1, LogStartOffset: -1, PreferredReadReplica: -1,
	}}}}}
	b := m.AppendTo(nil, v)
	// count 1, tag 0, size 13 (int32 + int64 + empty tags), then the epoch.
	i := bytes.Index(b, []byte{1, 0, 13, 0x7f, 0x7f, 0x7f, 0x7f})
	if i < 0 {
		t.Fatalf("tagged DivergingEpoch not found in %x", b)
	}
	b[i+1] = 7
	var got FetchResponse
	if err := Decode(&got, b, v); err != nil {
		t.Fatalf("decode with an unknown partition tag: %v", err)
	}
	if p := got.Responses[0].Partitions[0]; p.DivergingEpoch != (FetchResponseEpochEndOffset{-1, -1}) {
		t.Fatalf("unknown tag decoded as DivergingEpoch %+v", p.DivergingEpoch)
	}
}
