package group

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/protocol"
)

// Participant is what a consumer needs of its group membership, whichever
// protocol runs it: the classic Membership or the KIP-848 ConsumerMember.
type Participant interface {
	// Generation identifies the member for commits (the generation id, or
	// under KIP-848 the member epoch).
	Generation() Generation
	Assignment() []kafkawire.TopicPartition
	// Err is the fatal error that stopped the member, or nil.
	Err() error
	// Leave revokes the partitions (the handler commits), leaves the
	// group and stops the member.
	Leave(ctx context.Context) error
}

// ConsumerMemberConfig configures a KIP-848 (consumer protocol) member.
type ConsumerMemberConfig struct {
	GroupID    string
	InstanceID string // static membership when set
	RackID     string
	// Topics, or else TopicRegex (a RE2J pattern the coordinator matches
	// against every topic, including ones created later: KIP-848's
	// SubscribedTopicRegex, ConsumerGroupHeartbeat v1+).
	Topics     []string
	TopicRegex string
	// ServerAssignor names the coordinator-side assignor ("uniform",
	// "range"); empty lets the broker use its default.
	ServerAssignor   string
	RebalanceTimeout time.Duration
	// SessionTimeout is how long heartbeats may keep failing before the
	// member counts its partitions as lost: the coordinator has fenced it
	// by then (its group.consumer.session.timeout.ms defaults to 45 s).
	SessionTimeout time.Duration
	Logger         *slog.Logger
	OnError        func(err error) // as MemberConfig.OnError
	// Fallback, if set, is called instead of failing when the coordinator
	// cannot run this group with the consumer protocol (no
	// ConsumerGroupHeartbeat, UNSUPPORTED_VERSION, GROUP_ID_NOT_FOUND or
	// INCONSISTENT_GROUP_PROTOCOL before the member ever joined); the
	// member has then stopped, owning nothing. NewAutoMember uses it.
	Fallback func(reason error)
	// ClassicOnly names settings the application gave that only the
	// classic protocol uses (auto applies them if it falls back): a member
	// that chose the consumer protocol warns that they are not in effect.
	ClassicOnly []string
}

// ConsumerMember runs the KIP-848 consumer group protocol: one
// ConsumerGroupHeartbeat request joins (epoch 0), heartbeats at the interval
// the coordinator asks for, reports the partitions the member owns and
// leaves (epoch -1, or -2 for a static member). The coordinator computes the
// assignment; the member reconciles it: it revokes what it lost (the
// handler commits) before it reports them released, then takes what it
// gained. FENCED_MEMBER_EPOCH and UNKNOWN_MEMBER_ID lose the partitions and
// rejoin at epoch 0; other non-retriable errors stop it (see isFatal).
type ConsumerMember struct {
	memberBase
	cfg ConsumerMemberConfig

	// Guarded by mu:
	memberID  string
	epoch     int32
	interval  time.Duration
	ids       map[string]protocol.UUID // topic ids of the subscribed and owned topics
	target    []protocol.ConsumerGroupHeartbeatTopicPartitions
	targetSeq int  // counts the targets received
	pending   bool // target differs from owned: reconcile
	joined    bool // a heartbeat succeeded once: no fallback from here on
	assigned  bool // the handler heard of an assignment since the last join
	lastOK    time.Time
}

// Epochs a ConsumerGroupHeartbeat sends to leave: -1 for good, -2 for a
// static member that will come back (its partitions wait for it).
const (
	leaveEpoch       int32 = -1
	leaveStaticEpoch int32 = -2
)

// NewConsumerMember validates cfg and starts the member's goroutine.
func NewConsumerMember(cl *conn.Cluster, cfg ConsumerMemberConfig, h Handler) (*ConsumerMember, error) {
	switch {
	case cfg.GroupID == "":
		return nil, errors.New("group: GroupID is required")
	case len(cfg.Topics) == 0 && cfg.TopicRegex == "":
		return nil, errors.New("group: no topics or topic regex to subscribe to")
	case len(cfg.Topics) > 0 && cfg.TopicRegex != "":
		return nil, errors.New("group: subscribe to topics or to a regex, not both")
	case cfg.RebalanceTimeout <= 0 || cfg.SessionTimeout <= 0:
		return nil, fmt.Errorf("group: RebalanceTimeout (%v) and SessionTimeout (%v) must be positive", cfg.RebalanceTimeout, cfg.SessionTimeout)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	var id protocol.UUID
	rand.Read(id[:]) // v1+: the member names itself (KIP-1082); never fails
	m := &ConsumerMember{cfg: cfg, memberID: id.String(), interval: time.Second, ids: map[string]protocol.UUID{}}
	m.init(cl, h, cfg.GroupID, cfg.Logger, cfg.OnError)
	go m.run()
	return m, nil
}

// Generation is the member's id and current epoch, for commits.
func (m *ConsumerMember) Generation() Generation {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.generationLocked()
}

func (m *ConsumerMember) generationLocked() Generation {
	g := Generation{ID: m.epoch, MemberID: m.memberID, KIP848: true}
	if m.epoch <= 0 {
		g.ID = -1 // not in the group: commit as a member outside it would
		g.MemberID = ""
	}
	if m.cfg.InstanceID != "" {
		id := m.cfg.InstanceID
		g.InstanceID = &id
	}
	return g
}

func (m *ConsumerMember) run() {
	defer close(m.done)
	attempt := 0
	m.mu.Lock()
	m.lastOK = time.Now()
	m.mu.Unlock()
	for m.ctx.Err() == nil {
		err := m.heartbeat(m.ctx, m.joinEpoch())
		if err != nil {
			if m.ctx.Err() != nil {
				return
			}
			if !m.handleError(err) {
				return
			}
			conn.Sleep(m.ctx, m.cl.Backoff().Delay(attempt))
			attempt++
			continue
		}
		attempt = 0
		m.succeeded()
		if m.reconcile() {
			continue // tell the coordinator at once what we released or took
		}
		m.mu.Lock()
		wait := m.interval
		m.mu.Unlock()
		t := time.NewTimer(wait)
		select {
		case <-m.stop:
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// joinEpoch is the epoch the next heartbeat sends: 0 (join) until the
// coordinator gave one.
func (m *ConsumerMember) joinEpoch() int32 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.epoch
}

// handleError deals with a failed heartbeat; false means the member stopped.
func (m *ConsumerMember) handleError(err error) bool {
	m.mu.Lock()
	joined, since := m.joined, time.Since(m.lastOK)
	m.mu.Unlock()
	switch {
	case errors.Is(err, kafkawire.ErrFencedMemberEpoch), errors.Is(err, kafkawire.ErrUnknownMemberID):
		// The coordinator gave our partitions away (session expired, or
		// a stale epoch): they are lost, not revoked; join again.
		m.cfg.Logger.Info("group: fenced, rejoining", "group", m.cfg.GroupID, "err", err)
		m.rejoin()
		return true
	case !joined && m.cfg.Fallback != nil && cannotRunConsumerProtocol(err):
		m.cancel()
		m.cfg.Fallback(err)
		return false
	}
	ge := &Error{Group: m.cfg.GroupID, Op: "ConsumerGroupHeartbeat", Err: err, Fatal: isFatal(err)}
	if m.failed(ge) {
		return false
	}
	if conn.IsCoordinatorError(err) || conn.IsRetriable(err) {
		m.cl.InvalidateCoordinator(conn.GroupCoordinator, m.cfg.GroupID)
	}
	if since > m.cfg.SessionTimeout {
		m.cfg.Logger.Warn("group: no heartbeat answered for a session timeout; partitions lost", "group", m.cfg.GroupID, "err", err)
		m.rejoin()
	}
	return true
}

// cannotRunConsumerProtocol reports the answers of a coordinator that will
// not run this group with the consumer protocol: a broker without it (3.x
// without the new coordinator answers UNSUPPORTED_VERSION), or a group the
// coordinator keeps classic (GROUP_ID_NOT_FOUND: not a consumer group;
// INCONSISTENT_GROUP_PROTOCOL).
func cannotRunConsumerProtocol(err error) bool {
	var ue *conn.UnsupportedError
	return errors.As(err, &ue) || errors.Is(err, kafkawire.ErrUnsupportedVersion) ||
		errors.Is(err, kafkawire.ErrGroupIDNotFound) || errors.Is(err, kafkawire.ErrInconsistentGroupProtocol)
}

// rejoin loses every partition and makes the next heartbeat join at epoch
// 0 with the same member id.
func (m *ConsumerMember) rejoin() {
	m.mu.Lock()
	owned := m.owned
	m.owned, m.epoch, m.target, m.pending, m.assigned = nil, 0, nil, false, false
	m.lastOK = time.Now()
	m.mu.Unlock()
	if len(owned) > 0 {
		m.h.Lost(m.ctx, owned)
	}
}
