package suitekit

import (
	"bytes"
	"log/slog"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// These run without a broker: the parsers, the child-process runner and
// the builder, on small shell commands and a package that does not exist.

func TestParseLists(t *testing.T) {
	if got := ParsePartList("2,0,,x,1"); !slices.Equal(got, []int32{0, 1, 2}) {
		t.Errorf("ParsePartList = %v", got)
	}
	if got := ParsePartList(""); len(got) != 0 {
		t.Errorf("ParsePartList(\"\") = %v", got)
	}
	offs := map[int32]int64{0: 5}
	ParseOffList("0:7,1:3,bad,2:x,3", offs)
	if len(offs) != 2 || offs[0] != 7 || offs[1] != 3 {
		t.Errorf("ParseOffList = %v", offs)
	}
}

func TestEnvInt(t *testing.T) {
	t.Setenv("SUITEKIT_N", "12")
	if n := EnvInt("SUITEKIT_N", 3); n != 12 {
		t.Errorf("set: %d", n)
	}
	for _, v := range []string{"", "0", "-4", "many"} {
		t.Setenv("SUITEKIT_N", v)
		if n := EnvInt("SUITEKIT_N", 3); n != 3 {
			t.Errorf("%q: %d, want the default", v, n)
		}
	}
}

func TestHexFields(t *testing.T) {
	for _, b := range [][]byte{nil, {}, []byte("k\x00v")} {
		got, err := UnhexField(HexField(b))
		if err != nil || !bytes.Equal(got, b) || (got == nil) != (b == nil) {
			t.Errorf("%q: round trip gave %q (nil %v), %v", b, got, got == nil, err)
		}
	}
	if _, err := UnhexField("zz"); err == nil {
		t.Error("bad hex: no error")
	}
}

func TestNamerUniq(t *testing.T) {
	a, b := Namer("xs").Uniq("topic"), Namer("xs").Uniq("topic")
	if a == b || !strings.HasPrefix(a, "xs-topic-") {
		t.Errorf("names %q and %q", a, b)
	}
}

func TestFirst(t *testing.T) {
	if got := First([]int{1, 2, 3}, 2); !slices.Equal(got, []int{1, 2}) {
		t.Errorf("First 2 = %v", got)
	}
	if got := First([]int{1}, 5); !slices.Equal(got, []int{1}) {
		t.Errorf("First 5 of 1 = %v", got)
	}
}

func TestCapture(t *testing.T) {
	var fwd bytes.Buffer
	h := NewCapture(slog.NewTextHandler(&fwd, &slog.HandlerOptions{Level: slog.LevelInfo}))
	l := slog.New(h).With("client", "p").WithGroup("g")
	l.Debug("quiet", "k", 1)
	l.Info("loud")
	want := []string{"DEBUG quiet client=p g.k=1", "INFO loud client=p"}
	if got := h.Lines(); !slices.Equal(got, want) {
		t.Errorf("lines %q, want %q", got, want)
	}
	if s := fwd.String(); strings.Contains(s, "quiet") || !strings.Contains(s, "loud") {
		t.Errorf("forwarded %q: want info only", s)
	}
}

func TestGoBinaryBuildFails(t *testing.T) {
	b := &GoBinary{Pkg: "./nosuchcmd"}
	defer b.Cleanup()
	_, err := b.Build()
	if err == nil || !strings.Contains(err.Error(), "go build ./nosuchcmd") {
		t.Fatalf("err = %v", err)
	}
	if _, err2 := b.Build(); err2 != err {
		t.Errorf("second Build: %v, want the first error again", err2)
	}
}

// lines collects what a Proc hands to onLine.
type lines struct {
	mu sync.Mutex
	l  []string
}

func (c *lines) add(s string) { c.mu.Lock(); c.l = append(c.l, s); c.mu.Unlock() }
func (c *lines) get() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.l)
}

func TestProcLinesExitAndStderr(t *testing.T) {
	var got lines
	var errCopy bytes.Buffer
	cmd := exec.Command("sh", "-c", `printf 'a 1\nb 2\n'; echo oops >&2; printf 'cut'; exit 3`)
	cmd.Stderr = &errCopy
	p := StartProc(t, "sh", cmd, got.add)
	select {
	case <-p.Done():
	case <-time.After(30 * time.Second):
		t.Fatal("sh did not exit")
	}
	if !p.Exited() {
		t.Error("Exited is false after Done")
	}
	if l := got.get(); !slices.Equal(l, []string{"a 1", "b 2"}) {
		t.Errorf("lines %q: want the two complete ones", l)
	}
	if ee, ok := p.ExitErr().(*exec.ExitError); !ok || ee.ExitCode() != 3 {
		t.Errorf("exit: %v", p.ExitErr())
	}
	if p.Stderr() != "oops\n" || errCopy.String() != "oops\n" {
		t.Errorf("stderr %q, copy %q", p.Stderr(), errCopy.String())
	}
}

func TestProcStopAndKill(t *testing.T) {
	var got lines
	p := StartProc(t, "cat", exec.Command("sh", "-c", `cat >/dev/null; echo closed`), got.add)
	p.Stop(t)
	if l := got.get(); !slices.Equal(l, []string{"closed"}) || p.ExitErr() != nil {
		t.Errorf("after Stop: lines %q, exit %v", l, p.ExitErr())
	}

	p = StartProc(t, "sleeper", exec.Command("sh", "-c", `trap '' TERM; echo ready; exec sleep 60`), got.add)
	if p.Exited() {
		t.Fatal("exited at once")
	}
	start := time.Now()
	p.Kill()
	if !p.Exited() || p.ExitErr() == nil || time.Since(start) > 10*time.Second {
		t.Errorf("Kill: exited %v, exit %v, took %v", p.Exited(), p.ExitErr(), time.Since(start))
	}
}
