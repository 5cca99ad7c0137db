package suitekit

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/kafkawire/kafkawire/integration"
)

// Capture is a slog handler keeping every record (debug included) as one
// text line, so that a test can assert on what a client logged, while
// forwarding to another handler what that one wants (for failure output).
type Capture struct {
	mu    *sync.Mutex
	lines *[]string
	attrs []slog.Attr // keys already qualified by their groups
	group string      // the open groups, dot-separated
	next  slog.Handler
}

// NewCapture keeps every record and forwards to next.
func NewCapture(next slog.Handler) *Capture {
	return &Capture{mu: &sync.Mutex{}, lines: new([]string), next: next}
}

// CapturingLogger is a logger whose every record the returned Capture
// keeps; info and above also go where integration.TestLogger sends them.
func CapturingLogger(t testing.TB, name string) (*slog.Logger, *Capture) {
	h := NewCapture(integration.TestLogger(t, name).Handler())
	return slog.New(h), h
}

func (h *Capture) Enabled(context.Context, slog.Level) bool { return true }

func (h *Capture) Handle(ctx context.Context, r slog.Record) error {
	var b strings.Builder
	b.WriteString(r.Level.String() + " " + r.Message)
	for _, a := range h.attrs {
		fmt.Fprintf(&b, " %s=%v", a.Key, a.Value.Resolve())
	}
	r.Attrs(func(a slog.Attr) bool {
		fmt.Fprintf(&b, " %s=%v", h.qualified(a.Key), a.Value.Resolve())
		return true
	})
	h.mu.Lock()
	*h.lines = append(*h.lines, b.String())
	h.mu.Unlock()
	if h.next.Enabled(ctx, r.Level) {
		return h.next.Handle(ctx, r)
	}
	return nil
}

func (h *Capture) WithAttrs(as []slog.Attr) slog.Handler {
	c := *h
	c.attrs = slices.Clone(h.attrs)
	for _, a := range as {
		// An attribute is in the groups opened before it, not later ones.
		c.attrs = append(c.attrs, slog.Attr{Key: h.qualified(a.Key), Value: a.Value})
	}
	c.next = h.next.WithAttrs(as)
	return &c
}

func (h *Capture) WithGroup(name string) slog.Handler {
	c := *h
	if c.group != "" {
		name = c.group + "." + name
	}
	c.group = name
	c.next = h.next.WithGroup(name)
	return &c
}

func (h *Capture) qualified(key string) string {
	if h.group == "" {
		return key
	}
	return h.group + "." + key
}

// Lines is what was logged so far, one record a line: "LEVEL message k=v ...".
func (h *Capture) Lines() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(*h.lines)
}
