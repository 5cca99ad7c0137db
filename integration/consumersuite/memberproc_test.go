package consumersuite

import (
	"github.com/kafkawire/kafkawire/integration"

	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// cmd/memberproc, built once per test binary.
var memberBin struct {
	once sync.Once
	dir  string
	path string
	err  error
}

func cleanupMemberproc() {
	if memberBin.dir != "" {
		os.RemoveAll(memberBin.dir)
	}
}

func buildMemberproc(t testing.TB) string {
	t.Helper()
	memberBin.once.Do(func() {
		start := time.Now()
		dir, err := os.MkdirTemp("", "kafkawire-memberproc-")
		if err != nil {
			memberBin.err = err
			return
		}
		memberBin.dir = dir
		memberBin.path = filepath.Join(dir, "memberproc")
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		out, err := exec.CommandContext(ctx, "go", "build", "-o", memberBin.path, "./cmd/memberproc").CombinedOutput()
		if err != nil {
			memberBin.err = fmt.Errorf("go build ./cmd/memberproc: %v\n%s", err, out)
			return
		}
		t.Logf("memberproc built in %v", time.Since(start).Round(time.Millisecond))
	})
	if memberBin.err != nil {
		t.Fatal(memberBin.err)
	}
	return memberBin.path
}

// proc is a running memberproc and what it reported so far.
type proc struct {
	name  string
	cmd   *exec.Cmd
	stdin io.WriteCloser
	done  chan struct{} // closed when its stdout ended and it exited

	mu         sync.Mutex
	seen       map[tpo]int
	assignment []int32
	assignedAt time.Time // when the last assignment line arrived
	committed  map[int32]int64
	regress    []string
	commitFail []string
	events     []event
	closed     bool
	stderr     integration.LockedBuffer
	exitErr    error
}

// startProc runs memberproc with args (-brokers, -topic, -group, ...).
func startProc(t testing.TB, name string, args ...string) *proc {
	t.Helper()
	return startCmd(t, name, exec.Command(buildMemberproc(t), args...))
}

// startCmd runs a member process that speaks memberproc's output format
// (memberproc itself, or KwGroup's Java group member).
func startCmd(t testing.TB, name string, cmd *exec.Cmd) *proc {
	t.Helper()
	p := &proc{name: name, seen: map[tpo]int{}, committed: map[int32]int64{}, done: make(chan struct{})}
	p.cmd = cmd
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	p.cmd.Stderr = &p.stderr
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if p.stdin, err = p.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		defer close(p.done)
		r := bufio.NewReaderSize(stdout, 64<<10)
		for {
			l, err := r.ReadString('\n')
			if err != nil {
				break // a last fragment without its newline was cut short by a kill: ignored
			}
			p.line(strings.TrimSuffix(l, "\n"))
		}
		err := p.cmd.Wait()
		p.mu.Lock()
		p.exitErr = err
		p.mu.Unlock()
	}()
	t.Cleanup(func() {
		p.kill()
		if t.Failed() {
			t.Logf("member process %s stderr:\n%s", name, integration.Tail(p.stderr.String(), 6000))
		}
	})
	return p
}

func parsePartList(s string) []int32 {
	var out []int32
	for _, f := range strings.Split(s, ",") {
		if f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err == nil {
			out = append(out, int32(n))
		}
	}
	slices.Sort(out)
	return out
}

// line applies one complete stdout line (a line cut short by SIGKILL never
// reaches here).
func (p *proc) line(l string) {
	kind, rest, _ := strings.Cut(l, " ")
	p.mu.Lock()
	defer p.mu.Unlock()
	switch kind {
	case "rec":
		f := strings.Fields(rest)
		if len(f) != 2 {
			return
		}
		pp, err1 := strconv.ParseInt(f[0], 10, 32)
		o, err2 := strconv.ParseInt(f[1], 10, 64)
		if err1 == nil && err2 == nil {
			p.seen[tpo{int32(pp), o}]++
		}
	case "assignment":
		p.assignment = parsePartList(rest)
		p.assignedAt = time.Now()
	case "assigned", "revoked", "lost":
		p.events = append(p.events, event{at: time.Now(), kind: kind, tps: parsePartList(rest)})
	case "committed":
		for _, f := range strings.Split(rest, ",") {
			ps, offs, ok := strings.Cut(f, ":")
			if !ok {
				continue
			}
			pp, err1 := strconv.ParseInt(ps, 10, 32)
			o, err2 := strconv.ParseInt(offs, 10, 64)
			if err1 == nil && err2 == nil {
				p.committed[int32(pp)] = o
			}
		}
	case "regress":
		p.regress = append(p.regress, rest)
	case "commitfail":
		p.commitFail = append(p.commitFail, rest)
	case "closed":
		p.closed = true
	}
}

// kill SIGKILLs the process and waits until its output is read.
func (p *proc) kill() {
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}

// stop asks for a graceful Close (stdin EOF) and waits for the exit.
func (p *proc) stop(t testing.TB) {
	t.Helper()
	_ = p.stdin.Close()
	select {
	case <-p.done:
	case <-time.After(30 * time.Second):
		t.Errorf("member process %s did not exit within 30s of stdin EOF", p.name)
		p.kill()
	}
}

func (p *proc) getAssignment() []int32 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.assignment)
}

func (p *proc) processed() map[tpo]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make(map[tpo]int, len(p.seen))
	for k, v := range p.seen {
		out[k] = v
	}
	return out
}

func (p *proc) processedCount() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.seen)
}

func (p *proc) lastCommitted() map[int32]int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make(map[int32]int64, len(p.committed))
	for k, v := range p.committed {
		out[k] = v
	}
	return out
}

func (p *proc) problems() (regress, commitFail []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.regress), slices.Clone(p.commitFail)
}

func (p *proc) eventsCopy() []event {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.events)
}
