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
var rejoinable = []error{kafkawire.ErrUnknownMemberID, kafkawire.ErrIllegalGeneration,
	kafkawire.ErrRebalanceInProgress, kafkawire.ErrMemberIDRequired}

// isFatal reports whether a group step failed for a reason retrying cannot
// fix (conn.IsPermanent: INVALID_SESSION_TIMEOUT, GROUP_AUTHORIZATION_FAILED,
// FENCED_INSTANCE_ID, an API the broker lacks, refused credentials, ...), as
// the Java coordinator raises from poll(); the rejoin codes are not: they
// mean the member's generation or id is stale, and it joins again.
func isFatal(err error) bool {
	if !conn.IsPermanent(err) {
		return false
	}
	for _, r := range rejoinable {
		if errors.Is(err, r) {
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
