package kafkawire

import "fmt"

// Error is an error code returned by a Kafka broker. Every named error of
// Kafka is declared as a variable (ErrNotLeaderOrFollower, ...), and
// errors.Is(err, kafkawire.ErrX) matches on the code, so a broker's own
// message in Message does not get in the way.
type Error struct {
	Code      int16
	Name      string // Kafka's name, e.g. NOT_LEADER_OR_FOLLOWER
	Message   string // the broker's message if it sent one, else Kafka's default text
	Retriable bool   // the request may succeed if retried (after a metadata refresh)
}

func (e *Error) Error() string {
	if e.Message == "" {
		return fmt.Sprintf("kafka error %d %s", e.Code, e.Name)
	}
	return fmt.Sprintf("kafka error %d %s: %s", e.Code, e.Name, e.Message)
}

// Is reports whether target is a *Error with the same code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// ErrorForCode returns nil for code 0, the named error for a known code,
// and a new *Error naming the unknown code otherwise.
func ErrorForCode(code int16) error {
	if code == 0 {
		return nil
	}
	if e, ok := errorsByCode[code]; ok {
		return e
	}
	return &Error{Code: code, Name: fmt.Sprintf("UNKNOWN_CODE_%d", code)}
}

// ErrorWithMessage is ErrorForCode with the broker's message attached when
// it sent one; the result still matches the named error with errors.Is.
func ErrorWithMessage(code int16, msg *string) error {
	err := ErrorForCode(code)
	if err == nil || msg == nil || *msg == "" {
		return err
	}
	e := *err.(*Error)
	e.Message = *msg
	return &e
}
