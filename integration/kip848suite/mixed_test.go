package kip848suite

import (
	"context"
	"testing"
	"time"

	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/integration"
	"github.com/kafkawire/kafkawire/protocol"
)

// Our consumer-protocol members and Java's (group.protocol=consumer) in
// one group split 12 partitions exactly and read 12,000 records exactly
// once.
func TestMixedWithJava(t *testing.T) {
	tc := sharedCluster(t)
	kw848.Compile(t, tc)
	topic := newTopic(t, tc.Bootstrap(), uniq("mixed"), 12)
	groupID := uniq("gm")
	o := memberOpts{protocol: "consumer"}
	m := []*proc{
		startMember(t, tc, "go-1", topic, groupID, o),
		startJava(t, tc, "java-1", topic, groupID, "consumer"),
		startMember(t, tc, "go-2", topic, groupID, o),
	}
	took := waitSplit(t, "Go and Java members split 12 partitions", 90*time.Second, 12, []int{4, 4, 4}, m...)
	t.Logf("kafka=%s: 2 kafkawire + 1 Java consumer-protocol members settled in %v: %v %v %v", kafkaVersion(), took.Round(time.Millisecond),
		m[0].getAssignment(), m[1].getAssignment(), m[2].getAssignment())
	produce(t, tc.Bootstrap(), topic, 12_000)
	seen := waitRead(t, 12_000, 90*time.Second, m...)
	time.Sleep(2 * time.Second) // a duplicate would show up by now
	seen = readCounts(m...)
	if len(seen) != 12_000 || dups(seen) != 0 {
		t.Errorf("read %d distinct records with %d duplicates, want 12000 exactly once", len(seen), dups(seen))
	}
	for _, p := range m {
		t.Logf("%s read %d records", p.name, len(readCounts(p)))
		if len(readCounts(p)) != 4000 {
			t.Errorf("%s read %d records, want its 4 partitions' 4000", p.name, len(readCounts(p)))
		}
		p.stop(t)
	}
	checkCommits(t, m[0], m[2])
}

// Our members with the default protocol (auto: the consumer protocol on
// 4.x) and a classic peer (Java, group.protocol=classic) joining the
// consumer group they formed: the broker runs the classic member in it;
// the three split 12 partitions exactly and read 12,000 records once.
func TestDefaultWithClassicPeer(t *testing.T) {
	tc := sharedCluster(t)
	kw848.Compile(t, tc)
	topic := newTopic(t, tc.Bootstrap(), uniq("peer"), 12)
	groupID := uniq("gc")
	def := memberOpts{} // GroupProtocol unset: the default
	m := []*proc{startMember(t, tc, "go-1", topic, groupID, def)}
	waitSplit(t, "the first member takes every partition", 60*time.Second, 12, []int{12}, m...)
	if typ := groupType(t, tc, groupID); typ != "consumer" {
		t.Fatalf("the default protocol formed a %q group, want consumer", typ)
	}
	m = append(m, startJava(t, tc, "java-classic", topic, groupID, "classic"), startMember(t, tc, "go-2", topic, groupID, def))
	took := waitSplit(t, "2 default members and a classic Java one split 12 partitions", 90*time.Second, 12, []int{4, 4, 4}, m...)
	t.Logf("kafka=%s: 2 default kafkawire members + 1 classic Java member settled in %v: %v %v %v", kafkaVersion(), took.Round(time.Millisecond),
		m[0].getAssignment(), m[1].getAssignment(), m[2].getAssignment())
	produce(t, tc.Bootstrap(), topic, 12_000)
	waitRead(t, 12_000, 90*time.Second, m...)
	time.Sleep(2 * time.Second) // a duplicate would show up by now
	seen := readCounts(m...)
	if len(seen) != 12_000 || dups(seen) != 0 {
		t.Errorf("read %d distinct records with %d duplicates, want 12000 exactly once", len(seen), dups(seen))
	}
	if typ := groupType(t, tc, groupID); typ != "consumer" {
		t.Errorf("with a classic member in it the broker lists the group as %q, want consumer", typ)
	}
	for _, p := range m {
		p.stop(t)
	}
	checkCommits(t, m[0], m[2])
}

// A classic group converted online: its three classic members are
// restarted one by one with the consumer protocol (KIP-848's upgrade path)
// while records keep coming; nothing is lost.
func TestOnlineConversion(t *testing.T) {
	tc := sharedCluster(t)
	topic := newTopic(t, tc.Bootstrap(), uniq("convert"), 12)
	groupID := uniq("gv")
	produce(t, tc.Bootstrap(), topic, 1200)
	classic := memberOpts{protocol: "classic", rate: 2000}
	m := []*proc{
		startMember(t, tc, "classic-0", topic, groupID, classic),
		startMember(t, tc, "classic-1", topic, groupID, classic),
		startMember(t, tc, "classic-2", topic, groupID, classic),
	}
	waitSplit(t, "classic members settle", 60*time.Second, 12, []int{4, 4, 4}, m...)
	if typ := groupType(t, tc, groupID); typ != "classic" {
		t.Fatalf("before the conversion the broker lists the group as %q, want classic", typ)
	}
	all := append([]*proc(nil), m...)
	total := 1200
	for i := range m {
		m[i].stop(t)
		m[i] = startMember(t, tc, "consumer-"+string(rune('0'+i)), topic, groupID, memberOpts{protocol: "consumer", rate: 2000})
		all = append(all, m[i])
		took := waitSplit(t, "the group settles after a member switched protocol", 90*time.Second, 12, []int{4, 4, 4}, m...)
		t.Logf("member %d now on the consumer protocol; group settled in %v", i, took.Round(time.Millisecond))
		produce(t, tc.Bootstrap(), topic, 1200)
		total += 1200
	}
	seen := waitRead(t, total, 90*time.Second, all...)
	if typ := groupType(t, tc, groupID); typ != "consumer" {
		t.Errorf("after the conversion the broker lists the group as %q, want consumer", typ)
	}
	t.Logf("kafka=%s: online conversion: %d records read, %d read twice (at-least-once across the restarts)", kafkaVersion(), len(seen), dups(seen))
	for _, p := range m {
		p.stop(t)
	}
	checkCommits(t, all...)
}

// groupType is the type the broker lists the group under (ListGroups v5:
// "classic" or "consumer"), or "" if it lists none.
func groupType(t testing.TB, tc *integration.TestCluster, groupID string) string {
	t.Helper()
	cl, err := conn.NewCluster(conn.ClusterConfig{Bootstrap: tc.Bootstrap()})
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cn, err := cl.Coordinator(ctx, conn.GroupCoordinator, groupID)
	if err != nil {
		t.Fatal(err)
	}
	var resp protocol.ListGroupsResponse
	if err := cn.RoundTripVersion(ctx, &protocol.ListGroupsRequest{}, &resp, 5); err != nil {
		t.Fatalf("ListGroups v5: %v", err)
	}
	for _, g := range resp.Groups {
		if g.GroupID == groupID {
			return g.GroupType
		}
	}
	return ""
}
