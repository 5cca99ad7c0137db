package producersuite

import (
	"bufio"
	"bytes"
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

// The Java side: java/KwTool.java, compiled once per test binary against
// the jars of the Kafka version under test.
var kwTool = javatool.New("KwTool", filepath.Join("java", "KwTool.java"))

// javaRecord is one record as the Java consumer saw it.
type javaRecord struct {
	Topic     string
	Partition int32
	Offset    int64
	Key       []byte // nil: null
	Value     []byte // nil: null
}

// javaConsume reads every record of topics with Apache Kafka's
// KafkaConsumer (from the beginning up to the end offsets at its start).
func javaConsume(t testing.TB, tc *integration.TestCluster, timeout time.Duration, topics ...string) []javaRecord {
	t.Helper()
	var recs []javaRecord
	javaConsumeFunc(t, tc, timeout, func(r javaRecord) { recs = append(recs, r) }, topics...)
	return recs
}

// javaConsumeFunc is javaConsume streaming each record to fn (in the
// Java consumer's order: offset order within each partition); it returns
// the record count.
func javaConsumeFunc(t testing.TB, tc *integration.TestCluster, timeout time.Duration, fn func(javaRecord), topics ...string) int {
	t.Helper()
	out := filepath.Join(t.TempDir(), "consumed.tsv")
	start := time.Now()
	args := append([]string{"consume", tc.BootstrapString(), out, strconv.FormatInt(timeout.Milliseconds(), 10)}, topics...)
	suitekit.RunJava(t, kwTool, tc, 512, timeout+30*time.Second, args...)
	javaRan := time.Since(start)
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	var fields [5][]byte
	for sc.Scan() {
		line := sc.Bytes()
		rest := line
		ok := true
		for i := range fields {
			if i == len(fields)-1 {
				fields[i] = rest
				break
			}
			j := bytes.IndexByte(rest, '\t')
			if j < 0 {
				ok = false
				break
			}
			fields[i], rest = rest[:j], rest[j+1:]
		}
		if !ok || bytes.IndexByte(fields[4], '\t') >= 0 {
			t.Fatalf("java consumer output: bad line %q", integration.Tail(string(line), 200))
		}
		p, err1 := strconv.ParseInt(string(fields[1]), 10, 32)
		o, err2 := strconv.ParseInt(string(fields[2]), 10, 64)
		k, err3 := suitekit.UnhexField(string(fields[3]))
		v, err4 := suitekit.UnhexField(string(fields[4]))
		if err1 != nil || err2 != nil || err3 != nil || err4 != nil {
			t.Fatalf("java consumer output: bad line %q", integration.Tail(string(line), 200))
		}
		fn(javaRecord{Topic: string(fields[0]), Partition: int32(p), Offset: o, Key: k, Value: v})
		n++
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("java consumer: %d records of %v in %v (JVM run %v)", n, topics, time.Since(start).Round(time.Millisecond), javaRan.Round(time.Millisecond))
	return n
}

// javaSent is one record's result as the Java producer reported it.
type javaSent struct {
	Topic     string
	Partition int32
	Offset    int64
	Key       []byte
}

// javaProduce sends recs ([key, value] pairs, nil for null) to each topic
// with Apache Kafka's KafkaProducer using that topic's compression.type.
func javaProduce(t testing.TB, tc *integration.TestCluster, timeout time.Duration, recs [][2][]byte, topicCodecs ...string) []javaSent {
	t.Helper()
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.tsv"), filepath.Join(dir, "out.tsv")
	var buf bytes.Buffer
	for _, r := range recs {
		buf.WriteString(suitekit.HexField(r[0]))
		buf.WriteByte('\t')
		buf.WriteString(suitekit.HexField(r[1]))
		buf.WriteByte('\n')
	}
	if err := os.WriteFile(in, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	args := append([]string{"produce", tc.BootstrapString(), in, out}, topicCodecs...)
	suitekit.RunJava(t, kwTool, tc, 512, timeout, args...)
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var sent []javaSent
	for _, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		if line == "" {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			t.Fatalf("java producer output: bad line %q", line)
		}
		p, _ := strconv.ParseInt(f[1], 10, 32)
		o, _ := strconv.ParseInt(f[2], 10, 64)
		k, err := suitekit.UnhexField(f[3])
		if err != nil {
			t.Fatalf("java producer output: bad line %q", line)
		}
		sent = append(sent, javaSent{Topic: f[0], Partition: int32(p), Offset: o, Key: k})
	}
	t.Logf("java producer: %d records to %v in %v", len(sent), topicCodecs, time.Since(start).Round(time.Millisecond))
	return sent
}
