package suitekit

import (
	"bytes"
	"context"
	"encoding/hex"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kafkawire/kafkawire/integration"
	"github.com/kafkawire/kafkawire/integration/javatool"
)

// RunJava compiles prog (once per test binary, against the jars of tc's
// Kafka version), runs it with args and a heapMB heap, and returns its
// stdout. The test fails, showing both outputs, if it fails or outlives
// timeout; what it wrote to stderr is logged.
func RunJava(t testing.TB, prog *javatool.Program, tc *integration.TestCluster, heapMB int, timeout time.Duration, args ...string) string {
	t.Helper()
	prog.Compile(t, tc)
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := prog.Command(ctx, heapMB, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	// The main class stands just before args on the java command line.
	name := cmd.Args[len(cmd.Args)-len(args)-1] + " " + args[0]
	if err := cmd.Run(); err != nil {
		t.Fatalf("java %s: %v (after %v)\nstdout:\n%s\nstderr:\n%s", name, err, time.Since(start).Round(time.Millisecond), integration.Tail(stdout.String(), 4000), integration.Tail(stderr.String(), 4000))
	}
	if s := strings.TrimSpace(stderr.String()); s != "" {
		t.Logf("java %s stderr:\n%s", name, integration.Tail(s, 2000))
	}
	return stdout.String()
}

// The suites' Java programs exchange keys and values as hex, "-" for null
// (tab-separated files of records, one a line).

// HexField is b as such a field.
func HexField(b []byte) string {
	if b == nil {
		return "-"
	}
	return hex.EncodeToString(b)
}

// UnhexField parses such a field: nil for "-", else non-nil bytes.
func UnhexField(s string) ([]byte, error) {
	if s == "-" {
		return nil, nil
	}
	b, err := hex.DecodeString(s)
	if b == nil {
		b = []byte{}
	}
	return b, err
}

// TxSent is one record a Java transactional producer reported sending.
type TxSent struct {
	Kind string // abort or commit: how its transaction ended
	TPO
	Key string // when the program reports keys
}

// JavaTxProduce runs prog's txproduce command with args (the program's
// own: bootstrap, topic, transactional id, transaction specs such as
// "abort:5"), which prints "sent <abort|commit> P O" per record, with the
// key as a fifth field if keyed, and "done" at the end; it returns what was
// sent. The test fails on a malformed line, a missing "done", or after 2
// minutes.
func JavaTxProduce(t testing.TB, prog *javatool.Program, tc *integration.TestCluster, heapMB int, keyed bool, args ...string) []TxSent {
	t.Helper()
	start := time.Now()
	stdout := RunJava(t, prog, tc, heapMB, 2*time.Minute, append([]string{"txproduce"}, args...)...)
	fields := 4
	if keyed {
		fields = 5
	}
	var sent []TxSent
	done := false
	for _, line := range strings.Split(stdout, "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) == fields && f[0] == "sent":
			p, err1 := strconv.ParseInt(f[2], 10, 32)
			o, err2 := strconv.ParseInt(f[3], 10, 64)
			if err1 != nil || err2 != nil {
				t.Fatalf("java txproduce: bad line %q", line)
			}
			s := TxSent{Kind: f[1], TPO: TPO{P: int32(p), O: o}}
			if keyed {
				s.Key = f[4]
			}
			sent = append(sent, s)
		case len(f) == 1 && f[0] == "done":
			done = true
		}
	}
	if !done {
		t.Fatalf("java txproduce did not finish:\n%s", integration.Tail(stdout, 4000))
	}
	t.Logf("java transactional producer: %d records in %v (%v)", len(sent), time.Since(start).Round(time.Millisecond), args)
	return sent
}
