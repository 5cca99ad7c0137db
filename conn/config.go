package conn

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"time"

	"github.com/kafkawire/kafkawire/protocol"
)

// Version is this library's version, sent to brokers as the client software
// version (KIP-511).
const Version = "0.1.0"

// SoftwareName is sent to brokers as the client software name (KIP-511).
const SoftwareName = "kafkawire"

// Authenticator runs after the TCP (and TLS) handshake and before any other
// request (package sasl's mechanisms plug in here), and again on the same
// connection before the session it established expires (KIP-368). It
// returns the session lifetime the broker granted, 0 for unlimited.
type Authenticator interface {
	Authenticate(ctx context.Context, c AuthConn) (lifetime time.Duration, err error)
}

// AuthConn is what an Authenticator may use of a connection: versions are
// negotiated already, and RoundTrip reaches the broker even while other
// requests wait for the re-authentication to end.
type AuthConn interface {
	Addr() string
	Version(key int16) (int16, bool)
	RoundTrip(ctx context.Context, req, resp protocol.Message) error
}

// ConnConfig configures one broker connection.
type ConnConfig struct {
	ClientID    string        // sent in every request header; default "kafkawire"
	DialTimeout time.Duration // default 10s; the caller's context may cut it shorter
	TLS         *tls.Config   // nil for plaintext
	Auth        Authenticator // nil for none
	// MaxInFlight bounds requests awaiting a response on this connection;
	// further requests wait for a slot (or their context). Default 16.
	MaxInFlight int
	// MaxResponseSize bounds one response frame; a larger size field means a
	// broken or hostile peer (or not Kafka at all). Default 256 MiB.
	MaxResponseSize int
	Logger          *slog.Logger // default: discard
	Hooks           Hooks        // default: none
}

func (c *ConnConfig) withDefaults() (ConnConfig, error) {
	out := *c
	if out.ClientID == "" {
		out.ClientID = SoftwareName
	}
	if out.DialTimeout == 0 {
		out.DialTimeout = 10 * time.Second
	}
	if out.MaxInFlight == 0 {
		out.MaxInFlight = 16
	}
	if out.MaxResponseSize == 0 {
		out.MaxResponseSize = 256 << 20
	}
	if out.Logger == nil {
		out.Logger = slog.New(slog.DiscardHandler)
	}
	switch {
	case out.DialTimeout < 0:
		return out, fmt.Errorf("conn: DialTimeout must be positive, got %v", out.DialTimeout)
	case out.MaxInFlight < 1:
		return out, fmt.Errorf("conn: MaxInFlight must be at least 1, got %d", out.MaxInFlight)
	case out.MaxResponseSize < 1<<10:
		return out, fmt.Errorf("conn: MaxResponseSize must be at least 1024 bytes, got %d", out.MaxResponseSize)
	}
	return out, nil
}
