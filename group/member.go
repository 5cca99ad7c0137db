package group

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/protocol"
)

// Handler is told of assignment changes. Its methods run on the member's
// goroutine, in order, and the member waits for each to return: Revoked is
// the last moment to commit offsets of the revoked partitions.
type Handler interface {
	Assigned(ctx context.Context, added []kafkawire.TopicPartition)
	Revoked(ctx context.Context, revoked []kafkawire.TopicPartition)
	Lost(ctx context.Context, lost []kafkawire.TopicPartition)
}

// MemberConfig configures a classic-protocol group member.
type MemberConfig struct {
	GroupID           string
	InstanceID        string // static membership when set
	Topics            []string
	SessionTimeout    time.Duration
	RebalanceTimeout  time.Duration
	HeartbeatInterval time.Duration
	Assignors         []Assignor // by preference; the group picks one all members have
	RetryBackoff      time.Duration
	Logger            *slog.Logger
	// OnError, if set, is told of each failed step (a *Error; when its
	// Fatal is set the member has stopped) and, with nil, of the first
	// success after failures. It runs on the member's goroutine and must
	// not block.
	OnError func(err error)
}

// Membership runs the classic consumer-group protocol for one consumer:
// FindCoordinator, JoinGroup (with the member-id-required round trip),
// SyncGroup (running the assignor when it is the leader), heartbeats, and
// LeaveGroup on Leave. It rejoins on REBALANCE_IN_PROGRESS, and after
// ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID or a coordinator move; it retries
// other retriable failures with backoff. A fatal one (see isFatal) stops
// it: its partitions are lost, OnError and Err report it.
type Membership struct {
	memberBase
	cfg MemberConfig
	gen Generation // guarded by mu
}

// NewMembership validates cfg and starts the member's goroutine.
func NewMembership(cl *conn.Cluster, cfg MemberConfig, h Handler) (*Membership, error) {
	switch {
	case cfg.GroupID == "":
		return nil, errors.New("group: GroupID is required")
	case len(cfg.Topics) == 0:
		return nil, errors.New("group: no topics to subscribe to")
	case len(cfg.Assignors) == 0:
		return nil, errors.New("group: no assignors")
	case cfg.HeartbeatInterval <= 0 || cfg.SessionTimeout <= cfg.HeartbeatInterval:
		return nil, fmt.Errorf("group: HeartbeatInterval (%v) must be positive and below SessionTimeout (%v)", cfg.HeartbeatInterval, cfg.SessionTimeout)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.RetryBackoff <= 0 {
		cfg.RetryBackoff = 100 * time.Millisecond
	}
	m := &Membership{cfg: cfg}
	m.init(cl, h, cfg.GroupID, cfg.Logger, cfg.OnError)
	m.gen = Generation{ID: -1}
	if cfg.InstanceID != "" {
		id := cfg.InstanceID
		m.gen.InstanceID = &id
	}
	go m.run()
	return m, nil
}

// Generation is the member's current generation, for commits.
func (m *Membership) Generation() Generation {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.gen
}

func (m *Membership) cooperative() bool {
	for _, a := range m.cfg.Assignors {
		if a.Protocol() != Cooperative {
			return false
		}
	}
	return true
}

func (m *Membership) run() {
	defer close(m.done)
	attempt := 0
	for m.ctx.Err() == nil {
		rejoinNow, err := m.joinAndSync()
		if err != nil {
			if m.ctx.Err() != nil {
				return
			}
			if m.failed(err) {
				return
			}
			// Retriable: the coordinator moved, is loading, or cannot be
			// reached. Back off; the consumer reports it if it persists.
			conn.Sleep(m.ctx, m.cl.Backoff().Delay(attempt))
			attempt++
			continue
		}
		m.succeeded()
		attempt = 0
		if rejoinNow {
			continue
		}
		m.heartbeatUntilRejoin()
	}
}

// joinAndSync performs one JoinGroup + SyncGroup round. It reports whether
// another round must follow at once (cooperative revocation).
func (m *Membership) joinAndSync() (bool, *Error) {
	cn, err := m.cl.Coordinator(m.ctx, conn.GroupCoordinator, m.cfg.GroupID)
	if err != nil {
		return false, m.groupError("FindCoordinator", err)
	}
	if !m.cooperative() {
		m.revokeAll() // eager protocol: give everything up before joining
	}
	join, err := m.join(cn)
	if err != nil {
		return false, m.groupError("JoinGroup", err)
	}
	assignment, err := m.sync(cn, join)
	if err != nil {
		return false, m.groupError("SyncGroup", err)
	}
	return m.applyAssignment(assignment), nil
}

func (m *Membership) join(cn *conn.Conn) (*protocol.JoinGroupResponse, error) {
	for {
		gen := m.Generation()
		req := protocol.JoinGroupRequest{
			GroupID:            m.cfg.GroupID,
			SessionTimeoutMs:   int32(m.cfg.SessionTimeout / time.Millisecond),
			RebalanceTimeoutMs: int32(m.cfg.RebalanceTimeout / time.Millisecond),
			MemberID:           gen.MemberID,
			GroupInstanceID:    gen.InstanceID,
			ProtocolType:       "consumer",
		}
		owned := m.Assignment()
		for _, a := range m.cfg.Assignors {
			req.Protocols = append(req.Protocols, protocol.JoinGroupRequestProtocol{Name: a.Name(), Metadata: subscriptionBytes(m.cfg.Topics, owned, gen.ID)})
		}
		// JoinGroup waits for every member to join: up to the rebalance timeout.
		ctx, cancel := context.WithTimeout(m.ctx, m.cfg.RebalanceTimeout+5*time.Second)
		var resp protocol.JoinGroupResponse
		err := cn.RoundTrip(ctx, &req, &resp)
		cancel()
		if err != nil {
			m.cl.InvalidateCoordinator(conn.GroupCoordinator, m.cfg.GroupID)
			return nil, err
		}
		err = kafkawire.ErrorForCode(resp.ErrorCode)
		switch {
		case err == nil:
			m.mu.Lock()
			m.gen.ID, m.gen.MemberID = resp.GenerationID, resp.MemberID
			m.mu.Unlock()
			return &resp, nil
		case errors.Is(err, kafkawire.ErrMemberIDRequired):
			// KIP-394: the broker names us; join again with that id.
			m.mu.Lock()
			m.gen.MemberID = resp.MemberID
			m.mu.Unlock()
			continue
		case errors.Is(err, kafkawire.ErrUnknownMemberID):
			m.resetMember()
			return nil, err
		default:
			if conn.IsCoordinatorError(err) {
				m.cl.InvalidateCoordinator(conn.GroupCoordinator, m.cfg.GroupID)
			}
			return nil, err
		}
	}
}

func (m *Membership) sync(cn *conn.Conn, join *protocol.JoinGroupResponse) ([]kafkawire.TopicPartition, error) {
	gen := m.Generation()
	req := protocol.SyncGroupRequest{
		GroupID:         m.cfg.GroupID,
		GenerationID:    gen.ID,
		MemberID:        gen.MemberID,
		GroupInstanceID: gen.InstanceID,
		ProtocolType:    join.ProtocolType,
		ProtocolName:    join.ProtocolName,
	}
	if join.Leader == join.MemberID && !join.SkipAssignment {
		assignments, err := m.lead(join)
		if err != nil {
			return nil, err
		}
		req.Assignments = assignments
	}
	ctx, cancel := context.WithTimeout(m.ctx, m.cfg.RebalanceTimeout+5*time.Second)
	defer cancel()
	var resp protocol.SyncGroupResponse
	if err := cn.RoundTrip(ctx, &req, &resp); err != nil {
		m.cl.InvalidateCoordinator(conn.GroupCoordinator, m.cfg.GroupID)
		return nil, err
	}
	if err := kafkawire.ErrorForCode(resp.ErrorCode); err != nil {
		if errors.Is(err, kafkawire.ErrUnknownMemberID) || errors.Is(err, kafkawire.ErrIllegalGeneration) {
			m.loseAll()
			if errors.Is(err, kafkawire.ErrUnknownMemberID) {
				m.resetMember()
			}
		}
		return nil, err
	}
	tps, err := parseAssignment(resp.Assignment)
	if err != nil {
		return nil, fmt.Errorf("unreadable assignment: %w", err)
	}
	return tps, nil
}

// lead runs the assignor the group chose over every member's subscription.
func (m *Membership) lead(join *protocol.JoinGroupResponse) ([]protocol.SyncGroupRequestAssignment, error) {
	name := ""
	if join.ProtocolName != nil {
		name = *join.ProtocolName
	}
	var assignor Assignor
	for _, a := range m.cfg.Assignors {
		if a.Name() == name {
			assignor = a
		}
	}
	if assignor == nil {
		return nil, fmt.Errorf("the group chose assignor %q, which this member does not have", name)
	}
	members := make([]Member, 0, len(join.Members))
	topics := map[string]bool{}
	for _, jm := range join.Members {
		sub, err := parseSubscription(jm.Metadata)
		if err != nil {
			return nil, fmt.Errorf("member %s sent unreadable metadata: %w", jm.MemberID, err)
		}
		sub.ID, sub.InstanceID = jm.MemberID, jm.GroupInstanceID
		for _, t := range sub.Topics {
			topics[t] = true
		}
		members = append(members, sub)
	}
	counts := map[string]int32{}
	for t := range topics {
		tm, err := m.cl.TopicMetadata(m.ctx, t)
		if err != nil {
			m.cfg.Logger.Warn("group: subscribed topic not assignable", "topic", t, "err", err)
			continue
		}
		counts[t] = int32(len(tm.Partitions))
	}
	plan, err := assignor.Assign(members, counts)
	if err != nil {
		return nil, fmt.Errorf("assignor %s: %w", name, err)
	}
	out := make([]protocol.SyncGroupRequestAssignment, 0, len(plan))
	for _, mem := range members {
		out = append(out, protocol.SyncGroupRequestAssignment{MemberID: mem.ID, Assignment: assignmentBytes(plan[mem.ID])})
	}
	return out, nil
}
