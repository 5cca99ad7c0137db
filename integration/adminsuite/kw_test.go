package adminsuite

import (
	"strconv"
	"strings"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/integration"
	"github.com/kafkawire/kafkawire/integration/suitekit"
)

// kw runs the binary against tc and returns stdout, stderr and the exit
// status.
func kw(t *testing.T, tc *integration.TestCluster, args ...string) (string, string, int) {
	t.Helper()
	r := suitekit.RunCmd(t, 3*time.Minute, nil, suitekit.Kw.Path(t), append([]string{"-b", tc.BootstrapString()}, args...)...)
	return string(r.Stdout), string(r.Stderr), r.Code
}

func kwOK(t *testing.T, tc *integration.TestCluster, args ...string) string {
	t.Helper()
	out, errOut, code := kw(t, tc, args...)
	if code != 0 {
		t.Fatalf("kw %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

// kwLagMatches checks `kw groups lag` against the Java tool's rows.
func kwLagMatches(t *testing.T, tc *integration.TestCluster, group string, java map[kafkawire.TopicPartition][3]string) {
	t.Helper()
	out := kwOK(t, tc, "groups", "lag", "-group", group)
	t.Logf("kw groups lag:\n%s", out)
	got := parseDescribe(t, out, group)
	if len(got) != len(java) {
		t.Fatalf("kw groups lag: %d rows, kafka-consumer-groups %d", len(got), len(java))
	}
	for tp, j := range java {
		if got[tp] != j {
			t.Fatalf("%v: kw groups lag %v, kafka-consumer-groups %v", tp, got[tp], j)
		}
	}
}

func TestKwTopicsAndConfigs(t *testing.T) {
	tc := cluster(t)
	a := newAdmin(t, tc)
	ctx := testCtx(t)
	info, err := a.DescribeCluster(ctx)
	if err != nil {
		t.Fatal(err)
	}
	node := info.Brokers[0].NodeID
	topic, placed := suite.Uniq("kw"), suite.Uniq("kw-placed")
	out := kwOK(t, tc, "topics", "create", "-topic", topic, "-partitions", "3", "-replication-factor", "1", "-config", "cleanup.policy=compact")
	if !strings.Contains(out, "Created topic "+topic) {
		t.Fatalf("kw topics create: %q", out)
	}
	n := itoa(node)
	kwOK(t, tc, "topics", "create", "-topic", placed, "-replica-assignment", n+","+n)
	// A topic that exists: exit status 1, the error names it.
	_, errOut, code := kw(t, tc, "topics", "create", "-topic", topic)
	if code != 1 || !strings.Contains(errOut, "TOPIC_ALREADY_EXISTS") || !strings.Contains(errOut, topic) {
		t.Fatalf("kw topics create of an existing topic: exit %d, %q", code, errOut)
	}
	if _, errOut, code = kw(t, tc, "topics", "create"); code != 2 || !strings.Contains(errOut, "-topic is required") {
		t.Fatalf("kw topics create without -topic: exit %d, %q", code, errOut)
	}
	out = kwOK(t, tc, "topics", "list")
	if !strings.Contains(out, topic+"\n") || !strings.Contains(out, placed+"\n") || strings.Contains(out, "__consumer_offsets") {
		t.Fatalf("kw topics list: %q", out)
	}
	out = kwOK(t, tc, "topics", "describe", "-topic", topic, "-topic", placed)
	for _, want := range []string{"Topic: " + topic + "\t", "PartitionCount: 3\tReplicationFactor: 1\tConfigs: cleanup.policy=compact",
		"Partition: 2\tLeader: " + n + "\tReplicas: " + n + "\tIsr: " + n, "Topic: " + placed + "\t", "PartitionCount: 2"} {
		if !strings.Contains(out, want) {
			t.Fatalf("kw topics describe lacks %q:\n%s", want, out)
		}
	}

	kwOK(t, tc, "configs", "alter", "-topic", topic, "-set", "retention.ms=77777", "-delete", "cleanup.policy")
	eventually(func() bool {
		out = kwOK(t, tc, "configs", "describe", "-topic", topic)
		return strings.Contains(out, "retention.ms=77777\t(topic)") && !strings.Contains(out, "cleanup.policy")
	})
	if !strings.Contains(out, "retention.ms=77777\t(topic)") || strings.Contains(out, "cleanup.policy") {
		t.Fatalf("kw configs describe after alter:\n%s", out)
	}
	if out = kwOK(t, tc, "configs", "describe", "-topic", topic, "-all"); !strings.Contains(out, "cleanup.policy=delete\t(default)") {
		t.Fatalf("kw configs describe -all:\n%s", out)
	}
	if _, errOut, code = kw(t, tc, "configs", "alter", "-topic", topic, "-set", "no.such.config=1"); code != 1 || !strings.Contains(errOut, "INVALID_CONFIG") {
		t.Fatalf("kw configs alter of an unknown config: exit %d, %q", code, errOut)
	}
	if out = kwOK(t, tc, "configs", "describe", "-broker", n, "-all"); !strings.Contains(out, "log.dirs=") {
		t.Fatalf("kw configs describe -broker:\n%s", out)
	}

	out = kwOK(t, tc, "topics", "delete", "-topic", topic, "-topic", placed)
	if !strings.Contains(out, "Deleted topic "+topic) || !strings.Contains(out, "Deleted topic "+placed) {
		t.Fatalf("kw topics delete: %q", out)
	}
}

// TestKwGroups lists, describes and resets a group with kw: a reset is a
// dry run unless -execute.
func TestKwGroups(t *testing.T) {
	tc := cluster(t)
	a := newAdmin(t, tc)
	ctx := testCtx(t)
	topic := newTopic(t, a, "kw-groups", 2)
	ts0 := time.Now().Add(-time.Hour).Truncate(time.Millisecond)
	produce(t, tc, topic, []int32{0, 1}, 10, ts0)
	tp := func(p int32) kafkawire.TopicPartition { return kafkawire.TopicPartition{Topic: topic, Partition: p} }
	group, closeMember := activeGroup(t, tc, topic, map[kafkawire.TopicPartition]int64{tp(0): 8, tp(1): 9})

	if out := kwOK(t, tc, "groups", "list"); !strings.Contains(out, group) || !strings.Contains(out, "Stable") {
		t.Fatalf("kw groups list:\n%s", out)
	}
	if out := kwOK(t, tc, "groups", "describe", "-group", group); !strings.Contains(out, "adminsuite") || !strings.Contains(out, topic+"(0,1)") {
		t.Fatalf("kw groups describe:\n%s", out)
	}
	closeMember()
	waitEmpty(t, a, group)

	out, errOut, code := kw(t, tc, "groups", "reset", "-group", group, "-topic", topic, "-to-datetime", ts0.Add(4*time.Millisecond).Format("2006-01-02T15:04:05.000Z07:00"))
	if code != 0 || !strings.Contains(errOut, "dry run") || !strings.Contains(out, "NEW-OFFSET") {
		t.Fatalf("kw groups reset (dry run): exit %d\n%s\n%s", code, out, errOut)
	}
	rows := parseReset(out, group)
	if rows[tp(0)] != "4" || rows[tp(1)] != "4" {
		t.Fatalf("kw groups reset -to-datetime: %v\n%s", rows, out)
	}
	if offs, err := a.ListGroupOffsets(ctx, group, false); err != nil || offs[tp(0)].Offset != 8 {
		t.Fatalf("a dry run committed: %+v, %v", offs, err)
	}
	kwOK(t, tc, "groups", "reset", "-group", group, "-all-topics", "-to-offset", "3", "-execute")
	offs, err := a.ListGroupOffsets(ctx, group, false)
	if err != nil || offs[tp(0)].Offset != 3 || offs[tp(1)].Offset != 3 {
		t.Fatalf("after kw groups reset -execute: %+v, %v", offs, err)
	}
	kwOK(t, tc, "groups", "reset", "-group", group, "-topic", topic+":1", "-to-latest", "-execute")
	if offs, err = a.ListGroupOffsets(ctx, group, false); err != nil || offs[tp(0)].Offset != 3 || offs[tp(1)].Offset != 10 {
		t.Fatalf("after kw groups reset of %s:1 -to-latest: %+v, %v", topic, offs, err)
	}
	if _, errOut, code = kw(t, tc, "groups", "reset", "-group", group, "-all-topics", "-to-latest", "-to-earliest"); code != 2 {
		t.Fatalf("kw groups reset with two targets: exit %d, %q", code, errOut)
	}
	if _, errOut, code = kw(t, tc, "groups", "describe", "-group", suite.Uniq("none")); code != 1 || !strings.Contains(errOut, "GROUP_ID_NOT_FOUND") {
		t.Fatalf("kw groups describe of a missing group: exit %d, %q", code, errOut)
	}
}

// parseReset reads kw groups reset's GROUP TOPIC PARTITION NEW-OFFSET rows.
func parseReset(out, group string) map[kafkawire.TopicPartition]string {
	rows := map[kafkawire.TopicPartition]string{}
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) == 4 && f[0] == group {
			p := 0
			for _, c := range f[2] {
				p = p*10 + int(c-'0')
			}
			rows[kafkawire.TopicPartition{Topic: f[1], Partition: int32(p)}] = f[3]
		}
	}
	return rows
}

func itoa(n int32) string { return strconv.Itoa(int(n)) }
