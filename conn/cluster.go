package conn

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"
)

// Purpose separates a broker's connections by traffic, so that a long-poll
// fetch never waits behind a produce, nor a heartbeat behind either.
type Purpose int8

const (
	PurposeAdmin   Purpose = iota // metadata, admin requests, offsets lookups
	PurposeProduce                // Produce
	PurposeFetch                  // Fetch
	PurposeGroup                  // coordinator traffic: join, sync, heartbeat, commits
)

// ClusterConfig configures the cluster view.
type ClusterConfig struct {
	// Bootstrap lists host:port addresses of some brokers; each is tried in
	// turn. Hostnames are resolved at dial time.
	Bootstrap []string
	Conn      ConnConfig
	// MetadataMaxAge is how often metadata is refreshed without being asked
	// (Java: metadata.max.age.ms). Default 5 minutes.
	MetadataMaxAge time.Duration
	// RetryBackoff and RetryBackoffMax bound the exponential backoff between
	// retries (Java: retry.backoff.ms, retry.backoff.max.ms). Defaults 100ms, 1s.
	RetryBackoff, RetryBackoffMax time.Duration
	// RequestTimeout bounds one request made on behalf of many callers, such
	// as a shared metadata refresh (Java: request.timeout.ms). Default 30s.
	RequestTimeout time.Duration
	// AutoCreateTopics asks brokers to create a topic on first metadata
	// request for it, where the broker allows it (auto.create.topics.enable).
	// Java: allow.auto.create.topics (consumer); producers always ask.
	AutoCreateTopics bool
}

// Cluster is the client's view of a Kafka cluster: it bootstraps, caches
// metadata, keeps connections per broker and purpose, and routes requests.
// It is safe for concurrent use.
type Cluster struct {
	cfg     ClusterConfig
	backoff Backoff

	meta atomic.Pointer[Metadata]

	mu      sync.Mutex
	conns   map[connKey]*Conn
	dialing map[connKey]*dialFlight
	topics  map[string]struct{} // topics whose metadata we keep fresh
	refresh *refreshFlight
	coords  map[coordKey]int32
	closed  bool
	bgWG    sync.WaitGroup
	// closeCtx ends when the cluster is closed: background work hangs off it.
	closeCtx    context.Context
	closeCancel context.CancelFunc

	redial           map[connKey]redialState
	refreshErr       error     // the latest refresh attempt's failure, nil after a success
	refreshFails     int       // failed refresh flights in a row
	refreshNotBefore time.Time // when the next refresh flight may start
}

type connKey struct {
	node    int32 // -1-i for bootstrap address i
	purpose Purpose
}

// redialState is a broker's failed dials in a row, the latest failure, and
// when the next dial may start.
type redialState struct {
	fails     int
	err       error
	notBefore time.Time
}

type dialFlight struct {
	done chan struct{}
	conn *Conn
	err  error
}

// NewCluster validates cfg and returns a cluster view. It does not dial:
// the first request does, so construction never blocks.
func NewCluster(cfg ClusterConfig) (*Cluster, error) {
	if len(cfg.Bootstrap) == 0 {
		return nil, errors.New("kafkawire: Bootstrap must list at least one broker address")
	}
	for _, a := range cfg.Bootstrap {
		if err := validAddr(a); err != nil {
			return nil, fmt.Errorf("kafkawire: Bootstrap: %w", err)
		}
	}
	if _, err := cfg.Conn.withDefaults(); err != nil {
		return nil, err
	}
	defaults := []struct {
		name string
		v    *time.Duration
		def  time.Duration
	}{
		{"MetadataMaxAge", &cfg.MetadataMaxAge, 5 * time.Minute},
		{"RetryBackoff", &cfg.RetryBackoff, 100 * time.Millisecond},
		{"RetryBackoffMax", &cfg.RetryBackoffMax, time.Second},
		{"RequestTimeout", &cfg.RequestTimeout, 30 * time.Second},
	}
	for _, d := range defaults {
		if *d.v == 0 {
			*d.v = d.def
		}
		if *d.v < 0 {
			return nil, fmt.Errorf("kafkawire: %s must be positive, got %v", d.name, *d.v)
		}
	}
	if cfg.RetryBackoffMax < cfg.RetryBackoff {
		return nil, fmt.Errorf("kafkawire: RetryBackoffMax (%v) must be at least RetryBackoff (%v)", cfg.RetryBackoffMax, cfg.RetryBackoff)
	}
	c := &Cluster{
		cfg:     cfg,
		backoff: Backoff{Base: cfg.RetryBackoff, Max: cfg.RetryBackoffMax},
		conns:   make(map[connKey]*Conn),
		dialing: make(map[connKey]*dialFlight),
		redial:  make(map[connKey]redialState),
		topics:  make(map[string]struct{}),
		coords:  make(map[coordKey]int32),
	}
	c.closeCtx, c.closeCancel = context.WithCancel(context.Background())
	c.bgWG.Add(1)
	go c.refreshLoop()
	return c, nil
}

// Config returns the configuration with defaults filled in.
func (c *Cluster) Config() ClusterConfig { return c.cfg }

// Backoff is the retry backoff configured for this cluster.
func (c *Cluster) Backoff() Backoff { return c.backoff }

// Close closes every connection and stops background refreshes.
func (c *Cluster) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	c.closeCancel()
	conns := c.conns
	c.conns = map[connKey]*Conn{}
	c.mu.Unlock()
	for _, cn := range conns {
		cn.Close()
	}
	c.bgWG.Wait()
	return nil
}

var errClusterClosed = errors.New("kafkawire: client closed")

// Broker returns a live connection to node for purpose, dialing if needed.
// Concurrent callers share one dial.
func (c *Cluster) Broker(ctx context.Context, node int32, purpose Purpose) (*Conn, error) {
	b, ok := c.Metadata().Brokers[node]
	if !ok {
		if _, err := c.Refresh(ctx); err != nil {
			return nil, err
		}
		if b, ok = c.Metadata().Brokers[node]; !ok {
			return nil, fmt.Errorf("kafkawire: broker %d: %w", node, ErrUnknownBroker)
		}
	}
	return c.conn(ctx, connKey{node: node, purpose: purpose}, b.Addr())
}

func (c *Cluster) conn(ctx context.Context, key connKey, addr string) (*Conn, error) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil, errClusterClosed
	}
	if cn := c.conns[key]; cn != nil {
		select {
		case <-cn.Done():
			delete(c.conns, key)
			c.noteDeathLocked(key, cn)
		default:
			if cn.Addr() == addr {
				c.mu.Unlock()
				return cn, nil
			}
			// The broker moved (new host or port): retire the old connection.
			delete(c.conns, key)
			go cn.Close()
		}
	}
	f := c.dialing[key]
	if f == nil {
		f = &dialFlight{done: make(chan struct{})}
		c.dialing[key] = f
		c.bgWG.Add(1)
		go c.dial(key, addr, f)
	}
	c.mu.Unlock()
	select {
	case <-f.done:
		return f.conn, f.err
	case <-ctx.Done():
		c.mu.Lock()
		last := c.redial[key].err
		c.mu.Unlock()
		return nil, waitError("connecting to "+addr, ctx, last)
	}
}

// noteDeathLocked accounts a dead connection before it is redialed: one
// that never answered a request properly (the broker garbles every answer,
// or drops every connection at once) counts as a failed dial, so that the
// redial waits the growing backoff too; one that served requests clears
// the broker's failures. Called with c.mu held.
func (c *Cluster) noteDeathLocked(key connKey, cn *Conn) {
	if cn.served.Load() {
		delete(c.redial, key)
		return
	}
	r := c.redial[key]
	r.err = cn.Err()
	r.fails++
	r.notBefore = time.Now().Add(c.backoff.Delay(r.fails - 1))
	c.redial[key] = r
}

// dial runs detached from any one caller's context, so that a caller giving
// up does not fail the others waiting on the same dial. After a failed dial
// the next one to the same broker waits a backoff that grows with each
// failure in a row (Java: reconnect.backoff.ms), so that callers retrying
// at once do not hammer a broker that refuses them.
func (c *Cluster) dial(key connKey, addr string, f *dialFlight) {
	defer c.bgWG.Done()
	node := key.node
	if node < 0 {
		node = -1
	}
	c.mu.Lock()
	wait := time.Until(c.redial[key].notBefore)
	c.mu.Unlock()
	err := c.sleep(wait)
	var cn *Conn
	if err == nil {
		cn, err = Dial(c.closeCtx, addr, node, c.cfg.Conn)
	}
	c.mu.Lock()
	delete(c.dialing, key)
	if err != nil {
		r := c.redial[key]
		r.err = err
		r.fails++
		r.notBefore = time.Now().Add(c.backoff.Delay(r.fails - 1))
		c.redial[key] = r
	}
	if err == nil && c.closed {
		cn.Close()
		cn, err = nil, errClusterClosed
	}
	if err == nil {
		c.conns[key] = cn
	}
	c.mu.Unlock()
	f.conn, f.err = cn, err
	close(f.done)
}

// anyConn returns a connection for metadata and admin requests: an open one
// if there is one, else the first that can be dialed among the known
// brokers (in random order) and then the bootstrap addresses.
func (c *Cluster) anyConn(ctx context.Context) (*Conn, error) {
	c.mu.Lock()
	for k, cn := range c.conns {
		if k.purpose == PurposeAdmin && cn.Err() == nil {
			c.mu.Unlock()
			return cn, nil
		}
	}
	c.mu.Unlock()
	var errs []error
	if m := c.meta.Load(); m != nil {
		ids := make([]int32, 0, len(m.Brokers))
		for id := range m.Brokers {
			ids = append(ids, id)
		}
		rand.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
		for _, id := range ids {
			cn, err := c.conn(ctx, connKey{node: id, purpose: PurposeAdmin}, m.Brokers[id].Addr())
			if err == nil {
				return cn, nil
			}
			errs = append(errs, err)
			if ctx.Err() != nil {
				return nil, &NoBrokerError{Errs: errs}
			}
		}
	}
	for i, addr := range c.cfg.Bootstrap {
		cn, err := c.conn(ctx, connKey{node: int32(-1 - i), purpose: PurposeAdmin}, addr)
		if err == nil {
			return cn, nil
		}
		errs = append(errs, err)
		if ctx.Err() != nil {
			break
		}
	}
	return nil, &NoBrokerError{Errs: errs}
}

// Any returns a connection to some live broker, for requests any broker
// can answer.
func (c *Cluster) Any(ctx context.Context) (*Conn, error) { return c.anyConn(ctx) }
