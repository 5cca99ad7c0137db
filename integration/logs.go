package integration

import (
	"bytes"
	"log/slog"
	"os"
	"sync"
	"testing"
)

// TestLogger is a logger for one client in a test. With KAFKAWIRE_DEBUG
// set it writes debug logs to stderr; otherwise it keeps info logs and
// prints their tail if the test fails.
func TestLogger(t testing.TB, name string) *slog.Logger {
	if os.Getenv("KAFKAWIRE_DEBUG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug})).With("client", name)
	}
	lb := &LockedBuffer{}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("%s logs:\n%s", name, Tail(lb.String(), 6000))
		}
	})
	return slog.New(slog.NewTextHandler(lb, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

// LockedBuffer is a bytes.Buffer safe for concurrent writers (a
// subprocess's stderr, a logger shared by goroutines).
type LockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *LockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *LockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Tail is the last n bytes of s, marked as cut when it is.
func Tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "..." + s[len(s)-n:]
}
