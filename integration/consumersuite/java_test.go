package consumersuite

import (
	"bytes"
	"context"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kafkawire/kafkawire/integration"
	"github.com/kafkawire/kafkawire/integration/javatool"
)

// The Java side: java/KwGroup.java, compiled once per test binary against
// the jars of the Kafka version under test.
var kwGroup = javatool.New("KwGroup", filepath.Join("java", "KwGroup.java"))

func cleanupJava() { kwGroup.Cleanup() }

// compileJava builds KwGroup once; the test fails if it cannot.
func compileJava(t testing.TB, tc *integration.TestCluster) { kwGroup.Compile(t, tc) }

// javaCmd is the command running KwGroup with args.
func javaCmd(t testing.TB, tc *integration.TestCluster, ctx context.Context, args ...string) *exec.Cmd {
	t.Helper()
	compileJava(t, tc)
	return kwGroup.Command(ctx, 256, args...)
}

// startJavaMember runs KwGroup's group member (Java KafkaConsumer, classic
// protocol) with the named assignor class; stop it with proc.stop.
func startJavaMember(t testing.TB, tc *integration.TestCluster, name, topic, groupID, assignorClass string) *proc {
	t.Helper()
	cmd := javaCmd(t, tc, nil, "group", tc.BootstrapString(), topic, groupID, assignorClass,
		strconv.FormatInt(sessionTimeout.Milliseconds(), 10), strconv.FormatInt(heartbeatInterval.Milliseconds(), 10))
	return startCmd(t, name, cmd)
}

// javaSent is one record the Java transactional producer wrote.
type javaSent struct {
	Kind string // abort or commit
	tpo
}

// javaTxProduce runs KwGroup txproduce with the transaction specs
// ("abort:5", "commit:5", ...) and returns what it sent.
func javaTxProduce(t testing.TB, tc *integration.TestCluster, topic string, specs ...string) []javaSent {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	args := append([]string{"txproduce", tc.BootstrapString(), topic, uniq("tx")}, specs...)
	cmd := javaCmd(t, tc, ctx, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("java KwGroup txproduce: %v (after %v)\nstdout:\n%s\nstderr:\n%s", err, time.Since(start).Round(time.Millisecond), stdout.String(), integration.Tail(stderr.String(), 4000))
	}
	var sent []javaSent
	done := false
	for _, line := range strings.Split(stdout.String(), "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) == 4 && f[0] == "sent":
			p, err1 := strconv.ParseInt(f[2], 10, 32)
			o, err2 := strconv.ParseInt(f[3], 10, 64)
			if err1 != nil || err2 != nil {
				t.Fatalf("java txproduce: bad line %q", line)
			}
			sent = append(sent, javaSent{Kind: f[1], tpo: tpo{int32(p), o}})
		case len(f) == 1 && f[0] == "done":
			done = true
		}
	}
	if !done {
		t.Fatalf("java txproduce did not finish:\n%s\nstderr:\n%s", stdout.String(), integration.Tail(stderr.String(), 4000))
	}
	t.Logf("java transactional producer: %d records in %v (%v)", len(sent), time.Since(start).Round(time.Millisecond), specs)
	return sent
}
