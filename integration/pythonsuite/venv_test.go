package pythonsuite

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// scripts/python-venv.sh fails with one line naming what it could not do
// when pip cannot reach a package index (here a closed local port).
func TestVenvScriptPipFailure(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Fatalf("python3 is needed for the kafka-python interop tests: %v", err)
	}
	cache := t.TempDir()
	cmd := exec.Command("../../scripts/python-venv.sh")
	cmd.Env = append(cmd.Environ(), "KAFKAWIRE_CACHE="+cache, "PIP_INDEX_URL=http://127.0.0.1:1/simple",
		"PIP_RETRIES=0", "PIP_TIMEOUT=2", "PIP_NO_CACHE_DIR=1", "PIP_CONFIG_FILE=/dev/null")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("the script succeeded without a package index:\n%s", out)
	}
	if !strings.Contains(string(out), "pip could not install kafka-python==2.3.3 into "+filepath.Join(cache, "python-venv")) {
		t.Fatalf("the script's message does not say what failed:\n%s", out)
	}
}
