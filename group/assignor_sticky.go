package group

import (
	"encoding/binary"
	"errors"
	"slices"

	kafkawire "github.com/kafkawire/kafkawire"
)

// CooperativeStickyAssignor returns the "cooperative-sticky" assignor
// (cooperative protocol, KIP-429), compatible with the Java client's
// CooperativeStickyAssignor. Its assignment is, in order of priority:
//
//  1. Balanced. When every member has the same subscription, member
//     assignment sizes differ by at most one. Otherwise no partition could
//     move from a member to another subscribed member with at least two
//     partitions fewer (the Java client's definition).
//  2. Sticky: as many partitions as possible stay with the member that owned
//     them before the rebalance.
//
// Ownership claims are trusted only from the members of the newest
// generation reported (KIP-341 / KIP-792): claims of members of an older
// generation are ignored, and a partition claimed by two members of the
// newest generation is treated as owned by neither. A member's generation is
// Member.Generation or, when that is unknown, the 4-byte generation Java
// members encode in UserData.
//
// Cooperative protocol: the assignor first computes the full target
// assignment, then leaves out of this round every partition that changes
// owner while another member still claims it; that member sees the partition
// missing from its own assignment, revokes it and rejoins, and the follow-up
// rebalance assigns it to its new owner. Partitions nobody else claims (new
// partitions, or those of members that left) are assigned at once. With
// equal subscriptions the follow-up rebalance completes the assignment
// without revoking anything; with differing subscriptions it may, rarely,
// take one more.
//
// Where the Java client leaves a choice to hash-map iteration order, this
// assignor decides by member id and by topic and partition order, so the
// output depends only on the members' ids, subscriptions, owned partitions
// and generations, not on the order of members or of their owned
// partitions.
func CooperativeStickyAssignor() Assignor { return stickyAssignor{} }

type stickyAssignor struct{}

func (stickyAssignor) Name() string                { return cooperativeStickyAssignorName }
func (stickyAssignor) Protocol() RebalanceProtocol { return Cooperative }

func (stickyAssignor) Assign(members []Member, partitions map[string]int32) (map[string][]kafkawire.TopicPartition, error) {
	if err := checkAssignInput(members, partitions); err != nil {
		return nil, err
	}
	s, err := planSticky(members, partitions)
	if err != nil {
		return nil, err
	}
	return s.cooperativeAssignment(), nil
}

// stickyPlan is the working state of one cooperative-sticky assignment.
// Members and partitions are numbered: members in member id order (as Java
// orders strings), partitions in topic then partition order, so that every
// iteration is deterministic.
type stickyPlan struct {
	members  []*Member
	topics   []string // assignable topics: some partitions and some subscriber, sorted
	first    []int    // first[t] is the number of partition 0 of topics[t]; first[len(topics)] the total
	topicOf  []int    // partition -> topic
	subs     [][]int  // member -> topics it subscribes to, ascending
	eligible [][]int  // topic -> subscribed members, ascending
	equal    bool     // every member has the same subscription

	owned      [][]int // member -> partitions it validly owned before, ascending
	validOwner []int   // partition -> member whose ownership claim is valid, or -1
	rawClaim   []int   // partition -> -1 no claim, -2 several claimants, else the one member claiming it
	target     []int   // partition -> member it ends up with (before the cooperative hold-back)
}

// Claim markers in stickyPlan.rawClaim.
const (
	stickyNoClaim       = -1
	stickySeveralClaims = -2
)

func planSticky(members []Member, partitions map[string]int32) (*stickyPlan, error) {
	s := &stickyPlan{members: make([]*Member, len(members))}
	for i := range members {
		s.members[i] = &members[i]
	}
	slices.SortFunc(s.members, func(a, b *Member) int { return compareIDsJava(a.ID, b.ID) })

	memberTopics := make([][]string, len(s.members))
	for i, m := range s.members {
		memberTopics[i] = assignableTopics(m, partitions)
		s.topics = append(s.topics, memberTopics[i]...)
	}
	slices.Sort(s.topics)
	s.topics = slices.Compact(s.topics)
	topicIndex := make(map[string]int, len(s.topics))
	s.first = make([]int, len(s.topics)+1)
	for t, name := range s.topics {
		topicIndex[name] = t
		s.first[t+1] = s.first[t] + int(partitions[name])
	}
	total := s.first[len(s.topics)]
	s.topicOf = make([]int, total)
	for t := range s.topics {
		for p := s.first[t]; p < s.first[t+1]; p++ {
			s.topicOf[p] = t
		}
	}
	s.subs = make([][]int, len(s.members))
	s.eligible = make([][]int, len(s.topics))
	s.equal = true
	for i := range s.members {
		for _, name := range memberTopics[i] {
			t := topicIndex[name]
			s.subs[i] = append(s.subs[i], t)
			s.eligible[t] = append(s.eligible[t], i)
		}
		if i > 0 && !slices.Equal(s.subs[i], s.subs[0]) {
			s.equal = false
		}
	}

	s.resolveOwnership(topicIndex)
	s.target = make([]int, total)
	for p := range s.target {
		s.target[p] = -1
	}
	if len(s.members) == 0 {
		return s, nil
	}
	if s.equal {
		if err := s.assignConstrained(); err != nil {
			return nil, err
		}
	} else {
		s.assignGeneral()
	}
	return s, nil
}

// stickyGeneration is the generation of m's owned partitions: the
// subscription's field (v2+), else what the Java CooperativeStickyAssignor
// encodes in its user data (one int32), else -1.
func stickyGeneration(m *Member) int32 {
	if m.Generation >= 0 {
		return m.Generation
	}
	if len(m.UserData) == 4 {
		return int32(binary.BigEndian.Uint32(m.UserData))
	}
	return -1
}

// resolveOwnership decides which ownership claims to honour, as the Java
// AbstractStickyAssignor does: only the claims of members of the highest
// generation count; among those, a partition claimed twice counts for
// neither claimant; and a member keeps only partitions of topics it still
// subscribes to.
func (s *stickyPlan) resolveOwnership(topicIndex map[string]int) {
	total := len(s.topicOf)
	gens := make([]int32, len(s.members))
	maxGen := int32(-1)
	for i, m := range s.members {
		gens[i] = stickyGeneration(m)
		maxGen = max(maxGen, gens[i])
	}
	s.rawClaim = make([]int, total)
	s.validOwner = make([]int, total)
	claimant := make([]int, total)
	for p := range total {
		s.rawClaim[p], s.validOwner[p], claimant[p] = stickyNoClaim, -1, -1
	}
	conflict := make([]bool, total)
	claims := make([][]int, len(s.members))
	for i, m := range s.members {
		for _, tp := range m.Owned {
			t, ok := topicIndex[tp.Topic]
			if !ok || tp.Partition < 0 || int(tp.Partition) >= s.first[t+1]-s.first[t] {
				continue // a topic nobody can be assigned, or no such partition
			}
			claims[i] = append(claims[i], s.first[t]+int(tp.Partition))
		}
		slices.Sort(claims[i])
		claims[i] = slices.Compact(claims[i])
		for _, p := range claims[i] {
			if s.rawClaim[p] == stickyNoClaim {
				s.rawClaim[p] = i
			} else {
				s.rawClaim[p] = stickySeveralClaims
			}
			if gens[i] != maxGen {
				continue
			}
			if claimant[p] < 0 {
				claimant[p] = i
			} else {
				conflict[p] = true
			}
		}
	}
	s.owned = make([][]int, len(s.members))
	for i := range s.members {
		if gens[i] != maxGen {
			continue
		}
		for _, p := range claims[i] {
			if conflict[p] {
				continue
			}
			if _, subscribed := slices.BinarySearch(s.subs[i], s.topicOf[p]); !subscribed {
				continue
			}
			s.validOwner[p] = i
			s.owned[i] = append(s.owned[i], p)
		}
	}
}

// assignConstrained is the assignment when every member has the same
// subscription, following the Java client's constrainedAssign: with
// minQuota = floor(total/members), maxQuota = ceil(total/members) and
// total%members members entitled to maxQuota,
//
//  1. each member keeps its owned partitions up to its quota: all of them if
//     it owns fewer than minQuota, maxQuota if it owns that many and members
//     at maxQuota are still wanted, minQuota otherwise;
//  2. the remaining partitions, in topic-partition order, go round-robin to
//     the members under minQuota until they reach it, then one each to
//     members at minQuota until enough members have maxQuota.
func (s *stickyPlan) assignConstrained() error {
	n, total := len(s.members), len(s.target)
	minQuota, maxQuota := total/n, (total+n-1)/n
	wantOver, over := total%n, 0 // members to get maxQuota when it exceeds minQuota; those that have
	load := make([]int, n)
	var under, atMin []int // members below minQuota; members at minQuota that may get one more
	for i := range s.members {
		keep := s.owned[i]
		switch {
		case len(keep) < minQuota:
			under = append(under, i)
		case len(keep) >= maxQuota && over < wantOver:
			keep = keep[:maxQuota]
			if over++; over == wantOver {
				atMin = atMin[:0]
			}
		default:
			keep = keep[:minQuota]
			if over < wantOver {
				atMin = append(atMin, i)
			}
		}
		for _, p := range keep {
			s.target[p] = i
		}
		load[i] = len(keep)
	}
	next := 0 // round-robin position in under
	for p, owner := range s.target {
		if owner >= 0 {
			continue
		}
		var c int
		switch {
		case next < len(under):
			c = under[next]
			next++
		case len(under) > 0:
			c, next = under[0], 1
		case len(atMin) > 0:
			c, atMin = atMin[0], atMin[1:]
		default:
			return errors.New("group: cooperative-sticky: every member is at its quota with partitions left to assign")
		}
		s.target[p] = c
		if load[c]++; load[c] == minQuota { // c came from under
			next--
			under = slices.Delete(under, next, next+1)
			atMin = append(atMin, c)
		}
	}
	if len(under) > 0 {
		return errors.New("group: cooperative-sticky: partitions ran out with members under their quota")
	}
	return nil
}

// assignGeneral is the assignment when subscriptions differ, in the manner
// of the Java client's generalAssign: members keep their valid owned
// partitions; each unowned partition goes, most constrained topics (fewest
// subscribers) first, to its least loaded subscriber; then partitions move,
// one at a time, from a member to a subscribed member with at least two
// partitions fewer, until no such move remains. Each move strictly lowers
// the sum of squared loads, so this ends.
//
// For stickiness, a member gives up partitions it did not own before ahead
// of those it did, and a member that receives a partition of a topic in
// which it already gave up one of its own gets its own back instead, its
// current holder taking the incoming partition (a chain A->B, C->A becomes
// C->B). So no member ends up both losing an owned partition of a topic and
// gaining another partition of the same topic.
func (s *stickyPlan) assignGeneral() {
	g := &stickyBalancer{
		s:     s,
		load:  make([]int, len(s.members)),
		own:   make([][][]int, len(s.members)),
		fresh: make([][][]int, len(s.members)),
		lost:  make([][][]int, len(s.members)),
	}
	for i := range s.members {
		n := len(s.subs[i])
		g.own[i], g.fresh[i], g.lost[i] = make([][]int, n), make([][]int, n), make([][]int, n)
		for _, p := range s.owned[i] {
			g.receive(i, p)
		}
	}

	byConstraint := make([]int, len(s.topics))
	for t := range byConstraint {
		byConstraint[t] = t
	}
	slices.SortStableFunc(byConstraint, func(a, b int) int { return len(s.eligible[a]) - len(s.eligible[b]) })
	for _, t := range byConstraint {
		for p := s.first[t]; p < s.first[t+1]; p++ {
			if s.target[p] < 0 {
				g.receive(s.leastLoaded(t, g.load, -1), p)
			}
		}
	}

	byLoad := make([]int, len(s.members))
	for i := range byLoad {
		byLoad[i] = i
	}
	for moved := true; moved; {
		moved = false
		slices.SortStableFunc(byLoad, func(a, b int) int { return g.load[b] - g.load[a] })
		for _, a := range byLoad {
			for g.moveFrom(a) {
				moved = true
			}
		}
	}
}

// stickyBalancer is the state of assignGeneral. For member i and its k-th
// subscribed topic (s.subs[i][k]): own[i][k] holds the partitions of that
// topic it validly owned and still has, fresh[i][k] the others it has, and
// lost[i][k] those it owned and gave away.
type stickyBalancer struct {
	s                *stickyPlan
	load             []int
	own, fresh, lost [][][]int
}

func (g *stickyBalancer) slot(i, p int) int {
	k, _ := slices.BinarySearch(g.s.subs[i], g.s.topicOf[p])
	return k
}

// receive gives partition p, which nobody holds, to member i.
func (g *stickyBalancer) receive(i, p int) {
	s, k := g.s, g.slot(i, p)
	switch {
	case s.validOwner[p] == i:
		if j := slices.Index(g.lost[i][k], p); j >= 0 {
			g.lost[i][k] = slices.Delete(g.lost[i][k], j, j+1)
		}
		g.own[i][k] = append(g.own[i][k], p)
	case len(g.lost[i][k]) > 0:
		// i gave away q of this topic: take q back from its holder h, which
		// did not own it, and let h have p instead.
		q := g.lost[i][k][len(g.lost[i][k])-1]
		h := s.target[q]
		kh := g.slot(h, q)
		j := slices.Index(g.fresh[h][kh], q)
		g.fresh[h][kh] = slices.Delete(g.fresh[h][kh], j, j+1)
		g.load[h]--
		g.receive(i, q)
		g.receive(h, p)
		return
	default:
		g.fresh[i][k] = append(g.fresh[i][k], p)
	}
	s.target[p] = i
	g.load[i]++
}

// moveFrom moves one partition away from member a if some subscriber of one
// of a's topics has at least two partitions fewer, preferring partitions a
// did not own, then the least loaded receiver. It reports whether it moved.
func (g *stickyBalancer) moveFrom(a int) bool {
	s := g.s
	bestK, bestTo, bestFresh := -1, -1, false
	for k, t := range s.subs[a] {
		fresh := len(g.fresh[a][k]) > 0
		if !fresh && len(g.own[a][k]) == 0 {
			continue
		}
		to := s.leastLoaded(t, g.load, a)
		if to < 0 || g.load[a] <= g.load[to]+1 {
			continue
		}
		if bestK < 0 || fresh && !bestFresh || fresh == bestFresh && g.load[to] < g.load[bestTo] {
			bestK, bestTo, bestFresh = k, to, fresh
		}
	}
	if bestK < 0 {
		return false
	}
	var p int
	if bestFresh {
		l := g.fresh[a][bestK]
		p, g.fresh[a][bestK] = l[len(l)-1], l[:len(l)-1]
	} else {
		l := g.own[a][bestK]
		p, g.own[a][bestK] = l[len(l)-1], l[:len(l)-1]
		g.lost[a][bestK] = append(g.lost[a][bestK], p)
	}
	g.load[a]--
	s.target[p] = -1
	g.receive(bestTo, p)
	return true
}

// leastLoaded returns the subscriber of topic t other than except with the
// fewest partitions (the first in member order among equals), or -1.
func (s *stickyPlan) leastLoaded(t int, load []int, except int) int {
	best := -1
	for _, i := range s.eligible[t] {
		if i != except && (best < 0 || load[i] < load[best]) {
			best = i
		}
	}
	return best
}

// heldBack reports whether partition p, whose target owner is member b,
// must wait for the next rebalance: b did not own it, and some other member
// still claims it and must revoke it first. Every claimant counts here, also
// one whose claim was not honoured (older generation, duplicate claim,
// topic no longer subscribed), since it may still be consuming p.
func (s *stickyPlan) heldBack(p int) bool {
	b := s.target[p]
	if s.validOwner[p] == b {
		return false
	}
	r := s.rawClaim[p]
	return r == stickySeveralClaims || r >= 0 && r != b
}

// cooperativeAssignment is the target assignment less the partitions held
// back for revocation.
func (s *stickyPlan) cooperativeAssignment() map[string][]kafkawire.TopicPartition {
	out := make(map[string][]kafkawire.TopicPartition, len(s.members))
	for _, m := range s.members {
		out[m.ID] = []kafkawire.TopicPartition{}
	}
	for p, b := range s.target {
		if b < 0 || s.heldBack(p) {
			continue
		}
		id := s.members[b].ID
		out[id] = append(out[id], s.topicPartition(p))
	}
	return out
}

func (s *stickyPlan) topicPartition(p int) kafkawire.TopicPartition {
	t := s.topicOf[p]
	return kafkawire.TopicPartition{Topic: s.topics[t], Partition: int32(p - s.first[t])}
}
