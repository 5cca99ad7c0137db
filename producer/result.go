package producer

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// Result is where a record was written.
type Result struct {
	Topic     string
	Partition int32
	// Offset is the record's offset, or -1 when it is unknown (AcksNone, or a
	// retry the broker recognised as a duplicate of an earlier write).
	Offset int64
	// Timestamp is the record's timestamp: the create time it was sent
	// with, or the broker's log-append time if the topic uses that.
	Timestamp time.Time
}

var (
	// ErrBufferFull: MaxBufferedBytes was reached and FailWhenFull is set,
	// or MaxBlock passed while waiting for room.
	ErrBufferFull = errors.New("producer: buffer full")
	// ErrClosed: the producer was closed before the record was accepted.
	ErrClosed = errors.New("producer: closed")
	// ErrDeliveryTimeout: the record was not acknowledged within
	// DeliveryTimeout; it may or may not have been written.
	ErrDeliveryTimeout = errors.New("producer: delivery timeout expired")
	// ErrRecordTooLarge: the record cannot fit in a request.
	ErrRecordTooLarge = errors.New("producer: record too large")
	// ErrMaybeWritten is wrapped by the error Future.Wait returns when its
	// context ends while the record is in flight: the record may still be
	// written, and the Future will still receive the final result.
	ErrMaybeWritten = errors.New("producer: record still in flight, it may yet be written")
)

// Future is the pending result of an asynchronous Send.
//
// A Future costs one allocation: its channel is made only if Done or Wait
// is called before the result is known (most Waits on a pipelined Send
// come after), and a Future whose result is known hands out one shared
// closed channel.
type Future struct {
	completed atomic.Bool // res and err are set
	mu        sync.Mutex  // guards done, and completed's change
	done      chan struct{}
	res       Result
	err       error
	// last is the latest failed attempt's error while the record is being
	// retried, so that a Wait that gives up can say what is going wrong.
	last atomic.Pointer[attemptError]
}

type attemptError struct{ err error }

// noteAttempt records a batch's failed attempt on the Futures of its
// records (SendFunc callers have no Future: nothing to do). A failure
// path, so the one allocation is fine. Called with p.mu held.
func noteAttempt(b *batch, err error) {
	var ae *attemptError
	for i := range b.recs {
		if f := b.recs[i].fut; f != nil {
			if ae == nil {
				ae = &attemptError{err}
			}
			f.last.Store(ae)
		}
	}
}

// closedChan is the Done channel of every Future made after its result.
var closedChan = func() chan struct{} { c := make(chan struct{}); close(c); return c }()

// Done is closed when the result is known.
func (f *Future) Done() <-chan struct{} {
	if f.completed.Load() {
		return closedChan
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.done == nil {
		if f.completed.Load() {
			return closedChan
		}
		f.done = make(chan struct{})
	}
	return f.done
}

// Wait blocks until the result is known or ctx ends. When ctx ends first the
// error wraps both ctx's error and ErrMaybeWritten: the record was accepted
// and its fate is still open. If an attempt to send it failed, the error
// also wraps the latest such failure.
func (f *Future) Wait(ctx context.Context) (Result, error) {
	if f.completed.Load() { // a known result wins over a context that ended too
		return f.res, f.err
	}
	select {
	case <-f.Done():
		return f.res, f.err
	case <-ctx.Done():
		if ae := f.last.Load(); ae != nil {
			return Result{}, fmt.Errorf("%w: %w; last attempt: %w", ErrMaybeWritten, ctx.Err(), ae.err)
		}
		return Result{}, fmt.Errorf("%w: %w", ErrMaybeWritten, ctx.Err())
	}
}

// Result returns the result once Done is closed.
func (f *Future) Result() (Result, error) {
	<-f.Done()
	return f.res, f.err
}

func (f *Future) complete(res Result, err error) {
	f.res, f.err = res, err // before completed: a Load that sees it sees them
	f.mu.Lock()
	f.completed.Store(true)
	if f.done != nil {
		close(f.done)
	}
	f.mu.Unlock()
}
