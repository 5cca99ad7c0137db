package conn

import "time"

// RequestEvent describes one finished request, for metrics and tracing.
type RequestEvent struct {
	Broker       string // address
	NodeID       int32  // -1 for a bootstrap connection
	APIKey       int16
	APIVersion   int16
	BytesWritten int
	BytesRead    int
	Latency      time.Duration // from write to response (or failure)
	Err          error
}

// Hooks receives events; implement what you need and leave the rest nil.
// Hooks run on the caller's goroutine and must not block.
type Hooks struct {
	OnRequest func(RequestEvent)
	OnConnect func(addr string, err error)
}
