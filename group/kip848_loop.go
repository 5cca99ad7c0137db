package group

import (
	"context"
	"errors"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/protocol"
)

// reconcile moves the owned partitions to the coordinator's latest target:
// first it revokes what the target lacks (the handler commits them; the
// member keeps heartbeating meanwhile, still reporting them owned), then it
// takes what the target adds. It reports whether the owned set changed, so
// that the next heartbeat tells the coordinator at once (which is what
// frees revoked partitions for their next owner).
func (m *ConsumerMember) reconcile() bool {
	m.mu.Lock()
	if !m.pending {
		m.mu.Unlock()
		return false
	}
	target, seq := m.target, m.targetSeq
	old := m.owned
	first := !m.assigned
	m.mu.Unlock()

	want, ids, complete := m.resolve(target)
	revoked := minus(old, want)
	added := minus(want, old)
	if len(revoked) > 0 {
		m.revoke(revoked)
	}
	m.mu.Lock()
	m.owned = append(minus(old, revoked), added...)
	for name, id := range ids {
		m.ids[name] = id
	}
	// A newer target that came while revoking (a new epoch) is reconciled
	// next; topics not resolved yet are retried at the next heartbeat.
	m.pending = !complete || m.targetSeq != seq
	m.assigned = true
	epoch, owned := m.epoch, len(m.owned)
	m.mu.Unlock()
	changed := len(added) > 0 || len(revoked) > 0
	if len(added) > 0 || first {
		m.h.Assigned(m.ctx, added)
	}
	if changed || first {
		m.cfg.Logger.Info("group: assignment", "group", m.cfg.GroupID, "protocol", "consumer", "epoch", epoch,
			"partitions", owned, "added", len(added), "revoked", len(revoked), "complete", complete)
	}
	return changed
}

// resolve names the target's topics, which the coordinator gives by id,
// through metadata: the cluster's snapshot, else one listing of every topic
// (a regex subscription gets topics no one tracks yet; they are tracked
// from now on). complete is false when some id is unknown even then (a
// topic just created): those partitions wait for a later heartbeat.
func (m *ConsumerMember) resolve(target []protocol.ConsumerGroupHeartbeatTopicPartitions) (tps []kafkawire.TopicPartition, ids map[string]protocol.UUID, complete bool) {
	ids = map[string]protocol.UUID{}
	names := map[protocol.UUID]string{}
	var missing []protocol.UUID
	snap := m.cl.Metadata()
	for _, t := range target {
		if name := topicName(snap, t.TopicID); name != "" {
			names[t.TopicID] = name
		} else {
			missing = append(missing, t.TopicID)
		}
	}
	if len(missing) > 0 {
		ctx, cancel := context.WithTimeout(m.ctx, m.cfg.SessionTimeout/3)
		all, err := m.cl.ListAllTopics(ctx)
		cancel()
		if err != nil {
			m.cfg.Logger.Warn("group: cannot resolve assigned topic ids", "group", m.cfg.GroupID, "err", err)
		}
		var found []string
		for _, id := range missing {
			if name := topicName(all, id); name != "" {
				names[id] = name
				found = append(found, name)
			}
		}
		m.cl.Track(found...)
	}
	complete = true
	for _, t := range target {
		name, ok := names[t.TopicID]
		if !ok {
			complete = false
			continue
		}
		ids[name] = t.TopicID
		for _, p := range t.Partitions {
			tps = append(tps, kafkawire.TopicPartition{Topic: name, Partition: p})
		}
	}
	return tps, ids, complete
}

func topicName(md *conn.Metadata, id protocol.UUID) string {
	if md == nil {
		return ""
	}
	return md.TopicName(id)
}

// revoke runs the handler's Revoked while heartbeats keep the membership
// alive: the handler may wait for the application's next Poll, up to the
// rebalance timeout.
func (m *ConsumerMember) revoke(tps []kafkawire.TopicPartition) {
	ctx, cancel := context.WithCancel(m.ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			m.mu.Lock()
			wait := m.interval
			m.mu.Unlock()
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-t.C:
			}
			_ = m.heartbeat(ctx, m.joinEpoch()) // errors are handled by the main loop's next heartbeat
		}
	}()
	m.h.Revoked(m.ctx, tps)
	cancel()
	<-done
}

// Leave revokes the member's partitions (the handler commits), leaves the
// group (epoch -1; a static member sends -2, so that its partitions wait
// for it to come back within the session timeout) and stops the member.
func (m *ConsumerMember) Leave(ctx context.Context) error {
	var err error
	m.stopped.Do(func() {
		m.shutdown(ctx)
		m.mu.Lock()
		epoch, fatal := m.epoch, m.fatal
		m.mu.Unlock()
		if epoch <= 0 || fatal != nil {
			return // never joined, fenced, fell back or stopped: not in the group
		}
		leave := leaveEpoch
		if m.cfg.InstanceID != "" {
			leave = leaveStaticEpoch
		}
		err = conn.Retry(ctx, m.cl.Backoff(), func(ctx context.Context) error { return m.heartbeat(ctx, leave) })
		if errors.Is(err, kafkawire.ErrUnknownMemberID) || errors.Is(err, kafkawire.ErrFencedMemberEpoch) {
			err = nil // already gone: the goal is met
		}
		if err != nil {
			err = &Error{Group: m.cfg.GroupID, Op: "ConsumerGroupHeartbeat (leave)", Err: err}
		}
	})
	return err
}
