package faultproxy

import (
	"bytes"
	"crypto/rand"
	"errors"
	"io"
	"net"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// echoServer echoes every connection until the test ends.
func echoServer(t *testing.T) string {
	t.Helper()
	return server(t, func(c net.Conn) { _, _ = io.Copy(c, c) })
}

// server runs fn for every connection accepted until the test ends.
func server(t *testing.T, fn func(net.Conn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var conns []net.Conn
	wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			wg.Go(func() { defer c.Close(); fn(c) })
		}
	})
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return ln.Addr().String()
}

// start returns a proxy to target, closed (and checked for leftover
// goroutines) when the test ends.
func start(t *testing.T, target string) *Proxy {
	t.Helper()
	p, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.Serve(target)
	t.Cleanup(func() {
		if err := p.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		checkNoGoroutines(t)
	})
	return p
}

// checkNoGoroutines fails if any goroutine of the proxy is still alive.
func checkNoGoroutines(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for {
		buf := make([]byte, 1<<20)
		stacks := string(buf[:runtime.Stack(buf, true)])
		left := 0
		for _, g := range strings.Split(stacks, "\n\n") {
			if strings.Contains(g, "faultproxy.(*Proxy)") || strings.Contains(g, "faultproxy.(*link)") {
				left++
			}
		}
		if left == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d proxy goroutines alive after Close:\n%s", left, stacks)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func dial(t *testing.T, p *Proxy) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// roundTrip writes msg and reads it back within timeout.
func roundTrip(c net.Conn, msg []byte, timeout time.Duration) error {
	c.SetDeadline(time.Now().Add(timeout))
	defer c.SetDeadline(time.Time{})
	errc := make(chan error, 1)
	go func() { _, err := c.Write(msg); errc <- err }()
	got := make([]byte, len(msg))
	if _, err := io.ReadFull(c, got); err != nil {
		return err
	}
	if err := <-errc; err != nil {
		return err
	}
	if !bytes.Equal(got, msg) {
		return errors.New("echo differs from what was sent")
	}
	return nil
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

func TestForward(t *testing.T) {
	p := start(t, echoServer(t))
	for i := range 3 {
		c := dial(t, p)
		if err := roundTrip(c, randomBytes(1<<20), 10*time.Second); err != nil {
			t.Fatalf("connection %d: %v", i, err)
		}
	}
	if n := p.Accepted(); n != 3 {
		t.Errorf("Accepted = %d, want 3", n)
	}
}

func TestLatency(t *testing.T) {
	p := start(t, echoServer(t))
	c := dial(t, p)
	const d = 100 * time.Millisecond
	p.Latency(d)
	begin := time.Now()
	if err := roundTrip(c, []byte("ping"), 5*time.Second); err != nil {
		t.Fatal(err)
	}
	if rtt := time.Since(begin); rtt < 2*d {
		t.Errorf("round trip took %v with %v latency each way", rtt, d)
	}
	// A delay line, not a throttle: many chunks in flight share one delay.
	begin = time.Now()
	if err := roundTrip(c, randomBytes(4<<20), 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(begin); took > 20*d {
		t.Errorf("4 MiB took %v under %v latency: latency caps throughput", took, d)
	}
	p.Clear()
	begin = time.Now()
	if err := roundTrip(c, []byte("ping"), 5*time.Second); err != nil {
		t.Fatal(err)
	}
	if rtt := time.Since(begin); rtt >= d {
		t.Errorf("round trip took %v after Clear", rtt)
	}
}

func TestResetAll(t *testing.T) {
	p := start(t, echoServer(t))
	a, b := dial(t, p), dial(t, p)
	for _, c := range []net.Conn{a, b} {
		if err := roundTrip(c, []byte("hello"), 5*time.Second); err != nil {
			t.Fatal(err)
		}
	}
	p.ResetAll()
	for i, c := range []net.Conn{a, b} {
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		_, err := c.Read(make([]byte, 1))
		if err == nil || errors.Is(err, os.ErrDeadlineExceeded) {
			t.Errorf("connection %d after ResetAll: read gave %v, want a closed connection", i, err)
		}
	}
	if err := roundTrip(dial(t, p), []byte("again"), 5*time.Second); err != nil {
		t.Fatalf("new connection after ResetAll: %v", err)
	}
}

func TestBlackhole(t *testing.T) {
	p := start(t, echoServer(t))
	old := dial(t, p)
	if err := roundTrip(old, []byte("before"), 5*time.Second); err != nil {
		t.Fatal(err)
	}
	p.Blackhole()
	if err := roundTrip(old, []byte("held"), 300*time.Millisecond); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("old connection in the black hole: %v, want a timeout", err)
	}
	fresh := dial(t, p) // accepted, but nothing passes
	if err := roundTrip(fresh, []byte("new"), 300*time.Millisecond); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("new connection in the black hole: %v, want a timeout", err)
	}
	p.Clear()
	// What was held arrives, in order, then traffic flows again.
	for _, c := range []struct {
		conn net.Conn
		held string
	}{{old, "held"}, {fresh, "new"}} {
		c.conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		got := make([]byte, len(c.held))
		if _, err := io.ReadFull(c.conn, got); err != nil || string(got) != c.held {
			t.Fatalf("after Clear: read %q, %v; want %q", got, err, c.held)
		}
		if err := roundTrip(c.conn, []byte("after"), 5*time.Second); err != nil {
			t.Fatalf("after Clear: %v", err)
		}
	}
}

// TestSlice: each message the server writes reaches the client first as a
// lone 7-byte piece (the pause follows it), then the rest, intact.
func TestSlice(t *testing.T) {
	const msgs, size = 10, 200
	data := randomBytes(msgs * size)
	p := start(t, server(t, func(c net.Conn) {
		for i := range msgs {
			if _, err := c.Write(data[i*size : (i+1)*size]); err != nil {
				return
			}
			time.Sleep(30 * time.Millisecond) // a chunk of its own at the proxy
		}
		_, _ = io.Copy(io.Discard, c)
	}))
	p.Slice(7, 10*time.Millisecond)
	c := dial(t, p)
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	var got []byte
	buf := make([]byte, 4096)
	for len(got) < len(data) {
		boundary := len(got)%size == 0
		n, err := c.Read(buf)
		if err != nil {
			t.Fatalf("after %d bytes: %v", len(got), err)
		}
		if boundary && n != 7 {
			t.Errorf("message %d: first read %d bytes, want the 7-byte first piece alone", len(got)/size, n)
		}
		got = append(got, buf[:n]...)
	}
	if !bytes.Equal(got, data) {
		t.Fatal("sliced data differs from what was sent")
	}
}

// TestSliceLarge: slicing without pauses must not corrupt a large stream in
// either direction.
func TestSliceLarge(t *testing.T) {
	p := start(t, echoServer(t))
	p.Slice(100, 0)
	if err := roundTrip(dial(t, p), randomBytes(256<<10), 20*time.Second); err != nil {
		t.Fatal(err)
	}
}

// TestCloseUnderFaults closes the proxy while connections sit in a black
// hole and behind latency: Close returns and no goroutine is left (checked
// by start's cleanup).
func TestCloseUnderFaults(t *testing.T) {
	target := echoServer(t)
	p, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.Serve(target)
	p.Latency(time.Hour)
	a := dial(t, p)
	a.Write([]byte("delayed"))
	p.Blackhole()
	b := dial(t, p)
	b.Write(randomBytes(1 << 20))
	time.Sleep(100 * time.Millisecond)
	done := make(chan error, 1)
	go func() { done <- p.Close() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close hangs with connections held by faults")
	}
	checkNoGoroutines(t)
	if _, err := net.DialTimeout("tcp", p.Addr(), time.Second); err == nil {
		t.Error("the listener still accepts after Close")
	}
}
