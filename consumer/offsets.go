package consumer

import (
	"context"
	"errors"
	"fmt"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/group"
)

// resolvePositions sets the starting offset of partitions that have none:
// the group's committed offset when there is one, else per
// AutoOffsetReset.
func (c *Consumer) resolvePositions(parts []*partState) {
	defer c.wg.Done()
	ctx, cancel := context.WithTimeout(c.bgCtx, c.s.RequestTimeout)
	defer cancel()
	c.mu.Lock()
	gens := make(map[*partState]uint64, len(parts))
	var lookup []kafkawire.TopicPartition
	for _, ps := range parts {
		gens[ps] = ps.gen
		if !ps.resetOnly {
			lookup = append(lookup, ps.tp)
		}
	}
	c.mu.Unlock()

	committed := map[kafkawire.TopicPartition]kafkawire.Offset{}
	var err error
	if c.s.GroupID != "" && len(lookup) > 0 {
		committed, err = group.FetchMemberOffsets(ctx, c.cluster, c.s.GroupID, c.membership(), lookup)
	}
	resets := map[kafkawire.TopicPartition]int64{}
	var noOffset []kafkawire.TopicPartition
	if err == nil {
		for _, ps := range parts {
			if _, ok := committed[ps.tp]; ok {
				continue
			}
			switch c.s.AutoOffsetReset {
			case ResetEarliest:
				resets[ps.tp] = conn.OffsetEarliest
			case ResetLatest:
				resets[ps.tp] = conn.OffsetLatest
			default:
				noOffset = append(noOffset, ps.tp)
			}
		}
	}
	var listed map[kafkawire.TopicPartition]conn.ListedOffset
	if err == nil && len(resets) > 0 {
		listed, err = c.cluster.ListOffsets(ctx, int8(c.s.Isolation), resets)
	}

	c.mu.Lock()
	defer func() {
		c.mu.Unlock()
		nudge(c.wake)
	}()
	for _, ps := range parts {
		ps.resolving = false
		if c.parts[ps.tp] != ps || ps.gen != gens[ps] || ps.position >= 0 {
			continue // revoked or seeked meanwhile
		}
		if o, ok := committed[ps.tp]; ok {
			ps.position, ps.fetchOffset, ps.leaderEpoch, ps.retries = o.Offset, o.Offset, o.LeaderEpoch, 0
			continue
		}
		if l, ok := listed[ps.tp]; ok {
			ps.position, ps.fetchOffset, ps.resetOnly, ps.retries = l.Offset, l.Offset, false, 0
			c.s.Logger.Debug("consumer: reset offset", "topic", ps.tp.Topic, "partition", ps.tp.Partition, "offset", l.Offset)
			continue
		}
		ps.backoff = time.Now().Add(c.retry.Delay(ps.retries))
		ps.retries++
	}
	for _, tp := range noOffset {
		ps := c.parts[tp]
		if ps == nil || ps.position >= 0 {
			continue // revoked or sought meanwhile: nothing to report
		}
		ps.backoff = time.Now().Add(time.Hour) // until the user seeks
		c.reportLocked(errKey{kind: kindReset, tp: tp}, &OffsetResetError{Partition: tp, Offset: -1})
	}
	switch {
	case err == nil:
		c.fails.clear(errKey{kind: kindResolve})
	case c.bgCtx.Err() != nil: // closing
	case conn.IsPermanent(err):
		c.s.Logger.Warn("consumer: could not resolve starting offsets", "err", err)
		c.reportLocked(errKey{kind: kindResolve}, fmt.Errorf("consumer: starting offsets: %w", err))
	default:
		c.s.Logger.Debug("consumer: could not resolve starting offsets, retrying", "err", err)
		c.fails.set(errKey{kind: kindResolve}, fmt.Errorf("consumer: starting offsets: %w", err))
	}
}

// consumed returns the position of every assigned partition that has one:
// what a commit now would record.
func (c *Consumer) consumed() map[kafkawire.TopicPartition]kafkawire.Offset {
	return c.positions(false)
}

// processed returns the positions as of the last Poll: the records
// returned before it count as processed, those returned by it do not yet.
// This is what automatic commits record, as in the Java client, so a crash
// mid-processing redelivers instead of losing records.
func (c *Consumer) processed() map[kafkawire.TopicPartition]kafkawire.Offset {
	return c.positions(true)
}

func (c *Consumer) positions(processedOnly bool) map[kafkawire.TopicPartition]kafkawire.Offset {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[kafkawire.TopicPartition]kafkawire.Offset, len(c.parts))
	for tp, ps := range c.parts {
		pos := ps.position
		if processedOnly {
			pos = ps.committable
		}
		if pos >= 0 {
			out[tp] = kafkawire.Offset{Offset: pos, LeaderEpoch: -1}
		}
	}
	return out
}

// Commit commits the position of every assigned partition: the offset
// after the last record Poll returned. At-least-once processing commits
// after processing what Poll returned.
//
// Commits never go backwards: Commit, CommitAsync and the automatic
// commits (auto commit, before a revocation, on Close) leave out a
// partition whose offset is not above the last one this consumer
// committed for it while assigned. Only an explicit CommitOffsets (or
// CommitOffsetsAsync) may commit lower, and a Seek lifts the floor for
// its partition: both say where the user wants the partition to stand.
func (c *Consumer) Commit(ctx context.Context) error {
	if c.s.GroupID == "" {
		return ErrNoGroup
	}
	c.commitMu.Lock()
	defer c.commitMu.Unlock()
	return c.commitLocked(ctx, c.consumed(), false)
}

// CommitAsync commits the position of every assigned partition in the
// background and calls cb (if not nil) with the outcome. Commits are sent
// in call order.
func (c *Consumer) CommitAsync(cb func(offsets map[kafkawire.TopicPartition]kafkawire.Offset, err error)) {
	c.commitAsync(c.consumed(), false, cb)
}

// CommitOffsetsAsync commits explicit offsets in the background, in call
// order, and calls cb (if not nil) with the outcome. Use it to commit
// exactly what was processed when Poll returned more than that.
func (c *Consumer) CommitOffsetsAsync(offsets map[kafkawire.TopicPartition]kafkawire.Offset, cb func(offsets map[kafkawire.TopicPartition]kafkawire.Offset, err error)) {
	c.commitAsync(offsets, true, cb)
}

func (c *Consumer) commitAsync(offsets map[kafkawire.TopicPartition]kafkawire.Offset, explicit bool, cb func(offsets map[kafkawire.TopicPartition]kafkawire.Offset, err error)) {
	// One worker drains a FIFO queue: a goroutine per call would take
	// commitMu in no particular order, and a later commit could be
	// overwritten by an earlier one.
	c.asyncMu.Lock()
	defer c.asyncMu.Unlock()
	c.asyncQ = append(c.asyncQ, asyncCommit{offsets: offsets, explicit: explicit, cb: cb})
	if !c.asyncRunning {
		c.asyncRunning = true
		c.asyncDone = make(chan struct{})
		c.wg.Add(1)
		go c.runAsyncCommits(c.asyncDone)
	}
}

// waitAsyncCommits waits until every queued async commit was sent and its
// callback ran, or ctx ends.
func (c *Consumer) waitAsyncCommits(ctx context.Context) {
	for {
		c.asyncMu.Lock()
		running, done := c.asyncRunning, c.asyncDone
		c.asyncMu.Unlock()
		if !running {
			return
		}
		select {
		case <-done:
		case <-ctx.Done():
			return
		}
	}
}

// asyncCommit is one queued CommitOffsetsAsync call.
type asyncCommit struct {
	offsets  map[kafkawire.TopicPartition]kafkawire.Offset
	explicit bool // CommitOffsetsAsync: may go below earlier commits
	cb       func(offsets map[kafkawire.TopicPartition]kafkawire.Offset, err error)
}

// runAsyncCommits sends queued async commits one at a time, in call order,
// and calls each callback before the next commit starts.
func (c *Consumer) runAsyncCommits(done chan struct{}) {
	defer c.wg.Done()
	for {
		c.asyncMu.Lock()
		if len(c.asyncQ) == 0 {
			c.asyncRunning = false
			c.asyncQ = nil
			close(done)
			c.asyncMu.Unlock()
			return
		}
		ac := c.asyncQ[0]
		c.asyncQ[0] = asyncCommit{}
		c.asyncQ = c.asyncQ[1:]
		c.asyncMu.Unlock()
		c.commitMu.Lock()
		ctx, cancel := context.WithTimeout(c.bgCtx, c.s.RequestTimeout)
		err := c.commitLocked(ctx, ac.offsets, ac.explicit)
		cancel()
		c.commitMu.Unlock()
		if ac.cb != nil {
			ac.cb(ac.offsets, err)
		}
	}
}

// ProcessedOffsets returns, per partition, the offset after the last of
// recs: what to commit once recs are processed.
func ProcessedOffsets(recs []kafkawire.Record) map[kafkawire.TopicPartition]kafkawire.Offset {
	out := map[kafkawire.TopicPartition]kafkawire.Offset{}
	for _, r := range recs {
		tp := kafkawire.TopicPartition{Topic: r.Topic, Partition: r.Partition}
		if o, ok := out[tp]; !ok || r.Offset+1 > o.Offset {
			out[tp] = kafkawire.Offset{Offset: r.Offset + 1, LeaderEpoch: r.LeaderEpoch}
		}
	}
	return out
}

// CommitOffsets commits explicit offsets: for each partition, the offset of
// the next record to read. Unlike the other commits, it may go below what
// was committed before (see Commit).
func (c *Consumer) CommitOffsets(ctx context.Context, offsets map[kafkawire.TopicPartition]kafkawire.Offset) error {
	if c.s.GroupID == "" {
		return ErrNoGroup
	}
	c.commitMu.Lock()
	defer c.commitMu.Unlock()
	return c.commitLocked(ctx, offsets, true)
}

// commitLocked sends one commit; called with commitMu held, so commits go
// out one at a time and lastCommit is what the broker last accepted from
// us. Unless explicit, partitions at or below lastCommit are left out.
// (A commit that failed without an answer may still have been applied;
// lastCommit does not count it, so a later lower commit could still undo
// it: rare, and it only redelivers.)
func (c *Consumer) commitLocked(ctx context.Context, offsets map[kafkawire.TopicPartition]kafkawire.Offset, explicit bool) error {
	if c.s.GroupID == "" {
		return ErrNoGroup
	}
	if !explicit {
		c.mu.Lock()
		keep := make(map[kafkawire.TopicPartition]kafkawire.Offset, len(offsets))
		for tp, o := range offsets {
			if last, ok := c.lastCommit[tp]; !ok || o.Offset > last {
				keep[tp] = o
			}
		}
		c.mu.Unlock()
		offsets = keep
	}
	if len(offsets) == 0 {
		return nil
	}
	// Sync, async, auto and revocation commits all come here: a stale
	// KIP-848 member epoch is retried with the member's next one inside.
	err := group.CommitMemberOffsets(ctx, c.cluster, c.s.GroupID, c.membership(), offsets)
	if err == nil {
		c.mu.Lock()
		for tp, o := range offsets {
			if _, assigned := c.parts[tp]; assigned {
				c.lastCommit[tp] = o.Offset
			}
		}
		c.mu.Unlock()
	}
	return err
}

// commitIfChanged commits positions that moved since the last commit:
// only processed ones (see processed) unless all is set. Called with
// commitMu held.
func (c *Consumer) commitIfChanged(ctx context.Context, all bool) error {
	return c.commitLocked(ctx, c.positions(!all), false)
}

func (c *Consumer) autoCommitLoop() {
	defer c.wg.Done()
	t := time.NewTicker(c.s.AutoCommitInterval)
	defer t.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-t.C:
			ctx, cancel := context.WithTimeout(c.bgCtx, c.s.RequestTimeout)
			c.commitMu.Lock()
			err := c.commitIfChanged(ctx, false)
			c.commitMu.Unlock()
			cancel()
			if err != nil && !errors.Is(err, context.Canceled) {
				c.s.Logger.Warn("consumer: auto commit failed", "err", err)
			}
		}
	}
}

// Close waits for queued CommitOffsetsAsync commits, commits consumed
// positions (with AutoCommit), leaves the group and releases every
// resource. ctx bounds the commits and the leave.
//
// Close may be called more than once and concurrently: the first call does
// the work; the others wait for it (or their ctx) and return nil.
func (c *Consumer) Close(ctx context.Context) error {
	first := false
	c.closeOnce.Do(func() { first = true })
	if !first {
		select {
		case <-c.closeDone:
		case <-ctx.Done():
		}
		return nil
	}
	defer close(c.closeDone)
	c.mu.Lock()
	c.closing = true
	c.mu.Unlock()
	var errs []error
	// Async commits already asked for go out first, while still a member
	// (as the Java client's close waits for pending async commits).
	c.waitAsyncCommits(ctx)
	if c.s.autoCommit {
		c.commitMu.Lock()
		if err := c.commitIfChanged(ctx, true); err != nil {
			errs = append(errs, fmt.Errorf("consumer: final commit: %w", err))
		}
		c.commitMu.Unlock()
	}
	if m := c.membership(); m != nil {
		if err := m.Leave(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	close(c.stop)
	c.bgCancel()
	c.wg.Wait()
	c.cluster.Close()
	return errors.Join(errs...)
}
