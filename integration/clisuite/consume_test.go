package clisuite

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kafkawire/kafkawire/integration/suitekit"
)

// produceN writes records "v<i>" for i in [from, to) to partition 0 with kw.
func produceN(t *testing.T, brokers []string, topic string, from, to int) {
	t.Helper()
	var in bytes.Buffer
	for i := from; i < to; i++ {
		fmt.Fprintf(&in, "v%d\n", i)
	}
	kw(t, brokers, in.Bytes(), "produce", "-t", topic, "-p", "0")
}

// offsetsOut is what -f '%o\n' prints for offsets [from, to).
func offsetsOut(from, to int) string {
	var b strings.Builder
	for i := from; i < to; i++ {
		fmt.Fprintf(&b, "%d\n", i)
	}
	return b.String()
}

// TestConsumeGroupCommitAndResume: a group member commits what it printed
// (not what it fetched), so the next run with -c resumes right after it,
// and -e ends at the end.
func TestConsumeGroupCommitAndResume(t *testing.T) {
	tc := sharedCluster(t)
	brokers := tc.Bootstrap()
	topic := suite.NewTopic(t, brokers, "group", 1)
	produceN(t, brokers, topic, 0, 100)
	group := "g-" + topic
	if got := string(kw(t, brokers, nil, "consume", "-G", group, "-o", "beginning", "-c", "30", "-f", `%o\n`, topic)); got != offsetsOut(0, 30) {
		t.Fatalf("first run printed %q", got)
	}
	if got := string(kw(t, brokers, nil, "consume", "-G", group, "-c", "30", "-f", `%o\n`, topic)); got != offsetsOut(30, 60) {
		t.Fatalf("second run printed %q, want offsets 30-59", got)
	}
	if got := string(kw(t, brokers, nil, "consume", "-G", group, "-e", "-f", `%o\n`, topic)); got != offsetsOut(60, 100) {
		t.Fatalf("third run (-e) printed %q, want offsets 60-99", got)
	}
	// Everything is committed: a run to the end prints nothing and exits.
	if got := kw(t, brokers, nil, "consume", "-G", group, "-e", topic); len(got) != 0 {
		t.Fatalf("a fully committed group printed %q", got)
	}
}

// TestConsumeStartOffsets: -o offset, -o -n, -o end, -o s@timestamp, with
// -e and -c.
func TestConsumeStartOffsets(t *testing.T) {
	tc := sharedCluster(t)
	brokers := tc.Bootstrap()
	topic := suite.NewTopic(t, brokers, "offsets", 1)
	produceN(t, brokers, topic, 0, 50)
	time.Sleep(50 * time.Millisecond)
	mid := time.Now().UnixMilli()
	time.Sleep(50 * time.Millisecond)
	produceN(t, brokers, topic, 50, 80)
	f := []string{"-f", `%o\n`}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-o", "10", "-c", "5"}, offsetsOut(10, 15)},
		{[]string{"-o", "75", "-e"}, offsetsOut(75, 80)},
		{[]string{"-o", "-5", "-e"}, offsetsOut(75, 80)},
		{[]string{"-o", "-500", "-e", "-c", "3"}, offsetsOut(0, 3)},
		{[]string{"-o", "end", "-e"}, ""},
		{[]string{"-o", fmt.Sprintf("s@%d", mid), "-e"}, offsetsOut(50, 80)},
		{[]string{"-o", fmt.Sprintf("s@%d", time.Now().Add(time.Hour).UnixMilli()), "-e"}, ""},
		{[]string{"-e"}, offsetsOut(0, 80)},
	} {
		args := append(append([]string{"consume", "-t", topic}, tc.args...), f...)
		if got := string(kw(t, brokers, nil, args...)); got != tc.want {
			t.Errorf("kw %s: printed %q, want %q", strings.Join(tc.args, " "), got, tc.want)
		}
	}
	// Errors name the fault and exit 1.
	r := suitekit.RunCmd(t, time.Minute, nil, kwBin, "-b", strings.Join(brokers, ","), "consume", "-t", topic, "-p", "7", "-e")
	if r.Code != 1 || !bytes.Contains(r.Stderr, []byte("has 1 partitions, no partition 7")) {
		t.Fatalf("missing partition: exit %d, %s", r.Code, r.Stderr)
	}
}

// TestMetadata lists the broker and a topic's partitions.
func TestMetadata(t *testing.T) {
	tc := sharedCluster(t)
	brokers := tc.Bootstrap()
	topic := suite.NewTopic(t, brokers, "meta", 3)
	out := string(kw(t, brokers, nil, "metadata", "-t", topic))
	for _, want := range []string{" 1 brokers:\n", "broker 1 at " + brokers[0], fmt.Sprintf("topic %q with 3 partitions:", topic), "    partition 2, leader 1, replicas: 1, isrs: 1\n"} {
		if !strings.Contains(out, want) {
			t.Fatalf("metadata lacks %q:\n%s", want, out)
		}
	}
	if all := string(kw(t, brokers, nil, "metadata")); !strings.Contains(all, fmt.Sprintf("topic %q", topic)) || strings.Contains(all, "__consumer_offsets") {
		t.Fatalf("metadata of all topics:\n%s", all)
	}
}

// TestPropertiesFile: a Java client properties file (-F) configures both
// produce and consume, with producer and consumer keys side by side.
func TestPropertiesFile(t *testing.T) {
	tc := sharedCluster(t)
	brokers := tc.Bootstrap()
	topic := suite.NewTopic(t, brokers, "props", 1)
	file := filepath.Join(t.TempDir(), "client.properties")
	props := "# as a Java user writes it\n" +
		"bootstrap.servers=" + strings.Join(brokers, ",") + "\n" +
		"client.id=kw-props-test\nsecurity.protocol=PLAINTEXT\nrequest.timeout.ms=20000\n" +
		"acks=all\nlinger.ms=10\nbatch.size=32768\ncompression.type=lz4\nenable.idempotence=true\n" +
		"key.serializer=org.apache.kafka.common.serialization.StringSerializer\n" +
		"group.id=g-" + topic + "\nauto.offset.reset=earliest\nisolation.level=read_committed\n" +
		"key.deserializer=org.apache.kafka.common.serialization.StringDeserializer\n"
	if err := os.WriteFile(file, []byte(props), 0o600); err != nil {
		t.Fatal(err)
	}
	suitekit.MustRunCmd(t, time.Minute, []byte("a\nb\nc\n"), kwBin, "-F", file, "produce", "-t", topic)
	got := suitekit.MustRunCmd(t, time.Minute, nil, kwBin, "-F", file, "consume", "-G", "g-"+topic, "-e", "-f", `%s\n`, topic)
	if string(got) != "a\nb\nc\n" {
		t.Fatalf("read %q", got)
	}
	// A typo in the file is a usage error naming the key.
	if err := os.WriteFile(file, []byte(props+"linger.msec=5\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := suitekit.RunCmd(t, time.Minute, []byte("x\n"), kwBin, "-F", file, "produce", "-t", topic)
	if r.Code != 2 || !bytes.Contains(r.Stderr, []byte(`linger.msec: unknown key (did you mean "linger.ms"?)`)) {
		t.Fatalf("typo: exit %d, %s", r.Code, r.Stderr)
	}
}
