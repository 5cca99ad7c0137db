// Package fakebroker is a scriptable Kafka broker for unit tests: a real TCP
// server speaking kafkawire's own codecs. By default it behaves like a small
// healthy cluster (metadata, produce into an in-memory log, fetch from it,
// offsets, a one-member group, a transaction coordinator: txn.go); a test
// replaces the answer to any API with a Handler that delays, never answers,
// answers with an error code, a wrong correlation id, a cut frame, bytes
// that do not decode, or closes.
//
// It is test-only: it lives under internal/ and nothing outside tests
// imports it.
package fakebroker

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kafkawire/kafkawire/protocol"
)

// Cluster is one or more fake brokers sharing one metadata view and one
// in-memory log.
type Cluster struct {
	Brokers []*Broker

	mu      sync.Mutex
	topics  map[string]*topic
	order   []string            // topic names in creation order
	commits map[string]int64    // "group/topic/partition" -> committed offset
	pid     int64               // next producer id
	dataCh  chan struct{}       // closed and replaced whenever records are appended
	groups  map[string]*groupSt // one-member groups, by id
	plain   *plainAuth          // set by RequirePlain

	txns       map[string]*txnSt // transaction coordinator state by transactional id (txn.go)
	txnVersion int16             // finalized transaction.version advertised (0: none)
	txnCoord   int32             // the node FindCoordinator names for transactional ids

	kip848 *kip848St  // the KIP-848 consumer group coordinator (kip848.go), made on first use
	adm    adminState // the admin APIs' state (admin.go)
}

// plainAuth is the SASL PLAIN account a cluster requires, and the session
// lifetime it grants.
type plainAuth struct {
	user, password string
	lifetime       time.Duration
}

// RequirePlain makes every broker require SASL PLAIN with this account
// before any request but ApiVersions, SaslHandshake and SaslAuthenticate,
// and grant sessions of lifetime (0: unlimited). As Kafka does, a broker
// closes a connection that sends any other request unauthenticated or
// after its session expired.
func (c *Cluster) RequirePlain(user, password string, lifetime time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.plain = &plainAuth{user, password, lifetime}
}

// connState is what a broker knows of one connection.
type connState struct {
	authed  bool
	expires time.Time // zero: never
}

type topic struct {
	name  string
	id    protocol.UUID
	parts []*partition
}

type partition struct {
	leader  int32
	epoch   int32
	batches [][]byte // record batches with their base offsets set
	next    int64    // log end offset
}

// Broker is one fake broker: a listener and the handlers scripted for it.
type Broker struct {
	c      *Cluster
	id     int32
	ln     net.Listener
	host   string
	port   int32
	wg     sync.WaitGroup
	closed atomic.Bool
	done   chan struct{} // closed by Close

	mu       sync.Mutex
	handlers map[int16]Handler
	counts   map[int16]int
	conns    map[net.Conn]struct{}
	accepted int
}

// NewCluster starts n brokers (node ids 0..n-1) on loopback ports; they
// are closed when the test ends.
func NewCluster(t testing.TB, n int) *Cluster {
	t.Helper()
	c := &Cluster{topics: map[string]*topic{}, commits: map[string]int64{}, pid: 1000,
		dataCh: make(chan struct{}), groups: map[string]*groupSt{}, txns: map[string]*txnSt{}}
	for i := 0; i < n; i++ {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatalf("fakebroker: listen: %v", err)
		}
		host, port, _ := net.SplitHostPort(ln.Addr().String())
		p, _ := strconv.Atoi(port)
		b := &Broker{c: c, id: int32(i), ln: ln, host: host, port: int32(p),
			handlers: map[int16]Handler{}, counts: map[int16]int{}, conns: map[net.Conn]struct{}{}, done: make(chan struct{})}
		c.Brokers = append(c.Brokers, b)
		b.wg.Add(1)
		go b.acceptLoop()
	}
	t.Cleanup(c.Close)
	return c
}

// Close stops every broker and closes every connection.
func (c *Cluster) Close() {
	for _, b := range c.Brokers {
		b.Close()
	}
}

// Addrs lists the brokers' addresses, for a client's bootstrap list.
func (c *Cluster) Addrs() []string {
	out := make([]string, len(c.Brokers))
	for i, b := range c.Brokers {
		out[i] = b.Addr()
	}
	return out
}

// Handle scripts key on every broker (see Broker.Handle).
func (c *Cluster) Handle(key int16, h Handler) {
	for _, b := range c.Brokers {
		b.Handle(key, h)
	}
}

// Requests counts the requests of key that all brokers received.
func (c *Cluster) Requests(key int16) int {
	n := 0
	for _, b := range c.Brokers {
		n += b.Requests(key)
	}
	return n
}

// AddTopic creates a topic; partition p is led by broker p mod len(Brokers).
func (c *Cluster) AddTopic(name string, partitions int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.addTopicLocked(name, partitions)
}

func (c *Cluster) addTopicLocked(name string, partitions int) {
	t := &topic{name: name}
	copy(t.id[:], fmt.Sprintf("%-16.16s", name))
	t.id[15] = byte(len(c.order) + 1) // never the zero id
	for p := 0; p < partitions; p++ {
		t.parts = append(t.parts, &partition{leader: int32(p % len(c.Brokers))})
	}
	c.topics[name] = t
	c.order = append(c.order, name)
}

// SetLeader makes node lead topic/partition; node may be an id that no
// broker has (a leader metadata advertises but that does not exist).
func (c *Cluster) SetLeader(topicName string, part int32, node int32) {
	c.mu.Lock()
	defer c.mu.Unlock()
	pt := c.topics[topicName].parts[part]
	pt.leader = node
	pt.epoch++
}

// Records returns how many records were appended to topic/partition.
func (c *Cluster) Records(topicName string, part int32) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.topics[topicName].parts[part].next
}

// Addr is the broker's host:port.
func (b *Broker) Addr() string { return net.JoinHostPort(b.host, strconv.Itoa(int(b.port))) }

// NodeID is the broker's node id.
func (b *Broker) NodeID() int32 { return b.id }

// Handle makes h answer every request of key on this broker, replacing the
// default answer (nil restores it). h runs on the connection's goroutine,
// one request at a time per connection.
func (b *Broker) Handle(key int16, h Handler) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if h == nil {
		delete(b.handlers, key)
	} else {
		b.handlers[key] = h
	}
}

// Requests counts the requests of key this broker received.
func (b *Broker) Requests(key int16) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.counts[key]
}

// Accepted counts the connections this broker accepted.
func (b *Broker) Accepted() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.accepted
}

// Open counts this broker's connections still open.
func (b *Broker) Open() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.conns)
}

// Close stops listening (new dials are refused) and closes every
// connection; it waits for the broker's goroutines to end.
func (b *Broker) Close() {
	if b.closed.Swap(true) {
		return
	}
	close(b.done)
	b.ln.Close()
	b.mu.Lock()
	for nc := range b.conns {
		nc.Close()
	}
	b.mu.Unlock()
	b.wg.Wait()
}

func (b *Broker) acceptLoop() {
	defer b.wg.Done()
	for {
		nc, err := b.ln.Accept()
		if err != nil {
			return
		}
		b.mu.Lock()
		if b.closed.Load() {
			b.mu.Unlock()
			nc.Close()
			return
		}
		b.accepted++
		id := b.accepted
		b.conns[nc] = struct{}{}
		b.mu.Unlock()
		b.wg.Add(1)
		go b.serve(nc, id)
	}
}

// Request is one request as the broker received it.
type Request struct {
	Broker  *Broker
	ConnID  int // 1 for the broker's first connection, and so on
	Key     int16
	Version int16
	Corr    int32
	Body    protocol.Message // the decoded request
	state   *connState
}

// Handler decides how the broker answers one request.
type Handler func(r *Request) Action

// serve reads requests off one connection and answers each in order.
func (b *Broker) serve(nc net.Conn, id int) {
	defer b.wg.Done()
	defer func() {
		nc.Close()
		b.mu.Lock()
		delete(b.conns, nc)
		b.mu.Unlock()
	}()
	br := bufio.NewReader(nc)
	var out sync.Mutex // delayed answers are written from their own goroutines
	state := &connState{}
	for {
		var size [4]byte
		if _, err := io.ReadFull(br, size[:]); err != nil {
			return
		}
		frame := make([]byte, binary.BigEndian.Uint32(size[:]))
		if _, err := io.ReadFull(br, frame); err != nil {
			return
		}
		req, err := decodeRequest(frame)
		if err != nil {
			return // not a request we understand: hang up, as a broker does
		}
		req.Broker, req.ConnID, req.state = b, id, state
		if !b.c.admits(req) {
			return
		}
		b.mu.Lock()
		b.counts[req.Key]++
		h := b.handlers[req.Key]
		b.mu.Unlock()
		var a Action
		if h != nil {
			a = h(req)
		} else {
			a = req.Default()
		}
		if a.delay > 0 {
			// A delayed answer must not hold up the requests behind it, as
			// a real broker's long-poll fetch does not.
			b.wg.Add(1)
			go func() {
				defer b.wg.Done()
				select {
				case <-time.After(a.delay):
				case <-b.done:
				}
				out.Lock()
				defer out.Unlock()
				if a.run(nc, req) != nil {
					nc.Close()
				}
			}()
			continue
		}
		out.Lock()
		err = a.run(nc, req)
		out.Unlock()
		if err != nil {
			return
		}
	}
}

func decodeRequest(frame []byte) (*Request, error) {
	if len(frame) < 4 {
		return nil, fmt.Errorf("short request")
	}
	key := int16(binary.BigEndian.Uint16(frame))
	api, ok := protocol.LookupAPI(key)
	if !ok {
		return nil, fmt.Errorf("unknown API key %d", key)
	}
	r := protocol.NewReader(frame)
	var h protocol.RequestHeader
	version := int16(binary.BigEndian.Uint16(frame[2:]))
	h.Decode(r, api.RequestHeaderVersion(version))
	if r.Err() != nil {
		return nil, r.Err()
	}
	body := api.NewRequest()
	if err := protocol.Decode(body, frame[r.Offset():], version); err != nil {
		return nil, err
	}
	return &Request{Key: key, Version: version, Corr: h.CorrelationID, Body: body}, nil
}

// admits reports whether the connection may send r: with SASL required,
// only the handshake APIs until authenticated, and nothing once the session
// expired.
func (c *Cluster) admits(r *Request) bool {
	c.mu.Lock()
	required := c.plain != nil
	c.mu.Unlock()
	switch {
	case !required || r.Key == protocol.KeyApiVersions || r.Key == protocol.KeySaslHandshake || r.Key == protocol.KeySaslAuthenticate:
		return true
	case !r.state.authed:
		return false
	}
	return r.state.expires.IsZero() || time.Now().Before(r.state.expires)
}
