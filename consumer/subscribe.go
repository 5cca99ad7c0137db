package consumer

import (
	"context"
	"errors"
	"fmt"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/group"
)

// Subscribe joins Config.GroupID and consumes the partitions the group
// assigns to this member out of topics (group mode). Call it once.
func (c *Consumer) Subscribe(topics ...string) error {
	if len(topics) == 0 {
		return fmt.Errorf("consumer: Subscribe needs at least one topic")
	}
	return c.subscribe(topics, "")
}

// SubscribeRegex joins Config.GroupID with a subscription to every topic
// whose name matches pattern, including topics created later. The broker
// matches it (KIP-848's server-side regex, RE2J syntax: Kafka 4.1+), so it
// needs GroupProtocol consumer. Call it once, instead of Subscribe.
// Java: subscribe(SubscriptionPattern).
func (c *Consumer) SubscribeRegex(pattern string) error {
	switch {
	case pattern == "":
		return fmt.Errorf("consumer: SubscribeRegex needs a pattern")
	case c.s.GroupProtocol != GroupProtocolConsumer:
		return fmt.Errorf("consumer: SubscribeRegex needs Config.GroupProtocol %q (the broker matches the pattern), got %q", GroupProtocolConsumer, c.s.GroupProtocol)
	}
	return c.subscribe(nil, pattern)
}

func (c *Consumer) subscribe(topics []string, regex string) error {
	if c.s.GroupID == "" {
		return fmt.Errorf("%w: Subscribe needs a consumer group", ErrNoGroup)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.closing:
		return ErrClosed
	case c.member != nil:
		return fmt.Errorf("consumer: Subscribe called twice")
	case len(c.parts) > 0:
		return fmt.Errorf("consumer: Subscribe after Assign: a consumer is either in group mode or in direct mode")
	}
	c.cluster.Track(topics...)
	classic := group.MemberConfig{
		GroupID:           c.s.GroupID,
		InstanceID:        c.s.GroupInstanceID,
		Topics:            topics,
		SessionTimeout:    c.s.SessionTimeout,
		RebalanceTimeout:  c.s.RebalanceTimeout,
		HeartbeatInterval: c.s.HeartbeatInterval,
		Assignors:         c.s.assignors,
		RetryBackoff:      c.s.RetryBackoff,
		Logger:            c.s.Logger,
		OnError:           c.groupFailed,
	}
	kip848 := group.ConsumerMemberConfig{
		GroupID:          c.s.GroupID,
		InstanceID:       c.s.GroupInstanceID,
		Topics:           topics,
		TopicRegex:       regex,
		ServerAssignor:   c.s.GroupRemoteAssignor,
		RebalanceTimeout: c.s.RebalanceTimeout,
		SessionTimeout:   c.s.SessionTimeout,
		Logger:           c.s.Logger,
		OnError:          c.groupFailed,
		ClassicOnly:      c.s.classicOnly,
	}
	var m group.Participant
	var err error
	switch c.s.GroupProtocol {
	case GroupProtocolConsumer:
		m, err = group.NewConsumerMember(c.cluster, kip848, (*groupHandler)(c))
	case GroupProtocolAuto:
		m, err = group.NewAutoMember(c.cluster, classic, kip848, (*groupHandler)(c))
	default:
		m, err = group.NewMembership(c.cluster, classic, (*groupHandler)(c))
	}
	if err != nil {
		return fmt.Errorf("consumer: %w", err)
	}
	c.member = m
	return nil
}

func (c *Consumer) membership() group.Participant {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.member
}

// groupFailed hears of the member's failed steps: a fatal one is returned
// by every Poll from now on (the member stopped); a transient one is a
// current failure until a step succeeds.
func (c *Consumer) groupFailed(err error) {
	key := errKey{kind: kindGroup}
	var ge *group.Error
	switch {
	case err == nil:
		c.fails.clear(key)
	case errors.As(err, &ge) && ge.Fatal:
		c.fails.clear(key)
		c.mu.Lock()
		c.fatal = err
		c.mu.Unlock()
		nudge(c.dataReady)
	default:
		c.fails.set(key, err)
	}
}

// groupHandler applies the group's decisions to the consumer.
type groupHandler Consumer

func (h *groupHandler) Assigned(ctx context.Context, added []kafkawire.TopicPartition) {
	c := (*Consumer)(h)
	c.fails.clear(errKey{kind: kindGroup})
	c.mu.Lock()
	for _, tp := range added {
		c.addLocked(tp)
	}
	c.held = time.Now() // IdleTimeout counts from here
	c.mu.Unlock()
	nudge(c.wake)
	nudge(c.dataReady)
	if c.s.OnAssigned != nil {
		c.s.OnAssigned(ctx, added)
	}
}

// revocation is partitions being revoked, waiting for the application's
// next Poll. Guarded by Consumer.mu.
type revocation struct {
	tps   []kafkawire.TopicPartition
	offs  map[kafkawire.TopicPartition]group.Offset // what to commit, once taken
	taken bool
	done  chan struct{} // closed once taken
}

// Revoked gives up partitions the way the Java client does inside poll():
// if the last Poll handed out records of them, the application may still
// be processing those, so the revocation waits for its next Poll (which
// proves they were processed) or for the rebalance timeout to come near.
// Then the positions are committed (with AutoCommit): everything handed
// out when it completed at a Poll, only what counts as processed when it
// timed out. Their buffered records are dropped and never handed out. The
// member keeps heartbeating meanwhile.
func (h *groupHandler) Revoked(ctx context.Context, revoked []kafkawire.TopicPartition) {
	c := (*Consumer)(h)
	rv := &revocation{tps: revoked, done: make(chan struct{})}
	c.mu.Lock()
	busy := false
	for _, tp := range revoked {
		if ps := c.parts[tp]; ps != nil {
			ps.revoking = true // stop fetching it
			busy = busy || ps.committable >= 0 && ps.position != ps.committable
		}
	}
	c.revoke = rv
	if !busy || c.closing {
		// Nothing in processing (or closing, where Close commits the
		// positions): complete it now.
		c.takeRevocationLocked(false)
	}
	c.mu.Unlock()
	if busy {
		nudge(c.dataReady) // a Poll waiting now completes it
		// Leave time for the JoinGroup within the rebalance timeout.
		budget := max(c.s.RebalanceTimeout-2*c.s.HeartbeatInterval, c.s.RebalanceTimeout/2)
		t := time.NewTimer(budget)
		select {
		case <-rv.done:
		case <-t.C:
		case <-ctx.Done():
		}
		t.Stop()
	}
	c.mu.Lock()
	if !rv.taken {
		c.s.Logger.Warn("consumer: no Poll before the rebalance timeout; revoking partitions in processing", "partitions", len(revoked))
		c.takeRevocationLocked(!c.closing)
	}
	c.revoke = nil
	c.mu.Unlock()
	if c.s.autoCommit && len(rv.offs) > 0 {
		c.commitMu.Lock()
		err := c.commitLocked(ctx, rv.offs, false)
		c.commitMu.Unlock()
		if err != nil && ctx.Err() == nil {
			c.s.Logger.Warn("consumer: commit before revocation failed", "err", err)
		}
	}
	if c.s.OnRevoked != nil {
		c.s.OnRevoked(ctx, revoked)
	}
	c.drop(revoked)
}

// takeRevocationLocked records what the pending revocation commits, the
// positions of its partitions (only what counts as processed, when
// timedOut), and drops their buffered records, which are never handed out.
// Called with c.mu held: by the Poll that completes it, or by Revoked.
func (c *Consumer) takeRevocationLocked(timedOut bool) {
	rv := c.revoke
	rv.offs = make(map[kafkawire.TopicPartition]group.Offset, len(rv.tps))
	for _, tp := range rv.tps {
		ps := c.parts[tp]
		if ps == nil {
			continue
		}
		pos := ps.position
		if timedOut {
			pos = ps.committable
		}
		if pos >= 0 {
			rv.offs[tp] = group.Offset{Offset: pos, LeaderEpoch: -1}
		}
		ps.gen++
		c.discardLocked(ps)
	}
	rv.taken = true
	close(rv.done)
}

func (h *groupHandler) Lost(ctx context.Context, lost []kafkawire.TopicPartition) {
	c := (*Consumer)(h)
	if c.s.OnLost != nil {
		c.s.OnLost(ctx, lost)
	}
	c.drop(lost)
}

// drop forgets partitions; in group mode, a consumer left with none holds
// no assignment until the next one arrives (IdleTimeout stops counting).
func (c *Consumer) drop(tps []kafkawire.TopicPartition) {
	c.mu.Lock()
	for _, tp := range tps {
		c.dropLocked(tp)
	}
	if len(c.parts) == 0 {
		c.held = time.Time{}
	}
	c.mu.Unlock()
}
