package sasl

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/protocol"
)

// Authenticator returns the conn.Authenticator that runs m on each
// connection: SaslHandshake v1 naming the mechanism, then SaslAuthenticate
// round trips until the mechanism is done. The broker's session lifetime
// (SaslAuthenticate v1+) is returned, so the connection re-authenticates
// before it ends. A nil m gives nil: no authentication.
func Authenticator(m Mechanism) conn.Authenticator {
	if m == nil {
		return nil
	}
	return authenticator{m}
}

type authenticator struct{ m Mechanism }

func (a authenticator) Authenticate(ctx context.Context, c conn.AuthConn) (time.Duration, error) {
	name := a.m.Name()
	// SaslHandshake v0 means raw SASL tokens on the socket, which only
	// brokers older than Kafka 1.0 need; every broker we support has v1.
	if v, ok := c.Version(protocol.KeySaslHandshake); !ok || v < 1 {
		return 0, fmt.Errorf("sasl: broker %s does not offer SaslHandshake v1", c.Addr())
	}
	var hs protocol.SaslHandshakeResponse
	if err := c.RoundTrip(ctx, &protocol.SaslHandshakeRequest{Mechanism: name}, &hs); err != nil {
		return 0, err
	}
	if err := kafkawire.ErrorForCode(hs.ErrorCode); err != nil {
		if errors.Is(err, kafkawire.ErrUnsupportedSaslMechanism) {
			return 0, fmt.Errorf("sasl: broker %s does not enable %s; it enables %s: %w", c.Addr(), name, strings.Join(hs.Mechanisms, ", "), err)
		}
		return 0, fmt.Errorf("sasl: %s handshake with %s: %w", name, c.Addr(), err)
	}
	sess, msg, err := a.m.Start(ctx)
	if err != nil {
		return 0, err
	}
	for {
		var resp protocol.SaslAuthenticateResponse
		if err := c.RoundTrip(ctx, &protocol.SaslAuthenticateRequest{AuthBytes: msg}, &resp); err != nil {
			return 0, err
		}
		if err := kafkawire.ErrorWithMessage(resp.ErrorCode, resp.ErrorMessage); err != nil {
			return 0, &Error{Mechanism: name, Broker: c.Addr(), Err: err}
		}
		done, next, err := sess.Next(ctx, resp.AuthBytes)
		if err != nil {
			return 0, &Error{Mechanism: name, Broker: c.Addr(), Err: err}
		}
		if done {
			return time.Duration(resp.SessionLifetimeMs) * time.Millisecond, nil
		}
		msg = next
	}
}

// Error is a failed authentication: which mechanism, which broker, and
// the cause (for wrong credentials, kafkawire.ErrSaslAuthenticationFailed
// with the broker's message). It is final: retrying with the same
// credentials fails the same way.
type Error struct {
	Mechanism string
	Broker    string
	Err       error
}

func (e *Error) Error() string {
	return "sasl: " + e.Mechanism + " authentication to " + e.Broker + " failed: " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }
