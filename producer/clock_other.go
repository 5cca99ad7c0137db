//go:build !(linux && amd64)

package producer

import "time"

// nowMs is the wall clock in milliseconds, read once per record.
func nowMs() int64 { return time.Now().UnixMilli() }
