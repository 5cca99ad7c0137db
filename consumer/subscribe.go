package consumer

import (
	"context"
	"fmt"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/group"
)

// Subscribe joins Config.GroupID and consumes the partitions the group
// assigns to this member out of topics (group mode). Call it once.
func (c *Consumer) Subscribe(topics ...string) error {
	if c.s.GroupID == "" {
		return fmt.Errorf("%w: Subscribe needs a consumer group", ErrNoGroup)
	}
	if len(topics) == 0 {
		return fmt.Errorf("consumer: Subscribe needs at least one topic")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.closed:
		return ErrClosed
	case c.member != nil:
		return fmt.Errorf("consumer: Subscribe called twice")
	case len(c.parts) > 0:
		return fmt.Errorf("consumer: Subscribe after Assign: a consumer is either in group mode or in direct mode")
	}
	c.cluster.Track(topics...)
	m, err := group.NewMembership(c.cluster, group.MemberConfig{
		GroupID:           c.s.GroupID,
		InstanceID:        c.s.GroupInstanceID,
		Topics:            topics,
		SessionTimeout:    c.s.SessionTimeout,
		RebalanceTimeout:  c.s.RebalanceTimeout,
		HeartbeatInterval: c.s.HeartbeatInterval,
		Assignors:         c.s.assignors,
		RetryBackoff:      c.s.RetryBackoff,
		Logger:            c.s.Logger,
	}, (*groupHandler)(c))
	if err != nil {
		return fmt.Errorf("consumer: %w", err)
	}
	c.member = m
	return nil
}

func (c *Consumer) membership() *group.Membership {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.member
}

// groupHandler applies the group's decisions to the consumer.
type groupHandler Consumer

func (h *groupHandler) Assigned(ctx context.Context, added []kafkawire.TopicPartition) {
	c := (*Consumer)(h)
	c.mu.Lock()
	for _, tp := range added {
		c.addLocked(tp)
	}
	c.mu.Unlock()
	nudge(c.wake)
	if c.s.OnAssigned != nil {
		c.s.OnAssigned(ctx, added)
	}
}

// Revoked commits the revoked partitions' processed positions (with
// AutoCommit) before they are given up, so their next owner starts where we
// stopped, redelivering rather than skipping what was still in processing.
func (h *groupHandler) Revoked(ctx context.Context, revoked []kafkawire.TopicPartition) {
	c := (*Consumer)(h)
	if c.s.autoCommit {
		offs := c.processed()
		keep := map[kafkawire.TopicPartition]group.Offset{}
		for _, tp := range revoked {
			if o, ok := offs[tp]; ok {
				keep[tp] = o
			}
		}
		c.commitMu.Lock()
		err := c.CommitOffsets(ctx, keep)
		c.commitMu.Unlock()
		if err != nil {
			c.s.Logger.Warn("consumer: commit before revocation failed", "err", err)
		}
	}
	if c.s.OnRevoked != nil {
		c.s.OnRevoked(ctx, revoked)
	}
	c.drop(revoked)
}

func (h *groupHandler) Lost(ctx context.Context, lost []kafkawire.TopicPartition) {
	c := (*Consumer)(h)
	if c.s.OnLost != nil {
		c.s.OnLost(ctx, lost)
	}
	c.drop(lost)
}

func (c *Consumer) drop(tps []kafkawire.TopicPartition) {
	c.mu.Lock()
	for _, tp := range tps {
		c.dropLocked(tp)
	}
	c.mu.Unlock()
}
