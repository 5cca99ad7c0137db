package consumer

import (
	"context"
	"errors"
	"iter"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/group"
)

// Poll returns the records available now, waiting until there is at least
// one, an error to report, or ctx ends. It returns at most MaxPollRecords,
// and never records of paused partitions. Returned records are the
// caller's to keep.
//
// Errors: a failure retrying cannot fix (a corrupt batch, a non-retriable
// error code, a fatal group error such as GROUP_AUTHORIZATION_FAILED) is
// returned by the next Poll. A transient one (a broker unreachable or
// answering bytes that do not decode, a partition without leader) is
// retried with backoff and returned only when Poll has nothing else: when
// ctx ends (the error wraps both the failure and ctx's error), or when
// Poll has waited RequestTimeout and the failure has persisted as long.
//
// In group mode, Poll is also where a revocation completes (as in the Java
// client): the records earlier Polls returned count as processed, the
// revoked partitions' positions are committed (with AutoCommit), and
// their buffered records are dropped.
func (c *Consumer) Poll(ctx context.Context) ([]kafkawire.Record, error) {
	recs, err, _ := c.poll(ctx, 0)
	return recs, err
}

// poll is Poll; with idle > 0 it also gives up (idled, with the current
// failure if there is one) once the consumer has held its assignment for
// idle without a record to return. In group mode the time spent joining
// does not count.
func (c *Consumer) poll(ctx context.Context, idle time.Duration) (recs []kafkawire.Record, err error, idled bool) {
	if recs, err, ok := c.take(); ok {
		return recs, err, false // the common case: no timer, no clock
	}
	start := time.Now()
	reportAfter := c.s.RequestTimeout
	if idle > 0 {
		reportAfter = min(reportAfter, idle)
	}
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		now := time.Now()
		wait := time.Hour
		if idle > 0 {
			if held, ok := c.heldSince(); ok {
				end := held.Add(idle)
				if start.After(held) {
					end = start.Add(idle)
				}
				if !now.Before(end) {
					failure, _ := c.fails.current(now, c.staleAfter)
					return nil, failure, true
				}
				wait = end.Sub(now)
			}
		}
		if failure, since := c.fails.current(now, c.staleAfter); failure != nil {
			from := since
			if start.After(since) {
				from = start
			}
			left := from.Add(reportAfter).Sub(now)
			if left <= 0 {
				return nil, failure, false
			}
			wait = min(wait, left)
		}
		timer.Reset(wait)
		select {
		case <-c.dataReady:
		case <-c.fails.changed:
		case <-timer.C:
		case <-ctx.Done():
			if failure, _ := c.fails.current(time.Now(), c.staleAfter); failure != nil {
				return nil, &stalledError{failure: failure, ctxErr: ctx.Err()}, false
			}
			return nil, ctx.Err(), false
		case <-c.stop:
			return nil, ErrClosed, false
		}
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
		if recs, err, ok := c.take(); ok {
			return recs, err, false
		}
	}
}

// heldSince says since when the consumer holds its assignment: in group
// mode, since the current one arrived (false while joining); in direct
// mode, always.
func (c *Consumer) heldSince() (time.Time, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.member == nil {
		return time.Time{}, true
	}
	return c.held, !c.held.IsZero()
}

func (c *Consumer) take() ([]kafkawire.Record, error, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil, ErrClosed, true
	}
	if c.revoke != nil && !c.revoke.taken {
		c.takeRevocationLocked(false)
	}
	if len(c.pending) > 0 {
		err := c.pending[0].err
		c.pending[0] = pendingErr{}
		c.pending = c.pending[1:]
		return nil, err, true
	}
	if c.fatal != nil {
		return nil, c.fatal, true
	}
	// Polling again means what earlier polls returned was processed.
	for _, ps := range c.parts {
		ps.committable = ps.position
	}
	var out []kafkawire.Record
	aliased := false // out is a window of a chunk's slice, not yet a copy
	kept := c.chunks[:0]
	for _, ch := range c.chunks {
		if len(out) >= c.s.MaxPollRecords || ch.part.paused {
			kept = append(kept, ch)
			continue
		}
		n := min(len(ch.recs), c.s.MaxPollRecords-len(out))
		switch {
		case out == nil:
			// The common case hands out the decoded records without copying;
			// the capacity cap keeps a caller's append off the records after.
			out, aliased = ch.recs[:n:n], true
		case aliased:
			out = append(make([]kafkawire.Record, 0, c.takeableLocked()), out...)
			out, aliased = append(out, ch.recs[:n]...), false
		default:
			out = append(out, ch.recs[:n]...)
		}
		ch.part.position = ch.recs[n-1].Offset + 1
		if n == len(ch.recs) {
			ch.part.position = max(ch.part.position, ch.next)
		}
		ch.part.takenTo = ch.part.position
		if n == len(ch.recs) {
			c.buffered -= ch.bytes
			ch.part.bufBytes -= ch.bytes
			continue
		}
		// Keep the rest; account its bytes in proportion.
		used := ch.bytes * n / len(ch.recs)
		ch.recs = ch.recs[n:]
		ch.bytes -= used
		c.buffered -= used
		ch.part.bufBytes -= used
		kept = append(kept, ch)
	}
	clear(c.chunks[len(kept):])
	c.chunks = kept
	if len(out) > 0 {
		nudge(c.wake) // buffer space freed: fetching may resume
		return out, nil, true
	}
	return nil, nil, false
}

// takeableLocked is how many records one take can hand out: what the
// unpaused chunks hold, at most MaxPollRecords. A poll that gathers a few
// records from many partitions (a consumer keeping up with a slow stream)
// then allocates room for those, not for MaxPollRecords.
func (c *Consumer) takeableLocked() int {
	n := 0
	for _, ch := range c.chunks {
		if !ch.part.paused {
			n += len(ch.recs)
		}
	}
	return min(n, c.s.MaxPollRecords)
}

// Records iterates over records as they arrive, ending when ctx ends, when
// IdleTimeout passes with no record (kafka-python's consumer_timeout_ms; the
// caller may call Records again; in group mode it counts from when the
// consumer holds an assignment, not during the join), or after yielding an
// error the consumer cannot continue from (ErrClosed, a fatal *group.Error).
// Other errors are yielded and iteration goes on. When ctx or the idle
// timeout ends it while a transient failure is current (see Poll), that
// failure is yielded first, so that a consumer that cannot reach its
// brokers does not look merely idle.
func (c *Consumer) Records(ctx context.Context) iter.Seq2[kafkawire.Record, error] {
	return func(yield func(kafkawire.Record, error) bool) {
		for {
			recs, err, idled := c.poll(ctx, c.s.IdleTimeout)
			if idled {
				if err != nil {
					yield(kafkawire.Record{}, err)
				}
				return
			}
			if err != nil {
				if ctx.Err() != nil {
					if err != ctx.Err() {
						yield(kafkawire.Record{}, err)
					}
					return
				}
				if !yield(kafkawire.Record{}, err) || final(err) {
					return
				}
				continue
			}
			for i, r := range recs {
				if !yield(r, nil) {
					c.unread(recs, i+1)
					return
				}
			}
		}
	}
}

// final reports whether the consumer cannot go on after err.
func final(err error) bool {
	var ge *group.Error
	return err == ErrClosed || errors.As(err, &ge) && ge.Fatal
}

// unread gives back recs[from:], records Poll returned that a Records
// caller never saw (it broke out of the loop): the next Poll returns them
// first, and positions (hence commits) move back to the first of them.
// A partition sought, revoked or reassigned since Poll keeps its new state.
func (c *Consumer) unread(recs []kafkawire.Record, from int) {
	if from >= len(recs) {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	byTP := map[kafkawire.TopicPartition][]kafkawire.Record{}
	var order []kafkawire.TopicPartition
	for _, r := range recs[from:] {
		tp := kafkawire.TopicPartition{Topic: r.Topic, Partition: r.Partition}
		if _, ok := byTP[tp]; !ok {
			order = append(order, tp)
		}
		byTP[tp] = append(byTP[tp], r)
	}
	var back []*chunk
	for _, tp := range order {
		ps := c.parts[tp]
		if ps == nil || ps.position != ps.takenTo {
			continue // revoked or sought meanwhile
		}
		rest := byTP[tp]
		ps.position = rest[0].Offset
		// Their bytes left the buffer accounting when Poll took them.
		back = append(back, &chunk{part: ps, gen: ps.gen, recs: rest, next: ps.takenTo})
	}
	if len(back) > 0 {
		c.chunks = append(back, c.chunks...)
		nudge(c.dataReady)
	}
}
