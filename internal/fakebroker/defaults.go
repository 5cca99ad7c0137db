package fakebroker

import (
	"encoding/binary"
	"fmt"
	"strings"
	"time"

	"github.com/kafkawire/kafkawire/protocol"
)

// maxVersions caps what the fake broker advertises, so that it never needs
// the topic-id forms of Produce, Fetch and the offset APIs (Kafka 4.1 still
// accepts all of these versions).
var maxVersions = map[int16]int16{
	protocol.KeyProduce:         12,
	protocol.KeyFetch:           12,
	protocol.KeyMetadata:        12,
	protocol.KeyOffsetCommit:    9,
	protocol.KeyOffsetFetch:     7,
	protocol.KeyFindCoordinator: 3,
}

// Error codes the default answers use.
const (
	codeOffsetOutOfRange  int16 = 1
	codeUnknownTopic      int16 = 3
	codeNotLeader         int16 = 6
	codeUnknownMember     int16 = 25
	codeMemberIDRequired  int16 = 79
	codeUnsupportedSASL   int16 = 33
	codeSASLFailed        int16 = 58
	maxFetchWait                = 2 * time.Second
	recordBatchHeaderSize       = 61
)

type groupSt struct {
	gen    int32
	member string
}

// Default is the answer a healthy broker would give to r.
func (r *Request) Default() Action {
	return Reply(r.Broker.c.answer(r, 0))
}

// ErrorReply answers r as a healthy broker would, but with code in every
// error field the answer has (each partition of a Produce or Fetch, each
// topic of Metadata, the group APIs' error code, ...).
func ErrorReply(r *Request, code int16) Action {
	return Reply(r.Broker.c.answer(r, code))
}

// answer builds the default response to r; a non-zero code replaces every
// error code in it and leaves the cluster's state untouched.
func (c *Cluster) answer(r *Request, code int16) protocol.Message {
	switch req := r.Body.(type) {
	case *protocol.ApiVersionsRequest:
		c.mu.Lock()
		tv := c.txnVersion
		c.mu.Unlock()
		resp := apiVersions(code)
		if tv > 0 {
			resp.FinalizedFeaturesEpoch = 1
			resp.FinalizedFeatures = []protocol.ApiVersionsFinalizedFeature{{Name: "transaction.version", MinVersionLevel: tv, MaxVersionLevel: tv}}
		}
		c.kip848Versions(resp)
		return resp
	case *protocol.MetadataRequest:
		return c.metadata(req, code)
	case *protocol.FindCoordinatorRequest:
		b := c.Brokers[0]
		if req.KeyType == 1 {
			c.mu.Lock()
			if n := int(c.txnCoord); n < len(c.Brokers) {
				b = c.Brokers[n]
			}
			c.mu.Unlock()
		}
		return &protocol.FindCoordinatorResponse{ErrorCode: code, NodeID: b.id, Host: b.host, Port: b.port}
	case *protocol.InitProducerIDRequest:
		c.mu.Lock()
		defer c.mu.Unlock()
		if req.TransactionalID != nil {
			return c.initTxnProducerID(r.Broker, req, code)
		}
		if code != 0 {
			return &protocol.InitProducerIDResponse{ErrorCode: code, ProducerID: -1, ProducerEpoch: -1}
		}
		c.pid++
		return &protocol.InitProducerIDResponse{ProducerID: c.pid, ProducerEpoch: 0}
	case *protocol.ProduceRequest:
		return c.produce(r.Broker, req, r.Version, code)
	case *protocol.AddPartitionsToTxnRequest:
		return c.addPartitionsToTxn(r.Broker, req, code)
	case *protocol.AddOffsetsToTxnRequest:
		return c.addOffsetsToTxn(r.Broker, req, code)
	case *protocol.TxnOffsetCommitRequest:
		return c.txnOffsetCommit(req, r.Version, code)
	case *protocol.EndTxnRequest:
		return c.endTxn(r.Broker, req, r.Version, code)
	case *protocol.FetchRequest:
		return c.fetch(r.Broker, req, code)
	case *protocol.ListOffsetsRequest:
		return c.listOffsets(req, code)
	case *protocol.OffsetCommitRequest:
		return c.offsetCommitAnyVersion(req, r.Version, code)
	case *protocol.ConsumerGroupHeartbeatRequest:
		return c.consumerGroupHeartbeat(req, r.Version, code)
	case *protocol.OffsetFetchRequest:
		return c.offsetFetchAnyVersion(req, r.Version, code)
	case *protocol.JoinGroupRequest:
		return c.joinGroup(r, req, code)
	case *protocol.SyncGroupRequest:
		resp := &protocol.SyncGroupResponse{ErrorCode: code, ProtocolType: req.ProtocolType, ProtocolName: req.ProtocolName}
		for _, a := range req.Assignments {
			if a.MemberID == req.MemberID && code == 0 {
				resp.Assignment = a.Assignment
			}
		}
		return resp
	case *protocol.SaslHandshakeRequest:
		resp := &protocol.SaslHandshakeResponse{ErrorCode: code, Mechanisms: []string{"PLAIN"}}
		if code == 0 && req.Mechanism != "PLAIN" {
			resp.ErrorCode = codeUnsupportedSASL
		}
		return resp
	case *protocol.SaslAuthenticateRequest:
		return c.saslAuthenticate(r, req, code)
	case *protocol.HeartbeatRequest:
		return &protocol.HeartbeatResponse{ErrorCode: code}
	case *protocol.LeaveGroupRequest:
		return &protocol.LeaveGroupResponse{ErrorCode: code}
	}
	if resp := c.adminAnswer(r, code); resp != nil {
		return resp
	}
	api, _ := protocol.LookupAPI(r.Key)
	return api.NewResponse()
}

func apiVersions(code int16) *protocol.ApiVersionsResponse {
	resp := &protocol.ApiVersionsResponse{ErrorCode: code, FinalizedFeaturesEpoch: -1}
	for _, a := range protocol.APIs() {
		maxV := a.MaxVersion
		if m, ok := maxVersions[a.Key]; ok {
			maxV = min(maxV, m)
		}
		resp.ApiKeys = append(resp.ApiKeys, protocol.ApiVersionsResponseKey{ApiKey: a.Key, MinVersion: a.MinVersion, MaxVersion: maxV})
	}
	return resp
}

func (c *Cluster) metadata(req *protocol.MetadataRequest, code int16) *protocol.MetadataResponse {
	c.mu.Lock()
	defer c.mu.Unlock()
	cluster := "fakebroker"
	resp := &protocol.MetadataResponse{ClusterID: &cluster, ControllerID: 0}
	for _, b := range c.Brokers {
		resp.Brokers = append(resp.Brokers, protocol.MetadataResponseBroker{NodeID: b.id, Host: b.host, Port: b.port})
	}
	names := c.order
	if req.Topics != nil {
		names = nil
		for _, t := range req.Topics {
			if t.Name != nil {
				names = append(names, *t.Name)
			}
		}
	}
	for _, name := range names {
		name := name
		t := c.topics[name]
		if t == nil {
			resp.Topics = append(resp.Topics, protocol.MetadataResponseTopic{ErrorCode: codeUnknownTopic, Name: &name})
			continue
		}
		mt := protocol.MetadataResponseTopic{ErrorCode: code, Name: &name, TopicID: t.id}
		for i, p := range t.parts {
			mt.Partitions = append(mt.Partitions, protocol.MetadataResponsePartition{
				PartitionIndex: int32(i), LeaderID: p.leader, LeaderEpoch: p.epoch,
				ReplicaNodes: []int32{p.leader}, IsrNodes: []int32{p.leader},
			})
		}
		resp.Topics = append(resp.Topics, mt)
	}
	return resp
}

// part returns a partition, or nil; called with c.mu held.
func (c *Cluster) part(name string, p int32) *partition {
	t := c.topics[name]
	if t == nil || p < 0 || int(p) >= len(t.parts) {
		return nil
	}
	return t.parts[p]
}

func (c *Cluster) produce(b *Broker, req *protocol.ProduceRequest, version, code int16) *protocol.ProduceResponse {
	c.mu.Lock()
	defer c.mu.Unlock()
	resp := &protocol.ProduceResponse{}
	appended := false
	for _, td := range req.TopicData {
		rt := protocol.ProduceResponseTopic{Name: td.Name}
		for _, pd := range td.PartitionData {
			pr := protocol.ProduceResponsePartition{Index: pd.Index, ErrorCode: code, BaseOffset: -1, LogAppendTimeMs: -1, LogStartOffset: -1,
				CurrentLeader: protocol.ProduceResponseLeaderIDAndEpoch{LeaderID: -1, LeaderEpoch: -1}}
			pt := c.part(td.Name, pd.Index)
			switch {
			case code != 0:
			case pt == nil:
				pr.ErrorCode = codeUnknownTopic
			case pt.leader != b.id:
				pr.ErrorCode = codeNotLeader
			case c.produceTxnLocked(req, version, td.Name, pd.Index, pd.Records) != 0:
				pr.ErrorCode = c.produceTxnLocked(req, version, td.Name, pd.Index, pd.Records)
			default:
				pr.BaseOffset = pt.next
				pt.appendBatches(pd.Records)
				pr.LogStartOffset = 0
				appended = true
			}
			rt.PartitionResponses = append(rt.PartitionResponses, pr)
		}
		resp.Responses = append(resp.Responses, rt)
	}
	if appended {
		close(c.dataCh)
		c.dataCh = make(chan struct{})
	}
	return resp
}

// appendBatches stores each record batch of records with its base offset
// set, as a broker assigns offsets. The base offset is outside the CRC.
func (p *partition) appendBatches(records []byte) {
	for len(records) >= recordBatchHeaderSize {
		size := 12 + int(binary.BigEndian.Uint32(records[8:]))
		if size > len(records) {
			return
		}
		batch := append([]byte(nil), records[:size]...)
		binary.BigEndian.PutUint64(batch, uint64(p.next))
		p.next += int64(binary.BigEndian.Uint32(batch[23:])) + 1
		p.batches = append(p.batches, batch)
		records = records[size:]
	}
}

func (c *Cluster) fetch(b *Broker, req *protocol.FetchRequest, code int16) *protocol.FetchResponse {
	deadline := time.Now().Add(min(time.Duration(req.MaxWaitMs)*time.Millisecond, maxFetchWait))
	for {
		resp, any, wait := c.fetchOnce(b, req, code)
		if any || code != 0 || time.Now().After(deadline) {
			return resp
		}
		select {
		case <-wait:
		case <-time.After(time.Until(deadline)):
		case <-b.done:
			return resp
		}
	}
}

func (c *Cluster) fetchOnce(b *Broker, req *protocol.FetchRequest, code int16) (*protocol.FetchResponse, bool, <-chan struct{}) {
	c.mu.Lock()
	defer c.mu.Unlock()
	resp := &protocol.FetchResponse{}
	any := false
	for _, ft := range req.Topics {
		rt := protocol.FetchResponseTopic{Topic: ft.Topic}
		for _, fp := range ft.Partitions {
			pr := protocol.FetchResponsePartition{PartitionIndex: fp.Partition, ErrorCode: code, HighWatermark: -1,
				LastStableOffset: -1, LogStartOffset: -1, PreferredReadReplica: -1,
				DivergingEpoch: protocol.FetchResponseEpochEndOffset{Epoch: -1, EndOffset: -1},
				CurrentLeader:  protocol.FetchResponseLeaderIDAndEpoch{LeaderID: -1, LeaderEpoch: -1},
				SnapshotID:     protocol.FetchResponseSnapshotID{EndOffset: -1, Epoch: -1}}
			pt := c.part(ft.Topic, fp.Partition)
			switch {
			case code != 0:
			case pt == nil:
				pr.ErrorCode = codeUnknownTopic
			case pt.leader != b.id:
				pr.ErrorCode = codeNotLeader
			case fp.FetchOffset > pt.next || fp.FetchOffset < 0:
				pr.ErrorCode = codeOffsetOutOfRange
			default:
				pr.HighWatermark, pr.LastStableOffset, pr.LogStartOffset = pt.next, pt.next, 0
				pr.Records = pt.read(fp.FetchOffset, int(fp.PartitionMaxBytes))
				any = any || len(pr.Records) > 0
			}
			any = any || pr.ErrorCode != 0
			rt.Partitions = append(rt.Partitions, pr)
		}
		resp.Responses = append(resp.Responses, rt)
	}
	return resp, any, c.dataCh
}

// read returns whole batches from offset on, at least one, up to max bytes.
func (p *partition) read(offset int64, max int) []byte {
	var out []byte
	for _, batch := range p.batches {
		base := int64(binary.BigEndian.Uint64(batch))
		last := base + int64(binary.BigEndian.Uint32(batch[23:]))
		if last < offset {
			continue
		}
		if len(out) > 0 && len(out)+len(batch) > max {
			break
		}
		out = append(out, batch...)
	}
	return out
}

func (c *Cluster) listOffsets(req *protocol.ListOffsetsRequest, code int16) *protocol.ListOffsetsResponse {
	c.mu.Lock()
	defer c.mu.Unlock()
	resp := &protocol.ListOffsetsResponse{}
	for _, t := range req.Topics {
		rt := protocol.ListOffsetsResponseTopic{Name: t.Name}
		for _, p := range t.Partitions {
			rp := protocol.ListOffsetsResponsePartition{PartitionIndex: p.PartitionIndex, ErrorCode: code, Timestamp: -1, Offset: -1, LeaderEpoch: -1}
			pt := c.part(t.Name, p.PartitionIndex)
			switch {
			case code != 0:
			case pt == nil:
				rp.ErrorCode = codeUnknownTopic
			case p.Timestamp == -2:
				rp.Offset = 0
			default:
				rp.Offset = pt.next
			}
			rt.Partitions = append(rt.Partitions, rp)
		}
		resp.Topics = append(resp.Topics, rt)
	}
	return resp
}

func commitKey(group, topic string, p int32) string { return fmt.Sprintf("%s/%s/%d", group, topic, p) }

func (c *Cluster) offsetCommit(req *protocol.OffsetCommitRequest, code int16) *protocol.OffsetCommitResponse {
	c.mu.Lock()
	defer c.mu.Unlock()
	resp := &protocol.OffsetCommitResponse{}
	for _, t := range req.Topics {
		rt := protocol.OffsetCommitResponseTopic{Name: t.Name}
		for _, p := range t.Partitions {
			if code == 0 {
				c.commits[commitKey(req.GroupID, t.Name, p.PartitionIndex)] = p.CommittedOffset
			}
			rt.Partitions = append(rt.Partitions, protocol.OffsetCommitResponsePartition{PartitionIndex: p.PartitionIndex, ErrorCode: code})
		}
		resp.Topics = append(resp.Topics, rt)
	}
	return resp
}

// Committed returns group's committed offset of topic/partition, or -1.
func (c *Cluster) Committed(group, topicName string, part int32) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	if o, ok := c.commits[commitKey(group, topicName, part)]; ok {
		return o
	}
	return -1
}

func (c *Cluster) offsetFetch(req *protocol.OffsetFetchRequest, code int16) *protocol.OffsetFetchResponse {
	c.mu.Lock()
	defer c.mu.Unlock()
	resp := &protocol.OffsetFetchResponse{ErrorCode: code}
	for _, t := range req.Topics {
		rt := protocol.OffsetFetchResponseTopic{Name: t.Name}
		for _, p := range t.PartitionIndexes {
			o, ok := c.commits[commitKey(req.GroupID, t.Name, p)]
			if !ok {
				o = -1
			}
			empty := ""
			rt.Partitions = append(rt.Partitions, protocol.OffsetFetchResponsePartition{PartitionIndex: p, CommittedOffset: o, CommittedLeaderEpoch: -1, Metadata: &empty, ErrorCode: code})
		}
		resp.Topics = append(resp.Topics, rt)
	}
	return resp
}

// joinGroup runs a group of one: the joining member leads, alone.
func (c *Cluster) joinGroup(r *Request, req *protocol.JoinGroupRequest, code int16) *protocol.JoinGroupResponse {
	c.mu.Lock()
	defer c.mu.Unlock()
	if code != 0 {
		return &protocol.JoinGroupResponse{ErrorCode: code, GenerationID: -1, MemberID: req.MemberID}
	}
	g := c.groups[req.GroupID]
	if g == nil {
		g = &groupSt{}
		c.groups[req.GroupID] = g
	}
	if req.MemberID == "" && r.Version >= 4 {
		g.member = fmt.Sprintf("member-%d-%d", r.ConnID, time.Now().UnixNano())
		return &protocol.JoinGroupResponse{ErrorCode: codeMemberIDRequired, GenerationID: -1, MemberID: g.member}
	}
	if req.MemberID == "" {
		g.member = fmt.Sprintf("member-%d", r.ConnID)
	} else {
		g.member = req.MemberID
	}
	g.gen++
	resp := &protocol.JoinGroupResponse{GenerationID: g.gen, Leader: g.member, MemberID: g.member}
	if len(req.Protocols) > 0 {
		name, typ := req.Protocols[0].Name, req.ProtocolType
		resp.ProtocolName, resp.ProtocolType = &name, &typ
		resp.Members = []protocol.JoinGroupResponseMember{{MemberID: g.member, GroupInstanceID: req.GroupInstanceID, Metadata: req.Protocols[0].Metadata}}
	}
	return resp
}

// saslAuthenticate checks a PLAIN message ("authzid\0user\0password")
// against the account RequirePlain set.
func (c *Cluster) saslAuthenticate(r *Request, req *protocol.SaslAuthenticateRequest, code int16) *protocol.SaslAuthenticateResponse {
	c.mu.Lock()
	acct := c.plain
	c.mu.Unlock()
	resp := &protocol.SaslAuthenticateResponse{ErrorCode: code}
	parts := strings.Split(string(req.AuthBytes), "\x00")
	if code == 0 && (acct == nil || len(parts) != 3 || parts[1] != acct.user || parts[2] != acct.password) {
		resp.ErrorCode = codeSASLFailed
		msg := "Authentication failed: Invalid username or password"
		resp.ErrorMessage = &msg
	}
	if resp.ErrorCode != 0 {
		return resp
	}
	r.state.authed = true
	if acct.lifetime > 0 {
		r.state.expires = time.Now().Add(acct.lifetime)
		resp.SessionLifetimeMs = acct.lifetime.Milliseconds()
	}
	return resp
}
