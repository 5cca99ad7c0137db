package fakebroker

import (
	"encoding/binary"
	"sort"

	"github.com/kafkawire/kafkawire/protocol"
)

// Error codes of the transaction APIs.
const (
	codeNotCoordinator       int16 = 16
	codeIllegalGeneration    int16 = 22
	codeInvalidProducerEpoch int16 = 47
	codeInvalidTxnState      int16 = 48
	codeInvalidPidMapping    int16 = 49
	codeConcurrentTxns       int16 = 51
	codeProducerFenced       int16 = 90
	codeTxnIDAuthFailed      int16 = 53
)

// TxnState is what the fake transaction coordinator knows of one
// transactional id, for tests to assert on.
type TxnState struct {
	ProducerID int64
	Epoch      int16
	// State is "Empty" (no transaction yet), "Ongoing", "CompleteCommit"
	// or "CompleteAbort".
	State string
	// Partitions are in the ongoing transaction (added explicitly with
	// TV1, implicitly by produce with TV2); Groups have offsets in it.
	Partitions []string
	Groups     []string
	TimeoutMs  int32
	// Commits and Aborts count completed transactions (an abort by a
	// fencing InitProducerId or ExpireTxn counts).
	Commits, Aborts int
	// CommittedRecords and AbortedRecords count records of this
	// transactional id per "topic/partition".
	CommittedRecords, AbortedRecords map[string]int64
	// EndTxnEpochs lists the producer epoch of every EndTxn request.
	EndTxnEpochs []int16
}

type txnSt struct {
	TxnState
	parts   map[string]bool
	groups  map[string]bool
	offsets map[string]int64 // commitKey -> offset, applied on commit
	pending map[string]int64 // records of the ongoing transaction per topic/partition
	lastEnd bool             // committed (true) or aborted by the last EndTxn
	prev    int16            // TV2: the epoch before EndTxn bumped it, for retries
}

// SetTransactionVersion makes ApiVersions advertise the finalized feature
// transaction.version at v (0: not at all). With 2, EndTxn bumps the epoch
// (returned in the v5 answer) and Produce adds partitions implicitly.
func (c *Cluster) SetTransactionVersion(v int16) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.txnVersion = v
}

// SetTxnCoordinator makes node the coordinator FindCoordinator names for
// transactional ids; the other brokers answer the transaction APIs with
// NOT_COORDINATOR.
func (c *Cluster) SetTxnCoordinator(node int32) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.txnCoord = node
}

// Txn returns what the coordinator knows of a transactional id; ok is false
// if it never saw it.
func (c *Cluster) Txn(id string) (TxnState, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.txns[id]
	if st == nil {
		return TxnState{}, false
	}
	out := st.TxnState
	out.Partitions, out.Groups = keys(st.parts), keys(st.groups)
	out.CommittedRecords, out.AbortedRecords = copyMap(st.CommittedRecords), copyMap(st.AbortedRecords)
	out.EndTxnEpochs = append([]int16(nil), st.EndTxnEpochs...)
	return out, true
}

// ExpireTxn does what a broker does when a transaction outlives its
// timeout: it aborts the ongoing transaction and bumps the epoch, so the
// producer's next request with the old epoch is refused.
func (c *Cluster) ExpireTxn(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st := c.txns[id]; st != nil && st.State == "Ongoing" {
		st.completeLocked(c, false)
		st.Epoch++
	}
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func copyMap(m map[string]int64) map[string]int64 {
	out := make(map[string]int64, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// completeLocked ends the ongoing transaction. Called with c.mu held.
func (st *txnSt) completeLocked(c *Cluster, commit bool) {
	for k, n := range st.pending {
		if commit {
			st.CommittedRecords[k] += n
		} else {
			st.AbortedRecords[k] += n
		}
	}
	if commit {
		for k, o := range st.offsets {
			c.commits[k] = o
		}
		st.Commits++
		st.State = "CompleteCommit"
	} else {
		st.Aborts++
		st.State = "CompleteAbort"
	}
	st.lastEnd = commit
	clear(st.parts)
	clear(st.groups)
	clear(st.offsets)
	clear(st.pending)
}

// notTxnCoordinator reports whether b must refuse transaction requests.
// Called with c.mu held.
func (c *Cluster) notTxnCoordinator(b *Broker) bool { return b.id != c.txnCoord }

// checkTxnLocked checks a request's producer id and epoch against the
// transactional id's; 0 if they are current.
func (c *Cluster) checkTxnLocked(id string, pid int64, epoch int16) (*txnSt, int16) {
	st := c.txns[id]
	switch {
	case st == nil || st.ProducerID != pid:
		return st, codeInvalidPidMapping
	case epoch != st.Epoch:
		return st, codeProducerFenced
	}
	return st, 0
}

func (c *Cluster) initTxnProducerID(b *Broker, req *protocol.InitProducerIDRequest, code int16) *protocol.InitProducerIDResponse {
	fail := func(code int16) *protocol.InitProducerIDResponse {
		return &protocol.InitProducerIDResponse{ErrorCode: code, ProducerID: -1, ProducerEpoch: -1}
	}
	if code != 0 {
		return fail(code)
	}
	if c.notTxnCoordinator(b) {
		return fail(codeNotCoordinator)
	}
	id := *req.TransactionalID
	st := c.txns[id]
	if st == nil {
		c.pid++
		st = &txnSt{TxnState: TxnState{ProducerID: c.pid, Epoch: -1, State: "Empty",
			CommittedRecords: map[string]int64{}, AbortedRecords: map[string]int64{}},
			parts: map[string]bool{}, groups: map[string]bool{}, offsets: map[string]int64{}, pending: map[string]int64{}}
		c.txns[id] = st
	}
	if req.ProducerID >= 0 && (req.ProducerID != st.ProducerID || req.ProducerEpoch != st.Epoch) {
		return fail(codeProducerFenced) // KIP-360: only the current epoch may bump itself
	}
	if st.State == "Ongoing" {
		st.completeLocked(c, false) // a new incarnation aborts what the old one left open
	}
	st.Epoch++
	st.TimeoutMs = req.TransactionTimeoutMs
	return &protocol.InitProducerIDResponse{ProducerID: st.ProducerID, ProducerEpoch: st.Epoch}
}

func (c *Cluster) addPartitionsToTxn(b *Broker, req *protocol.AddPartitionsToTxnRequest, code int16) *protocol.AddPartitionsToTxnResponse {
	c.mu.Lock()
	defer c.mu.Unlock()
	if code == 0 && c.notTxnCoordinator(b) {
		code = codeNotCoordinator
	}
	var st *txnSt
	if code == 0 {
		st, code = c.checkTxnLocked(req.V3AndBelowTransactionalID, req.V3AndBelowProducerID, req.V3AndBelowProducerEpoch)
	}
	resp := &protocol.AddPartitionsToTxnResponse{}
	for _, t := range req.V3AndBelowTopics {
		tr := protocol.AddPartitionsToTxnResponseTopicResult{Name: t.Name}
		for _, p := range t.Partitions {
			pc := code
			if pc == 0 && c.part(t.Name, p) == nil {
				pc = codeUnknownTopic
			}
			if pc == 0 {
				st.parts[commitKey("", t.Name, p)[1:]] = true
				st.State = "Ongoing"
			}
			tr.ResultsByPartition = append(tr.ResultsByPartition, protocol.AddPartitionsToTxnResponsePartitionResult{PartitionIndex: p, PartitionErrorCode: pc})
		}
		resp.ResultsByTopicV3AndBelow = append(resp.ResultsByTopicV3AndBelow, tr)
	}
	return resp
}

func (c *Cluster) addOffsetsToTxn(b *Broker, req *protocol.AddOffsetsToTxnRequest, code int16) *protocol.AddOffsetsToTxnResponse {
	c.mu.Lock()
	defer c.mu.Unlock()
	if code == 0 && c.notTxnCoordinator(b) {
		code = codeNotCoordinator
	}
	if code == 0 {
		var st *txnSt
		if st, code = c.checkTxnLocked(req.TransactionalID, req.ProducerID, req.ProducerEpoch); code == 0 {
			st.groups[req.GroupID] = true
			st.State = "Ongoing"
		}
	}
	return &protocol.AddOffsetsToTxnResponse{ErrorCode: code}
}

func (c *Cluster) txnOffsetCommit(req *protocol.TxnOffsetCommitRequest, version int16, code int16) *protocol.TxnOffsetCommitResponse {
	c.mu.Lock()
	defer c.mu.Unlock()
	var st *txnSt
	if code == 0 {
		st, code = c.checkTxnLocked(req.TransactionalID, req.ProducerID, req.ProducerEpoch)
	}
	if code == 0 && c.txnVersion >= 2 && version >= 5 {
		// Transaction version 2: v5 adds the group to the transaction itself
		// (no AddOffsetsToTxn).
		st.groups[req.GroupID] = true
		st.State = "Ongoing"
	}
	if code == 0 && !st.groups[req.GroupID] {
		code = codeInvalidTxnState
	}
	if g := c.groups[req.GroupID]; code == 0 && g != nil && req.GenerationID >= 0 && (req.GenerationID != g.gen || req.MemberID != g.member) {
		code = codeIllegalGeneration
	}
	resp := &protocol.TxnOffsetCommitResponse{}
	for _, t := range req.Topics {
		rt := protocol.TxnOffsetCommitResponseTopic{Name: t.Name}
		for _, p := range t.Partitions {
			if code == 0 {
				st.offsets[commitKey(req.GroupID, t.Name, p.PartitionIndex)] = p.CommittedOffset
			}
			rt.Partitions = append(rt.Partitions, protocol.TxnOffsetCommitResponsePartition{PartitionIndex: p.PartitionIndex, ErrorCode: code})
		}
		resp.Topics = append(resp.Topics, rt)
	}
	return resp
}

func (c *Cluster) endTxn(b *Broker, req *protocol.EndTxnRequest, version, code int16) *protocol.EndTxnResponse {
	c.mu.Lock()
	defer c.mu.Unlock()
	resp := &protocol.EndTxnResponse{ErrorCode: code, ProducerID: -1, ProducerEpoch: -1}
	if code != 0 {
		return resp
	}
	if c.notTxnCoordinator(b) {
		resp.ErrorCode = codeNotCoordinator
		return resp
	}
	tv2 := c.txnVersion >= 2 && version >= 5
	st := c.txns[req.TransactionalID]
	if st != nil {
		st.EndTxnEpochs = append(st.EndTxnEpochs, req.ProducerEpoch)
	}
	done := func() *protocol.EndTxnResponse {
		if tv2 {
			resp.ProducerID, resp.ProducerEpoch = st.ProducerID, st.Epoch
		}
		return resp
	}
	complete := st != nil && (st.State == "CompleteCommit" || st.State == "CompleteAbort")
	// A retry of the EndTxn that completed the transaction (its answer was
	// lost) succeeds again: with TV2 it carries the epoch before the bump.
	if complete && st.ProducerID == req.ProducerID && st.lastEnd == req.Committed &&
		(req.ProducerEpoch == st.Epoch && !tv2 || tv2 && req.ProducerEpoch == st.prev) {
		return done()
	}
	st, resp.ErrorCode = c.checkTxnLocked(req.TransactionalID, req.ProducerID, req.ProducerEpoch)
	if resp.ErrorCode != 0 {
		return resp
	}
	if st.State != "Ongoing" {
		resp.ErrorCode = codeInvalidTxnState
		return resp
	}
	st.completeLocked(c, req.Committed)
	if tv2 {
		st.prev = st.Epoch
		st.Epoch++
	}
	return done()
}

// produceTxnLocked checks a transactional batch against the coordinator's
// state: the epoch must be current, and with TV1 the partition added (as a
// broker verifies, KIP-890 part 1); with TV2 produce adds it. It counts the
// records as pending in the transaction. Called with c.mu held.
func (c *Cluster) produceTxnLocked(req *protocol.ProduceRequest, version int16, topic string, part int32, records []byte) int16 {
	if len(records) < recordBatchHeaderSize || binary.BigEndian.Uint16(records[21:])&0x10 == 0 {
		return 0
	}
	if req.TransactionalID == nil {
		return codeTxnIDAuthFailed
	}
	pid := int64(binary.BigEndian.Uint64(records[43:]))
	epoch := int16(binary.BigEndian.Uint16(records[51:]))
	st := c.txns[*req.TransactionalID]
	if st == nil || st.ProducerID != pid {
		return codeInvalidPidMapping
	}
	if epoch != st.Epoch {
		return codeInvalidProducerEpoch
	}
	key := commitKey("", topic, part)[1:]
	if !st.parts[key] {
		if c.txnVersion < 2 || version < 12 {
			return codeInvalidTxnState
		}
		st.parts[key] = true
		st.State = "Ongoing"
	}
	st.pending[key] += int64(binary.BigEndian.Uint32(records[57:]))
	return 0
}
