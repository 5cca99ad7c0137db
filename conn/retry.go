package conn

import (
	"context"
	"errors"
	"math/rand/v2"
	"net"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
)

// IsRetriable reports whether err may go away if the request is retried,
// perhaps on another connection or after a metadata refresh: a retriable
// Kafka error, or a network failure. The caller's own context ending is
// never retriable; a request timeout (ErrRequestTimeout) is, and so is a
// broker missing from metadata (ErrUnknownBroker). A refused
// authentication (AuthError) never is.
func IsRetriable(err error) bool {
	var authErr *AuthError
	if errors.As(err, &authErr) {
		return false // checked first: it may wrap a closed connection
	}
	if errors.Is(err, ErrRequestTimeout) || errors.Is(err, ErrUnknownBroker) {
		return true
	}
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var ke *kafkawire.Error
	if errors.As(err, &ke) {
		return ke.Retriable
	}
	var ue *UnsupportedError
	if errors.As(err, &ue) {
		return false
	}
	var ne net.Error
	return errors.Is(err, ErrClosed) || errors.As(err, &ne)
}

// Backoff computes exponential backoff with full jitter between Base and Max.
type Backoff struct {
	Base, Max time.Duration
}

// Delay returns the wait before retry number attempt (0-based): a random
// duration in [d/2, d] where d = min(Base*2^attempt, Max). Jitter keeps many
// clients from retrying in lockstep after a broker comes back.
func (b Backoff) Delay(attempt int) time.Duration {
	d := b.Base
	for i := 0; i < attempt && d < b.Max; i++ {
		d *= 2
	}
	d = min(d, b.Max)
	if d <= 1 {
		return d
	}
	return d/2 + rand.N(d/2+1)
}

// Sleep waits for d or until ctx ends.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Retry calls fn until it succeeds, fails with a non-retriable error, or ctx
// ends; between attempts it waits per b. When ctx ends after a retriable
// failure, the last failure is returned joined with the context's error, so
// the caller learns both why it stopped and what went wrong.
func Retry(ctx context.Context, b Backoff, fn func(ctx context.Context) error) error {
	for attempt := 0; ; attempt++ {
		err := fn(ctx)
		if err == nil || !IsRetriable(err) {
			return err
		}
		if serr := Sleep(ctx, b.Delay(attempt)); serr != nil {
			return joinLine("kafkawire: ", err, serr)
		}
	}
}

// IsPermanent reports whether retrying err cannot help: refused
// authentication (AuthError), a broker with no version of the API we speak
// (UnsupportedError), or a Kafka error code that is not retriable. A
// connection failure or an answer that does not decode is never permanent,
// whatever it wraps: the broker, or the path to it, may recover.
func IsPermanent(err error) bool {
	var authErr *AuthError
	if errors.As(err, &authErr) {
		return true
	}
	var be *BrokerError
	var nbe *NoBrokerError
	if errors.As(err, &be) || errors.As(err, &nbe) || errors.Is(err, ErrClosed) {
		return false
	}
	var ue *UnsupportedError
	if errors.As(err, &ue) {
		return true
	}
	var ke *kafkawire.Error
	return errors.As(err, &ke) && !ke.Retriable
}
