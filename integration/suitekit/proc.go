package suitekit

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/kafkawire/kafkawire/integration"
)

// GoBinary is a Go main package built once per test binary, for tests that
// run it as a child process (to SIGKILL it, or to test a command line).
type GoBinary struct {
	Pkg string // the package to build, e.g. "./cmd/memberproc"
	Dir string // where to run go build ("": the test's package directory)

	once sync.Once
	dir  string
	path string
	err  error
}

// Kw is the kw command line, built from the main module's cmd/kw as go
// install would build it (a suite's directory is two below the module
// root), for the suites that test it as users run it.
var Kw = &GoBinary{Pkg: "./cmd/kw", Dir: filepath.Join("..", "..")}

// Build builds the binary the first time it is called and returns its
// path; later calls return the first call's result.
func (b *GoBinary) Build() (string, error) { return b.build(func(time.Duration) {}) }

// build is Build telling built how long the build took, if this call made it.
func (b *GoBinary) build(built func(time.Duration)) (string, error) {
	b.once.Do(func() {
		start := time.Now()
		defer func() { built(time.Since(start)) }()
		name := filepath.Base(b.Pkg)
		dir, err := os.MkdirTemp("", "kafkawire-"+name+"-")
		if err != nil {
			b.err = err
			return
		}
		b.dir = dir
		b.path = filepath.Join(dir, name)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, "go", "build", "-o", b.path, b.Pkg)
		cmd.Dir = b.Dir
		if out, err := cmd.CombinedOutput(); err != nil {
			b.err = fmt.Errorf("go build %s: %v\n%s", b.Pkg, err, out)
		}
	})
	return b.path, b.err
}

// Path is Build for a test: the test fails if the build did.
func (b *GoBinary) Path(t testing.TB) string {
	t.Helper()
	path, err := b.build(func(d time.Duration) {
		t.Logf("%s built in %v", filepath.Base(b.Pkg), d.Round(time.Millisecond))
	})
	if err != nil {
		t.Fatal(err)
	}
	return path
}

// Cleanup removes the built binary (from TestMain, after the tests).
func (b *GoBinary) Cleanup() {
	if b.dir != "" {
		os.RemoveAll(b.dir)
	}
}

// Proc is a child process that reports what it does on stdout, one fact a
// line, each line written whole after the fact (cmd/memberproc,
// cmd/eosproc, the Java group members): what it printed is true even when
// it is SIGKILLed.
type Proc struct {
	name   string
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	done   chan struct{} // closed when its stdout ended and it exited
	stderr integration.LockedBuffer
	err    error // its exit status, set before done is closed
}

// StartProc starts cmd and hands each complete stdout line to onLine, on
// one goroutine, in order (a last fragment without its newline, cut short
// by a kill, is dropped). The process dies with the test binary
// (Pdeathsig) and is SIGKILLed when the test ends; if the test failed, its
// stderr's tail is logged then. Its stderr is also copied to cmd.Stderr if
// that is set. Stop it gracefully with Stop (stdin EOF).
func StartProc(t testing.TB, name string, cmd *exec.Cmd, onLine func(string)) *Proc {
	t.Helper()
	p := &Proc{name: name, cmd: cmd, done: make(chan struct{})}
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if cmd.Stderr != nil {
		cmd.Stderr = io.MultiWriter(&p.stderr, cmd.Stderr)
	} else {
		cmd.Stderr = &p.stderr
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if p.stdin, err = cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", name, err)
	}
	go func() {
		defer close(p.done)
		r := bufio.NewReaderSize(stdout, 64<<10)
		for {
			l, err := r.ReadString('\n')
			if err != nil {
				break
			}
			onLine(strings.TrimSuffix(l, "\n"))
		}
		p.err = cmd.Wait()
	}()
	t.Cleanup(func() {
		p.Kill()
		if t.Failed() {
			t.Logf("%s stderr:\n%s", name, integration.Tail(p.Stderr(), 6000))
		}
	})
	return p
}

// Signal sends sig to the process.
func (p *Proc) Signal(sig os.Signal) { _ = p.cmd.Process.Signal(sig) }

// Kill SIGKILLs the process and waits until its output is read.
func (p *Proc) Kill() {
	p.Signal(syscall.SIGKILL)
	<-p.done
}

// Stop asks for a graceful exit (stdin EOF) and waits for it; after 30 s
// the test fails and the process is killed.
func (p *Proc) Stop(t testing.TB) {
	t.Helper()
	_ = p.stdin.Close()
	select {
	case <-p.done:
	case <-time.After(30 * time.Second):
		t.Errorf("%s did not exit within 30s of stdin EOF", p.name)
		p.Kill()
	}
}

// Done is closed once the process exited and its output was read.
func (p *Proc) Done() <-chan struct{} { return p.done }

// Exited reports whether Done is closed.
func (p *Proc) Exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// ExitErr is how the process exited (cmd.Wait's error); valid once Done is
// closed.
func (p *Proc) ExitErr() error { return p.err }

// Stderr is what the process wrote to stderr so far.
func (p *Proc) Stderr() string { return p.stderr.String() }
