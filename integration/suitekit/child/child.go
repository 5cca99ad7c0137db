// Package child is the child-process side of suitekit.Proc: what the
// suites' own programs (cmd/memberproc, cmd/eosproc) share to report on
// stdout, log to stderr, and stop on request. It does not import testing.
package child

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"

	kafkawire "github.com/kafkawire/kafkawire"
)

var out struct {
	sync.Mutex
	buf []byte
}

// Emit writes lines to stdout in a single write, each with its newline, so
// that a SIGKILL never leaves half of a fact in the parent's reader (the
// parent drops a last line without its newline).
func Emit(lines ...string) {
	out.Lock()
	defer out.Unlock()
	out.buf = out.buf[:0]
	for _, l := range lines {
		out.buf = append(out.buf, l...)
		out.buf = append(out.buf, '\n')
	}
	_, _ = os.Stdout.Write(out.buf)
}

// Write writes b, complete lines already, to stdout in a single write,
// ordered with Emit's.
func Write(b []byte) {
	out.Lock()
	defer out.Unlock()
	_, _ = os.Stdout.Write(b)
}

// Logger logs text to stderr at info, or debug if debug.
func Logger(debug bool) *slog.Logger {
	level := slog.LevelInfo
	if debug {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
}

// StopContext is a context canceled on a graceful stop request: stdin EOF
// (suitekit.Proc.Stop), SIGTERM or SIGINT.
func StopContext() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT)
	go func() { <-sigs; cancel() }()
	go func() { _, _ = io.Copy(io.Discard, os.Stdin); cancel() }()
	return ctx
}

// PartList is tps' partition numbers, sorted, as "0,1,2".
func PartList(tps []kafkawire.TopicPartition) string {
	ps := make([]int, 0, len(tps))
	for _, tp := range tps {
		ps = append(ps, int(tp.Partition))
	}
	slices.Sort(ps)
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = strconv.Itoa(p)
	}
	return strings.Join(s, ",")
}

// OffList is offs as "P:O,...", sorted.
func OffList(offs map[kafkawire.TopicPartition]kafkawire.Offset) string {
	var s []string
	for tp, o := range offs {
		s = append(s, fmt.Sprintf("%d:%d", tp.Partition, o.Offset))
	}
	slices.Sort(s)
	return strings.Join(s, ",")
}

// OneLine is err's text on one line, for a report line.
func OneLine(err error) string { return strings.ReplaceAll(err.Error(), "\n", " ") }
