package conn

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/internal/fakebroker"
	"github.com/kafkawire/kafkawire/protocol"
)

func metadataFor(topic string) *protocol.MetadataRequest {
	return &protocol.MetadataRequest{Topics: []protocol.MetadataRequestTopic{{Name: &topic}}}
}

// A request that reaches its request timeout closes its connection (the
// broker is stuck; whatever waits behind it would wait as long), fails with
// the retriable ErrRequestTimeout, and the cluster dials anew. A caller's
// own deadline only abandons its request.
func TestRequestTimeoutClosesConn(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	fc.Handle(protocol.KeyMetadata, func(r *fakebroker.Request) fakebroker.Action {
		if r.ConnID == 1 {
			return fakebroker.Silence()
		}
		return r.Default()
	})
	cl, err := NewCluster(ClusterConfig{Bootstrap: fc.Addrs()})
	require.NoError(t, err)
	defer cl.Close()
	cl.Track("t")
	cn, err := cl.Any(context.Background())
	require.NoError(t, err)

	// The caller's deadline: abandoned, the connection lives on.
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	err = cn.RoundTrip(ctx, metadataFor("t"), &protocol.MetadataResponse{})
	cancel()
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.False(t, IsRetriable(err))
	require.NoError(t, cn.Err())

	// The request timeout: typed, retriable, and the connection is closed.
	ctx, cancel = WithRequestTimeout(context.Background(), 100*time.Millisecond)
	start := time.Now()
	err = cn.RoundTrip(ctx, metadataFor("t"), &protocol.MetadataResponse{})
	cancel()
	require.ErrorIs(t, err, ErrRequestTimeout)
	require.NotErrorIs(t, err, context.DeadlineExceeded)
	require.True(t, IsRetriable(err))
	require.Less(t, time.Since(start), time.Second)
	select {
	case <-cn.Done():
	case <-time.After(time.Second):
		t.Fatal("the connection was not closed after a request timeout")
	}
	require.Eventually(t, func() bool { return fc.Brokers[0].Open() == 0 }, time.Second, 10*time.Millisecond)

	// The next request dials a new connection, which answers.
	ctx, cancel = context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	m, err := cl.Refresh(ctx)
	require.NoError(t, err)
	require.NotNil(t, m.Topic("t"))
	require.Equal(t, 2, fc.Brokers[0].Accepted())
}

// A broker answering Metadata with bytes that do not decode is asked again
// only after a growing backoff, however often callers ask; the callers
// learn why.
func TestRefreshBacksOffAfterFailure(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	fc.Handle(protocol.KeyMetadata, func(*fakebroker.Request) fakebroker.Action { return fakebroker.Undecodable() })
	cl, err := NewCluster(ClusterConfig{Bootstrap: fc.Addrs()})
	require.NoError(t, err)
	defer cl.Close()
	cl.Track("t")
	var lastErr error
	deadline := time.Now().Add(2 * time.Second)
	calls := 0
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		_, lastErr = cl.Refresh(ctx)
		cancel()
		calls++
	}
	n := fc.Requests(protocol.KeyMetadata)
	t.Logf("%d Refresh calls in 2 s sent %d Metadata requests; last error: %v", calls, n, lastErr)
	// Backoff 100 ms doubling to 1 s: about 5 attempts in 2 s.
	require.LessOrEqual(t, n, 10)
	require.GreaterOrEqual(t, n, 3)
	require.ErrorContains(t, lastErr, "decoding Metadata")
	require.NotContains(t, lastErr.Error(), "\n")
}

// Refused dials are retried after a growing backoff, not at once.
func TestDialBacksOffAfterFailure(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	ln.Close()
	var dials atomic.Int32
	cl, err := NewCluster(ClusterConfig{Bootstrap: []string{addr},
		Conn: ConnConfig{Hooks: Hooks{OnConnect: func(string, error) { dials.Add(1) }}}})
	require.NoError(t, err)
	defer cl.Close()
	deadline := time.Now().Add(2 * time.Second)
	var lastErr error
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		_, lastErr = cl.Any(ctx)
		cancel()
	}
	t.Logf("%d dials in 2 s; last error: %v", dials.Load(), lastErr)
	require.LessOrEqual(t, dials.Load(), int32(10))
	require.ErrorContains(t, lastErr, "connection refused")
}

// With every bootstrap address refusing, the caller's deadline ends the
// wait with one line naming each address and the cause.
func TestUnreachableBootstrapNamesCause(t *testing.T) {
	var addrs []string
	for i := 0; i < 2; i++ {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		addrs = append(addrs, ln.Addr().String())
		ln.Close()
	}
	cl, err := NewCluster(ClusterConfig{Bootstrap: addrs})
	require.NoError(t, err)
	defer cl.Close()
	cl.Track("t")
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = cl.Refresh(ctx)
	require.Less(t, time.Since(start), 700*time.Millisecond)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	var nb *NoBrokerError
	require.ErrorAs(t, err, &nb)
	var be *BrokerError
	require.ErrorAs(t, err, &be)
	msg := err.Error()
	t.Log(msg)
	require.NotContains(t, msg, "\n")
	require.Equal(t, 1, strings.Count(msg, "kafkawire:"), msg)
	for _, a := range addrs {
		require.Contains(t, msg, a)
	}
	require.Contains(t, msg, "connection refused")
}

// Untracked topics leave the tracked set, the next Metadata request and
// the next snapshot.
func TestUntrack(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("a", 1)
	fc.AddTopic("b", 1)
	var asked atomic.Int32
	fc.Handle(protocol.KeyMetadata, func(r *fakebroker.Request) fakebroker.Action {
		asked.Store(int32(len(r.Body.(*protocol.MetadataRequest).Topics)))
		return r.Default()
	})
	cl, err := NewCluster(ClusterConfig{Bootstrap: fc.Addrs()})
	require.NoError(t, err)
	defer cl.Close()
	ctx := context.Background()
	cl.Track("a", "b")
	m, err := cl.Refresh(ctx)
	require.NoError(t, err)
	require.NotNil(t, m.Topic("b"))
	require.EqualValues(t, 2, asked.Load())
	cl.Untrack("b")
	m, err = cl.Refresh(ctx)
	require.NoError(t, err)
	require.Nil(t, m.Topic("b"))
	require.NotNil(t, m.Topic("a"))
	require.EqualValues(t, 1, asked.Load())
}

// A leader that metadata names but does not list is a retriable error:
// metadata catches up with such moves.
func TestUnknownLeaderIsRetriable(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	fc.SetLeader("t", 0, 7)
	cl, err := NewCluster(ClusterConfig{Bootstrap: fc.Addrs()})
	require.NoError(t, err)
	defer cl.Close()
	_, err = cl.LeaderConn(context.Background(), "t", 0, PurposeProduce)
	require.ErrorIs(t, err, ErrUnknownBroker)
	require.True(t, IsRetriable(err))
	require.Equal(t, "kafkawire: t/0: leader 7: broker not in the cluster's metadata", err.Error())
}

// An answer that does not decode names the broker, closes the connection
// (the peer does not speak Kafka as we do) and says what failed once.
func TestUndecodableAnswerClosesConn(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	fc.Handle(protocol.KeyMetadata, func(*fakebroker.Request) fakebroker.Action { return fakebroker.Undecodable() })
	cn, err := Dial(context.Background(), fc.Addrs()[0], 0, ConnConfig{})
	require.NoError(t, err)
	defer cn.Close()
	err = cn.RoundTrip(context.Background(), metadataFor("t"), &protocol.MetadataResponse{})
	var be *BrokerError
	require.ErrorAs(t, err, &be)
	require.Equal(t, fc.Addrs()[0], be.Addr)
	require.Equal(t, 1, strings.Count(err.Error(), "decoding Metadata"), err.Error())
	select {
	case <-cn.Done():
	case <-time.After(time.Second):
		t.Fatal("the connection stayed open after an undecodable answer")
	}

	fc.Handle(protocol.KeyApiVersions, func(*fakebroker.Request) fakebroker.Action { return fakebroker.Undecodable() })
	_, err = Dial(context.Background(), fc.Addrs()[0], 0, ConnConfig{})
	require.ErrorAs(t, err, &be)
	require.Equal(t, 1, strings.Count(err.Error(), "decoding ApiVersions"), err.Error())
}

// A broker whose every answer garbles (each closes its connection) is
// redialed after a growing backoff, not at once after every answer.
func TestGarblingBrokerRedialsWithBackoff(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	fc.Handle(protocol.KeyMetadata, func(*fakebroker.Request) fakebroker.Action { return fakebroker.Undecodable() })
	cl, err := NewCluster(ClusterConfig{Bootstrap: fc.Addrs()})
	require.NoError(t, err)
	defer cl.Close()
	cl.Track("t")
	deadline := time.Now().Add(2 * time.Second)
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		cl.Refresh(ctx)
		cancel()
	}
	n := fc.Brokers[0].Accepted()
	t.Logf("%d connections in 2 s to a broker garbling every Metadata answer", n)
	require.LessOrEqual(t, n, 6)
}

// One classification decides what clients stop retrying.
func TestIsPermanent(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{&AuthError{Err: kafkawire.ErrSaslAuthenticationFailed}, true},
		{&BrokerError{Addr: "a:1", Err: &AuthError{Err: errors.New("x509")}}, true},
		{&UnsupportedError{Broker: "a:1", APIKey: protocol.KeyFetch}, true},
		{kafkawire.ErrGroupAuthorizationFailed, true},
		{kafkawire.ErrNotLeaderOrFollower, false},
		{&BrokerError{Addr: "a:1", Err: kafkawire.ErrGroupAuthorizationFailed}, false}, // the connection is the cause
		{fmt.Errorf("x: %w", ErrClosed), false},
		{errors.New("decoding Fetch v12: garbage"), false},
	} {
		require.Equal(t, tc.want, IsPermanent(tc.err), "%v", tc.err)
	}
}
