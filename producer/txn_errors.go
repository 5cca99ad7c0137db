package producer

import (
	"context"
	"errors"
	"fmt"
	"strings"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
)

var (
	// ErrNoTransaction: a transactional producer was asked to send, commit,
	// abort or add offsets with no transaction open (BeginTransaction first).
	ErrNoTransaction = errors.New("producer: no transaction open (call BeginTransaction first)")
	// ErrTransactionOpen: BeginTransaction was called while a transaction
	// is open, or the call needs none open.
	ErrTransactionOpen = errors.New("producer: a transaction is already open")
	// ErrNotTransactional: a transaction call on a producer without
	// Config.TransactionalID.
	ErrNotTransactional = errors.New("producer: not transactional (Config.TransactionalID is empty)")
	// ErrProducerFenced: the transaction coordinator refused this producer's
	// epoch (PRODUCER_FENCED, or INVALID_PRODUCER_EPOCH on a transaction
	// API): a newer producer with the same TransactionalID took over, or,
	// with transaction version 1, the broker aborted the transaction after
	// TransactionTimeout and bumped the epoch (with version 2, Kafka 4.1
	// answers that commit INVALID_TXN_STATE instead: a fatal *TxnError too).
	// Fatal: every later send and transaction call fails with it; close the
	// producer (a new one with the same TransactionalID works).
	ErrProducerFenced = errors.New("producer: fenced (a newer producer epoch owns this TransactionalID)")
	// ErrTransactionAborted fails the records of a transaction that
	// AbortTransaction dropped before they were sent.
	ErrTransactionAborted = errors.New("producer: transaction aborted")
)

// TxnError is a failed transaction step. Abortable: the transaction cannot
// commit; call AbortTransaction, then BeginTransaction may start a new one.
// Fatal: the producer refuses every later send and transaction call with
// this error (errors.Is(err, ErrProducerFenced) when it was fenced); close
// it. An error neither abortable nor fatal (a context that ended, say)
// leaves the transaction as it was: the call may be repeated.
type TxnError struct {
	Op        string // the step: AddPartitionsToTxn, Produce, EndTxn(commit), TxnOffsetCommit, ...
	Err       error
	Abortable bool
	Fatal     bool
}

func (e *TxnError) Error() string {
	what := ""
	switch {
	case e.Fatal:
		what = " (fatal: close the producer)"
	case e.Abortable:
		what = " (abortable: call AbortTransaction)"
	}
	return fmt.Sprintf("producer: transaction %s: %s%s", e.Op, strings.TrimPrefix(oneLine(e.Err).Error(), "producer: "), what)
}

func (e *TxnError) Unwrap() error { return e.Err }

// isFencedCode reports the codes that mean another epoch owns the
// transactional id. Like Java, INVALID_PRODUCER_EPOCH from the
// coordinator (older brokers send it) counts as PRODUCER_FENCED.
func isFencedCode(err error) bool {
	return errors.Is(err, kafkawire.ErrProducerFenced) || errors.Is(err, kafkawire.ErrInvalidProducerEpoch)
}

// isFatalTxn reports the coordinator answers no abort can get past.
func isFatalTxn(err error) bool {
	var ue *conn.UnsupportedError
	var ae *conn.AuthError
	return isFencedCode(err) || errors.Is(err, kafkawire.ErrTransactionalIDAuthorizationFailed) ||
		errors.Is(err, kafkawire.ErrClusterAuthorizationFailed) || errors.Is(err, kafkawire.ErrInvalidTransactionTimeout) ||
		errors.As(err, &ue) || errors.As(err, &ae)
}

// fatalTxn builds the fatal error of step op, with ErrProducerFenced in
// the chain when it was a fencing.
func fatalTxn(op string, err error) *TxnError {
	if isFencedCode(err) && !errors.Is(err, ErrProducerFenced) {
		err = fmt.Errorf("%w: %w", ErrProducerFenced, err)
	}
	return &TxnError{Op: op, Err: oneLine(err), Fatal: true}
}

// txnRetriable reports whether a transaction request may be repeated: a
// retriable Kafka error (CONCURRENT_TRANSACTIONS, coordinator moves and
// loads among them), or no usable answer at all (a lost connection, a
// request timeout, an answer that does not decode), whose outcome is
// unknown. Context ends, refused credentials and non-retriable Kafka
// errors are not.
func txnRetriable(err error) bool {
	if err == nil {
		return false
	}
	if conn.IsRetriable(err) || isTransient(err) {
		return true
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var ke *kafkawire.Error
	var ue *conn.UnsupportedError
	var ae *conn.AuthError
	if errors.As(err, &ke) || errors.As(err, &ue) || errors.As(err, &ae) {
		return false
	}
	return true
}
