package pythonsuite

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/group"
	"github.com/kafkawire/kafkawire/integration"
	"github.com/kafkawire/kafkawire/integration/suitekit"
)

func TestMain(m *testing.M) { suitekit.Run(m) }

// suite makes the suite's unique topic and group names ("py-...").
var suite = suitekit.Namer("py")

// sharedCluster is the one-broker cluster the suite's tests share.
func sharedCluster(t testing.TB) *integration.TestCluster {
	t.Helper()
	return integration.Shared(t, integration.Options{Brokers: 1})
}

var venv struct {
	once sync.Once
	py   string
	err  error
}

// python returns the virtualenv's python with the pinned kafka-python,
// creating the venv through scripts/python-venv.sh (which make test-deps
// also runs) when it is missing; the test fails with the script's message
// when it cannot be had.
func python(t testing.TB) string {
	t.Helper()
	venv.once.Do(func() {
		script, err := filepath.Abs("../../scripts/python-venv.sh")
		if err != nil {
			venv.err = err
			return
		}
		var stderr bytes.Buffer
		cmd := exec.Command(script)
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			venv.err = fmt.Errorf("%s: %v: %s", script, err, strings.TrimSpace(stderr.String()))
			return
		}
		venv.py = strings.TrimSpace(string(out))
	})
	if venv.err != nil {
		t.Fatalf("kafka-python is needed for the interop tests (make test-deps installs it): %v", venv.err)
	}
	return venv.py
}

// line is one JSON line peer.py printed: a record (p, o, k, v), an
// assignment, or a command's summary.
type line struct {
	P        *int32  `json:"p"`
	O        int64   `json:"o"`
	K        *string `json:"k"`
	V        string  `json:"v"`
	Assigned []int32 `json:"assigned"`

	Committed   *int64  `json:"committed"`
	Consumed    int     `json:"consumed"`
	Commits     int     `json:"commits"`
	CommitErrs  int     `json:"commit_errors"`
	FirstErr    string  `json:"first_error"`
	Acked       int     `json:"acked"`
	FlushedSecs float64 `json:"flushed_s"`
}

func (l line) isRecord() bool { return l.P != nil && l.Committed == nil }

// peer runs one peer.py command to its end and returns what it printed.
func peer(t testing.TB, brokers []string, cmd string, args ...string) []line {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	argv := append([]string{"peer.py", cmd, "--brokers", strings.Join(brokers, ",")}, args...)
	c := exec.CommandContext(ctx, python(t), argv...)
	var stderr bytes.Buffer
	c.Stderr = &stderr
	out, err := c.Output()
	if err != nil {
		t.Fatalf("kafka-python %s: %v\n%s", strings.Join(argv, " "), err, integration.Tail(stderr.String(), 4000))
	}
	var lines []line
	for _, s := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if s == "" {
			continue
		}
		var l line
		if err := json.Unmarshal([]byte(s), &l); err != nil {
			t.Fatalf("kafka-python %s printed %q: %v", cmd, s, err)
		}
		lines = append(lines, l)
	}
	return lines
}

// records keeps the record lines, as "p@o k=v".
func records(lines []line) []string {
	var out []string
	for _, l := range lines {
		if l.isRecord() {
			k := "<nil>"
			if l.K != nil {
				k = *l.K
			}
			out = append(out, fmt.Sprintf("%d@%d %s=%s", *l.P, l.O, k, l.V))
		}
	}
	return out
}

func recordString(r kafkawire.Record) string {
	k := "<nil>"
	if r.Key != nil {
		k = string(r.Key)
	}
	return fmt.Sprintf("%d@%d %s=%s", r.Partition, r.Offset, k, r.Value)
}

// ourCommitted is the group's committed offsets as our client reads them.
func ourCommitted(t testing.TB, brokers []string, groupID, topic string, n int32) map[int32]int64 {
	t.Helper()
	ctx, cl, done := suitekit.Direct(t, brokers)
	defer done()
	got, err := group.FetchOffsets(ctx, cl, groupID, suitekit.Partitions(topic, n))
	if err != nil {
		t.Fatalf("committed offsets of %s: %v", groupID, err)
	}
	out := map[int32]int64{}
	for tp, o := range got {
		out[tp.Partition] = o.Offset
	}
	return out
}

// theirCommitted is the group's committed offsets as kafka-python reads
// them (partitions without a commit are left out).
func theirCommitted(t testing.TB, brokers []string, groupID, topic string) map[int32]int64 {
	t.Helper()
	out := map[int32]int64{}
	for _, l := range peer(t, brokers, "committed", "--topic", topic, "--group", groupID) {
		if l.P != nil && l.Committed != nil {
			out[*l.P] = *l.Committed
		}
	}
	return out
}

// dropEmpty leaves out partitions at offset 0 (nothing written, so nothing
// to commit).
func dropEmpty(m map[int32]int64) map[int32]int64 {
	out := map[int32]int64{}
	for p, o := range m {
		if o > 0 {
			out[p] = o
		}
	}
	return out
}

// member is a long-running kafka-python group member (peer.py member):
// its lines arrive on a channel until it exits.
type member struct {
	cmd   *exec.Cmd
	stdin interface{ Close() error }
	lines chan line
	done  chan error
	errb  *integration.LockedBuffer
}

func startMember(t testing.TB, brokers []string, topic, groupID string) *member {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	t.Cleanup(cancel)
	c := exec.CommandContext(ctx, python(t), "peer.py", "member", "--brokers", strings.Join(brokers, ","),
		"--topic", topic, "--group", groupID, "--deadline", "240")
	m := &member{cmd: c, lines: make(chan line, 1024), done: make(chan error, 1), errb: &integration.LockedBuffer{}}
	c.Stderr = m.errb
	stdin, err := c.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := c.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Start(); err != nil {
		t.Fatalf("starting kafka-python member: %v", err)
	}
	m.stdin = stdin
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			var l line
			if json.Unmarshal(sc.Bytes(), &l) == nil {
				m.lines <- l
			}
		}
		close(m.lines)
		m.done <- c.Wait()
	}()
	t.Cleanup(func() { m.stop(t) })
	return m
}

// stop closes the member's stdin (it leaves the group and exits), waits
// for it and returns the lines it printed that were not read yet.
func (m *member) stop(t testing.TB) []line {
	if m.stdin == nil {
		return nil
	}
	_ = m.stdin.Close()
	m.stdin = nil
	var rest []line
	for l := range m.lines {
		rest = append(rest, l)
	}
	if err := <-m.done; err != nil {
		t.Errorf("kafka-python member: %v\n%s", err, integration.Tail(m.errb.String(), 4000))
	}
	return rest
}
