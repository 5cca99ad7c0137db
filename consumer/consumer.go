// Package consumer reads records from Kafka: in group mode (Subscribe:
// the group splits partitions between its members) or direct mode (Assign:
// you name the partitions and manage offsets). Fetching runs ahead of
// processing, bounded in bytes; Poll and Records hand out what arrived.
package consumer

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"sync"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/group"
)

// Consumer reads records. Its methods are safe for concurrent use; Poll and
// Records are meant for one goroutine at a time.
type Consumer struct {
	s       settings
	cluster *conn.Cluster

	mu       sync.Mutex
	parts    map[kafkawire.TopicPartition]*partState
	chunks   []*chunk // fetched records not yet returned, in arrival order
	buffered int      // bytes in chunks
	pollErr  []error  // errors to report from the next Poll
	closed   bool
	fetching map[int32]bool // brokers with a Fetch in flight

	dataReady chan struct{} // nudged when chunks or errors arrive
	wake      chan struct{} // nudges the fetch loop
	stop      chan struct{}
	wg        sync.WaitGroup
	bgCtx     context.Context
	bgCancel  context.CancelFunc

	member     *group.Membership                  // group mode only; set once by Subscribe
	lastCommit map[kafkawire.TopicPartition]int64 // guarded by mu
	commitMu   sync.Mutex                         // one commit at a time

	asyncMu      sync.Mutex    // guards asyncQ and asyncRunning
	asyncQ       []asyncCommit // CommitOffsetsAsync calls not yet sent, in call order
	asyncRunning bool          // a runAsyncCommits goroutine drains asyncQ
	asyncDone    chan struct{} // closed when that goroutine has drained asyncQ
}

// partState is one assigned partition. Guarded by Consumer.mu.
//
// Position invariant: position is the offset of the next record Poll will
// return; fetchOffset is the next offset to fetch, at or ahead of position
// by exactly the records buffered in chunks. Seek, reset and revocation bump
// gen, which makes any chunk or in-flight fetch of the old gen stale: it is
// dropped on arrival, so a position never moves backwards or skips by a
// stale fetch.
type partState struct {
	tp          kafkawire.TopicPartition
	position    int64 // -1: unknown, to be resolved (committed offset or reset)
	fetchOffset int64
	leaderEpoch int32
	gen         uint64
	paused      bool
	inFlight    bool  // in a Fetch request now
	resolving   bool  // a committed/reset offset lookup is running
	resetOnly   bool  // the position fell out of the log: reset, ignore commits
	committable int64 // position as of the last Poll: what auto commit records
	bufBytes    int   // bytes of its chunks
	backoff     time.Time
	hw          int64 // high watermark from the last fetch
}

// chunk is records of one partition from one fetch.
type chunk struct {
	part  *partState
	gen   uint64
	recs  []kafkawire.Record
	bytes int
}

// New validates cfg and returns a consumer with nothing assigned. It does
// not dial until there is something to fetch.
func New(cfg Config) (*Consumer, error) {
	s, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	cl, err := conn.NewCluster(conn.ClusterConfig{
		Bootstrap:        s.Brokers,
		Conn:             conn.ConnConfig{ClientID: s.ClientID, TLS: s.TLS, Logger: s.Logger, Hooks: s.Hooks},
		RetryBackoff:     s.RetryBackoff,
		RetryBackoffMax:  s.RetryBackoffMax,
		RequestTimeout:   s.RequestTimeout,
		AutoCreateTopics: true,
	})
	if err != nil {
		return nil, fmt.Errorf("consumer: %w", err)
	}
	c := &Consumer{
		s:          s,
		cluster:    cl,
		parts:      map[kafkawire.TopicPartition]*partState{},
		fetching:   map[int32]bool{},
		dataReady:  make(chan struct{}, 1),
		wake:       make(chan struct{}, 1),
		stop:       make(chan struct{}),
		lastCommit: map[kafkawire.TopicPartition]int64{},
	}
	c.bgCtx, c.bgCancel = context.WithCancel(context.Background())
	c.wg.Add(1)
	go c.fetchLoop()
	if s.autoCommit {
		c.wg.Add(1)
		go c.autoCommitLoop()
	}
	return c, nil
}

func nudge(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// Assign consumes exactly these partitions (direct mode), replacing any
// earlier assignment. Each starts at its committed offset when GroupID is
// set and one exists, else per AutoOffsetReset; Seek overrides that.
func (c *Consumer) Assign(partitions ...kafkawire.TopicPartition) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return ErrClosed
	}
	if c.member != nil {
		return fmt.Errorf("consumer: Assign after Subscribe: a consumer is either in group mode or in direct mode")
	}
	keep := map[kafkawire.TopicPartition]bool{}
	for _, tp := range partitions {
		keep[tp] = true
	}
	for tp := range c.parts {
		if !keep[tp] {
			c.dropLocked(tp)
		}
	}
	topics := map[string]bool{}
	for _, tp := range partitions {
		topics[tp.Topic] = true
		c.addLocked(tp)
	}
	for t := range topics {
		c.cluster.Track(t)
	}
	nudge(c.wake)
	return nil
}

func (c *Consumer) addLocked(tp kafkawire.TopicPartition) {
	if _, ok := c.parts[tp]; !ok {
		c.parts[tp] = &partState{tp: tp, position: -1, fetchOffset: -1, leaderEpoch: -1, hw: -1, committable: -1}
	}
}

// dropLocked forgets a partition and the records buffered for it.
func (c *Consumer) dropLocked(tp kafkawire.TopicPartition) {
	ps := c.parts[tp]
	if ps == nil {
		return
	}
	ps.gen++
	c.discardLocked(ps)
	delete(c.parts, tp)
}

// discardLocked drops a partition's buffered chunks.
func (c *Consumer) discardLocked(ps *partState) {
	c.chunks = slices.DeleteFunc(c.chunks, func(ch *chunk) bool {
		if ch.part == ps {
			c.buffered -= ch.bytes
			return true
		}
		return false
	})
	ps.bufBytes = 0
}

// Assignment returns the partitions currently assigned.
func (c *Consumer) Assignment() []kafkawire.TopicPartition {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]kafkawire.TopicPartition, 0, len(c.parts))
	for tp := range c.parts {
		out = append(out, tp)
	}
	slices.SortFunc(out, compareTP)
	return out
}

func compareTP(a, b kafkawire.TopicPartition) int {
	if a.Topic != b.Topic {
		if a.Topic < b.Topic {
			return -1
		}
		return 1
	}
	return int(a.Partition - b.Partition)
}

// Seek makes the next record returned for tp the one at offset.
func (c *Consumer) Seek(tp kafkawire.TopicPartition, offset int64) error {
	if offset < 0 {
		return fmt.Errorf("consumer: Seek %s/%d to negative offset %d", tp.Topic, tp.Partition, offset)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	ps := c.parts[tp]
	if ps == nil {
		return fmt.Errorf("consumer: Seek: %s/%d is not assigned", tp.Topic, tp.Partition)
	}
	ps.gen++
	c.discardLocked(ps)
	ps.position, ps.fetchOffset = offset, offset
	// A partition parked by an OffsetResetError ("until the user seeks")
	// goes on now, and that error, if not yet reported, is moot.
	ps.backoff, ps.resetOnly = time.Time{}, false
	c.pollErr = slices.DeleteFunc(c.pollErr, func(err error) bool {
		oe, ok := err.(*OffsetResetError)
		return ok && oe.Partition == tp
	})
	nudge(c.wake)
	return nil
}

// Position returns the offset of the next record Poll will return for tp,
// or -1 if it is not known yet.
func (c *Consumer) Position(tp kafkawire.TopicPartition) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ps := c.parts[tp]; ps != nil {
		return ps.position
	}
	return -1
}

// Pause stops fetching these partitions (records already buffered are
// kept) until Resume.
func (c *Consumer) Pause(tps ...kafkawire.TopicPartition) { c.setPaused(tps, true) }

// Resume undoes Pause.
func (c *Consumer) Resume(tps ...kafkawire.TopicPartition) { c.setPaused(tps, false) }

func (c *Consumer) setPaused(tps []kafkawire.TopicPartition, paused bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, tp := range tps {
		if ps := c.parts[tp]; ps != nil {
			ps.paused = paused
		}
	}
	nudge(c.wake)
}

// Poll returns the records available now, waiting until there is at least
// one, an error to report, or ctx ends. It returns at most MaxPollRecords,
// and never records of paused partitions. Returned records are the
// caller's to keep.
func (c *Consumer) Poll(ctx context.Context) ([]kafkawire.Record, error) {
	for {
		recs, err, ok := c.take()
		if ok {
			return recs, err
		}
		select {
		case <-c.dataReady:
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-c.stop:
			return nil, ErrClosed
		}
	}
}

func (c *Consumer) take() ([]kafkawire.Record, error, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil, ErrClosed, true
	}
	if len(c.pollErr) > 0 {
		err := c.pollErr[0]
		c.pollErr = c.pollErr[1:]
		return nil, err, true
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
			out = append(make([]kafkawire.Record, 0, c.s.MaxPollRecords), out...)
			out, aliased = append(out, ch.recs[:n]...), false
		default:
			out = append(out, ch.recs[:n]...)
		}
		ch.part.position = ch.recs[n-1].Offset + 1
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

// Records iterates over records as they arrive, ending when ctx ends, when
// IdleTimeout passes with no record (kafka-python's consumer_timeout_ms; the
// caller may call Records again), or after yielding an error the consumer
// cannot continue from (then the iteration ends). Transient errors are
// yielded and iteration goes on.
func (c *Consumer) Records(ctx context.Context) iter.Seq2[kafkawire.Record, error] {
	return func(yield func(kafkawire.Record, error) bool) {
		for {
			pctx, cancel := ctx, context.CancelFunc(func() {})
			if c.s.IdleTimeout > 0 {
				pctx, cancel = context.WithTimeout(ctx, c.s.IdleTimeout)
			}
			recs, err := c.Poll(pctx)
			cancel()
			if err != nil {
				if ctx.Err() != nil || pctx.Err() != nil && len(recs) == 0 {
					return // the caller's context or the idle timeout ended it
				}
				if !yield(kafkawire.Record{}, err) || err == ErrClosed {
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
	next := map[kafkawire.TopicPartition]int64{} // position Poll left each partition at
	for _, r := range recs {
		next[kafkawire.TopicPartition{Topic: r.Topic, Partition: r.Partition}] = r.Offset + 1
	}
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
		if ps == nil || ps.position != next[tp] {
			continue // revoked or sought meanwhile
		}
		rest := byTP[tp]
		ps.position = rest[0].Offset
		// Their bytes left the buffer accounting when Poll took them.
		back = append(back, &chunk{part: ps, gen: ps.gen, recs: rest})
	}
	if len(back) > 0 {
		c.chunks = append(back, c.chunks...)
		nudge(c.dataReady)
	}
}
