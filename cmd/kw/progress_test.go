package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestProgressQuietWhenPiped(t *testing.T) {
	var buf bytes.Buffer
	p := startProgress(&env{err: &buf, isTerminal: false}, "records", 10)
	p.add(5, 5)
	p.setTotal(20)
	p.finish()
	if buf.Len() != 0 {
		t.Fatalf("progress wrote %q to a pipe", buf.String())
	}
}

func TestProgressLine(t *testing.T) {
	var buf lockedBuffer
	p := startProgress(&env{err: &buf, isTerminal: true}, "records produced", 1000)
	p.add(1234567, 250)
	if got := p.line(p.start.Add(2 * time.Second)); got != "records produced 1,234,567, 617,283/s, 25%, ETA 6s (2s)" {
		t.Fatalf("line = %q", got)
	}
	p.finish()
	if out := buf.String(); !strings.HasPrefix(out, "\r") || !strings.HasSuffix(out, "\n") || !strings.Contains(out, "1,234,567") {
		t.Fatalf("output %q", out)
	}
	if grouped(-1234) != "-1,234" || grouped(12) != "12" {
		t.Fatal(grouped(-1234), grouped(12))
	}
}
