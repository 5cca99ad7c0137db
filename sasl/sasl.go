// Package sasl holds the SASL mechanisms kafkawire speaks to brokers
// (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER) and the interface any
// other mechanism (GSSAPI, AWS MSK IAM, ...) implements to plug in the same
// way. A Mechanism goes in the SASL field of a producer, consumer or admin
// Config; the connection runs it after the TCP and TLS handshakes, with
// SaslHandshake v1 and SaslAuthenticate, and again before the session
// lifetime the broker grants runs out (KIP-368).
package sasl

import (
	"context"
	"errors"
)

// Mechanism is one SASL mechanism with its credentials. It is used from
// many connections at once: Start must be safe for concurrent use.
type Mechanism interface {
	// Name is the mechanism's name as brokers list it, e.g. "SCRAM-SHA-256".
	Name() string
	// Start begins an exchange on one connection and returns the client's
	// first message.
	Start(ctx context.Context) (Session, []byte, error)
}

// Session is one exchange. Next gets the broker's answer to the last
// message sent and returns the next message, or done when the exchange is
// complete on the client's side (then msg is not sent).
type Session interface {
	Next(ctx context.Context, challenge []byte) (done bool, msg []byte, err error)
}

// ErrServerProof means the broker could not prove that it knows the
// credentials (a SCRAM server signature that does not verify): it may be
// an impostor, so the connection is not used.
var ErrServerProof = errors.New("sasl: the broker's proof of the credentials does not verify")

// redacted stands in for a secret wherever a mechanism is printed.
const redacted = "[REDACTED]"
