package txnsuite

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kafkawire/kafkawire/integration"
	"github.com/kafkawire/kafkawire/integration/javatool"
	"github.com/kafkawire/kafkawire/integration/suitekit"
)

// The Java side: java/KwTxn.java, compiled once per test binary against the
// jars of the Kafka version under test.
var kwTxn = javatool.New("KwTxn", filepath.Join("java", "KwTxn.java"))

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
	stdout := suitekit.RunJava(t, kwTxn, tc, 512, timeout+30*time.Second, "consume", tc.BootstrapString(), outFile, strconv.FormatInt(timeout.Milliseconds(), 10), topic)
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
		k, err3 := suitekit.UnhexField(fs[2])
		v, err4 := suitekit.UnhexField(fs[3])
		if err1 != nil || err2 != nil || err3 != nil || err4 != nil {
			t.Fatalf("java consume: bad line %q", sc.Text())
		}
		out = append(out, javaRec{tpo: tpo{P: int32(p), O: o}, Key: string(k), Value: string(v)})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("java read_committed consumer: %d records of %s in %v (%s)", len(out), topic, time.Since(start).Round(time.Millisecond), strings.TrimSpace(stdout))
	return out
}

// javaSent is one record the Java transactional producer wrote.
type javaSent = suitekit.TxSent

// javaTxProduce runs KwTxn txproduce: one transaction per spec
// ("commit:5", "abort:5", ...), record i of each on partition
// i % partitions; it returns what was sent.
func javaTxProduce(t testing.TB, tc *integration.TestCluster, topic string, partitions int, specs ...string) []javaSent {
	t.Helper()
	return suitekit.JavaTxProduce(t, kwTxn, tc, 512, true, append([]string{tc.BootstrapString(), topic, suite.Uniq("javatx"), strconv.Itoa(partitions)}, specs...)...)
}
