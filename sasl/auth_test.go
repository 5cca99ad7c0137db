package sasl_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/internal/fakebroker"
	"github.com/kafkawire/kafkawire/protocol"
	"github.com/kafkawire/kafkawire/sasl"
)

func metadataFor(topic string) *protocol.MetadataRequest {
	return &protocol.MetadataRequest{Topics: []protocol.MetadataRequestTopic{{Name: &topic}}}
}

func dial(t *testing.T, fc *fakebroker.Cluster, m sasl.Mechanism, logs *bytes.Buffer) (*conn.Conn, error) {
	t.Helper()
	cfg := conn.ConnConfig{Auth: sasl.Authenticator(m), DialTimeout: 2 * time.Second}
	if logs != nil {
		cfg.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return conn.Dial(context.Background(), fc.Addrs()[0], 0, cfg)
}

func TestPlainAuthenticates(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	fc.RequirePlain("alice", "alice-secret", 0)
	cn, err := dial(t, fc, sasl.Plain{User: "alice", Password: "alice-secret"}, nil)
	require.NoError(t, err)
	defer cn.Close()
	require.NoError(t, cn.RoundTrip(context.Background(), metadataFor("t"), &protocol.MetadataResponse{}))
}

// Wrong credentials: a typed, final error naming the mechanism, the broker
// and the broker's message, at once.
func TestWrongPasswordIsTypedAndFast(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.RequirePlain("alice", "alice-secret", 0)
	start := time.Now()
	_, err := dial(t, fc, sasl.Plain{User: "alice", Password: "wrong-secret"}, nil)
	require.Less(t, time.Since(start), time.Second)
	var se *sasl.Error
	require.ErrorAs(t, err, &se)
	require.Equal(t, "PLAIN", se.Mechanism)
	require.ErrorIs(t, err, kafkawire.ErrSaslAuthenticationFailed)
	require.False(t, conn.IsRetriable(err))
	require.Contains(t, err.Error(), "Invalid username or password")
	require.NotContains(t, err.Error(), "secret")
	require.NotContains(t, err.Error(), "\n")
}

// A mechanism the broker does not enable: the error lists those it does.
func TestMechanismNotEnabledNamesEnabled(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.RequirePlain("alice", "alice-secret", 0)
	_, err := dial(t, fc, sasl.Scram{Hash: sasl.SHA512, User: "alice", Password: "alice-secret"}, nil)
	require.ErrorIs(t, err, kafkawire.ErrUnsupportedSaslMechanism)
	require.Contains(t, err.Error(), "does not enable SCRAM-SHA-512; it enables PLAIN")
}

// KIP-368: with a short session lifetime the connection re-authenticates
// in place while requests keep flowing: the broker (which closes a
// connection whose session expired) never has to, and no request fails.
func TestReauthenticatesBeforeSessionEnds(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	fc.RequirePlain("alice", "alice-secret", 300*time.Millisecond)
	cn, err := dial(t, fc, sasl.Plain{User: "alice", Password: "alice-secret"}, nil)
	require.NoError(t, err)
	defer cn.Close()
	var failed atomic.Int32
	deadline := time.Now().Add(2 * time.Second)
	done := make(chan struct{})
	for g := 0; g < 4; g++ {
		go func() {
			defer func() { done <- struct{}{} }()
			for time.Now().Before(deadline) {
				ctx, cancel := context.WithTimeout(context.Background(), time.Second)
				if err := cn.RoundTrip(ctx, metadataFor("t"), &protocol.MetadataResponse{}); err != nil {
					failed.Add(1)
					t.Log(err)
				}
				cancel()
			}
		}()
	}
	for g := 0; g < 4; g++ {
		<-done
	}
	auths := fc.Requests(protocol.KeySaslAuthenticate)
	t.Logf("2 s with a 300 ms session: %d Metadata requests, %d SaslAuthenticate, %d connections, %d failed",
		fc.Requests(protocol.KeyMetadata), auths, fc.Brokers[0].Accepted(), failed.Load())
	require.Zero(t, failed.Load())
	require.Equal(t, 1, fc.Brokers[0].Accepted())
	require.GreaterOrEqual(t, auths, 6)
	require.NoError(t, cn.Err())
}

// A full session at debug level logs neither the password nor a token.
func TestNoSecretInDebugLogs(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	fc.RequirePlain("alice", "alice-secret", 200*time.Millisecond)
	var logs bytes.Buffer
	cn, err := dial(t, fc, sasl.Plain{User: "alice", Password: "alice-secret"}, &logs)
	require.NoError(t, err)
	for i := 0; i < 10; i++ {
		require.NoError(t, cn.RoundTrip(context.Background(), metadataFor("t"), &protocol.MetadataResponse{}))
		time.Sleep(50 * time.Millisecond)
	}
	cn.Close()
	_, err = dial(t, fc, sasl.Plain{User: "alice", Password: "other-secret"}, &logs)
	require.Error(t, err)
	out := logs.String()
	require.Contains(t, out, "re-authenticated", "the test must have logged the re-authentication")
	require.False(t, strings.Contains(out, "secret"), "logs hold a secret:\n%s", out)
}
