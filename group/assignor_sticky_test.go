package group

import (
	"encoding/binary"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	kafkawire "github.com/kafkawire/kafkawire"
)

// stickyTarget is the full assignment the plan settled on, before the
// cooperative hold-back.
func stickyTarget(s *stickyPlan) map[string][]kafkawire.TopicPartition {
	out := map[string][]kafkawire.TopicPartition{}
	for _, m := range s.members {
		out[m.ID] = []kafkawire.TopicPartition{}
	}
	for p, b := range s.target {
		if b >= 0 {
			id := s.members[b].ID
			out[id] = append(out[id], s.topicPartition(p))
		}
	}
	return out
}

// testGeneration restates the generation rule: the field, else a 4-byte
// user data, else -1.
func testGeneration(m *Member) int32 {
	if m.Generation >= 0 {
		return m.Generation
	}
	if len(m.UserData) == 4 {
		return int32(binary.BigEndian.Uint32(m.UserData))
	}
	return -1
}

// assignableSet is the set of m's topics that have partitions.
func assignableSet(m *Member, partitions map[string]int32) map[string]bool {
	out := map[string]bool{}
	for _, t := range m.Topics {
		if partitions[t] > 0 {
			out[t] = true
		}
	}
	return out
}

// validOwned restates which claims the sticky assignor must honour: claims
// of members of the highest generation, on existing partitions of topics
// they subscribe to, not also claimed by another member of that generation.
func validOwned(members []Member, partitions map[string]int32) map[string]map[kafkawire.TopicPartition]bool {
	maxGen := int32(-1)
	for i := range members {
		maxGen = max(maxGen, testGeneration(&members[i]))
	}
	subscribedBySomeone := map[string]bool{}
	for i := range members {
		maps.Copy(subscribedBySomeone, assignableSet(&members[i], partitions))
	}
	claims := map[kafkawire.TopicPartition]map[string]bool{}
	for i := range members {
		m := &members[i]
		if testGeneration(m) != maxGen {
			continue
		}
		for _, tp := range m.Owned {
			if subscribedBySomeone[tp.Topic] && tp.Partition >= 0 && tp.Partition < partitions[tp.Topic] {
				if claims[tp] == nil {
					claims[tp] = map[string]bool{}
				}
				claims[tp][m.ID] = true
			}
		}
	}
	out := map[string]map[kafkawire.TopicPartition]bool{}
	for i := range members {
		m := &members[i]
		out[m.ID] = map[kafkawire.TopicPartition]bool{}
		for _, tp := range m.Owned {
			if len(claims[tp]) == 1 && claims[tp][m.ID] && subscribes(m, tp.Topic) {
				out[m.ID][tp] = true
			}
		}
	}
	return out
}

// stickyProblems checks one cooperative-sticky round: the target is a
// complete valid assignment, balanced, and (with equal subscriptions)
// maximally sticky; what is handed out is the target less exactly the
// partitions another member must revoke first.
func stickyProblems(members []Member, partitions map[string]int32, out map[string][]kafkawire.TopicPartition, plan *stickyPlan) []string {
	target := stickyTarget(plan)
	problems := assignmentProblems(members, partitions, target, true)
	for _, p := range assignmentProblems(members, partitions, out, false) {
		problems = append(problems, "handed out: "+p)
	}
	if len(problems) > 0 {
		return problems
	}
	byID := map[string]*Member{}
	for i := range members {
		byID[members[i].ID] = &members[i]
	}
	claimants := map[kafkawire.TopicPartition][]string{}
	for i := range members {
		for _, tp := range members[i].Owned {
			if !slices.Contains(claimants[tp], members[i].ID) {
				claimants[tp] = append(claimants[tp], members[i].ID)
			}
		}
	}
	valid := validOwned(members, partitions)

	// Hand-out: a subset of the target, missing only partitions that
	// another member claims while the new owner holds no valid claim.
	for id, list := range target {
		given := map[kafkawire.TopicPartition]bool{}
		for _, tp := range out[id] {
			given[tp] = true
		}
		for tp := range given {
			if !slices.Contains(list, tp) {
				problems = append(problems, fmt.Sprintf("%v handed to %q outside the target", tp, id))
			}
		}
		for _, tp := range list {
			othersClaim := slices.ContainsFunc(claimants[tp], func(c string) bool { return c != id })
			mustWait := othersClaim && !valid[id][tp]
			if given[tp] == mustWait {
				problems = append(problems, fmt.Sprintf("%v to %q: handed out %v, others claim %v (%v), valid claim %v",
					tp, id, given[tp], othersClaim, claimants[tp], valid[id][tp]))
			}
		}
	}

	// Balance: no partition could go to a subscribed member with two fewer.
	for id, list := range target {
		for _, tp := range list {
			for i := range members {
				if subscribes(&members[i], tp.Topic) && len(list) > len(target[members[i].ID])+1 {
					problems = append(problems, fmt.Sprintf("unbalanced: %v could move from %q (%d) to %q (%d)",
						tp, id, len(list), members[i].ID, len(target[members[i].ID])))
				}
			}
		}
	}
	equal := true
	for i := range members {
		if !maps.Equal(assignableSet(&members[i], partitions), assignableSet(&members[0], partitions)) {
			equal = false
		}
	}
	if equal && spread(target) > 1 {
		problems = append(problems, fmt.Sprintf("equal subscriptions, loads %v", loads(target)))
	}

	// Stickiness.
	kept := map[string]int{}
	for id, list := range target {
		for _, tp := range list {
			if valid[id][tp] {
				kept[id]++
			}
		}
	}
	if equal && len(members) > 0 {
		total := 0
		for t := range assignableSet(&members[0], partitions) {
			total += int(partitions[t])
		}
		n := len(members)
		minQ, maxQ, extra := total/n, (total+n-1)/n, total%n
		best, canTakeMax, got := 0, 0, 0
		for id := range valid {
			best += min(len(valid[id]), minQ)
			if len(valid[id]) >= maxQ {
				canTakeMax++
			}
			got += kept[id]
		}
		if extra > 0 {
			best += min(extra, canTakeMax)
		}
		if got != best {
			problems = append(problems, fmt.Sprintf("kept %d owned partitions, could keep %d", got, best))
		}
	} else {
		// A member never gives up a partition it owned while getting a
		// partition of the same topic it did not own.
		for id, list := range target {
			lost := map[string]bool{}
			for tp := range valid[id] {
				if !slices.Contains(list, tp) {
					lost[tp.Topic] = true
				}
			}
			for _, tp := range list {
				if lost[tp.Topic] && !valid[id][tp] {
					problems = append(problems, fmt.Sprintf("%q lost owned partitions of %s yet got %v", id, tp.Topic, tp))
				}
			}
		}
	}
	return problems
}

// stickyRound runs one rebalance through Assign and checks it.
func stickyRound(t testing.TB, members []Member, partitions map[string]int32) (map[string][]kafkawire.TopicPartition, *stickyPlan) {
	t.Helper()
	out, err := CooperativeStickyAssignor().Assign(members, partitions)
	require.NoError(t, err)
	plan, err := planSticky(members, partitions)
	require.NoError(t, err)
	require.Equal(t, plan.cooperativeAssignment(), out)
	require.Empty(t, stickyProblems(members, partitions, out, plan), "members %+v\npartitions %v\nout %v", members, partitions, out)
	return out, plan
}

// nextGeneration is what members send after a round: what they were given,
// at the new generation.
func nextGeneration(members []Member, out map[string][]kafkawire.TopicPartition, gen int32) []Member {
	next := slices.Clone(members)
	for i := range next {
		next[i].Owned = slices.Clone(out[next[i].ID])
		next[i].Generation = gen
		next[i].UserData = nil
	}
	return next
}

func heldBackCount(plan *stickyPlan) int {
	n := 0
	for p := range plan.target {
		if plan.heldBack(p) {
			n++
		}
	}
	return n
}

func want(m map[string]string) map[string][]kafkawire.TopicPartition {
	out := map[string][]kafkawire.TopicPartition{}
	for id, s := range m {
		out[id] = tps(s)
	}
	return out
}

func owning(id, topics string, gen int32, owned string) Member {
	m := sub(id, topics)
	m.Generation = gen
	if owned != "" {
		m.Owned = tps(owned)
	}
	return m
}

func TestStickyFreshAssignment(t *testing.T) {
	// Kafka's StickyAssignor docs, example 1: three members, four topics of
	// two partitions each.
	members := []Member{sub("C0", "t0,t1,t2,t3"), sub("C1", "t0,t1,t2,t3"), sub("C2", "t0,t1,t2,t3")}
	partitions := map[string]int32{"t0": 2, "t1": 2, "t2": 2, "t3": 2}
	out, plan := stickyRound(t, members, partitions)
	assert.Zero(t, heldBackCount(plan))
	assert.Equal(t, map[string]int{"C0": 3, "C1": 3, "C2": 2}, loads(out))
}

// TestStickyScaleOut: 2 -> 3 members over 12 partitions. The first
// cooperative round only revokes: the old members keep 4 of their 6 each,
// the 4 they give up are held back; the second round hands them to the new
// member. 8 partitions never move, 4 move once.
func TestStickyScaleOut(t *testing.T) {
	partitions := map[string]int32{"t": 12}
	members := []Member{
		owning("A", "t", 3, "tp0 tp1 tp2 tp3 tp4 tp5"),
		owning("B", "t", 3, "tp6 tp7 tp8 tp9 tp10 tp11"),
		sub("C", "t"),
	}
	out, plan := stickyRound(t, members, partitions)
	assert.Equal(t, want(map[string]string{"A": "tp0 tp1 tp2 tp3", "B": "tp6 tp7 tp8 tp9", "C": ""}), out)
	assert.Equal(t, 4, heldBackCount(plan))
	assert.Equal(t, tps("tp4 tp5 tp10 tp11"), stickyTarget(plan)["C"])

	out, plan = stickyRound(t, nextGeneration(members, out, 4), partitions)
	assert.Zero(t, heldBackCount(plan))
	assert.Equal(t, want(map[string]string{"A": "tp0 tp1 tp2 tp3", "B": "tp6 tp7 tp8 tp9", "C": "tp4 tp5 tp10 tp11"}), out)

	// Settled: a further rebalance changes nothing.
	again, _ := stickyRound(t, nextGeneration(members, out, 5), partitions)
	assert.Equal(t, out, again)
}

// TestStickyScaleIn: a member leaves; its partitions, claimed by nobody
// present, go to the others at once, and nobody else's partitions move.
func TestStickyScaleIn(t *testing.T) {
	partitions := map[string]int32{"t": 12}
	members := []Member{
		owning("A", "t", 5, "tp0 tp1 tp2 tp3"),
		owning("B", "t", 5, "tp4 tp5 tp6 tp7"),
	}
	out, plan := stickyRound(t, members, partitions)
	assert.Zero(t, heldBackCount(plan))
	assert.Equal(t, want(map[string]string{"A": "tp0 tp1 tp2 tp3 tp8 tp10", "B": "tp4 tp5 tp6 tp7 tp9 tp11"}), out)
}

func TestStickyKafkaDocExamples(t *testing.T) {
	t.Run("example 1: a member leaves", func(t *testing.T) {
		// C0 [t0p0, t1p1, t3p0], C1 [t0p1, t2p0, t3p1], C2 [t1p0, t2p1];
		// C1 leaves: C0 and C2 keep theirs and share C1's.
		partitions := map[string]int32{"t0": 2, "t1": 2, "t2": 2, "t3": 2}
		members := []Member{
			owning("C0", "t0,t1,t2,t3", 1, "t0p0 t1p1 t3p0"),
			owning("C2", "t0,t1,t2,t3", 1, "t1p0 t2p1"),
		}
		out, plan := stickyRound(t, members, partitions)
		assert.Zero(t, heldBackCount(plan))
		assert.Equal(t, want(map[string]string{"C0": "t0p0 t0p1 t1p1 t3p0", "C2": "t1p0 t2p0 t2p1 t3p1"}), out)
	})
	t.Run("example 2: different subscriptions", func(t *testing.T) {
		// C0 subscribes to t0; C1 to t0, t1; C2 to t0, t1, t2, with 1, 2
		// and 3 partitions. Round robin gives C2 four partitions; sticky
		// balances, and keeps it so when C0 leaves.
		partitions := map[string]int32{"t0": 1, "t1": 2, "t2": 3}
		members := []Member{sub("C0", "t0"), sub("C1", "t0,t1"), sub("C2", "t0,t1,t2")}
		out, _ := stickyRound(t, members, partitions)
		assert.Equal(t, want(map[string]string{"C0": "t0p0", "C1": "t1p0 t1p1", "C2": "t2p0 t2p1 t2p2"}), out)

		members = nextGeneration(members, out, 1)[1:]
		out, plan := stickyRound(t, members, partitions)
		assert.Zero(t, heldBackCount(plan))
		assert.Equal(t, want(map[string]string{"C1": "t0p0 t1p0 t1p1", "C2": "t2p0 t2p1 t2p2"}), out)
	})
	t.Run("example 2 from the round robin assignment", func(t *testing.T) {
		partitions := map[string]int32{"t0": 1, "t1": 2, "t2": 3}
		members := []Member{
			owning("C0", "t0", 1, "t0p0"),
			owning("C1", "t0,t1", 1, "t1p0"),
			owning("C2", "t0,t1,t2", 1, "t1p1 t2p0 t2p1 t2p2"),
		}
		out, plan := stickyRound(t, members, partitions)
		assert.Equal(t, tps("t1p0 t1p1"), stickyTarget(plan)["C1"])
		assert.Equal(t, want(map[string]string{"C0": "t0p0", "C1": "t1p0", "C2": "t2p0 t2p1 t2p2"}), out, "t1p1 revoked first")
		out, _ = stickyRound(t, nextGeneration(members, out, 2), partitions)
		assert.Equal(t, want(map[string]string{"C0": "t0p0", "C1": "t1p0 t1p1", "C2": "t2p0 t2p1 t2p2"}), out)
	})
}

func TestStickyGenerations(t *testing.T) {
	t.Run("claims of an older generation are ignored", func(t *testing.T) {
		// C (generation 4) missed a rebalance: its claim on tp4 loses to B
		// (generation 5), and its claim on tp5 is not honoured either, yet
		// tp5 may go back to it at once since nobody else claims it. tp2,
		// which A must give up, waits for A to revoke it.
		partitions := map[string]int32{"t": 6}
		members := []Member{
			owning("A", "t", 5, "tp0 tp1 tp2"),
			owning("B", "t", 5, "tp3 tp4"),
			owning("C", "t", 4, "tp4 tp5"),
		}
		out, plan := stickyRound(t, members, partitions)
		assert.Equal(t, want(map[string]string{"A": "tp0 tp1", "B": "tp3 tp4", "C": "tp5"}), out)
		assert.Equal(t, tps("tp2 tp5"), stickyTarget(plan)["C"])

		out, plan = stickyRound(t, nextGeneration(members, out, 6), partitions)
		assert.Zero(t, heldBackCount(plan))
		assert.Equal(t, want(map[string]string{"A": "tp0 tp1", "B": "tp3 tp4", "C": "tp2 tp5"}), out)
	})
	t.Run("a partition claimed twice in one generation is revoked from both", func(t *testing.T) {
		partitions := map[string]int32{"t": 4}
		members := []Member{
			owning("A", "t", 5, "tp0 tp1"),
			owning("B", "t", 5, "tp1 tp2"),
		}
		out, plan := stickyRound(t, members, partitions)
		assert.Equal(t, want(map[string]string{"A": "tp0", "B": "tp2 tp3"}), out)
		assert.Equal(t, tps("tp0 tp1"), stickyTarget(plan)["A"])

		out, _ = stickyRound(t, nextGeneration(members, out, 6), partitions)
		assert.Equal(t, want(map[string]string{"A": "tp0 tp1", "B": "tp2 tp3"}), out)
	})
	t.Run("unknown generations are all equal", func(t *testing.T) {
		partitions := map[string]int32{"t": 4}
		members := []Member{owning("A", "t", -1, "tp0 tp1"), owning("B", "t", -1, "tp2 tp3")}
		out, plan := stickyRound(t, members, partitions)
		assert.Zero(t, heldBackCount(plan))
		assert.Equal(t, want(map[string]string{"A": "tp0 tp1", "B": "tp2 tp3"}), out)
	})
	t.Run("generation from Java user data", func(t *testing.T) {
		partitions := map[string]int32{"t": 4}
		javaMember := owning("A", "t", -1, "tp0 tp1")
		javaMember.UserData = []byte{0, 0, 0, 7} // CooperativeStickyAssignor user data v0: generation 7
		members := []Member{javaMember, owning("B", "t", 3, "tp1 tp2")}
		out, _ := stickyRound(t, members, partitions)
		assert.Equal(t, want(map[string]string{"A": "tp0 tp1", "B": "tp2 tp3"}), out)

		// Without it, A's generation is unknown, older than B's 3.
		members[0].UserData = nil
		out, plan := stickyRound(t, members, partitions)
		assert.Equal(t, tps("tp1 tp2"), stickyTarget(plan)["B"])
		assert.Equal(t, want(map[string]string{"A": "tp0 tp3", "B": "tp1 tp2"}), out)

		// User data that is not 4 bytes is no generation.
		members[0].UserData = []byte{0, 0, 0, 7, 0}
		again, _ := stickyRound(t, members, partitions)
		assert.Equal(t, out, again)
	})
}

// TestStickyUnsubscribedTopic: a member that drops a topic revokes its
// partitions before another member gets them.
func TestStickyUnsubscribedTopic(t *testing.T) {
	partitions := map[string]int32{"t0": 2, "t1": 2}
	members := []Member{
		owning("A", "t0", 2, "t0p0 t1p0 t1p1"),
		owning("B", "t0,t1", 2, "t0p1"),
	}
	out, plan := stickyRound(t, members, partitions)
	assert.Equal(t, want(map[string]string{"A": "t0p0 t0p1", "B": "t1p0 t1p1"}), stickyTarget(plan))
	assert.Equal(t, want(map[string]string{"A": "t0p0", "B": ""}), out)

	out, plan = stickyRound(t, nextGeneration(members, out, 3), partitions)
	assert.Zero(t, heldBackCount(plan))
	assert.Equal(t, want(map[string]string{"A": "t0p0 t0p1", "B": "t1p0 t1p1"}), out)
}

func TestStickyEdgeCases(t *testing.T) {
	t.Run("claims on partitions or topics that do not exist", func(t *testing.T) {
		partitions := map[string]int32{"t": 2, "other": 3}
		members := []Member{
			owning("A", "t", 1, "tp0 tp5 tp-1 gonep0 otherp1"),
			owning("B", "t", 1, "tp1"),
		}
		out, _ := stickyRound(t, members, partitions)
		assert.Equal(t, want(map[string]string{"A": "tp0", "B": "tp1"}), out)
	})
	t.Run("duplicate claims by one member", func(t *testing.T) {
		partitions := map[string]int32{"t": 2}
		members := []Member{owning("A", "t", 1, "tp0 tp0"), owning("B", "t", 1, "tp1")}
		out, _ := stickyRound(t, members, partitions)
		assert.Equal(t, want(map[string]string{"A": "tp0", "B": "tp1"}), out)
	})
	t.Run("nothing to assign", func(t *testing.T) {
		members := []Member{sub("A", ""), owning("B", "gone", 2, "gonep0")}
		out, _ := stickyRound(t, members, map[string]int32{})
		assert.Equal(t, want(map[string]string{"A": "", "B": ""}), out)
	})
	t.Run("more members than partitions", func(t *testing.T) {
		partitions := map[string]int32{"t": 2}
		members := []Member{sub("A", "t"), owning("B", "t", 1, "tp0 tp1"), sub("C", "t"), sub("D", "t")}
		out, plan := stickyRound(t, members, partitions)
		assert.Equal(t, want(map[string]string{"A": "", "B": "tp0", "C": "", "D": ""}), out)
		assert.Equal(t, tps("tp1"), stickyTarget(plan)["A"])
	})
}

// settle runs rounds until a round hands out its whole target, and returns
// the members as they then subscribe, the generation, and the number of
// rounds it took.
func settle(t *testing.T, members []Member, partitions map[string]int32, gen int32) ([]Member, int32, int) {
	t.Helper()
	for round := 1; ; round++ {
		require.LessOrEqual(t, round, 5, "no convergence")
		out, plan := stickyRound(t, members, partitions)
		gen++
		members = nextGeneration(members, out, gen)
		if heldBackCount(plan) == 0 {
			return members, gen, round
		}
	}
}

// perturb changes a settled group the ways real groups change: members
// join, leave, change subscriptions, fall a generation behind; partitions
// are added; claims go wrong. It keeps subscriptions equal if they are.
func perturb(r *rand.Rand, members []Member, partitions map[string]int32, gen int32, equal bool) ([]Member, map[string]int32) {
	partitions = maps.Clone(partitions)
	topics := slices.Sorted(maps.Keys(partitions))
	randomTopics := func() []string {
		var out []string
		for _, t := range topics {
			if r.IntN(2) == 0 {
				out = append(out, t)
			}
		}
		return out
	}
	members = slices.Clone(members)
	if r.IntN(3) == 0 && len(members) > 1 { // members leave
		for range 1 + r.IntN(len(members)-1) {
			i := r.IntN(len(members))
			members = slices.Delete(members, i, i+1)
		}
	}
	if r.IntN(3) == 0 { // members join
		for i := range 1 + r.IntN(4) {
			m := Member{ID: fmt.Sprintf("new-%d-%d", gen, i), Generation: -1, Topics: randomTopics()}
			if equal {
				m.Topics = slices.Clone(members[0].Topics)
			}
			members = append(members, m)
		}
	}
	if r.IntN(4) == 0 { // subscriptions change
		if equal {
			ts := randomTopics()
			for i := range members {
				members[i].Topics = slices.Clone(ts)
			}
		} else {
			members[r.IntN(len(members))].Topics = randomTopics()
		}
	}
	if r.IntN(4) == 0 && len(topics) > 0 { // partitions added
		partitions[topics[r.IntN(len(topics))]] += int32(1 + r.IntN(5))
	}
	if r.IntN(4) == 0 { // a member fell behind
		members[r.IntN(len(members))].Generation = gen - 1 - int32(r.IntN(2))
	}
	if r.IntN(4) == 0 { // a member claims someone else's partition
		a, b := r.IntN(len(members)), r.IntN(len(members))
		if len(members[b].Owned) > 0 {
			members[a].Owned = append(members[a].Owned, members[b].Owned[r.IntN(len(members[b].Owned))])
		}
	}
	if r.IntN(6) == 0 { // a claim on a partition that does not exist
		members[r.IntN(len(members))].Owned = append(members[r.IntN(len(members))].Owned,
			kafkawire.TopicPartition{Topic: "topica", Partition: 99})
	}
	for i := range members { // claims arrive in any order
		r.Shuffle(len(members[i].Owned), func(a, b int) {
			members[i].Owned[a], members[i].Owned[b] = members[i].Owned[b], members[i].Owned[a]
		})
	}
	return members, partitions
}

// TestStickyRandomized: random groups go through a series of changes; every
// round must be valid, balanced, sticky and safe (checked by stickyRound),
// converge within a few rounds, and a settled group must stay put.
func TestStickyRandomized(t *testing.T) {
	r := newTestRand(42)
	for iter := range 200 {
		equal := iter%2 == 0
		members, partitions := randomGroup(r, equal)
		members, gen, _ := settle(t, members, partitions, 0)
		for range 4 {
			var rounds int
			members, partitions = perturb(r, members, partitions, gen, equal)
			members, gen, rounds = settle(t, members, partitions, gen)
			if equal {
				require.LessOrEqual(t, rounds, 2)
			} else {
				require.LessOrEqual(t, rounds, 3)
			}
			out, plan := stickyRound(t, members, partitions)
			require.Zero(t, heldBackCount(plan))
			for _, m := range members {
				require.Equal(t, m.Owned, out[m.ID], "a settled group moved")
			}
		}
	}
}

// TestStickyDeterministic: the result depends neither on the order of the
// members nor on the order of their owned partitions.
func TestStickyDeterministic(t *testing.T) {
	r := newTestRand(99)
	for iter := range 100 {
		members, partitions := randomGroup(r, iter%2 == 0)
		members, gen, _ := settle(t, members, partitions, 0)
		members, partitions = perturb(r, members, partitions, gen, iter%2 == 0)
		first, err := CooperativeStickyAssignor().Assign(members, partitions)
		require.NoError(t, err)
		for range 5 {
			shuffled := slices.Clone(members)
			r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
			for i := range shuffled {
				owned := slices.Clone(shuffled[i].Owned)
				r.Shuffle(len(owned), func(a, b int) { owned[a], owned[b] = owned[b], owned[a] })
				shuffled[i].Owned = owned
			}
			again, err := CooperativeStickyAssignor().Assign(shuffled, partitions)
			require.NoError(t, err)
			require.Equal(t, first, again)
		}
	}
}

// benchGroup is n members over topics*per partitions, settled, with a new
// member joining; heterogeneous subscriptions if mixed.
func benchGroup(b *testing.B, n, topics, per int, mixed bool) ([]Member, map[string]int32) {
	r := newTestRand(5)
	partitions := map[string]int32{}
	var names []string
	for i := range topics {
		name := fmt.Sprintf("topic-%03d", i)
		names = append(names, name)
		partitions[name] = int32(per)
	}
	members := make([]Member, n)
	for i := range members {
		members[i] = Member{ID: fmt.Sprintf("consumer-%d-%08x", i, r.Uint32()), Generation: -1, Topics: names}
		if mixed {
			members[i].Topics = nil
			for _, t := range names {
				if r.IntN(3) > 0 {
					members[i].Topics = append(members[i].Topics, t)
				}
			}
		}
	}
	plan, err := planSticky(members[:n-1], partitions)
	require.NoError(b, err)
	out := plan.cooperativeAssignment()
	members = nextGeneration(members, out, 1)
	members[n-1].Owned, members[n-1].Generation = nil, -1
	return members, partitions
}

func BenchmarkCooperativeSticky(b *testing.B) {
	for _, bc := range []struct {
		name  string
		mixed bool
		fresh bool
	}{
		{"fresh-100x1000", false, true},
		{"join-100x1000", false, false},
		{"mixed-subscriptions-join-100x1000", true, false},
	} {
		b.Run(bc.name, func(b *testing.B) {
			members, partitions := benchGroup(b, 100, 10, 100, bc.mixed)
			if bc.fresh {
				for i := range members {
					members[i].Owned, members[i].Generation = nil, -1
				}
			}
			a := CooperativeStickyAssignor()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := a.Assign(members, partitions); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
