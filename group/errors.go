package group

import (
	"errors"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
)

// Error is a failed step of the group protocol: which group, which request
// ("FindCoordinator", "JoinGroup", "SyncGroup", "Heartbeat"), and why.
// errors.Is reaches the cause (a kafkawire error code, a connection
// failure). Its message is one line.
type Error struct {
	Group string
	Op    string
	Err   error
	// Fatal: retrying cannot help (a misconfiguration, an authorization
	// failure, a fenced static member...), so the member stopped.
	Fatal bool
}

func (e *Error) Error() string {
	return "group " + e.Group + ": " + e.Op + ": " + conn.OneLine(e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// rejoinable are the non-retriable codes the member handles by joining
// again: they mean its generation or member id is stale, not that it is
// misconfigured.
var rejoinable = []error{kafkawire.ErrUnknownMemberId, kafkawire.ErrIllegalGeneration,
	kafkawire.ErrRebalanceInProgress, kafkawire.ErrMemberIdRequired}

// isFatal reports whether a group step failed for a reason retrying cannot
// fix, as the Java client's coordinator raises from poll(): a
// non-retriable error code of the group request itself (other than the
// rejoin ones: INVALID_SESSION_TIMEOUT, INCONSISTENT_GROUP_PROTOCOL,
// GROUP_AUTHORIZATION_FAILED, GROUP_MAX_SIZE_REACHED, FENCED_INSTANCE_ID,
// UNSUPPORTED_VERSION, INVALID_GROUP_ID, ...), or a broker with no version
// of a group API we speak. A connection failure or an answer that does not
// decode is never fatal: the broker or the path to it may recover, and the
// member retries with backoff (the consumer reports it when it persists).
// Refused SASL credentials (conn.AuthError) are.
func isFatal(err error) bool {
	var authErr *conn.AuthError
	if errors.As(err, &authErr) {
		return true // refused credentials stay refused
	}
	var be *conn.BrokerError
	var nbe *conn.NoBrokerError
	if errors.As(err, &be) || errors.As(err, &nbe) || errors.Is(err, conn.ErrClosed) {
		return false // the cause is the connection, whatever it wraps
	}
	var ue *conn.UnsupportedError
	if errors.As(err, &ue) {
		return true
	}
	var ke *kafkawire.Error
	if !errors.As(err, &ke) || ke.Retriable {
		return false
	}
	for _, r := range rejoinable {
		if errors.Is(ke, r) {
			return false
		}
	}
	return true
}

func (m *Membership) groupError(op string, err error) *Error {
	var ge *Error
	if errors.As(err, &ge) {
		return ge
	}
	return &Error{Group: m.cfg.GroupID, Op: op, Err: err, Fatal: isFatal(err)}
}
