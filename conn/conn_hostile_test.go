package conn

import (
	"context"
	"encoding/binary"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// These tests point a connection at peers that are not Kafka brokers. Each
// must end in a clear error within the caller's deadline: no hang, no panic.

func serveTCP(t *testing.T, handle func(net.Conn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				handle(c)
			}()
		}
	}()
	return ln.Addr().String()
}

func dialWithin(t *testing.T, addr string, d time.Duration) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	start := time.Now()
	c, err := Dial(ctx, addr, -1, ConnConfig{})
	if c != nil {
		c.Close()
	}
	require.Less(t, time.Since(start), d+500*time.Millisecond, "Dial outlived its context")
	return err
}

func TestDialHTTPServer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	err := dialWithin(t, strings.TrimPrefix(srv.URL, "http://"), 2*time.Second)
	require.Error(t, err)
	require.Contains(t, err.Error(), "not a Kafka broker")
}

func TestDialGarbageServer(t *testing.T) {
	addr := serveTCP(t, func(c net.Conn) {
		c.Write([]byte{0, 0, 0, 8, 0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4})
		io.Copy(io.Discard, c)
	})
	err := dialWithin(t, addr, 2*time.Second)
	require.Error(t, err)
	require.Contains(t, err.Error(), "correlation id")
}

func TestDialSilentServer(t *testing.T) {
	addr := serveTCP(t, func(c net.Conn) { io.Copy(io.Discard, c) })
	err := dialWithin(t, addr, 300*time.Millisecond)
	require.ErrorIs(t, err, context.DeadlineExceeded)
}

func TestDialServerClosesMidFrame(t *testing.T) {
	addr := serveTCP(t, func(c net.Conn) {
		var hdr [4]byte
		io.ReadFull(c, hdr[:])
		body := make([]byte, binary.BigEndian.Uint32(hdr[:]))
		io.ReadFull(c, body)
		// Announce 100 bytes, send the correlation id and 2 more, hang up.
		c.Write([]byte{0, 0, 0, 100})
		c.Write(body[4:8])
		c.Write([]byte{0, 0})
	})
	err := dialWithin(t, addr, 2*time.Second)
	require.Error(t, err)
	require.Contains(t, err.Error(), "cut off")
}

func TestDialHugeFrameRejected(t *testing.T) {
	addr := serveTCP(t, func(c net.Conn) {
		c.Write([]byte{0x7f, 0xff, 0xff, 0xff})
		io.Copy(io.Discard, c)
	})
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	err := dialWithin(t, addr, 2*time.Second)
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	require.Error(t, err)
	require.Contains(t, err.Error(), "invalid response size")
	require.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(4<<20), "a lying size field must not make us allocate")
}

func TestDialRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	ln.Close()
	err = dialWithin(t, addr, 2*time.Second)
	require.Error(t, err)
	require.Equal(t, "broker "+addr+": dial tcp "+addr+": connect: connection refused", err.Error())
	var be *BrokerError
	require.ErrorAs(t, err, &be)
	require.Equal(t, addr, be.Addr)
	require.ErrorIs(t, err, syscall.ECONNREFUSED)
}

func TestConfigValidation(t *testing.T) {
	_, err := Dial(context.Background(), "127.0.0.1:1", -1, ConnConfig{MaxInFlight: -1})
	require.ErrorContains(t, err, "MaxInFlight")
	_, err = Dial(context.Background(), "127.0.0.1:1", -1, ConnConfig{DialTimeout: -time.Second})
	require.ErrorContains(t, err, "DialTimeout")
}
