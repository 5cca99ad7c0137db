package consumersuite

import (
	"maps"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kafkawire/kafkawire/integration/suitekit"
)

// cmd/memberproc, built once per test binary.
var memberproc = &suitekit.GoBinary{Pkg: "./cmd/memberproc"}

// proc is a running memberproc and what it reported so far.
type proc struct {
	*suitekit.Proc
	name string

	mu         sync.Mutex
	seen       map[tpo]int
	assignment []int32
	assignedAt time.Time // when the last assignment line arrived
	committed  map[int32]int64
	regress    []string
	commitFail []string
	events     []event
	closed     bool
}

// startProc runs memberproc with args (-brokers, -topic, -group, ...).
func startProc(t testing.TB, name string, args ...string) *proc {
	t.Helper()
	return startCmd(t, name, exec.Command(memberproc.Path(t), args...))
}

// startCmd runs a member process that speaks memberproc's output format
// (memberproc itself, or KwGroup's Java group member).
func startCmd(t testing.TB, name string, cmd *exec.Cmd) *proc {
	t.Helper()
	p := &proc{name: name, seen: map[tpo]int{}, committed: map[int32]int64{}}
	p.Proc = suitekit.StartProc(t, "member process "+name, cmd, p.line)
	return p
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
			p.seen[tpo{P: int32(pp), O: o}]++
		}
	case "assignment":
		p.assignment = suitekit.ParsePartList(rest)
		p.assignedAt = time.Now()
	case "assigned", "revoked", "lost":
		p.events = append(p.events, event{at: time.Now(), kind: kind, tps: suitekit.ParsePartList(rest)})
	case "committed":
		suitekit.ParseOffList(rest, p.committed)
	case "regress":
		p.regress = append(p.regress, rest)
	case "commitfail":
		p.commitFail = append(p.commitFail, rest)
	case "closed":
		p.closed = true
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
	return maps.Clone(p.seen)
}

func (p *proc) processedCount() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.seen)
}

func (p *proc) lastCommitted() map[int32]int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return maps.Clone(p.committed)
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
