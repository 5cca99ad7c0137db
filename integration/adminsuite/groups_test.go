package adminsuite

import (
	"context"
	"errors"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/admin"
	"github.com/kafkawire/kafkawire/consumer"
	"github.com/kafkawire/kafkawire/integration"
)

// activeGroup starts a classic consumer group member on topic, has it read
// until it owns every partition, and commits commits; it is closed when the
// test ends (or by the returned func).
func activeGroup(t *testing.T, tc *integration.TestCluster, topic string, commits map[kafkawire.TopicPartition]int64) (string, func()) {
	t.Helper()
	group := suite.Uniq("group")
	c, err := consumer.New(consumer.Config{Brokers: tc.Bootstrap(), GroupID: group, ClientID: "adminsuite", AutoCommit: consumer.Disabled,
		AutoOffsetReset: consumer.ResetEarliest, GroupProtocol: consumer.GroupProtocolClassic})
	if err != nil {
		t.Fatal(err)
	}
	closed := false
	closeFn := func() {
		if !closed {
			closed = true
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			c.Close(ctx)
		}
	}
	t.Cleanup(closeFn)
	if err := c.Subscribe(topic); err != nil {
		t.Fatal(err)
	}
	ctx := testCtx(t)
	for len(c.Assignment()) == 0 {
		pctx, cancel := context.WithTimeout(ctx, time.Second)
		_, err := c.Poll(pctx)
		cancel()
		if ctx.Err() != nil {
			t.Fatalf("consumer never got partitions: %v", err)
		}
	}
	offs := map[kafkawire.TopicPartition]kafkawire.Offset{}
	for tp, o := range commits {
		offs[tp] = kafkawire.Offset{Offset: o, LeaderEpoch: -1}
	}
	if err := c.CommitOffsets(ctx, offs); err != nil {
		t.Fatalf("committing %v: %v", commits, err)
	}
	return group, closeFn
}

// TestGroups lists, describes, and measures the lag of a live group (the
// lag equal to what Kafka's kafka-consumer-groups tool reports), then
// resets, alters and deletes its offsets and deletes it; every call has a
// failing item beside succeeding ones.
func TestGroups(t *testing.T) {
	tc := cluster(t)
	a := newAdmin(t, tc)
	ctx := testCtx(t)
	topic := newTopic(t, a, "groups", 3)
	ts0 := time.Now().Add(-time.Hour).Truncate(time.Millisecond)
	produce(t, tc, topic, []int32{0, 1, 2}, 10, ts0)
	tp := func(p int32) kafkawire.TopicPartition { return kafkawire.TopicPartition{Topic: topic, Partition: p} }
	group, closeMember := activeGroup(t, tc, topic, map[kafkawire.TopicPartition]int64{tp(0): 4, tp(1): 7})

	groups, err := a.ListGroups(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var listed *admin.GroupListing
	for i := range groups {
		if groups[i].ID == group {
			listed = &groups[i]
		}
	}
	if listed == nil || listed.State != "Stable" || listed.ProtocolType != "consumer" {
		t.Fatalf("ListGroups: %s is %+v", group, listed)
	}

	missing := suite.Uniq("no-group")
	descs, err := a.DescribeGroups(ctx, group, missing)
	t.Logf("DescribeGroups of a group that does not exist: %+v (err %v)", descs[1:], err)
	d := descs[0]
	if d.Err != nil || d.State != "Stable" || d.Protocol != "range" || len(d.Members) != 1 || len(d.Members[0].Assignment) != 3 || d.Members[0].ClientID != "adminsuite" {
		t.Fatalf("DescribeGroups %s: %+v", group, d)
	}
	if !errors.Is(descs[1].Err, kafkawire.ErrGroupIDNotFound) || !errors.Is(err, kafkawire.ErrGroupIDNotFound) {
		t.Fatalf("DescribeGroups %s (no such group): %+v, %v", missing, descs[1], err)
	}

	lag, err := a.GroupLag(ctx, group, admin.ReadUncommitted)
	if err != nil || len(lag) != 3 {
		t.Fatalf("GroupLag: %+v, %v", lag, err)
	}
	want := [][3]int64{{4, 10, 6}, {7, 10, 3}, {-1, 10, -1}}
	for i, r := range lag {
		if [3]int64{r.Committed, r.End, r.Lag} != want[i] || r.MemberID != d.Members[0].MemberID {
			t.Fatalf("GroupLag row %d: %+v, want committed/end/lag %v", i, r, want[i])
		}
	}
	java := javaDescribe(t, tc, group)
	for _, r := range lag {
		j, ok := java[r.TopicPartition]
		if !ok {
			t.Fatalf("kafka-consumer-groups has no row for %v: %v", r.TopicPartition, java)
		}
		if got := lagRow(r); got != j {
			t.Fatalf("%v: kafkawire %v, kafka-consumer-groups %v", r.TopicPartition, got, j)
		}
	}
	if len(java) != len(lag) {
		t.Fatalf("kafka-consumer-groups: %d rows, kafkawire %d", len(java), len(lag))
	}
	kwLagMatches(t, tc, group, java)

	// While the member is alive: no delete, no offset deletion of its topic,
	// no commits from outside its generation.
	err = a.DeleteGroups(ctx, group)
	if ies := admin.ItemErrors(err); len(ies) != 1 || !errors.Is(ies[0], kafkawire.ErrNonEmptyGroup) {
		t.Fatalf("DeleteGroups of an active group: want NON_EMPTY_GROUP, got %v", err)
	}
	err = a.DeleteGroupOffsets(ctx, group, tp(0))
	if ies := admin.ItemErrors(err); len(ies) != 1 || !errors.Is(ies[0], kafkawire.ErrGroupSubscribedToTopic) {
		t.Fatalf("DeleteGroupOffsets of a subscribed topic: want GROUP_SUBSCRIBED_TO_TOPIC, got %v", err)
	}
	if err := a.AlterGroupOffsets(ctx, group, map[kafkawire.TopicPartition]int64{tp(0): 0}); err == nil {
		t.Fatal("AlterGroupOffsets of an active group succeeded")
	} else {
		t.Logf("AlterGroupOffsets of an active group: %v", err)
	}

	closeMember()
	waitEmpty(t, a, group)

	all := []kafkawire.TopicPartition{tp(0), tp(1), tp(2)}
	nope := kafkawire.TopicPartition{Topic: suite.Uniq("missing"), Partition: 0}
	for name, c := range map[string]struct {
		to   admin.ResetTo
		want int64
	}{
		"earliest":  {admin.ResetTo{Earliest: true}, 0},
		"latest":    {admin.ResetTo{Latest: true}, 10},
		"offset 3":  {admin.ResetTo{Offset: ptr(int64(3))}, 3},
		"offset 99": {admin.ResetTo{Offset: ptr(int64(99))}, 10},
		"timestamp": {admin.ResetTo{Timestamp: ptr(ts0.Add(6 * time.Millisecond).UnixMilli())}, 6},
		"future":    {admin.ResetTo{Timestamp: ptr(time.Now().Add(time.Hour).UnixMilli())}, 10},
	} {
		plan, err := a.PlanReset(ctx, append(all, nope), c.to)
		if ies := admin.ItemErrors(err); len(ies) != 1 || len(plan) != 3 {
			t.Fatalf("PlanReset %s: want 3 partitions and errors for %v, got %v (%v)", name, nope, plan, err)
		}
		for _, p := range all {
			if plan[p] != c.want {
				t.Fatalf("PlanReset %s: %v -> %d, want %d", name, p, plan[p], c.want)
			}
		}
	}
	moved, err := a.ResetGroupOffsets(ctx, group, all, admin.ResetTo{Offset: ptr(int64(2))})
	if err != nil || len(moved) != 3 {
		t.Fatalf("ResetGroupOffsets: %v, %v", moved, err)
	}
	err = a.AlterGroupOffsets(ctx, group, map[kafkawire.TopicPartition]int64{tp(0): 1, nope: 1})
	if ies := admin.ItemErrors(err); len(ies) != 1 || !strings.Contains(ies[0].Item, nope.Topic) {
		t.Fatalf("AlterGroupOffsets with a missing topic: want one error for %v, got %v", nope, err)
	}
	t.Logf("AlterGroupOffsets per-item error: %v", err)
	offs, err := a.ListGroupOffsets(ctx, group, true)
	if err != nil || offs[tp(0)].Offset != 1 || offs[tp(1)].Offset != 2 || offs[tp(2)].Offset != 2 {
		t.Fatalf("ListGroupOffsets after reset and alter: %+v, %v", offs, err)
	}
	if err := a.DeleteGroupOffsets(ctx, group, tp(1), tp(2)); err != nil {
		t.Fatalf("DeleteGroupOffsets of an empty group: %v", err)
	}
	offs, err = a.ListGroupOffsets(ctx, group, false)
	if _, has := offs[tp(1)]; err != nil || has || len(offs) != 1 {
		t.Fatalf("ListGroupOffsets after DeleteGroupOffsets: %+v, %v", offs, err)
	}

	err = a.DeleteGroups(ctx, group, missing)
	if ies := admin.ItemErrors(err); len(ies) != 1 || !errors.Is(ies[0], kafkawire.ErrGroupIDNotFound) {
		t.Fatalf("DeleteGroups: want one GROUP_ID_NOT_FOUND for %s, got %v", missing, err)
	}
	t.Logf("DeleteGroups per-item error: %v", err)
	groups, err = a.ListGroups(ctx)
	for _, g := range groups {
		if g.ID == group {
			t.Fatalf("ListGroups after DeleteGroups still has %+v", g)
		}
	}
}

func ptr[T any](v T) *T { return &v }

// lagRow is a row's CURRENT-OFFSET, LOG-END-OFFSET and LAG as Java's tool
// prints them ("-" for unknown).
func lagRow(r admin.PartitionLag) [3]string {
	s := func(v int64) string {
		if v < 0 {
			return "-"
		}
		return strconv.FormatInt(v, 10)
	}
	return [3]string{s(r.Committed), s(r.End), s(r.Lag)}
}

// javaDescribe runs Kafka's kafka-consumer-groups --describe (from the
// broker's jars) and returns its rows by partition.
func javaDescribe(t *testing.T, tc *integration.TestCluster, group string) map[kafkawire.TopicPartition][3]string {
	t.Helper()
	version := tc.Options().Version
	if version == "" {
		version = integration.DefaultVersion
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	start := time.Now()
	// The tool moved from core (Scala) to the tools module in Kafka 3.8.
	class := "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand"
	if strings.HasPrefix(version, "3.7.") {
		class = "kafka.admin.ConsumerGroupCommand"
	}
	cmd := exec.CommandContext(ctx, "java", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", integration.Classpath(version),
		class, "--bootstrap-server", tc.BootstrapString(), "--describe", "--group", group)
	out, err := cmd.Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("kafka-consumer-groups --describe: %v\n%s\n%s", err, out, stderr)
	}
	t.Logf("kafka-consumer-groups --describe (Kafka %s, %.1fs):\n%s", version, time.Since(start).Seconds(), out)
	return parseDescribe(t, string(out), group)
}

// parseDescribe reads the GROUP TOPIC PARTITION CURRENT-OFFSET
// LOG-END-OFFSET LAG ... table that both Java's tool and `kw groups lag`
// print.
func parseDescribe(t *testing.T, out, group string) map[kafkawire.TopicPartition][3]string {
	t.Helper()
	rows := map[kafkawire.TopicPartition][3]string{}
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) < 6 || f[0] != group {
			continue
		}
		p, err := strconv.Atoi(f[2])
		if err != nil {
			t.Fatalf("row %q: partition %q: %v", line, f[2], err)
		}
		rows[kafkawire.TopicPartition{Topic: f[1], Partition: int32(p)}] = [3]string{f[3], f[4], f[5]}
	}
	if len(rows) == 0 {
		t.Fatalf("no rows for group %s in:\n%s", group, out)
	}
	return rows
}
