package group

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/protocol"
)

// This file holds the ConsumerGroupHeartbeat exchange itself: building the
// request from the member's state and applying the answer. kip848.go runs
// the member, kip848_loop.go reconciles assignments and leaves.

// heartbeat sends one ConsumerGroupHeartbeat with the given epoch and
// applies the answer (epoch, interval, a new target assignment). Every
// heartbeat carries the full subscription and the owned partitions: the
// coordinator ignores what did not change, and a request that repeats
// them is right after any lost answer.
func (m *ConsumerMember) heartbeat(ctx context.Context, epoch int32) error {
	ctx, cancel := context.WithTimeout(ctx, m.cfg.SessionTimeout)
	defer cancel()
	cn, err := m.cl.Coordinator(ctx, conn.GroupCoordinator, m.cfg.GroupID)
	if err != nil {
		return err
	}
	v, err := cn.VersionUpTo(protocol.KeyConsumerGroupHeartbeat, 1)
	if err != nil {
		return err
	}
	if v < 1 && m.cfg.TopicRegex != "" {
		return fmt.Errorf("the coordinator speaks ConsumerGroupHeartbeat v%d; a topic regex needs v1: %w", v, kafkawire.ErrUnsupportedVersion)
	}
	req := m.request(epoch, v)
	var resp protocol.ConsumerGroupHeartbeatResponse
	if err := cn.RoundTripVersion(ctx, req, &resp, v); err != nil {
		if !errors.Is(err, context.Canceled) {
			m.cl.InvalidateCoordinator(conn.GroupCoordinator, m.cfg.GroupID)
		}
		return err
	}
	if err := kafkawire.ErrorForCode(resp.ErrorCode); err != nil {
		if conn.IsCoordinatorError(err) {
			m.cl.InvalidateCoordinator(conn.GroupCoordinator, m.cfg.GroupID)
		}
		if resp.ErrorMessage != nil && *resp.ErrorMessage != "" {
			return fmt.Errorf("%w: %s", err, *resp.ErrorMessage)
		}
		return err
	}
	if epoch < 0 {
		return nil // left
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.joined && m.cfg.Fallback != nil {
		m.cfg.Logger.Info("group: protocol auto chose consumer (KIP-848): the coordinator runs it for this group", "group", m.cfg.GroupID)
		if len(m.cfg.ClassicOnly) > 0 {
			m.cfg.Logger.Warn("group: "+strings.Join(m.cfg.ClassicOnly, ", ")+" not in effect: under the consumer protocol the broker sets them (GroupProtocol classic keeps them)", "group", m.cfg.GroupID)
		}
	}
	if resp.MemberID != nil && *resp.MemberID != "" {
		m.memberID = *resp.MemberID // v0: the coordinator names the member
	}
	m.epoch = resp.MemberEpoch
	if resp.HeartbeatIntervalMs > 0 {
		m.interval = time.Duration(resp.HeartbeatIntervalMs) * time.Millisecond
	}
	m.joined, m.lastOK = true, time.Now()
	if resp.Assignment != nil {
		m.target = resp.Assignment.TopicPartitions
		m.targetSeq++
		m.pending = true
	}
	if epoch == 0 && !m.assigned {
		m.pending = true // the first answer after a join is an assignment, even an empty one
	}
	return nil
}

func (m *ConsumerMember) request(epoch int32, version int16) *protocol.ConsumerGroupHeartbeatRequest {
	m.mu.Lock()
	defer m.mu.Unlock()
	req := &protocol.ConsumerGroupHeartbeatRequest{GroupID: m.cfg.GroupID, MemberID: m.memberID, MemberEpoch: epoch, RebalanceTimeoutMs: -1}
	if version == 0 && epoch == 0 {
		req.MemberID = "" // v0: the coordinator names the member on its first join
		if m.memberID != "" && m.joined {
			req.MemberID = m.memberID
		}
	}
	if m.cfg.InstanceID != "" {
		id := m.cfg.InstanceID
		req.InstanceID = &id
	}
	if epoch < 0 {
		return req // leaving: nothing else matters
	}
	if m.cfg.RackID != "" {
		rack := m.cfg.RackID
		req.RackID = &rack
	}
	req.RebalanceTimeoutMs = int32(m.cfg.RebalanceTimeout / time.Millisecond)
	if m.cfg.TopicRegex != "" {
		re := m.cfg.TopicRegex
		req.SubscribedTopicRegex = &re
	} else {
		req.SubscribedTopicNames = m.cfg.Topics
	}
	if m.cfg.ServerAssignor != "" {
		a := m.cfg.ServerAssignor
		req.ServerAssignor = &a
	}
	req.TopicPartitions = ownedByID(m.owned, m.ids)
	return req
}

// ownedByID groups partitions by topic id (an empty, non-null list when
// none: a join reports that it owns nothing).
func ownedByID(owned []kafkawire.TopicPartition, ids map[string]protocol.UUID) []protocol.ConsumerGroupHeartbeatTopicPartitions {
	out := []protocol.ConsumerGroupHeartbeatTopicPartitions{}
	at := map[string]int{}
	for _, tp := range owned {
		i, ok := at[tp.Topic]
		if !ok {
			i = len(out)
			at[tp.Topic] = i
			out = append(out, protocol.ConsumerGroupHeartbeatTopicPartitions{TopicID: ids[tp.Topic]})
		}
		out[i].Partitions = append(out[i].Partitions, tp.Partition)
	}
	return out
}
