package main

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

func TestCtxReader(t *testing.T) {
	b, err := io.ReadAll(newCtxReader(context.Background(), strings.NewReader(strings.Repeat("x", 600<<10))))
	if err != nil || len(b) != 600<<10 {
		t.Fatalf("read %d bytes, %v", len(b), err)
	}
	// A read blocked on an open pipe ends when ctx does.
	pr, pw := io.Pipe()
	defer pw.Close()
	ctx, cancel := context.WithCancel(context.Background())
	r := newCtxReader(ctx, pr)
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	if _, err := r.Read(make([]byte, 10)); !errors.Is(err, context.Canceled) {
		t.Fatalf("blocked read after cancel: %v", err)
	}
	pw.Close() // lets the reading goroutine end
}
