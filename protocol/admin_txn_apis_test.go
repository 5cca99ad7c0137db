package protocol

import (
	"bytes"
	"testing"
)

// admVersions lists the versions a round trip covers: the API's min and max,
// plus the versions where a shape changes.
func admVersions(t *testing.T, key int16, extra ...int16) []int16 {
	t.Helper()
	a := mustAPI(t, key)
	vs := []int16{a.MinVersion, a.MaxVersion}
	for _, v := range extra {
		if v > a.MinVersion && v < a.MaxVersion {
			vs = append(vs, v)
		}
	}
	return vs
}

func TestAdmInitProducerIDRoundTrip(t *testing.T) {
	for _, v := range admVersions(t, KeyInitProducerID, 2, 3) {
		req := &InitProducerIDRequest{TransactionalID: strPtr("txn-1"), TransactionTimeoutMs: 60000, ProducerID: -1, ProducerEpoch: -1}
		if v >= 3 {
			req.ProducerID, req.ProducerEpoch = 1234, 5
		}
		roundTrip(t, req, new(InitProducerIDRequest), v)
		roundTrip(t, &InitProducerIDRequest{TransactionTimeoutMs: 1, ProducerID: -1, ProducerEpoch: -1}, new(InitProducerIDRequest), v)
		roundTrip(t, &InitProducerIDResponse{ThrottleTimeMs: 7, ErrorCode: 0, ProducerID: 99, ProducerEpoch: 3}, new(InitProducerIDResponse), v)
	}
}

func TestAdmAddPartitionsToTxnRoundTrip(t *testing.T) {
	for _, v := range admVersions(t, KeyAddPartitionsToTxn, 3, 4) {
		topics := []AddPartitionsToTxnRequestTopic{{Name: "a", Partitions: []int32{0, 1, 2}}, {Name: "b", Partitions: []int32{}}}
		req := &AddPartitionsToTxnRequest{}
		if v >= 4 {
			req.Transactions = []AddPartitionsToTxnRequestTransaction{
				{TransactionalID: "t1", ProducerID: 10, ProducerEpoch: 2, VerifyOnly: true, Topics: topics},
				{TransactionalID: "t2", ProducerID: 11, ProducerEpoch: 3, Topics: []AddPartitionsToTxnRequestTopic{}},
			}
		} else {
			req.V3AndBelowTransactionalID = "t1"
			req.V3AndBelowProducerID = 10
			req.V3AndBelowProducerEpoch = 2
			req.V3AndBelowTopics = topics
		}
		roundTrip(t, req, new(AddPartitionsToTxnRequest), v)

		results := []AddPartitionsToTxnResponseTopicResult{{Name: "a", ResultsByPartition: []AddPartitionsToTxnResponsePartitionResult{{0, 0}, {1, 48}}}}
		resp := &AddPartitionsToTxnResponse{ThrottleTimeMs: 3}
		if v >= 4 {
			resp.ErrorCode = 51
			resp.ResultsByTransaction = []AddPartitionsToTxnResponseResult{{TransactionalID: "t1", TopicResults: results}}
		} else {
			resp.ResultsByTopicV3AndBelow = results
		}
		roundTrip(t, resp, new(AddPartitionsToTxnResponse), v)
	}
}

func TestAdmAddOffsetsToTxnRoundTrip(t *testing.T) {
	for _, v := range admVersions(t, KeyAddOffsetsToTxn, 3) {
		roundTrip(t, &AddOffsetsToTxnRequest{TransactionalID: "t", ProducerID: 5, ProducerEpoch: 1, GroupID: "g"}, new(AddOffsetsToTxnRequest), v)
		roundTrip(t, &AddOffsetsToTxnResponse{ThrottleTimeMs: 2, ErrorCode: 49}, new(AddOffsetsToTxnResponse), v)
	}
}

func TestAdmEndTxnRoundTrip(t *testing.T) {
	for _, v := range admVersions(t, KeyEndTxn, 3, 5) {
		roundTrip(t, &EndTxnRequest{TransactionalID: "t", ProducerID: 5, ProducerEpoch: 1, Committed: true}, new(EndTxnRequest), v)
		resp := &EndTxnResponse{ThrottleTimeMs: 2, ErrorCode: 0, ProducerID: -1, ProducerEpoch: -1}
		if v >= 5 {
			resp.ProducerID, resp.ProducerEpoch = 77, 8
		}
		roundTrip(t, resp, new(EndTxnResponse), v)
	}
}

func TestAdmTxnOffsetCommitRoundTrip(t *testing.T) {
	for _, v := range admVersions(t, KeyTxnOffsetCommit, 2, 3, 5) {
		req := &TxnOffsetCommitRequest{TransactionalID: "t", GroupID: "g", ProducerID: 9, ProducerEpoch: 1, GenerationID: -1,
			Topics: []TxnOffsetCommitRequestTopic{{Name: "a", Partitions: []TxnOffsetCommitRequestPartition{
				{PartitionIndex: 0, CommittedOffset: 100, CommittedLeaderEpoch: -1, CommittedMetadata: strPtr("m")},
				{PartitionIndex: 1, CommittedOffset: 200, CommittedLeaderEpoch: -1},
			}}}}
		if v >= 2 {
			req.Topics[0].Partitions[0].CommittedLeaderEpoch = 4
		}
		if v >= 3 {
			req.GenerationID, req.MemberID, req.GroupInstanceID = 3, "member-1", strPtr("inst")
		}
		resp := &TxnOffsetCommitResponse{ThrottleTimeMs: 1, Topics: []TxnOffsetCommitResponseTopic{{Name: "a",
			Partitions: []TxnOffsetCommitResponsePartition{{0, 0}, {1, 22}}}}}
		if v >= 6 { // topic ids instead of names
			id := UUID{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}
			req.Topics[0].Name, req.Topics[0].TopicID = "", id
			resp.Topics[0].Name, resp.Topics[0].TopicID = "", id
		}
		roundTrip(t, req, new(TxnOffsetCommitRequest), v)
		roundTrip(t, resp, new(TxnOffsetCommitResponse), v)
	}
}

func TestAdmCreateTopicsRoundTrip(t *testing.T) {
	for _, v := range admVersions(t, KeyCreateTopics, 4, 5, 6) {
		req := &CreateTopicsRequest{TimeoutMs: 30000, ValidateOnly: true, Topics: []CreateTopicsRequestTopic{
			{Name: "a", NumPartitions: 3, ReplicationFactor: 2, Assignments: []CreateTopicsRequestAssignment{}, Configs: []CreateTopicsRequestConfig{
				{Name: "cleanup.policy", Value: strPtr("compact")}, {Name: "retention.ms", Value: nil}}},
			{Name: "b", NumPartitions: -1, ReplicationFactor: -1, Assignments: []CreateTopicsRequestAssignment{
				{PartitionIndex: 0, BrokerIDs: []int32{1, 2}}, {PartitionIndex: 1, BrokerIDs: []int32{2, 3}}}, Configs: []CreateTopicsRequestConfig{}},
		}}
		roundTrip(t, req, new(CreateTopicsRequest), v)

		topic := CreateTopicsResponseTopic{Name: "a", ErrorCode: 36, ErrorMessage: strPtr("exists"), NumPartitions: -1, ReplicationFactor: -1}
		other := CreateTopicsResponseTopic{Name: "b", NumPartitions: -1, ReplicationFactor: -1}
		if v >= 5 {
			topic.TopicConfigErrorCode = 29
			topic.NumPartitions, topic.ReplicationFactor = 3, 2
			topic.Configs = []CreateTopicsResponseConfig{{Name: "x", Value: strPtr("y"), ReadOnly: true, ConfigSource: 5, IsSensitive: true}, {Name: "z", ConfigSource: -1}}
		}
		if v >= 7 {
			topic.TopicID = UUID{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}
		}
		roundTrip(t, &CreateTopicsResponse{ThrottleTimeMs: 4, Topics: []CreateTopicsResponseTopic{topic, other}}, new(CreateTopicsResponse), v)
	}
}

func TestAdmDeleteTopicsRoundTrip(t *testing.T) {
	for _, v := range admVersions(t, KeyDeleteTopics, 4, 5, 6) {
		req := &DeleteTopicsRequest{TimeoutMs: 1000}
		if v >= 6 {
			req.Topics = []DeleteTopicsRequestTopic{{Name: strPtr("a")}, {TopicID: UUID{9: 1}}}
		} else {
			req.TopicNames = []string{"a", "b"}
		}
		roundTrip(t, req, new(DeleteTopicsRequest), v)

		resp := &DeleteTopicsResponse{ThrottleTimeMs: 5, Responses: []DeleteTopicsResponseResult{{Name: strPtr("a")}, {Name: strPtr("b"), ErrorCode: 3}}}
		if v >= 5 {
			resp.Responses[1].ErrorMessage = strPtr("unknown topic")
		}
		if v >= 6 {
			resp.Responses = append(resp.Responses, DeleteTopicsResponseResult{TopicID: UUID{0: 7}, ErrorCode: 100})
		}
		roundTrip(t, resp, new(DeleteTopicsResponse), v)
	}
}

func TestAdmCreatePartitionsRoundTrip(t *testing.T) {
	for _, v := range admVersions(t, KeyCreatePartitions, 2) {
		req := &CreatePartitionsRequest{TimeoutMs: 500, ValidateOnly: true, Topics: []CreatePartitionsRequestTopic{
			{Name: "a", Count: 6},
			{Name: "b", Count: 2, Assignments: []CreatePartitionsRequestAssignment{{BrokerIDs: []int32{1, 2}}}},
		}}
		roundTrip(t, req, new(CreatePartitionsRequest), v)
		resp := &CreatePartitionsResponse{ThrottleTimeMs: 1, Results: []CreatePartitionsResponseResult{{Name: "a"}, {Name: "b", ErrorCode: 37, ErrorMessage: strPtr("bad")}}}
		roundTrip(t, resp, new(CreatePartitionsResponse), v)
	}
}

func TestAdmDescribeConfigsRoundTrip(t *testing.T) {
	for _, v := range admVersions(t, KeyDescribeConfigs, 3) {
		req := &DescribeConfigsRequest{IncludeSynonyms: true, Resources: []DescribeConfigsRequestResource{
			{ResourceType: 2, ResourceName: "a", ConfigurationKeys: []string{"retention.ms"}},
			{ResourceType: 4, ResourceName: "1"},
		}}
		if v >= 3 {
			req.IncludeDocumentation = true
		}
		roundTrip(t, req, new(DescribeConfigsRequest), v)

		cfg := DescribeConfigsResponseConfig{Name: "retention.ms", Value: strPtr("1000"), ReadOnly: false, ConfigSource: 1, IsSensitive: false,
			Synonyms: []DescribeConfigsResponseSynonym{{Name: "retention.ms", Value: strPtr("1000"), Source: 1}, {Name: "log.retention.ms", Source: 5}}}
		secret := DescribeConfigsResponseConfig{Name: "ssl.key.password", ReadOnly: true, ConfigSource: 4, IsSensitive: true, Synonyms: []DescribeConfigsResponseSynonym{}}
		if v >= 3 {
			cfg.ConfigType, cfg.Documentation = 5, strPtr("how long")
			secret.ConfigType = 9
		}
		resp := &DescribeConfigsResponse{ThrottleTimeMs: 2, Results: []DescribeConfigsResponseResult{
			{ResourceType: 2, ResourceName: "a", Configs: []DescribeConfigsResponseConfig{cfg, secret}},
			{ErrorCode: 3, ErrorMessage: strPtr("no"), ResourceType: 2, ResourceName: "b", Configs: []DescribeConfigsResponseConfig{}},
		}}
		roundTrip(t, resp, new(DescribeConfigsResponse), v)
	}
}

func TestAdmIncrementalAlterConfigsRoundTrip(t *testing.T) {
	for _, v := range admVersions(t, KeyIncrementalAlterConfigs) {
		req := &IncrementalAlterConfigsRequest{ValidateOnly: true, Resources: []IncrementalAlterConfigsRequestResource{
			{ResourceType: 2, ResourceName: "a", Configs: []IncrementalAlterConfigsRequestConfig{{Name: "retention.ms", ConfigOperation: 0, Value: strPtr("5")}, {Name: "x", ConfigOperation: 1}}},
		}}
		roundTrip(t, req, new(IncrementalAlterConfigsRequest), v)
		resp := &IncrementalAlterConfigsResponse{ThrottleTimeMs: 3, Responses: []IncrementalAlterConfigsResponseResult{
			{ResourceType: 2, ResourceName: "a"}, {ErrorCode: 40, ErrorMessage: strPtr("invalid"), ResourceType: 4, ResourceName: "1"}}}
		roundTrip(t, resp, new(IncrementalAlterConfigsResponse), v)
	}
}

func TestAdmSaslHandshakeRoundTrip(t *testing.T) {
	for _, v := range admVersions(t, KeySaslHandshake) {
		roundTrip(t, &SaslHandshakeRequest{Mechanism: "SCRAM-SHA-512"}, new(SaslHandshakeRequest), v)
		roundTrip(t, &SaslHandshakeResponse{ErrorCode: 33, Mechanisms: []string{"PLAIN", "SCRAM-SHA-256"}}, new(SaslHandshakeResponse), v)
	}
	// Never flexible: the body is a classic int16-length string.
	got := (&SaslHandshakeRequest{Mechanism: "PLAIN"}).AppendTo(nil, 1)
	if want := []byte{0, 5, 'P', 'L', 'A', 'I', 'N'}; !bytes.Equal(got, want) {
		t.Fatalf("SaslHandshake v1 = %x, want %x", got, want)
	}
}

func TestAdmSaslAuthenticateRoundTrip(t *testing.T) {
	for _, v := range admVersions(t, KeySaslAuthenticate, 1) {
		roundTrip(t, &SaslAuthenticateRequest{AuthBytes: []byte("\x00user\x00pass")}, new(SaslAuthenticateRequest), v)
		roundTrip(t, &SaslAuthenticateRequest{AuthBytes: []byte{}}, new(SaslAuthenticateRequest), v)
		resp := &SaslAuthenticateResponse{ErrorCode: 58, ErrorMessage: strPtr("bad credentials"), AuthBytes: []byte{1, 2, 3}}
		if v >= 1 {
			resp.SessionLifetimeMs = 3600000
		}
		roundTrip(t, resp, new(SaslAuthenticateResponse), v)
	}
	// Decoded auth bytes alias the input.
	b := (&SaslAuthenticateResponse{AuthBytes: []byte{9, 9}}).AppendTo(nil, 2)
	var m SaslAuthenticateResponse
	if err := Decode(&m, b, 2); err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(b, []byte{9, 9})
	b[i] = 1
	if m.AuthBytes[0] != 1 {
		t.Fatal("decoded AuthBytes do not alias the input")
	}
}

func FuzzInitProducerIDResponse(f *testing.F) {
	fuzzDecoder(f, KeyInitProducerID, false, func(int16) Message {
		return &InitProducerIDResponse{ThrottleTimeMs: 1, ProducerID: 7, ProducerEpoch: 2}
	})
}

func FuzzAddPartitionsToTxnResponse(f *testing.F) {
	fuzzDecoder(f, KeyAddPartitionsToTxn, false, func(int16) Message {
		res := []AddPartitionsToTxnResponseTopicResult{{Name: "a", ResultsByPartition: []AddPartitionsToTxnResponsePartitionResult{{0, 0}, {1, 48}}}}
		return &AddPartitionsToTxnResponse{ThrottleTimeMs: 1, ErrorCode: 0,
			ResultsByTransaction:     []AddPartitionsToTxnResponseResult{{TransactionalID: "t", TopicResults: res}},
			ResultsByTopicV3AndBelow: res}
	})
}

func FuzzAddOffsetsToTxnResponse(f *testing.F) {
	fuzzDecoder(f, KeyAddOffsetsToTxn, false, func(int16) Message { return &AddOffsetsToTxnResponse{ThrottleTimeMs: 1, ErrorCode: 2} })
}

func FuzzEndTxnResponse(f *testing.F) {
	fuzzDecoder(f, KeyEndTxn, false, func(int16) Message {
		return &EndTxnResponse{ThrottleTimeMs: 1, ErrorCode: 2, ProducerID: 3, ProducerEpoch: 4}
	})
}

func FuzzTxnOffsetCommitResponse(f *testing.F) {
	fuzzDecoder(f, KeyTxnOffsetCommit, false, func(int16) Message {
		return &TxnOffsetCommitResponse{ThrottleTimeMs: 1, Topics: []TxnOffsetCommitResponseTopic{{Name: "a",
			Partitions: []TxnOffsetCommitResponsePartition{{0, 0}, {1, 22}}}}}
	})
}

func FuzzCreateTopicsResponse(f *testing.F) {
	fuzzDecoder(f, KeyCreateTopics, false, func(int16) Message {
		return &CreateTopicsResponse{ThrottleTimeMs: 1, Topics: []CreateTopicsResponseTopic{{Name: "a", TopicID: UUID{3: 1}, ErrorMessage: strPtr("e"),
			TopicConfigErrorCode: 29, NumPartitions: 3, ReplicationFactor: 1,
			Configs: []CreateTopicsResponseConfig{{Name: "x", Value: strPtr("y"), ConfigSource: 5}}}}}
	})
}

func FuzzDeleteTopicsResponse(f *testing.F) {
	fuzzDecoder(f, KeyDeleteTopics, false, func(int16) Message {
		return &DeleteTopicsResponse{ThrottleTimeMs: 1, Responses: []DeleteTopicsResponseResult{{Name: strPtr("a"), ErrorMessage: strPtr("e"), TopicID: UUID{1: 1}}}}
	})
}

func FuzzCreatePartitionsResponse(f *testing.F) {
	fuzzDecoder(f, KeyCreatePartitions, false, func(int16) Message {
		return &CreatePartitionsResponse{ThrottleTimeMs: 1, Results: []CreatePartitionsResponseResult{{Name: "a", ErrorCode: 37, ErrorMessage: strPtr("e")}}}
	})
}

func FuzzDescribeConfigsResponse(f *testing.F) {
	fuzzDecoder(f, KeyDescribeConfigs, false, func(int16) Message {
		return &DescribeConfigsResponse{ThrottleTimeMs: 1, Results: []DescribeConfigsResponseResult{{ResourceType: 2, ResourceName: "a",
			Configs: []DescribeConfigsResponseConfig{{Name: "n", Value: strPtr("v"), ConfigSource: 1, ConfigType: 3, Documentation: strPtr("d"),
				Synonyms: []DescribeConfigsResponseSynonym{{Name: "s", Source: 5}}}}}}}
	})
}

func FuzzIncrementalAlterConfigsResponse(f *testing.F) {
	fuzzDecoder(f, KeyIncrementalAlterConfigs, false, func(int16) Message {
		return &IncrementalAlterConfigsResponse{ThrottleTimeMs: 1, Responses: []IncrementalAlterConfigsResponseResult{{ErrorCode: 40, ErrorMessage: strPtr("e"), ResourceType: 2, ResourceName: "a"}}}
	})
}

func FuzzSaslHandshakeResponse(f *testing.F) {
	fuzzDecoder(f, KeySaslHandshake, false, func(int16) Message {
		return &SaslHandshakeResponse{ErrorCode: 33, Mechanisms: []string{"PLAIN", "SCRAM-SHA-256"}}
	})
}

func FuzzSaslAuthenticateResponse(f *testing.F) {
	fuzzDecoder(f, KeySaslAuthenticate, false, func(int16) Message {
		return &SaslAuthenticateResponse{ErrorMessage: strPtr("e"), AuthBytes: []byte("r=abc,s=xyz,i=4096"), SessionLifetimeMs: 1000}
	})
}
