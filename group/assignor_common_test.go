package group

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	kafkawire "github.com/kafkawire/kafkawire"
)

// tps parses "t0p0 t0p1 ..." (topic, then "p", then partition; the last
// "p" separates) into a list, never nil.
func tps(s string) []kafkawire.TopicPartition {
	out := []kafkawire.TopicPartition{}
	for _, f := range strings.Fields(s) {
		i := strings.LastIndexByte(f, 'p')
		n, err := strconv.Atoi(f[i+1:])
		if i <= 0 || err != nil {
			panic("bad topic-partition " + f)
		}
		out = append(out, kafkawire.TopicPartition{Topic: f[:i], Partition: int32(n)})
	}
	return out
}

func strPtr(s string) *string { return &s }

func newTestRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)) }

func sortMembersJava(ms []*Member) { slices.SortFunc(ms, compareMembersJava) }

func sortTPs(l []kafkawire.TopicPartition) { slices.SortFunc(l, compareTopicPartitions) }

// sub builds a member subscribed to the given comma-separated topics.
func sub(id, topics string) Member {
	m := Member{ID: id, Generation: -1}
	if topics != "" {
		m.Topics = strings.Split(topics, ",")
	}
	return m
}

// subscribes reports whether m subscribes to topic.
func subscribes(m *Member, topic string) bool { return slices.Contains(m.Topics, topic) }

// assignmentProblems checks an assignor's result: one entry per member and
// nothing else; each partition at most once, to a member subscribed to its
// topic, and existing. If complete, every partition of every topic some
// member subscribes to must be assigned.
func assignmentProblems(members []Member, partitions map[string]int32, result map[string][]kafkawire.TopicPartition, complete bool) []string {
	var problems []string
	if len(result) != len(members) {
		problems = append(problems, fmt.Sprintf("%d members but %d entries", len(members), len(result)))
	}
	seen := map[kafkawire.TopicPartition]string{}
	for i := range members {
		m := &members[i]
		list, ok := result[m.ID]
		if !ok {
			problems = append(problems, fmt.Sprintf("member %q missing", m.ID))
			continue
		}
		if list == nil {
			problems = append(problems, fmt.Sprintf("member %q has a nil list", m.ID))
		}
		if !slices.IsSortedFunc(list, compareTopicPartitions) {
			problems = append(problems, fmt.Sprintf("member %q: list not sorted", m.ID))
		}
		for _, tp := range list {
			if other, dup := seen[tp]; dup {
				problems = append(problems, fmt.Sprintf("%v assigned to %q and %q", tp, other, m.ID))
			}
			seen[tp] = m.ID
			if !subscribes(m, tp.Topic) {
				problems = append(problems, fmt.Sprintf("%v assigned to %q, not subscribed", tp, m.ID))
			}
			if tp.Partition < 0 || tp.Partition >= partitions[tp.Topic] {
				problems = append(problems, fmt.Sprintf("%v does not exist", tp))
			}
		}
	}
	if complete {
		for topic, n := range partitions {
			if !slices.ContainsFunc(members, func(m Member) bool { return subscribes(&m, topic) }) {
				continue
			}
			for p := range n {
				if _, ok := seen[kafkawire.TopicPartition{Topic: topic, Partition: p}]; !ok {
					problems = append(problems, fmt.Sprintf("%s-%d unassigned", topic, p))
				}
			}
		}
	}
	return problems
}

func requireValid(t testing.TB, members []Member, partitions map[string]int32, result map[string][]kafkawire.TopicPartition) {
	t.Helper()
	require.Empty(t, assignmentProblems(members, partitions, result, true), "result: %v", result)
}

// loads returns how many partitions each member has.
func loads(result map[string][]kafkawire.TopicPartition) map[string]int {
	out := map[string]int{}
	for id, l := range result {
		out[id] = len(l)
	}
	return out
}

// spread is the max minus the min number of partitions per member.
func spread(result map[string][]kafkawire.TopicPartition) int {
	lo, hi := -1, 0
	for _, l := range result {
		if lo < 0 || len(l) < lo {
			lo = len(l)
		}
		hi = max(hi, len(l))
	}
	return hi - max(lo, 0)
}

// randomGroup makes a random group: 1-6 topics of 0-12 partitions (some
// possibly missing from metadata), 1-10 members, with equal subscriptions
// when same is true.
func randomGroup(r *rand.Rand, same bool) ([]Member, map[string]int32) {
	nTopics := 1 + r.IntN(6)
	partitions := map[string]int32{}
	var topics []string
	for i := range nTopics {
		name := fmt.Sprintf("topic%c", 'a'+i)
		topics = append(topics, name)
		if r.IntN(10) > 0 {
			partitions[name] = int32(r.IntN(13))
		}
	}
	pick := func() []string {
		var out []string
		for _, t := range topics {
			if r.IntN(2) == 0 {
				out = append(out, t)
			}
		}
		return out
	}
	common := pick()
	nMembers := 1 + r.IntN(10)
	members := make([]Member, nMembers)
	for i := range members {
		members[i] = Member{ID: fmt.Sprintf("member-%02d-%d", i, r.IntN(1000)), Generation: -1}
		if same {
			members[i].Topics = slices.Clone(common)
		} else {
			members[i].Topics = pick()
		}
	}
	return members, partitions
}

func allAssignors() []Assignor {
	return []Assignor{RangeAssignor(), RoundRobinAssignor(), CooperativeStickyAssignor()}
}

func TestAssignorByName(t *testing.T) {
	for _, tc := range []struct {
		name     string
		protocol RebalanceProtocol
	}{
		{"range", Eager},
		{"roundrobin", Eager},
		{"cooperative-sticky", Cooperative},
	} {
		a, err := AssignorByName(tc.name)
		require.NoError(t, err)
		assert.Equal(t, tc.name, a.Name())
		assert.Equal(t, tc.protocol, a.Protocol())
	}
	for _, bad := range []string{"", "sticky", "Range", "uniform", "cooperative_sticky"} {
		_, err := AssignorByName(bad)
		require.Error(t, err, bad)
		for _, valid := range []string{`"range"`, `"roundrobin"`, `"cooperative-sticky"`} {
			assert.Contains(t, err.Error(), valid)
		}
	}
}

func TestRebalanceProtocolString(t *testing.T) {
	assert.Equal(t, "eager", Eager.String())
	assert.Equal(t, "cooperative", Cooperative.String())
	assert.Equal(t, "RebalanceProtocol(7)", RebalanceProtocol(7).String())
}

func TestCompareJavaStrings(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "a", -1},
		{"a", "", 1},
		{"abc", "abd", -1},
		{"abc", "ab", 1},
		{"consumer-1-x", "consumer-10-x", -1},
		{"Z", "a", -1},
		{"é", "z", 1},
		{"é", "é", 0},
		// U+FFFF is one UTF-16 unit 0xFFFF; U+10000 is the surrogate pair
		// 0xD800 0xDC00, so Java puts it first, unlike a byte comparison.
		{"\uffff", "\U00010000", 1},
		{"a\U00010000", "a\uffff", -1},
		{"\ue000", "\U0001F600", 1},
		{"\U0001F600", "\U0001F601", -1},
		{"\U0001F600", "\U0001F600x", -1},
		{"\u00ff", "\u0100", -1},
	} {
		got := compareJavaStrings(tc.a, tc.b)
		assert.Equal(t, tc.want, max(-1, min(1, got)), "%q vs %q", tc.a, tc.b)
	}
}

func TestCompareMembersJava(t *testing.T) {
	members := []Member{
		{ID: "m-0"},
		{ID: "m-3", InstanceID: strPtr("b")},
		{ID: "m-1"},
		{ID: "m-2", InstanceID: strPtr("a")},
		{ID: "m-4", InstanceID: strPtr("b")}, // equal instance ids: member id decides
	}
	slices.SortFunc(members, func(a, b Member) int { return compareMembersJava(&a, &b) })
	var ids []string
	for _, m := range members {
		ids = append(ids, m.ID)
	}
	assert.Equal(t, []string{"m-2", "m-3", "m-4", "m-0", "m-1"}, ids)
}

func TestAssignorsRejectBadInput(t *testing.T) {
	for _, a := range allAssignors() {
		t.Run(a.Name(), func(t *testing.T) {
			_, err := a.Assign([]Member{sub("a", "t"), sub("a", "t")}, map[string]int32{"t": 1})
			assert.ErrorContains(t, err, `"a"`)
			_, err = a.Assign([]Member{sub("a", "t")}, map[string]int32{"t": -1})
			assert.ErrorContains(t, err, "negative")

			out, err := a.Assign(nil, map[string]int32{"t": 3})
			require.NoError(t, err)
			assert.Empty(t, out)
		})
	}
}

// TestAssignorsEdgeCases: topics nobody subscribes to, topics missing from
// metadata or without partitions, members subscribed to nothing, duplicate
// topics in a subscription.
func TestAssignorsEdgeCases(t *testing.T) {
	members := []Member{
		sub("a", "t0,missing,t0"),
		sub("b", ""),
		sub("c", "t0,empty"),
		sub("d", "empty"),
	}
	partitions := map[string]int32{"t0": 3, "unsubscribed": 5, "empty": 0}
	for _, a := range allAssignors() {
		t.Run(a.Name(), func(t *testing.T) {
			out, err := a.Assign(members, partitions)
			require.NoError(t, err)
			requireValid(t, members, partitions, out)
			assert.Empty(t, out["b"])
			assert.Empty(t, out["d"])
			assert.ElementsMatch(t, []int{1, 2}, []int{len(out["a"]), len(out["c"])})
		})
	}
}

// TestAssignorsRandomValidity: every assignor, fresh (no owned
// partitions), assigns every partition of every subscribed topic to exactly
// one subscribed member, deterministically, and independently of the order
// members are given in.
func TestAssignorsRandomValidity(t *testing.T) {
	r := newTestRand(1)
	for iter := range 300 {
		members, partitions := randomGroup(r, iter%3 == 0)
		for _, a := range allAssignors() {
			out, err := a.Assign(members, partitions)
			require.NoError(t, err)
			requireValid(t, members, partitions, out)

			shuffled := slices.Clone(members)
			r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
			again, err := a.Assign(shuffled, partitions)
			require.NoError(t, err)
			require.Equal(t, out, again, "%s: order of members changed the result", a.Name())

			if iter%3 == 0 && a.Name() != rangeAssignorName {
				// Equal subscriptions: round robin and sticky balance
				// within one partition.
				require.LessOrEqual(t, spread(out), 1, "%s: %v", a.Name(), loads(out))
			}
		}
	}
}
