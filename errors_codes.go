package kafkawire

// Placeholder table; regenerated from Apache Kafka's Errors enum by tools/goldengen.
var (
	ErrUnknownServerError   = &Error{Code: -1, Name: "UNKNOWN_SERVER_ERROR"}
	ErrNotLeaderOrFollower  = &Error{Code: 6, Name: "NOT_LEADER_OR_FOLLOWER", Retriable: true}
	ErrUnsupportedVersion   = &Error{Code: 35, Name: "UNSUPPORTED_VERSION"}
)

var errorsByCode = map[int16]*Error{-1: ErrUnknownServerError, 6: ErrNotLeaderOrFollower, 35: ErrUnsupportedVersion}
