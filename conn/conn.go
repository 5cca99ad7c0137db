package conn

import (
	"bufio"
	"context"
	"crypto/tls"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kafkawire/kafkawire/protocol"
)

// ErrClosed is returned by requests on a connection that was closed by
// Close or failed; the wrapped cause says which.
var ErrClosed = errors.New("kafkawire: connection closed")

// Conn is one connection to one broker. It is safe for concurrent use: many
// requests may be in flight at once (up to MaxInFlight) and their responses
// are matched to callers by correlation id. A request whose context ends
// returns at once; its late response is read and dropped, and the connection
// and the other requests on it carry on.
type Conn struct {
	cfg    ConnConfig
	addr   string
	nodeID int32
	nc     net.Conn

	slots chan struct{} // one token per request awaiting a response

	writeMu sync.Mutex
	// authGate is held shared by every request write and exclusively by a
	// re-authentication, so that no request goes out between its
	// SaslHandshake and its last SaslAuthenticate. Requests already in
	// flight are answered meanwhile, in order, as usual.
	authGate   sync.RWMutex
	reauthTime *time.Timer // guarded by mu

	mu      sync.Mutex
	pending map[int32]*call
	corr    int32
	err     error         // why the connection died; set once
	dead    chan struct{} // closed when it dies

	readerDone chan struct{}

	// served: a request other than ApiVersions got an answer that decoded,
	// so the broker speaks Kafka to us (see Cluster.noteDeathLocked).
	served atomic.Bool

	versions map[int16]int16 // negotiated version per API key
	broker   []protocol.ApiVersionsResponseKey
	features []protocol.ApiVersionsFinalizedFeature // cluster-wide finalized features (ApiVersions v3+)
}

type call struct {
	key        int16
	flexHeader bool
	ch         chan frame // buffered: the reader never blocks on a caller
	abandoned  atomic.Bool
}

type frame struct {
	buf []byte // the response after its size field, header included
	err error
}

// Dial connects to addr, runs the TLS handshake, negotiates API versions and
// authenticates. nodeID is the broker's id, or -1 for a bootstrap address.
// The whole handshake is bounded by ctx and by cfg.DialTimeout.
func Dial(ctx context.Context, addr string, nodeID int32, cfg ConnConfig) (*Conn, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.DialTimeout)
	defer cancel()
	c, err := dial(ctx, addr, nodeID, cfg)
	var named *BrokerError
	if err != nil && !errors.As(err, &named) { // a garbled answer names the broker already
		err = &BrokerError{Addr: addr, NodeID: nodeID, Err: err}
	}
	if cfg.Hooks.OnConnect != nil {
		cfg.Hooks.OnConnect(addr, err)
	}
	return c, err
}

func dial(ctx context.Context, addr string, nodeID int32, cfg ConnConfig) (*Conn, error) {
	var d net.Dialer
	nc, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err // net's message names the address and the cause
	}
	if cfg.TLS != nil {
		tc := tls.Client(nc, tlsConfigFor(cfg.TLS, addr))
		if err := tc.HandshakeContext(ctx); err != nil {
			nc.Close()
			err = fmt.Errorf("TLS handshake: %w", err)
			if tlsRefused(err) {
				err = &AuthError{Err: err}
			}
			return nil, err
		}
		nc = tc
	}
	c := &Conn{
		cfg:        cfg,
		addr:       addr,
		nodeID:     nodeID,
		nc:         nc,
		slots:      make(chan struct{}, cfg.MaxInFlight),
		pending:    make(map[int32]*call),
		dead:       make(chan struct{}),
		readerDone: make(chan struct{}),
	}
	go c.readLoop()
	if err := c.negotiate(ctx); err != nil {
		c.Close()
		if cfg.TLS != nil && tlsRefused(err) {
			// With TLS 1.3 a broker refusing our client certificate says so
			// after the handshake, on the first read.
			err = &AuthError{Err: err}
		}
		return nil, err
	}
	if cfg.Auth != nil {
		lifetime, err := cfg.Auth.Authenticate(ctx, c)
		if err != nil {
			c.Close()
			var ne net.Error
			if ctx.Err() == nil && !errors.Is(err, ErrClosed) && !errors.As(err, &ne) {
				// Refused: the same credentials will fail the same way. A
				// connection lost or timed out mid-exchange (a broker
				// restarting, say) stays a retriable failure.
				err = &AuthError{Err: err}
			}
			return nil, err
		}
		c.scheduleReauth(lifetime)
	}
	cfg.Logger.Debug("kafkawire: connected", "broker", addr, "node", nodeID)
	return c, nil
}

func tlsConfigFor(base *tls.Config, addr string) *tls.Config {
	if base.ServerName != "" || base.InsecureSkipVerify {
		return base
	}
	cfg := base.Clone()
	if host, _, err := net.SplitHostPort(addr); err == nil {
		cfg.ServerName = host
	}
	return cfg
}

// Addr is the broker address this connection dialed.
func (c *Conn) Addr() string { return c.addr }

// NodeID is the broker's node id, or -1 for a bootstrap connection.
func (c *Conn) NodeID() int32 { return c.nodeID }

// Done is closed when the connection has died or been closed.
func (c *Conn) Done() <-chan struct{} { return c.dead }

// Err says why the connection died, or nil while it is alive.
func (c *Conn) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// Close closes the connection; requests in flight fail with ErrClosed. It
// waits for the reading goroutine to end.
func (c *Conn) Close() error {
	c.fail(ErrClosed)
	<-c.readerDone
	return nil
}

// scheduleReauth arranges a re-authentication at 85-95% of the session
// lifetime (jittered, so that a client's connections do not all
// re-authenticate at once), as KIP-368 asks: a broker with
// connections.max.reauth.ms closes a connection whose session expired.
func (c *Conn) scheduleReauth(lifetime time.Duration) {
	if lifetime <= 0 {
		return
	}
	d := lifetime*85/100 + rand.N(lifetime/10+1)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err == nil {
		c.reauthTime = time.AfterFunc(d, c.reauthenticate)
	}
}

// reauthenticate runs the Authenticator again on this connection; if it
// fails, the connection is closed (with the reason) and the next request
// dials anew.
func (c *Conn) reauthenticate() {
	c.authGate.Lock()
	defer c.authGate.Unlock()
	if c.Err() != nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), c.cfg.DialTimeout)
	defer cancel()
	start := time.Now()
	lifetime, err := c.cfg.Auth.Authenticate(ctx, reauthConn{c})
	if err != nil {
		c.cfg.Logger.Warn("kafkawire: re-authentication failed", "broker", c.addr, "err", err)
		c.fail(fmt.Errorf("re-authentication: %w", err))
		return
	}
	c.cfg.Logger.Debug("kafkawire: re-authenticated", "broker", c.addr, "took", time.Since(start), "lifetime", lifetime)
	c.scheduleReauth(lifetime)
}

// reauthConn is the connection as a re-authentication sees it: its
// requests pass the gate that holds every other request back.
type reauthConn struct{ c *Conn }

func (r reauthConn) Addr() string                    { return r.c.addr }
func (r reauthConn) Version(key int16) (int16, bool) { return r.c.Version(key) }
func (r reauthConn) RoundTrip(ctx context.Context, req, resp protocol.Message) error {
	v, err := r.c.versionFor(req.APIKey())
	if err != nil {
		return err
	}
	p, err := r.c.start(ctx, req, v, false)
	if err != nil {
		return err
	}
	return p.Wait(ctx, resp)
}

// fail kills the connection once, failing every pending request with err.
func (c *Conn) fail(err error) {
	c.mu.Lock()
	if c.err != nil {
		c.mu.Unlock()
		return
	}
	if !errors.Is(err, ErrClosed) {
		err = fmt.Errorf("%w: %w", ErrClosed, err)
	}
	c.err = err
	pending := c.pending
	c.pending = nil
	close(c.dead)
	if c.reauthTime != nil {
		c.reauthTime.Stop()
	}
	c.mu.Unlock()
	c.nc.Close()
	for _, cl := range pending {
		cl.ch <- frame{err: err}
		<-c.slots
	}
}

// readLoop reads response frames in order and hands each to its caller.
func (c *Conn) readLoop() {
	defer close(c.readerDone)
	br := bufio.NewReaderSize(c.nc, 64<<10)
	var sizeBuf, corrBuf [4]byte
	for {
		if _, err := io.ReadFull(br, sizeBuf[:]); err != nil {
			c.fail(readErr(err))
			return
		}
		size := int(int32(binary.BigEndian.Uint32(sizeBuf[:])))
		if size < 4 || size > c.cfg.MaxResponseSize {
			c.fail(badFrameSize(size, sizeBuf))
			return
		}
		if _, err := io.ReadFull(br, corrBuf[:]); err != nil {
			c.fail(fmt.Errorf("response cut off after %d-byte size field: %w", size, readErr(err)))
			return
		}
		corr := int32(binary.BigEndian.Uint32(corrBuf[:]))
		c.mu.Lock()
		cl := c.pending[corr]
		c.mu.Unlock()
		if cl == nil {
			c.fail(fmt.Errorf("response with unknown correlation id %d: the peer is not speaking Kafka's protocol", corr))
			return
		}
		// The call stays pending until its frame is read whole, so that a
		// frame cut off fails it (through fail) like every other call.
		// A response the caller keeps (fetched records alias it) is never
		// recycled, so it gets a buffer of its own size: a size class would
		// round a small fetch answer up to as much as 8 times its bytes.
		var buf []byte
		if protocol.ResponseAliasesInput(cl.key) {
			buf = make([]byte, size)
		} else {
			buf = getBuf(size)
		}
		copy(buf, corrBuf[:])
		if _, err := io.ReadFull(br, buf[4:]); err != nil {
			c.fail(fmt.Errorf("response cut off after %d-byte size field: %w", size, readErr(err)))
			return
		}
		c.mu.Lock()
		mine := c.pending[corr] == cl // false: the connection failed meanwhile and told cl
		delete(c.pending, corr)
		c.mu.Unlock()
		if !mine {
			return
		}
		if cl.abandoned.Load() {
			putBuf(buf)
		} else {
			cl.ch <- frame{buf: buf}
		}
		<-c.slots
	}
}

func readErr(err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return fmt.Errorf("broker closed the connection: %w", err)
	}
	return err
}

func badFrameSize(size int, raw [4]byte) error {
	if printable(raw[:]) {
		return fmt.Errorf("response size field reads %q: the peer is not a Kafka broker (wrong port, or TLS/HTTP?)", raw[:])
	}
	return fmt.Errorf("invalid response size %d: the peer is not speaking Kafka's protocol", size)
}

func printable(b []byte) bool {
	for _, c := range b {
		if c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}

// RoundTrip sends req at the negotiated version and decodes the answer into
// resp. It returns when the response arrives, the connection dies or ctx ends.
func (c *Conn) RoundTrip(ctx context.Context, req, resp protocol.Message) error {
	v, err := c.versionFor(req.APIKey())
	if err != nil {
		return err
	}
	return c.RoundTripVersion(ctx, req, resp, v)
}

// RoundTripVersion is RoundTrip at an explicit version.
func (c *Conn) RoundTripVersion(ctx context.Context, req, resp protocol.Message, version int16) error {
	p, err := c.Start(ctx, req, version)
	if err != nil {
		return err
	}
	return p.Wait(ctx, resp)
}

// Pending is a request written to its connection and awaiting its response.
type Pending struct {
	c       *Conn
	cl      *call
	key     int16
	version int16
	written int
	start   time.Time
}

// Start writes req at version and returns without waiting for the answer.
// Requests started one after another on a connection reach the broker in
// that order (the producer's per-partition ordering relies on it); Wait for
// each to get its response.
func (c *Conn) Start(ctx context.Context, req protocol.Message, version int16) (*Pending, error) {
	return c.start(ctx, req, version, true)
}

// start is Start; gated is false only for a re-authentication's own
// requests, which must pass while the gate holds the others back.
func (c *Conn) start(ctx context.Context, req protocol.Message, version int16, gated bool) (*Pending, error) {
	start := time.Now()
	cl, written, err := c.send(ctx, req, version, true, gated)
	if err != nil {
		c.event(req.APIKey(), version, written, 0, start, err)
		return nil, err
	}
	return &Pending{c: c, cl: cl, key: req.APIKey(), version: version, written: written, start: start}, nil
}

// Wait waits for the response and decodes it into resp. If ctx ends first,
// the response is dropped when it arrives.
func (p *Pending) Wait(ctx context.Context, resp protocol.Message) error {
	c, cl := p.c, p.cl
	var f frame
	select {
	case f = <-cl.ch:
	case <-ctx.Done():
		cl.abandoned.Store(true)
		// The response may have raced in; recycle it if so.
		select {
		case f := <-cl.ch:
			if f.buf != nil {
				putBuf(f.buf)
			}
		default:
		}
		cause := ctx.Err()
		if errors.Is(context.Cause(ctx), ErrRequestTimeout) {
			// No answer within the request timeout: the broker or the path to
			// it is stuck, and every request behind this one would wait as
			// long. Close the connection so that the next request redials.
			cause = fmt.Errorf("%w after %v", ErrRequestTimeout, time.Since(p.start).Round(time.Millisecond))
			c.fail(fmt.Errorf("%s request to %s: %w", apiName(p.key), c.addr, cause))
		}
		err := fmt.Errorf("kafkawire: %s request to %s: %w", apiName(p.key), c.addr, cause)
		c.event(p.key, p.version, p.written, 0, p.start, err)
		return err
	}
	if f.err != nil {
		err := fmt.Errorf("kafkawire: %s request to %s: %w", apiName(p.key), c.addr, f.err)
		c.event(p.key, p.version, p.written, 0, p.start, err)
		return err
	}
	err := decodeResponse(f.buf, cl.flexHeader, resp, p.version)
	if !protocol.ResponseAliasesInput(resp.APIKey()) {
		putBuf(f.buf)
	}
	if err == nil && p.key != protocol.KeyApiVersions {
		c.served.Store(true)
	}
	if err != nil {
		// A peer whose answer does not decode is not speaking Kafka as we
		// do (or is broken): close the connection, as the Java client does,
		// and name the broker. Other requests on it fail and are retried on
		// a new one.
		err = &BrokerError{Addr: c.addr, NodeID: c.nodeID, Err: fmt.Errorf("%s response: %w", apiName(p.key), err)}
		c.fail(err)
	}
	c.event(p.key, p.version, p.written, len(f.buf)+4, p.start, err)
	return err
}

// Send writes req and awaits no response, as Produce with acks=0 requires.
func (c *Conn) Send(ctx context.Context, req protocol.Message) error {
	v, err := c.versionFor(req.APIKey())
	if err != nil {
		return err
	}
	start := time.Now()
	_, written, err := c.send(ctx, req, v, false, true)
	c.event(req.APIKey(), v, written, 0, start, err)
	return err
}

func decodeResponse(buf []byte, flexHeader bool, resp protocol.Message, version int16) error {
	r := protocol.NewReader(buf)
	var h protocol.ResponseHeader
	hv := int16(0)
	if flexHeader {
		hv = 1
	}
	h.Decode(r, hv)
	if r.Err() != nil {
		return r.Err()
	}
	return protocol.Decode(resp, buf[r.Offset():], version)
}

// send encodes and writes one request; with wantResponse it first registers
// a call (taking an in-flight slot) that the reader will complete.
func (c *Conn) send(ctx context.Context, req protocol.Message, version int16, wantResponse, gated bool) (*call, int, error) {
	api, ok := protocol.LookupAPI(req.APIKey())
	if !ok {
		return nil, 0, fmt.Errorf("kafkawire: unknown API key %d", req.APIKey())
	}
	if gated {
		// Before taking a slot: a re-authentication holding the gate needs
		// slots for its own requests, and those freed by answers arriving.
		c.authGate.RLock()
		defer c.authGate.RUnlock()
	}
	var cl *call
	if wantResponse {
		select {
		case c.slots <- struct{}{}:
		case <-ctx.Done():
			return nil, 0, fmt.Errorf("kafkawire: waiting for an in-flight slot to %s: %w", c.addr, ctx.Err())
		case <-c.dead:
			return nil, 0, c.Err()
		}
		cl = &call{key: api.Key, flexHeader: api.ResponseHeaderVersion(version) == 1, ch: make(chan frame, 1)}
	}
	buf := getWriteBuf()
	defer func() { putWriteBuf(buf) }()

	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	// Correlation ids are taken under writeMu so they reach the wire in order.
	c.mu.Lock()
	if c.err != nil {
		err := c.err
		c.mu.Unlock()
		if cl != nil {
			<-c.slots
		}
		return nil, 0, err
	}
	corr := c.corr
	c.corr++
	if cl != nil {
		c.pending[corr] = cl
	}
	c.mu.Unlock()

	hdr := protocol.RequestHeader{APIKey: api.Key, APIVersion: version, CorrelationID: corr, ClientID: &c.cfg.ClientID}
	buf = protocol.AppendRequest(buf[:0], &hdr, req)
	dl, _ := ctx.Deadline() // zero when none: no write deadline
	err := c.nc.SetWriteDeadline(dl)
	if err == nil {
		_, err = c.nc.Write(buf)
	}
	if err != nil {
		// A partial write leaves the stream unusable: kill the connection,
		// which also fails our own pending call.
		err = fmt.Errorf("writing %s request: %w", api.Name, err)
		c.fail(err)
		return nil, len(buf), c.Err()
	}
	return cl, len(buf), nil
}

func (c *Conn) event(key, version int16, written, read int, start time.Time, err error) {
	if c.cfg.Hooks.OnRequest == nil {
		return
	}
	c.cfg.Hooks.OnRequest(RequestEvent{Broker: c.addr, NodeID: c.nodeID, APIKey: key, APIVersion: version,
		BytesWritten: written, BytesRead: read, Latency: time.Since(start), Err: err})
}

func apiName(key int16) string {
	if a, ok := protocol.LookupAPI(key); ok {
		return a.Name
	}
	return fmt.Sprintf("API %d", key)
}
