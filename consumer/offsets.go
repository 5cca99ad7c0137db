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

	committed := map[kafkawire.TopicPartition]group.Offset{}
	var err error
	if c.s.GroupID != "" && len(lookup) > 0 {
		committed, err = group.FetchOffsets(ctx, c.cluster, c.s.GroupID, lookup)
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
			ps.position, ps.fetchOffset, ps.leaderEpoch = o.Offset, o.Offset, o.LeaderEpoch
			continue
		}
		if l, ok := listed[ps.tp]; ok {
			ps.position, ps.fetchOffset, ps.resetOnly = l.Offset, l.Offset, false
			c.s.Logger.Debug("consumer: reset offset", "topic", ps.tp.Topic, "partition", ps.tp.Partition, "offset", l.Offset)
			continue
		}
		ps.backoff = time.Now().Add(c.s.RetryBackoffMax)
	}
	for _, tp := range noOffset {
		ps := c.parts[tp]
		if ps == nil || ps.position >= 0 {
			continue // revoked or sought meanwhile: nothing to report
		}
		ps.backoff = time.Now().Add(time.Hour) // until the user seeks
		c.pollErr = append(c.pollErr, &OffsetResetError{Partition: tp, Offset: -1})
	}
	if err != nil && c.bgCtx.Err() == nil {
		c.s.Logger.Warn("consumer: could not resolve starting offsets", "err", err)
		if !conn.IsRetriable(err) {
			c.pollErr = append(c.pollErr, err)
		}
	}
	if len(c.pollErr) > 0 {
		nudge(c.dataReady)
	}
}

// consumed returns the position of every assigned partition that has one:
// what a commit now would record.
func (c *Consumer) consumed() map[kafkawire.TopicPartition]group.Offset {
	return c.positions(false)
}

// processed returns the positions as of the last Poll: the records
// returned before it count as processed, those returned by it do not yet.
// This is what automatic commits record, as in the Java client, so a crash
// mid-processing redelivers instead of losing records.
func (c *Consumer) processed() map[kafkawire.TopicPartition]group.Offset {
	return c.positions(true)
}

func (c *Consumer) positions(processedOnly bool) map[kafkawire.TopicPartition]group.Offset {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[kafkawire.TopicPartition]group.Offset, len(c.parts))
	for tp, ps := range c.parts {
		pos := ps.position
		if processedOnly {
			pos = ps.committable
		}
		if pos >= 0 {
			out[tp] = group.Offset{Offset: pos, LeaderEpoch: -1}
		}
	}
	return out
}

// Commit commits the position of every assigned partition: the offset
// after the last record Poll returned. At-least-once processing commits
// after processing what Poll returned.
func (c *Consumer) Commit(ctx context.Context) error {
	return c.CommitOffsets(ctx, c.consumed())
}

// CommitAsync commits the position of every assigned partition in the
// background and calls cb (if not nil) with the outcome. Commits are sent
// in call order.
func (c *Consumer) CommitAsync(cb func(offsets map[kafkawire.TopicPartition]group.Offset, err error)) {
	c.CommitOffsetsAsync(c.consumed(), cb)
}

// CommitOffsetsAsync commits explicit offsets in the background, in call
// order, and calls cb (if not nil) with the outcome. Use it to commit
// exactly what was processed when Poll returned more than that.
func (c *Consumer) CommitOffsetsAsync(offsets map[kafkawire.TopicPartition]group.Offset, cb func(offsets map[kafkawire.TopicPartition]group.Offset, err error)) {
	// One worker drains a FIFO queue: a goroutine per call would take
	// commitMu in no particular order, and a later commit could be
	// overwritten by an earlier one.
	c.asyncMu.Lock()
	defer c.asyncMu.Unlock()
	c.asyncQ = append(c.asyncQ, asyncCommit{offsets: offsets, cb: cb})
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
	offsets map[kafkawire.TopicPartition]group.Offset
	cb      func(offsets map[kafkawire.TopicPartition]group.Offset, err error)
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
		err := c.CommitOffsets(ctx, ac.offsets)
		cancel()
		c.commitMu.Unlock()
		if ac.cb != nil {
			ac.cb(ac.offsets, err)
		}
	}
}

// ProcessedOffsets returns, per partition, the offset after the last of
// recs: what to commit once recs are processed.
func ProcessedOffsets(recs []kafkawire.Record) map[kafkawire.TopicPartition]group.Offset {
	out := map[kafkawire.TopicPartition]group.Offset{}
	for _, r := range recs {
		tp := kafkawire.TopicPartition{Topic: r.Topic, Partition: r.Partition}
		if o, ok := out[tp]; !ok || r.Offset+1 > o.Offset {
			out[tp] = group.Offset{Offset: r.Offset + 1, LeaderEpoch: r.LeaderEpoch}
		}
	}
	return out
}

// CommitOffsets commits explicit offsets: for each partition, the offset of
// the next record to read.
func (c *Consumer) CommitOffsets(ctx context.Context, offsets map[kafkawire.TopicPartition]group.Offset) error {
	if c.s.GroupID == "" {
		return ErrNoGroup
	}
	if len(offsets) == 0 {
		return nil
	}
	gen := group.NoGeneration
	if m := c.membership(); m != nil {
		gen = m.Generation()
	}
	err := group.CommitOffsets(ctx, c.cluster, c.s.GroupID, gen, offsets)
	if err == nil {
		c.mu.Lock()
		for tp, o := range offsets {
			c.lastCommit[tp] = o.Offset
		}
		c.mu.Unlock()
	}
	return err
}

// commitIfChanged commits positions that moved since the last commit:
// only processed ones (see processed) unless all is set.
func (c *Consumer) commitIfChanged(ctx context.Context, all bool) error {
	offs := c.positions(!all)
	c.mu.Lock()
	for tp, o := range offs {
		if last, ok := c.lastCommit[tp]; ok && last == o.Offset {
			delete(offs, tp)
		}
	}
	c.mu.Unlock()
	return c.CommitOffsets(ctx, offs)
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
func (c *Consumer) Close(ctx context.Context) error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
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
