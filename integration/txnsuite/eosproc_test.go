package txnsuite

import (
	"github.com/kafkawire/kafkawire/integration"

	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// cmd/eosproc, built once per test binary.
var eosBin struct {
	once sync.Once
	dir  string
	path string
	err  error
}

func cleanupEosproc() {
	if eosBin.dir != "" {
		os.RemoveAll(eosBin.dir)
	}
}

func buildEosproc(t testing.TB) string {
	t.Helper()
	eosBin.once.Do(func() {
		start := time.Now()
		dir, err := os.MkdirTemp("", "kafkawire-eosproc-")
		if err != nil {
			eosBin.err = err
			return
		}
		eosBin.dir = dir
		eosBin.path = filepath.Join(dir, "eosproc")
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		out, err := exec.CommandContext(ctx, "go", "build", "-o", eosBin.path, "./cmd/eosproc").CombinedOutput()
		if err != nil {
			eosBin.err = fmt.Errorf("go build ./cmd/eosproc: %v\n%s", err, out)
			return
		}
		t.Logf("eosproc built in %v", time.Since(start).Round(time.Millisecond))
	})
	if eosBin.err != nil {
		t.Fatal(eosBin.err)
	}
	return eosBin.path
}

// eosProc is one running eosproc and what it reported.
type eosProc struct {
	cmd  *exec.Cmd
	done chan struct{} // closed when its stdout ended and it exited

	mu        sync.Mutex
	committed map[int32]int64 // offsets committed with its transactions
	txns      int
	errs      []string
	closed    bool
	stderr    integration.LockedBuffer
	exitErr   error
	stdin     interface{ Close() error }
}

func startEosproc(t testing.TB, args ...string) *eosProc {
	t.Helper()
	p := &eosProc{committed: map[int32]int64{}, done: make(chan struct{})}
	p.cmd = exec.Command(buildEosproc(t), args...)
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	p.cmd.Stderr = &p.stderr
	if dir := os.Getenv("KAFKAWIRE_EOS_LOGDIR"); dir != "" {
		// Every run's stderr (with KAFKAWIRE_DEBUG, its debug logs) in a
		// file of its own too.
		f, err := os.CreateTemp(dir, "eosproc-*.log")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		p.cmd.Stderr = io.MultiWriter(&p.stderr, f)
		t.Logf("eosproc stderr also in %s", f.Name())
	}
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdin, err := p.cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	p.stdin = stdin
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		defer close(p.done)
		r := bufio.NewReaderSize(stdout, 64<<10)
		for {
			l, err := r.ReadString('\n')
			if err != nil {
				break // a fragment cut short by a kill is ignored
			}
			p.line(strings.TrimSuffix(l, "\n"))
		}
		err := p.cmd.Wait()
		p.mu.Lock()
		p.exitErr = err
		p.mu.Unlock()
	}()
	t.Cleanup(p.kill)
	return p
}

func (p *eosProc) line(l string) {
	kind, rest, _ := strings.Cut(l, " ")
	p.mu.Lock()
	defer p.mu.Unlock()
	switch kind {
	case "txn":
		_, offs, _ := strings.Cut(rest, " ")
		for _, f := range strings.Split(offs, ",") {
			ps, os, ok := strings.Cut(f, ":")
			if !ok {
				continue
			}
			pp, err1 := strconv.ParseInt(ps, 10, 32)
			o, err2 := strconv.ParseInt(os, 10, 64)
			if err1 == nil && err2 == nil {
				p.committed[int32(pp)] = o
			}
		}
		p.txns++
	case "error":
		p.errs = append(p.errs, rest)
	case "closed":
		p.closed = true
	}
}

func (p *eosProc) kill() {
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}

func (p *eosProc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// stop asks for a graceful stop (stdin EOF) and waits; it SIGKILLs after
// 30 s.
func (p *eosProc) stop(t testing.TB) {
	t.Helper()
	_ = p.stdin.Close()
	select {
	case <-p.done:
	case <-time.After(30 * time.Second):
		t.Errorf("eosproc did not exit within 30s of stdin EOF")
		p.kill()
	}
}

// snapshot returns what the process reported so far.
func (p *eosProc) snapshot() (committed map[int32]int64, txns int, errs []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	committed = make(map[int32]int64, len(p.committed))
	for k, v := range p.committed {
		committed[k] = v
	}
	return committed, p.txns, append([]string(nil), p.errs...)
}
