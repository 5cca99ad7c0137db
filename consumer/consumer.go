// Package consumer reads records from Kafka: in group mode (Subscribe:
// the group splits partitions between its members) or direct mode (Assign:
// you name the partitions and manage offsets). Fetching runs ahead of
// processing, bounded in bytes; Poll and Records hand out what arrived.
package consumer

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/group"
	"github.com/kafkawire/kafkawire/sasl"
)

// Consumer reads records. Its methods are safe for concurrent use; Poll and
// Records are meant for one goroutine at a time.
type Consumer struct {
	s       settings
	cluster *conn.Cluster

	mu       sync.Mutex
	parts    map[kafkawire.TopicPartition]*partState
	chunks   []*chunk     // fetched records not yet returned, in arrival order
	buffered int          // bytes in chunks
	pending  []pendingErr // permanent errors for the next Poll (see health.go)
	fatal    error        // a fatal group error: every Poll returns it
	closing  bool         // Close has begun
	closed   bool
	brokers  map[int32]*brokerFetch // per broker: its Fetch in flight and the answers being decoded
	held     time.Time              // group mode: when the current assignment came; zero while none
	revoke   *revocation            // a revocation waiting for the next Poll (see subscribe.go)

	// Metadata refreshes: one at a time, and each after a backoff that grows
	// while refreshes keep failing or keep being needed.
	metaBusy    bool
	metaNext    time.Time
	metaRetries int

	fails      *failures     // current transient failures (see health.go)
	staleAfter time.Duration // a failure not seen again for this long is over
	retry      conn.Backoff  // RetryBackoff..RetryBackoffMax

	dataReady chan struct{} // nudged when chunks or errors arrive
	wake      chan struct{} // nudges the fetch loop
	stop      chan struct{}
	wg        sync.WaitGroup
	bgCtx     context.Context
	bgCancel  context.CancelFunc

	member     group.Participant                  // group mode only; set once by Subscribe
	lastCommit map[kafkawire.TopicPartition]int64 // guarded by mu; the floor of automatic commits
	commitMu   sync.Mutex                         // one commit at a time

	closeOnce sync.Once
	closeDone chan struct{} // closed when Close has finished

	asyncMu      sync.Mutex    // guards asyncQ and asyncRunning
	asyncQ       []asyncCommit // CommitOffsetsAsync calls not yet sent, in call order
	asyncRunning bool          // a runAsyncCommits goroutine drains asyncQ
	asyncDone    chan struct{} // closed when that goroutine has drained asyncQ
}

// partState is one assigned partition. Guarded by Consumer.mu.
//
// Position invariant: position is the offset of the next record Poll will
// return; fetchOffset is the next offset to fetch, at or ahead of position
// by exactly the records buffered in chunks and those of answers still
// being decoded (building > 0, see fetch.go). Seek, reset and revocation bump
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
	building    int   // answers for it being decoded after its fetch offset moved past them
	buildOn     int32 // the broker those answers came from
	resolving   bool  // a committed/reset offset lookup is running
	resetOnly   bool  // the position fell out of the log: reset, ignore commits
	committable int64 // position as of the last Poll: what auto commit records
	takenTo     int64 // the position the last take left it at (unread tells a Seek since by it)
	bufBytes    int   // bytes of its chunks
	backoff     time.Time
	retries     int   // failures in a row, for the backoff
	revoking    bool  // its revocation waits for the next Poll: not fetched
	cutFirst    bool  // its last answer cut its first batch at a size limit: fetch it first
	failing     bool  // a fetch failure of it is current (in Consumer.fails)
	hw          int64 // high watermark from the last fetch
}

// chunk is records of one partition from one fetch.
type chunk struct {
	part  *partState
	gen   uint64
	recs  []kafkawire.Record
	bytes int
	// next is the offset after everything the fetch covered, which is past
	// the last record when transaction markers or aborted batches follow
	// it: the position once the chunk is taken whole.
	next int64
}

// New validates cfg and returns a consumer with nothing assigned. It does
// not dial until there is something to fetch.
func New(cfg Config) (*Consumer, error) {
	s, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	fails := newFailures()
	hooks := s.Hooks
	// Dial failures are seen here first: the cluster retries them inside a
	// metadata refresh or coordinator lookup for as long as a request
	// timeout, and Poll must be able to name them before that.
	userConnect := hooks.OnConnect
	hooks.OnConnect = func(addr string, err error) {
		if err != nil {
			fails.set(errKey{kind: kindDial, addr: addr}, err)
		} else {
			fails.clear(errKey{kind: kindDial, addr: addr})
		}
		if userConnect != nil {
			userConnect(addr, err)
		}
	}
	cl, err := conn.NewCluster(conn.ClusterConfig{
		Bootstrap:        s.Brokers,
		Conn:             conn.ConnConfig{ClientID: s.ClientID, TLS: s.TLS, Auth: sasl.Authenticator(s.SASL), Logger: s.Logger, Hooks: hooks},
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
		brokers:    map[int32]*brokerFetch{},
		dataReady:  make(chan struct{}, 1),
		wake:       make(chan struct{}, 1),
		stop:       make(chan struct{}),
		lastCommit: map[kafkawire.TopicPartition]int64{},
		fails:      fails,
		// A failing source is retried at least every RetryBackoffMax, or a
		// dial timeout (10s) or request timeout when it hangs.
		staleAfter: max(s.RequestTimeout, 10*time.Second) + 2*s.RetryBackoffMax,
		retry:      conn.Backoff{Base: s.RetryBackoff, Max: s.RetryBackoffMax},
		closeDone:  make(chan struct{}),
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
	topics := map[string]bool{}
	for _, tp := range partitions {
		keep[tp] = true
		topics[tp.Topic] = true
	}
	for tp := range c.parts {
		if !keep[tp] {
			c.dropLocked(tp)
			if !topics[tp.Topic] {
				c.cluster.Untrack(tp.Topic) // no longer read: stop refreshing it
			}
		}
	}
	for _, tp := range partitions {
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
	delete(c.lastCommit, tp) // a later owner's commits are not ours to compare with
	c.fails.clear(errKey{kind: kindFetch, tp: tp})
	c.pending = slices.DeleteFunc(c.pending, func(p pendingErr) bool { return p.key.tp == tp })
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
	// A partition parked by an error ("until the user seeks") goes on now,
	// and that error, if not yet reported, is moot.
	ps.backoff, ps.resetOnly, ps.retries = time.Time{}, false, 0
	c.pending = slices.DeleteFunc(c.pending, func(p pendingErr) bool {
		return p.key.tp == tp && (p.key.kind == kindReset || p.key.kind == kindFetch)
	})
	// Seeking is the user's word on where this partition stands: automatic
	// commits may go below what was committed before.
	delete(c.lastCommit, tp)
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
