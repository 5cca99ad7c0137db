package producer

import (
	"errors"
	"fmt"
	"strings"
)

// lineError shows an error on one line: errors.Join and some causes put
// newlines in messages, which a log line or a caller's message must not
// have. errors.Is and errors.As still reach the cause.
type lineError struct{ err error }

func (e *lineError) Error() string {
	return strings.ReplaceAll(strings.ReplaceAll(e.err.Error(), "\n", "; "), "kafkawire: kafkawire: ", "kafkawire: ")
}

func (e *lineError) Unwrap() error { return e.err }

func oneLine(err error) error {
	if err == nil || !strings.Contains(err.Error(), "\n") {
		return err
	}
	return &lineError{err}
}

// transientError marks a failure as retriable for the producer though
// conn.IsRetriable may not say so: the request got no usable answer (no
// connection within the request timeout, or a response that does not
// decode), so the records may or may not be written, and idempotence makes
// sending them again safe. Like the Java client, we retry until
// DeliveryTimeout rather than fail at once, so a garbling peer costs one
// request per backoff, not one per record the application sends.
type transientError struct{ err error }

func (e *transientError) Error() string { return e.err.Error() }
func (e *transientError) Unwrap() error { return e.err }

func transient(err error) error { return &transientError{err} }

func isTransient(err error) bool {
	var te *transientError
	return errors.As(err, &te)
}

// deliveryTimeout is ErrDeliveryTimeout naming why the record got nowhere
// in time: the last error of its batch, of its partition or of the
// producer id.
func deliveryTimeout(cause error) error {
	if cause == nil {
		return ErrDeliveryTimeout
	}
	if errors.Is(cause, ErrDeliveryTimeout) {
		return cause
	}
	return fmt.Errorf("%w: %w", ErrDeliveryTimeout, oneLine(cause))
}
