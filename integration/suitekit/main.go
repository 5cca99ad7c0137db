package suitekit

import (
	"fmt"
	"os"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kafkawire/kafkawire/integration"
)

// Run is a suite's TestMain: it runs the tests (integration.Main stops the
// shared clusters), then the cleanups (built binaries, compiled Java), and
// exits with the tests' status.
func Run(m *testing.M, cleanups ...func()) {
	code := integration.Main(m)
	for _, c := range cleanups {
		c()
	}
	os.Exit(code)
}

// Namer makes names unique to this run, starting with the suite's prefix
// (so that suites sharing one KAFKA_BROKERS cluster never collide and a
// broker's log says which suite made a topic or group).
type Namer string

var seq atomic.Int64

// Uniq is "<suite>-<prefix>-<clock>-<seq>": unique to this process, and
// across runs for all practical purposes.
func (n Namer) Uniq(prefix string) string {
	return fmt.Sprintf("%s-%s-%d-%d", n, prefix, time.Now().UnixNano()%1e9, seq.Add(1))
}

// EnvInt is the positive integer in the environment variable name, or def:
// how a suite's record counts are scaled up or down from the command line.
func EnvInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}
