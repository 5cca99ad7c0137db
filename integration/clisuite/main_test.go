package clisuite

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/kafkawire/kafkawire/integration"
	"github.com/kafkawire/kafkawire/integration/suitekit"
)

// kwBin is the kw binary TestMain builds.
var kwBin string

func TestMain(m *testing.M) {
	var err error
	if kwBin, err = suitekit.Kw.Build(); err != nil {
		fmt.Fprintf(os.Stderr, "clisuite: building kw: %v\n", err)
		suitekit.Kw.Cleanup()
		os.Exit(1)
	}
	suitekit.Run(m, suitekit.Kw.Cleanup)
}

// suite makes the suite's unique topic names ("cli-...").
var suite = suitekit.Namer("cli")

func sharedCluster(t testing.TB) *integration.TestCluster {
	t.Helper()
	return integration.Shared(t, integration.Options{Brokers: 1})
}

// kw runs the kw binary against brokers and requires success.
func kw(t *testing.T, brokers []string, stdin []byte, args ...string) []byte {
	t.Helper()
	return suitekit.MustRunCmd(t, 3*time.Minute, stdin, kwBin, append([]string{"-b", strings.Join(brokers, ",")}, args...)...)
}

// kcat runs kcat against brokers and requires success.
func kcat(t *testing.T, brokers []string, stdin []byte, args ...string) []byte {
	t.Helper()
	return suitekit.MustRunCmd(t, 3*time.Minute, stdin, suitekit.Kcat(t, "needed to compare kw with it"), append([]string{"-b", strings.Join(brokers, ",")}, args...)...)
}
