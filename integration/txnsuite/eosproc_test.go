package txnsuite

import (
	"maps"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"github.com/kafkawire/kafkawire/integration/suitekit"
)

// cmd/eosproc, built once per test binary.
var eosproc = &suitekit.GoBinary{Pkg: "./cmd/eosproc"}

// eosProc is one running eosproc and what it reported.
type eosProc struct {
	*suitekit.Proc

	mu        sync.Mutex
	committed map[int32]int64 // offsets committed with its transactions
	txns      int
	errs      []string
	closed    bool
}

func startEosproc(t testing.TB, args ...string) *eosProc {
	t.Helper()
	p := &eosProc{committed: map[int32]int64{}}
	cmd := exec.Command(eosproc.Path(t), args...)
	if dir := os.Getenv("KAFKAWIRE_EOS_LOGDIR"); dir != "" {
		// Every run's stderr (with KAFKAWIRE_DEBUG, its debug logs) in a
		// file of its own too.
		f, err := os.CreateTemp(dir, "eosproc-*.log")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		cmd.Stderr = f
		t.Logf("eosproc stderr also in %s", f.Name())
	}
	p.Proc = suitekit.StartProc(t, "eosproc", cmd, p.line)
	return p
}

func (p *eosProc) line(l string) {
	kind, rest, _ := strings.Cut(l, " ")
	p.mu.Lock()
	defer p.mu.Unlock()
	switch kind {
	case "txn":
		_, offs, _ := strings.Cut(rest, " ")
		suitekit.ParseOffList(offs, p.committed)
		p.txns++
	case "error":
		p.errs = append(p.errs, rest)
	case "closed":
		p.closed = true
	}
}

// snapshot returns what the process reported so far.
func (p *eosProc) snapshot() (committed map[int32]int64, txns int, errs []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return maps.Clone(p.committed), p.txns, append([]string(nil), p.errs...)
}
