package suitekit

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// CmdResult is one run of a command line tool (kw, kcat).
type CmdResult struct {
	Stdout, Stderr []byte
	Code           int // exit status
	Took           time.Duration
}

// RunCmd runs name with args, stdin (nil: none) and KAFKA_BROKERS emptied
// (a tool under test must use the brokers its arguments name, not the
// environment's), and returns its output and exit status. The test fails if
// the command cannot start or outlives timeout.
func RunCmd(t testing.TB, timeout time.Duration, stdin []byte, name string, args ...string) CmdResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), "KAFKA_BROKERS=")
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	r := CmdResult{Stdout: out.Bytes(), Stderr: errb.Bytes(), Took: time.Since(start)}
	if ctx.Err() != nil {
		t.Fatalf("%s %s: still running after %v\nstderr: %s", filepath.Base(name), strings.Join(args, " "), timeout, errb.String())
	}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		r.Code = ee.ExitCode()
	case err != nil:
		t.Fatalf("%s: %v", name, err)
	}
	return r
}

// MustRunCmd is RunCmd for a command that must exit 0; it returns stdout.
func MustRunCmd(t testing.TB, timeout time.Duration, stdin []byte, name string, args ...string) []byte {
	t.Helper()
	r := RunCmd(t, timeout, stdin, name, args...)
	if r.Code != 0 {
		t.Fatalf("%s %s: exit %d\nstderr: %s", filepath.Base(name), strings.Join(args, " "), r.Code, r.Stderr)
	}
	return r.Stdout
}

// Kcat is the path of kcat (librdkafka's command line client), which the
// suites use as an independent peer; the test fails, saying what kcat is
// needed for (why) and how to get it, when it is not installed.
func Kcat(t testing.TB, why string) string {
	t.Helper()
	p, err := exec.LookPath("kcat")
	if err != nil {
		t.Fatalf("kcat is %s (apt-get install kcat; make test installs it): %v", why, err)
	}
	return p
}
