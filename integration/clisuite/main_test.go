package clisuite

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kafkawire/kafkawire/admin"
	"github.com/kafkawire/kafkawire/integration"
)

// kwBin is the kw binary TestMain builds.
var kwBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "kw-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "clisuite:", err)
		os.Exit(1)
	}
	kwBin = filepath.Join(dir, "kw")
	// The binary comes from the main module, as go install would build it.
	build := exec.Command("go", "build", "-o", kwBin, "./cmd/kw")
	build.Dir = "../.."
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "clisuite: building kw: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := integration.Main(m)
	os.RemoveAll(dir)
	os.Exit(code)
}

func sharedCluster(t testing.TB) *integration.TestCluster {
	t.Helper()
	return integration.Shared(t, integration.Options{Brokers: 1})
}

// kcatPath finds kcat; the suite compares against it, so it is required.
func kcatPath(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("kcat")
	if err != nil {
		t.Fatalf("kcat is needed to compare kw with it (apt-get install kcat; make test installs it): %v", err)
	}
	return p
}

var topicSeq atomic.Int64

func newTopic(t testing.TB, brokers []string, prefix string, partitions int32) string {
	t.Helper()
	name := fmt.Sprintf("cli-%s-%d-%d", prefix, time.Now().UnixNano()%1e9, topicSeq.Add(1))
	a, err := admin.New(admin.Config{Brokers: brokers})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := a.CreateTopics(ctx, admin.TopicSpec{Name: name, Partitions: partitions, ReplicationFactor: 1}); err != nil {
		t.Fatalf("creating topic %s: %v", name, err)
	}
	return name
}

// result is one run of a command.
type result struct {
	stdout, stderr []byte
	code           int
	took           time.Duration
}

// run runs a command with stdin and returns its output; it fails the test
// if the command cannot start or outlives timeout.
func run(t *testing.T, timeout time.Duration, stdin []byte, name string, args ...string) result {
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
	r := result{stdout: out.Bytes(), stderr: errb.Bytes(), took: time.Since(start)}
	if ctx.Err() != nil {
		t.Fatalf("%s %s: still running after %v\nstderr: %s", filepath.Base(name), strings.Join(args, " "), timeout, errb.String())
	}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return r
}

// mustRun is run for a command that must succeed.
func mustRun(t *testing.T, timeout time.Duration, stdin []byte, name string, args ...string) []byte {
	t.Helper()
	r := run(t, timeout, stdin, name, args...)
	if r.code != 0 {
		t.Fatalf("%s %s: exit %d\nstderr: %s", filepath.Base(name), strings.Join(args, " "), r.code, r.stderr)
	}
	return r.stdout
}

// kw runs the kw binary against brokers and requires success.
func kw(t *testing.T, brokers []string, stdin []byte, args ...string) []byte {
	t.Helper()
	return mustRun(t, 3*time.Minute, stdin, kwBin, append([]string{"-b", strings.Join(brokers, ",")}, args...)...)
}

// kcat runs kcat against brokers and requires success.
func kcat(t *testing.T, brokers []string, stdin []byte, args ...string) []byte {
	t.Helper()
	return mustRun(t, 3*time.Minute, stdin, kcatPath(t), append([]string{"-b", strings.Join(brokers, ",")}, args...)...)
}
