package consumer

import (
	"context"
	"errors"
	"sync"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
)

// How failures reach Poll. There are two kinds:
//
//   - Permanent ones, which retrying cannot fix: a corrupt or oversized
//     batch, a non-retriable error code, an offset reset under ResetNone.
//     They are queued and the next Poll returns them, one per partition
//     and kind, newest wins: a partition failing on every retry never
//     queues more than one. A fatal group error stays: every Poll returns
//     it.
//   - Transient ones: a broker that cannot be reached or answers bytes that
//     do not decode, a partition without leader, a retriable error code.
//     They are retried with backoff and remembered as current until their
//     source succeeds (a fetch of that partition, a connection to that
//     broker, a metadata refresh, a group step). Poll never returns one
//     while it has records; with none it returns the latest current one
//     when its ctx ends (wrapped with the ctx error), or after it waited
//     RequestTimeout (IdleTimeout in Records, when shorter) with a failure
//     that has persisted as long.

type errKind uint8

const (
	kindFetch   errKind = iota // per partition
	kindReset                  // per partition
	kindResolve                // starting offsets
	kindMeta                   // metadata refresh
	kindGroup                  // group membership
	kindDial                   // per broker address
)

type errKey struct {
	kind errKind
	tp   kafkawire.TopicPartition
	addr string
}

type pendingErr struct {
	key errKey
	err error
}

// reportLocked queues err for the next Poll, replacing an unreported error
// of the same key. Called with c.mu held.
func (c *Consumer) reportLocked(key errKey, err error) {
	for i := range c.pending {
		if c.pending[i].key == key {
			c.pending[i].err = err
			return
		}
	}
	c.pending = append(c.pending, pendingErr{key, err})
	nudge(c.dataReady)
}

// failures remembers the current transient failure of each source. It
// has its own lock: connection hooks call it from dial goroutines.
type failures struct {
	mu      sync.Mutex
	m       map[errKey]*failure
	changed chan struct{} // nudged when a source starts failing
}

type failure struct {
	err         error
	first, last time.Time
	rank        int // see reportRank
}

func newFailures() *failures {
	return &failures{m: map[errKey]*failure{}, changed: make(chan struct{}, 1)}
}

func (f *failures) set(key errKey, err error) {
	now := time.Now()
	f.mu.Lock()
	defer f.mu.Unlock()
	rank := reportRank[key.kind]
	if errors.Is(err, context.DeadlineExceeded) {
		// "It took too long" explains less than any failure saying why.
		rank += len(reportRank)
	}
	if cur := f.m[key]; cur != nil {
		cur.err, cur.last, cur.rank = err, now, rank
		return
	}
	f.m[key] = &failure{err: err, first: now, last: now, rank: rank}
	nudge(f.changed)
}

func (f *failures) clear(key errKey) {
	f.mu.Lock()
	if len(f.m) > 0 {
		delete(f.m, key)
	}
	f.mu.Unlock()
}

// reportRank orders failures by how directly they explain missing
// records: a partition's fetch, the group, the starting offsets, a dial,
// and last metadata (whose failures come with most others); any of them
// that is only a timeout comes after all that are not.
var reportRank = [...]int{kindFetch: 0, kindReset: 0, kindGroup: 1, kindResolve: 2, kindDial: 3, kindMeta: 4}

// current returns the failure that is still current (seen within
// staleAfter: a source no longer tried is not failing) and explains the
// most (see reportRank; the most recent among equals), and since when its
// source has been failing.
func (f *failures) current(now time.Time, staleAfter time.Duration) (error, time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var best *failure
	for k, fl := range f.m {
		if now.Sub(fl.last) > staleAfter {
			delete(f.m, k)
			continue
		}
		if best == nil || fl.rank < best.rank || fl.rank == best.rank && fl.last.After(best.last) {
			best = fl
		}
	}
	if best == nil {
		return nil, time.Time{}
	}
	return best.err, best.first
}

// stalledError is what Poll returns when its ctx ends with nothing to
// return while a failure is current: the failure, and the ctx's error
// (errors.Is finds both).
type stalledError struct {
	failure, ctxErr error
}

func (e *stalledError) Error() string {
	return "consumer: " + conn.OneLine(e.failure) + " (" + e.ctxErr.Error() + ")"
}

func (e *stalledError) Unwrap() []error { return []error{e.failure, e.ctxErr} }
