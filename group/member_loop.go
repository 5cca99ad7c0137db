package group

import (
	"context"
	"errors"
	"slices"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/protocol"
)

// applyAssignment hands the handler what changed and reports whether the
// member must rejoin at once: under the cooperative protocol, partitions
// that move are first revoked here and assigned to their new owner in the
// next round.
func (m *Membership) applyAssignment(assigned []kafkawire.TopicPartition) bool {
	m.mu.Lock()
	old := m.owned
	m.mu.Unlock()
	revoked := minus(old, assigned)
	added := minus(assigned, old)
	if len(revoked) > 0 {
		m.revoke(revoked)
	}
	m.mu.Lock()
	m.owned = slices.Clone(assigned)
	m.mu.Unlock()
	if len(added) > 0 || len(old) == 0 {
		m.h.Assigned(m.ctx, added)
	}
	m.cfg.Logger.Info("group: joined", "group", m.cfg.GroupID, "generation", m.Generation().ID, "partitions", len(assigned), "added", len(added), "revoked", len(revoked))
	return m.cooperative() && len(revoked) > 0
}

func minus(a, b []kafkawire.TopicPartition) []kafkawire.TopicPartition {
	in := make(map[kafkawire.TopicPartition]bool, len(b))
	for _, tp := range b {
		in[tp] = true
	}
	var out []kafkawire.TopicPartition
	for _, tp := range a {
		if !in[tp] {
			out = append(out, tp)
		}
	}
	return out
}

func (m *Membership) revokeAll() {
	m.mu.Lock()
	owned := m.owned
	m.owned = nil
	m.mu.Unlock()
	if len(owned) > 0 {
		m.revoke(owned)
	}
}

// revoke runs the handler's Revoked while heartbeats keep the member's
// session alive: the handler may wait for the application's next poll (the
// consumer completes a revocation there, as the Java client does inside
// poll()), which can take up to the rebalance timeout, longer than a
// session. The coordinator answers these heartbeats REBALANCE_IN_PROGRESS;
// they only keep the session.
func (m *Membership) revoke(tps []kafkawire.TopicPartition) {
	gen := m.Generation()
	if gen.MemberID == "" || gen.ID < 0 {
		m.h.Revoked(m.ctx, tps)
		return
	}
	ctx, cancel := context.WithCancel(m.ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(m.cfg.HeartbeatInterval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				m.heartbeat(ctx) // the answer does not matter here
			}
		}
	}()
	m.h.Revoked(m.ctx, tps)
	cancel()
	<-done
}

// resetMember forgets the member id and generation (UNKNOWN_MEMBER_ID).
func (m *Membership) resetMember() {
	m.mu.Lock()
	m.gen.ID, m.gen.MemberID = -1, ""
	m.mu.Unlock()
}

// heartbeatUntilRejoin heartbeats every HeartbeatInterval until the group
// rebalances, the member is fenced, or Leave is called. If no heartbeat
// succeeds for a whole session timeout, the partitions are lost: the
// coordinator has given them to others by then.
func (m *Membership) heartbeatUntilRejoin() {
	t := time.NewTicker(m.cfg.HeartbeatInterval)
	defer t.Stop()
	lastOK := time.Now()
	for {
		select {
		case <-m.stop:
			return
		case <-t.C:
		}
		err := m.heartbeat(m.ctx)
		switch {
		case err == nil:
			lastOK = time.Now()
			m.succeeded()
		case errors.Is(err, kafkawire.ErrRebalanceInProgress):
			return
		case errors.Is(err, kafkawire.ErrIllegalGeneration), errors.Is(err, kafkawire.ErrUnknownMemberID):
			m.loseAll()
			if !errors.Is(err, kafkawire.ErrIllegalGeneration) {
				m.resetMember()
			}
			return
		default:
			if m.ctx.Err() != nil {
				return
			}
			if m.failed(m.groupError("Heartbeat", err)) {
				// FENCED_INSTANCE_ID, GROUP_AUTHORIZATION_FAILED...: the member
				// stopped; run must not rejoin.
				m.cancel()
				return
			}
			if conn.IsCoordinatorError(err) || conn.IsRetriable(err) {
				m.cl.InvalidateCoordinator(conn.GroupCoordinator, m.cfg.GroupID)
			}
			if time.Since(lastOK) > m.cfg.SessionTimeout {
				m.loseAll()
				return
			}
		}
	}
}

func (m *Membership) heartbeat(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, m.cfg.SessionTimeout)
	defer cancel()
	cn, err := m.cl.Coordinator(ctx, conn.GroupCoordinator, m.cfg.GroupID)
	if err != nil {
		return err
	}
	gen := m.Generation()
	req := protocol.HeartbeatRequest{GroupID: m.cfg.GroupID, GenerationID: gen.ID, MemberID: gen.MemberID, GroupInstanceID: gen.InstanceID}
	var resp protocol.HeartbeatResponse
	if err := cn.RoundTrip(ctx, &req, &resp); err != nil {
		return err
	}
	return kafkawire.ErrorForCode(resp.ErrorCode)
}

// Leave revokes the member's partitions (the handler commits), leaves the
// group so its partitions move at once, and stops the member. A static
// member (InstanceID set) does not send LeaveGroup: its partitions wait for
// it for a session timeout, as static membership intends.
func (m *Membership) Leave(ctx context.Context) error {
	var err error
	m.stopped.Do(func() {
		m.shutdown(ctx)
		m.mu.Lock()
		gen, fatal := m.gen, m.fatal
		m.mu.Unlock()
		if gen.InstanceID != nil || gen.MemberID == "" || fatal != nil {
			return // static, never joined, or stopped by a fatal error: not in the group
		}
		err = withCoordinator(ctx, m.cl, m.cfg.GroupID, func(ctx context.Context, cn *conn.Conn) error {
			req := protocol.LeaveGroupRequest{GroupID: m.cfg.GroupID, MemberID: gen.MemberID,
				Members: []protocol.LeaveGroupRequestMember{{MemberID: gen.MemberID}}}
			var resp protocol.LeaveGroupResponse
			if err := cn.RoundTrip(ctx, &req, &resp); err != nil {
				return err
			}
			return kafkawire.ErrorForCode(resp.ErrorCode)
		})
		if errors.Is(err, kafkawire.ErrUnknownMemberID) {
			err = nil // already gone: the goal is met
		}
	})
	return err
}
