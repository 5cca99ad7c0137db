package txnsuite

import (
	"bufio"
	"bytes"
	"context"
	"encoding/hex"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kafkawire/kafkawire/integration"
	"github.com/kafkawire/kafkawire/integration/javatool"
)

// The Java side: java/KwTxn.java, compiled once per test binary against the
// jars of the Kafka version under test.
var kwTxn = javatool.New("KwTxn", filepath.Join("java", "KwTxn.java"))

func cleanupJava() { kwTxn.Cleanup() }

// runJava runs KwTxn with args and returns its stdout; the test fails with
// its output if it fails.
func runJava(t testing.TB, tc *integration.TestCluster, timeout time.Duration, args ...string) string {
	t.Helper()
	kwTxn.Compile(t, tc)
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := kwTxn.Command(ctx, 512, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("java KwTxn %s: %v (after %v)\nstdout:\n%s\nstderr:\n%s", args[0], err, time.Since(start).Round(time.Millisecond), integration.Tail(stdout.String(), 4000), integration.Tail(stderr.String(), 4000))
	}
	if s := strings.TrimSpace(stderr.String()); s != "" {
		t.Logf("java KwTxn %s stderr:\n%s", args[0], integration.Tail(s, 2000))
	}
	return stdout.String()
}

// javaRec is one record Java's read_committed consumer returned.
type javaRec struct {
	tpo
	Key, Value string
}

// javaReadCommitted reads every partition of topic with Java's
// read_committed KafkaConsumer up to the last stable offsets and returns
// what it returned.
func javaReadCommitted(t testing.TB, tc *integration.TestCluster, topic string, timeout time.Duration) []javaRec {
	t.Helper()
	outFile := filepath.Join(t.TempDir(), "consumed.tsv")
	start := time.Now()
	stdout := runJava(t, tc, timeout+30*time.Second, "consume", tc.BootstrapString(), outFile, strconv.FormatInt(timeout.Milliseconds(), 10), topic)
	f, err := os.Open(outFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []javaRec
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		fs := strings.Split(sc.Text(), "\t")
		if len(fs) != 4 {
			t.Fatalf("java consume: bad line %q", sc.Text())
		}
		p, err1 := strconv.ParseInt(fs[0], 10, 32)
		o, err2 := strconv.ParseInt(fs[1], 10, 64)
		k, err3 := unhex(fs[2])
		v, err4 := unhex(fs[3])
		if err1 != nil || err2 != nil || err3 != nil || err4 != nil {
			t.Fatalf("java consume: bad line %q", sc.Text())
		}
		out = append(out, javaRec{tpo: tpo{int32(p), o}, Key: k, Value: v})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("java read_committed consumer: %d records of %s in %v (%s)", len(out), topic, time.Since(start).Round(time.Millisecond), strings.TrimSpace(stdout))
	return out
}

func unhex(s string) (string, error) {
	if s == "-" {
		return "", nil
	}
	b, err := hex.DecodeString(s)
	return string(b), err
}

// javaSent is one record the Java transactional producer wrote.
type javaSent struct {
	Kind string // abort or commit
	tpo
	Key string
}

// javaTxProduce runs KwTxn txproduce: one transaction per spec
// ("commit:5", "abort:5", ...), record i of each on partition
// i % partitions; it returns what was sent.
func javaTxProduce(t testing.TB, tc *integration.TestCluster, topic string, partitions int, specs ...string) []javaSent {
	t.Helper()
	args := append([]string{"txproduce", tc.BootstrapString(), topic, uniq("javatx"), strconv.Itoa(partitions)}, specs...)
	start := time.Now()
	stdout := runJava(t, tc, 2*time.Minute, args...)
	var sent []javaSent
	done := false
	for _, line := range strings.Split(stdout, "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) == 5 && f[0] == "sent":
			p, err1 := strconv.ParseInt(f[2], 10, 32)
			o, err2 := strconv.ParseInt(f[3], 10, 64)
			if err1 != nil || err2 != nil {
				t.Fatalf("java txproduce: bad line %q", line)
			}
			sent = append(sent, javaSent{Kind: f[1], tpo: tpo{int32(p), o}, Key: f[4]})
		case len(f) == 1 && f[0] == "done":
			done = true
		}
	}
	if !done {
		t.Fatalf("java txproduce did not finish:\n%s", integration.Tail(stdout, 4000))
	}
	t.Logf("java transactional producer: %d records in %v (%v)", len(sent), time.Since(start).Round(time.Millisecond), specs)
	return sent
}
