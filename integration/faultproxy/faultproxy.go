// Package faultproxy is a TCP proxy for fault-injection tests: one
// listener forwarding every connection to one target, with faults switched
// at runtime: latency, resetting every connection, a black hole, and writes
// sliced into small pieces.
//
//	p, _ := faultproxy.Listen("127.0.0.1:0")
//	p.Serve("127.0.0.1:9092") // once the target's address is known
//	p.Latency(30 * time.Millisecond)
//	p.Clear()
//	p.Close()
package faultproxy

import (
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// Proxy forwards connections accepted on its listener to a target.
type Proxy struct {
	ln       net.Listener
	wg       sync.WaitGroup
	accepted atomic.Int64

	mu      sync.Mutex
	latency time.Duration
	slice   int           // > 0: forward in pieces of this many bytes
	pause   time.Duration // after the first piece of each chunk
	healed  chan struct{} // nil, or open while black-holed (closed by Clear)
	links   map[*link]struct{}
	closed  bool
}

// Listen binds addr (e.g. "127.0.0.1:0"); nothing is accepted until Serve,
// so the port can be handed out before the target exists.
func Listen(addr string) (*Proxy, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	return &Proxy{ln: ln, links: map[*link]struct{}{}}, nil
}

// Addr is the listener's host:port.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// Port is the listener's port.
func (p *Proxy) Port() int { return p.ln.Addr().(*net.TCPAddr).Port }

// Accepted counts the connections accepted so far.
func (p *Proxy) Accepted() int64 { return p.accepted.Load() }

// Serve accepts connections in the background and forwards each to target.
func (p *Proxy) Serve(target string) {
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		for {
			c, err := p.ln.Accept()
			if err != nil {
				if errors.Is(err, net.ErrClosed) {
					return
				}
				time.Sleep(10 * time.Millisecond) // e.g. out of file descriptors
				continue
			}
			p.accepted.Add(1)
			p.wg.Add(1)
			go p.handle(c, target)
		}
	}()
}

// Latency delays every chunk read from either side by d before it is
// forwarded (a delay line: throughput is not capped by it).
func (p *Proxy) Latency(d time.Duration) {
	p.mu.Lock()
	p.latency = d
	p.mu.Unlock()
}

// Slice forwards data in pieces of n bytes, each its own write (and TCP
// segment), so that the peers' reads see frames split anywhere. After the
// first piece of every chunk read from the sender it waits pause, so the
// receiver surely reads a partial frame; the rest follows without pauses
// (one per piece would cost too much: timers sleep about 1 ms at least on
// small VMs).
func (p *Proxy) Slice(n int, pause time.Duration) {
	p.mu.Lock()
	p.slice, p.pause = n, pause
	p.mu.Unlock()
}

// Blackhole stops forwarding in both directions: connections stay open
// (new ones are accepted too) and data waits in the proxy until Clear, as
// across a network partition that heals before TCP gives up.
func (p *Proxy) Blackhole() {
	p.mu.Lock()
	if p.healed == nil {
		p.healed = make(chan struct{})
	}
	p.mu.Unlock()
}

// ResetAll closes every current connection, both sides, with a TCP reset;
// new connections are accepted as before.
func (p *Proxy) ResetAll() {
	p.mu.Lock()
	links := make([]*link, 0, len(p.links))
	for l := range p.links {
		links = append(links, l)
	}
	p.mu.Unlock()
	for _, l := range links {
		l.close(true)
	}
}

// Clear removes every fault; data held by a black hole flows on.
func (p *Proxy) Clear() {
	p.mu.Lock()
	p.latency, p.slice, p.pause = 0, 0, 0
	if p.healed != nil {
		close(p.healed)
		p.healed = nil
	}
	p.mu.Unlock()
}

// Close stops accepting, closes every connection and waits until all of
// the proxy's goroutines have returned.
func (p *Proxy) Close() error {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	err := p.ln.Close()
	p.ResetAll()
	p.wg.Wait()
	return err
}

// faults is a snapshot of the fault settings.
type faults struct {
	latency time.Duration
	slice   int
	pause   time.Duration
	healed  <-chan struct{}
}

func (p *Proxy) faults() faults {
	p.mu.Lock()
	defer p.mu.Unlock()
	return faults{p.latency, p.slice, p.pause, p.healed}
}

// link is one proxied connection: the accepted client side and the dialed
// server side.
type link struct {
	client, server net.Conn
	done           chan struct{}
	once           sync.Once
}

func (l *link) close(reset bool) {
	l.once.Do(func() {
		close(l.done)
		for _, c := range []net.Conn{l.client, l.server} {
			if tc, ok := c.(*net.TCPConn); ok && reset {
				_ = tc.SetLinger(0) // close sends RST instead of FIN
			}
			_ = c.Close()
		}
	})
}

func (p *Proxy) handle(client net.Conn, target string) {
	defer p.wg.Done()
	server, err := net.DialTimeout("tcp", target, 5*time.Second)
	if err != nil {
		client.Close()
		return
	}
	l := &link{client: client, server: server, done: make(chan struct{})}
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		l.close(true)
		return
	}
	p.links[l] = struct{}{}
	p.mu.Unlock()
	var pipes sync.WaitGroup
	pipes.Go(func() { p.pipe(l, client, server) })
	pipes.Go(func() { p.pipe(l, server, client) })
	pipes.Wait()
	p.mu.Lock()
	delete(p.links, l)
	p.mu.Unlock()
}

// chunk is data read from one side, stamped with its arrival time.
type chunk struct {
	data  []byte
	at    time.Time
	split bool // its first piece went out
}

// pipe forwards src to dst: a reader queues chunks, the writer forwards each
// once its latency has passed and no black hole holds it. Data the source
// sent before closing is still delivered; then the whole link closes.
func (p *Proxy) pipe(l *link, src, dst net.Conn) {
	queue := make(chan chunk, 64) // about 2 MiB in flight per direction
	go func() {
		defer close(queue)
		for {
			buf := make([]byte, 32<<10)
			n, err := src.Read(buf)
			if n > 0 {
				select {
				case queue <- chunk{data: buf[:n], at: time.Now()}:
				case <-l.done:
					return
				}
			}
			if err != nil {
				return
			}
		}
	}()
	defer func() {
		l.close(false)
		for range queue { // let the reader (unblocked by the close) finish
		}
	}()
	for c := range queue {
		if !p.forward(l, dst, c) {
			return
		}
	}
}

// forward writes one chunk to dst under the current faults; false means the
// link is finished.
func (p *Proxy) forward(l *link, dst net.Conn, c chunk) bool {
	for {
		f := p.faults()
		if f.healed != nil {
			select {
			case <-f.healed:
				continue // faults may have changed meanwhile
			case <-l.done:
				return false
			}
		}
		if wait := time.Until(c.at.Add(f.latency)); wait > 0 {
			if !sleep(l, wait) {
				return false
			}
			continue
		}
		if f.slice <= 0 || len(c.data) <= f.slice {
			_, err := dst.Write(c.data)
			return err == nil
		}
		if _, err := dst.Write(c.data[:f.slice]); err != nil {
			return false
		}
		c.data = c.data[f.slice:]
		if !c.split && f.pause > 0 && !sleep(l, f.pause) {
			return false
		}
		c.split = true
	}
}

func sleep(l *link, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-l.done:
		return false
	}
}
