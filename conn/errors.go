package conn

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"strings"
	"time"
)

// ErrRequestTimeout is the cause of a request that got no answer within
// the timeout set by WithRequestTimeout. The connection it was sent on is
// closed (the broker is stuck or the network black-holes it: its other
// requests would wait as long) and the next request dials a new one. A
// request timeout is retriable, unlike the caller's own deadline.
var ErrRequestTimeout = errors.New("request timed out")

// WithRequestTimeout bounds one request (Java: request.timeout.ms). Unlike a
// plain context deadline, which only abandons the request, a request that
// reaches this timeout fails with ErrRequestTimeout and closes its
// connection.
func WithRequestTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeoutCause(ctx, d, ErrRequestTimeout)
}

// ErrUnknownBroker: a leader or coordinator named a broker that the
// cluster's metadata, even refreshed, does not list. Metadata catches up
// with such moves, so it is retriable.
var ErrUnknownBroker = errors.New("broker not in the cluster's metadata")

// AuthError is a failed authentication while connecting: the broker
// refused the SASL credentials or cut the exchange off, its certificate
// does not verify, or it refused our client certificate. Clients treat it
// as final (IsRetriable is false): the same configuration fails the same
// way on every retry. It is found inside the dial's BrokerError.
type AuthError struct{ Err error }

func (e *AuthError) Error() string { return "authenticating: " + OneLine(e.Err) }
func (e *AuthError) Unwrap() error { return e.Err }

// BrokerError says a broker could not be reached, or answered something
// that is not Kafka: which broker, and why. Its message is one line.
type BrokerError struct {
	Addr   string
	NodeID int32 // -1 for a bootstrap address
	Err    error
}

func (e *BrokerError) Error() string { return "broker " + e.Addr + ": " + OneLine(e.Err) }

func (e *BrokerError) Unwrap() error { return e.Err }

// NoBrokerError says no broker could be reached; it holds why each attempt
// failed (errors.As finds each *BrokerError).
type NoBrokerError struct {
	Errs []error
}

func (e *NoBrokerError) Error() string {
	return joinLine("kafkawire: no broker reachable: ", e.Errs...).Error()
}

func (e *NoBrokerError) Unwrap() []error { return e.Errs }

// OneLine is err's message on one line (errors.Join separates with
// newlines), without a leading package prefix ("kafkawire: ", "consumer: ",
// ...): for quoting an error inside another error's message, which has
// its own prefix.
func OneLine(err error) string {
	msg := err.Error()
	for _, p := range []string{"kafkawire: ", "consumer: ", "producer: ", "group: "} {
		msg = strings.TrimPrefix(msg, p)
	}
	return strings.ReplaceAll(msg, "\n", "; ")
}

// joinLine is errors.Join on one line, after prefix: "prefix: a; b".
// errors.Is and errors.As reach every one of errs.
func joinLine(prefix string, errs ...error) error {
	parts := make([]string, len(errs))
	for i, err := range errs {
		parts[i] = OneLine(err)
	}
	return &lineErr{msg: prefix + strings.Join(parts, "; "), errs: errs}
}

type lineErr struct {
	msg  string
	errs []error
}

func (e *lineErr) Error() string   { return e.msg }
func (e *lineErr) Unwrap() []error { return e.errs }

// tlsRefused reports whether err is one side refusing the other's
// certificate: ours refusing the broker's (x509 verification), or the
// broker's TLS alert refusing ours.
func tlsRefused(err error) bool {
	var verify *tls.CertificateVerificationError
	var unknownCA x509.UnknownAuthorityError
	var invalid x509.CertificateInvalidError
	var host x509.HostnameError
	if errors.As(err, &verify) || errors.As(err, &unknownCA) || errors.As(err, &invalid) || errors.As(err, &host) {
		return true
	}
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "remote error" // a TLS alert from the broker
}
