package fakebroker

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"time"

	"github.com/kafkawire/kafkawire/protocol"
)

// Error codes of the KIP-848 consumer group protocol.
const (
	codeFencedMemberEpoch    int16 = 110
	codeUnreleasedInstance   int16 = 111
	codeStaleMemberEpoch     int16 = 113
	codeInvalidRequest       int16 = 42
	defaultKIP848HeartbeatMs int32 = 100
)

// kip848St is the fake's KIP-848 group coordinator: consumer groups whose
// members heartbeat with ConsumerGroupHeartbeat, assigned by the broker
// (partitions of the subscribed topics dealt round-robin over the members
// sorted by id). A partition moving between members is given to its new
// owner only once the old one reported it released, as the real
// coordinator does. Guarded by Cluster.mu.
type kip848St struct {
	groups        map[string]*cgroup
	intervalMs    int32
	offered       bool  // ApiVersions lists ConsumerGroupHeartbeat (EnableConsumerProtocol)
	hbMax         int16 // the highest ConsumerGroupHeartbeat version advertised, when >= 0
	commitV10     bool  // ApiVersions offers OffsetCommit v10 (topic ids)
	fetchV10      bool  // ApiVersions offers OffsetFetch v10 (topic ids)
	commitVersion int16 // version of the last OffsetCommit
	fetchVersion  int16 // version of the last OffsetFetch
	fetchEpoch    int32 // member epoch of the last OffsetFetch (v9+)
}

type cgroup struct {
	epoch   int32
	members map[string]*cgMember
}

type cgMember struct {
	id, instance string
	epoch        int32
	prevEpoch    int32 // the epoch before: heartbeats may still carry it
	topics       []string
	regex        *regexp.Regexp
	assignor     string
	sent         map[protocol.UUID][]int32 // the assignment last sent
	owned        map[string]bool           // "topicid/partition" it last reported owning
	away         bool                      // a static member that left with epoch -2
}

// ConsumerGroupMember is what the fake coordinator knows of a KIP-848
// member, for tests to assert on.
type ConsumerGroupMember struct {
	ID, InstanceID string
	Epoch          int32
	Assignor       string
	Away           bool     // static member left with epoch -2
	Owned          []string // "topic/partition" it reported owning, sorted
}

func (c *Cluster) kip848Locked() *kip848St {
	if c.kip848 == nil {
		c.kip848 = &kip848St{groups: map[string]*cgroup{}, intervalMs: defaultKIP848HeartbeatMs, hbMax: -1}
	}
	return c.kip848
}

// SetHeartbeatInterval sets the interval ConsumerGroupHeartbeat answers ask
// members to heartbeat at (default 100ms).
func (c *Cluster) SetHeartbeatInterval(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.kip848Locked().intervalMs = int32(d / time.Millisecond)
}

// EnableConsumerProtocol makes ApiVersions offer ConsumerGroupHeartbeat,
// so that members with GroupProtocol consumer or auto use the fake's
// KIP-848 coordinator. Without it the fake is a broker without the API (a
// 3.x broker): a member under auto falls back to classic, so the classic
// path's tests keep testing it whatever the consumer's default protocol.
func (c *Cluster) EnableConsumerProtocol() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.kip848Locked().offered = true
}

// WithoutConsumerProtocol makes ApiVersions omit ConsumerGroupHeartbeat
// again, as a broker without the KIP-848 coordinator does.
func (c *Cluster) WithoutConsumerProtocol() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.kip848Locked().offered = false
}

// CapConsumerGroupHeartbeat makes ApiVersions offer ConsumerGroupHeartbeat
// up to v (v0: Kafka 4.0's first version, where the coordinator names
// members); it enables the consumer protocol.
func (c *Cluster) CapConsumerGroupHeartbeat(v int16) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.kip848Locked().hbMax = v
	c.kip848Locked().offered = true
}

// OfferOffsetCommitV10 makes ApiVersions offer OffsetCommit v10, which names
// topics by id.
func (c *Cluster) OfferOffsetCommitV10() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.kip848Locked().commitV10 = true
}

// OfferOffsetFetchV10 makes ApiVersions offer OffsetFetch v10 (topic ids);
// otherwise it offers up to v7.
func (c *Cluster) OfferOffsetFetchV10() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.kip848Locked().fetchV10 = true
}

// LastOffsetFetch is the version and member epoch (-1 when none was sent)
// of the last OffsetFetch request.
func (c *Cluster) LastOffsetFetch() (version int16, memberEpoch int32) {
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.kip848Locked()
	return st.fetchVersion, st.fetchEpoch
}

// BumpConsumerGroupEpoch moves every member of a KIP-848 group to a new
// epoch at once, as the coordinator does when the group's assignment
// changes: until a member's next heartbeat brings it the new epoch, its
// commits and offset fetches carry a stale one (STALE_MEMBER_EPOCH).
func (c *Cluster) BumpConsumerGroupEpoch(groupID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	g := c.kip848Locked().groups[groupID]
	if g == nil {
		return
	}
	g.epoch++
	for _, m := range g.members {
		m.prevEpoch, m.epoch, m.sent = m.epoch, g.epoch, nil // nil: the next heartbeat answer carries the assignment
	}
}

// LastOffsetCommitVersion is the version of the last OffsetCommit request.
func (c *Cluster) LastOffsetCommitVersion() int16 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.kip848Locked().commitVersion
}

// ConsumerGroup lists the members of a KIP-848 group, by id.
func (c *Cluster) ConsumerGroup(groupID string) []ConsumerGroupMember {
	c.mu.Lock()
	defer c.mu.Unlock()
	g := c.kip848Locked().groups[groupID]
	if g == nil {
		return nil
	}
	var out []ConsumerGroupMember
	for _, m := range g.members {
		cm := ConsumerGroupMember{ID: m.id, InstanceID: m.instance, Epoch: m.epoch, Assignor: m.assignor, Away: m.away}
		for k := range m.owned {
			cm.Owned = append(cm.Owned, c.namedLocked(k))
		}
		sort.Strings(cm.Owned)
		out = append(out, cm)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// namedLocked turns "topicid/partition" into "topic/partition".
func (c *Cluster) namedLocked(key string) string {
	for _, t := range c.topics {
		for p := range t.parts {
			if ownedKey(t.id, int32(p)) == key {
				return fmt.Sprintf("%s/%d", t.name, p)
			}
		}
	}
	return key
}

func ownedKey(id protocol.UUID, p int32) string { return fmt.Sprintf("%s/%d", id, p) }

// kip848Versions adjusts an ApiVersions answer to the scripted support.
func (c *Cluster) kip848Versions(resp *protocol.ApiVersionsResponse) {
	c.mu.Lock()
	st := c.kip848Locked()
	offered, v10, fetchV10, hbMax := st.offered, st.commitV10, st.fetchV10, st.hbMax
	c.mu.Unlock()
	resp.ApiKeys = slices.DeleteFunc(resp.ApiKeys, func(k protocol.ApiVersionsResponseKey) bool {
		return !offered && k.ApiKey == protocol.KeyConsumerGroupHeartbeat
	})
	for i := range resp.ApiKeys {
		if v10 && resp.ApiKeys[i].ApiKey == protocol.KeyOffsetCommit {
			resp.ApiKeys[i].MaxVersion = 10
		}
		if fetchV10 && resp.ApiKeys[i].ApiKey == protocol.KeyOffsetFetch {
			resp.ApiKeys[i].MaxVersion = 10
		}
		if hbMax >= 0 && resp.ApiKeys[i].ApiKey == protocol.KeyConsumerGroupHeartbeat {
			resp.ApiKeys[i].MaxVersion = hbMax
		}
	}
}

func (c *Cluster) consumerGroupHeartbeat(req *protocol.ConsumerGroupHeartbeatRequest, version, code int16) *protocol.ConsumerGroupHeartbeatResponse {
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.kip848Locked()
	resp := &protocol.ConsumerGroupHeartbeatResponse{ErrorCode: code, HeartbeatIntervalMs: st.intervalMs}
	if code != 0 {
		return resp
	}
	fail := func(code int16, msg string) *protocol.ConsumerGroupHeartbeatResponse {
		resp.ErrorCode, resp.ErrorMessage = code, &msg
		return resp
	}
	if version >= 1 && req.MemberID == "" {
		return fail(codeInvalidRequest, "MemberId can't be empty.")
	}
	g := st.groups[req.GroupID]
	if g == nil {
		g = &cgroup{members: map[string]*cgMember{}}
		st.groups[req.GroupID] = g
	}
	id := req.MemberID
	if id == "" {
		id = fmt.Sprintf("member-%d", len(g.members)+1)
	}
	resp.MemberID = &id
	m := g.members[id]
	switch {
	case req.MemberEpoch == -1 || req.MemberEpoch == -2:
		if m == nil {
			return fail(codeUnknownMember, "unknown member")
		}
		if req.MemberEpoch == -2 && m.instance != "" {
			m.away, m.owned = true, nil
		} else {
			delete(g.members, id)
			g.epoch++
		}
		resp.MemberEpoch = req.MemberEpoch
		return resp
	case req.MemberEpoch == 0:
		if req.InstanceID != nil {
			for oid, o := range g.members {
				if o.instance == *req.InstanceID && oid != id {
					if !o.away {
						return fail(codeUnreleasedInstance, "instance id still in use")
					}
					delete(g.members, oid) // the static member came back under a new member id
					m = &cgMember{id: id, instance: o.instance}
				}
			}
		}
		if m == nil {
			m = &cgMember{id: id, sent: map[protocol.UUID][]int32{}}
			g.epoch++
		}
		if req.InstanceID != nil {
			m.instance = *req.InstanceID
		}
		m.away, m.owned = false, map[string]bool{}
		m.sent = map[protocol.UUID][]int32{} // a rejoining member owns nothing
		g.members[id] = m
	case m == nil:
		return fail(codeUnknownMember, "unknown member")
	case req.MemberEpoch != m.epoch && req.MemberEpoch != m.prevEpoch:
		// As the real coordinator, the previous epoch is still taken: the
		// answer that moved the member on may have been lost.
		return fail(codeFencedMemberEpoch, fmt.Sprintf("epoch %d, expected %d", req.MemberEpoch, m.epoch))
	}
	if req.SubscribedTopicNames != nil && !slices.Equal(req.SubscribedTopicNames, m.topics) {
		m.topics, m.regex = slices.Clone(req.SubscribedTopicNames), nil
		g.epoch++
	}
	if req.SubscribedTopicRegex != nil && (m.regex == nil || m.regex.String() != "^(?:"+*req.SubscribedTopicRegex+")$") {
		re, err := regexp.Compile("^(?:" + *req.SubscribedTopicRegex + ")$")
		if err != nil {
			return fail(codeInvalidRequest, "bad regex")
		}
		m.regex, m.topics = re, nil
		g.epoch++
	}
	if req.ServerAssignor != nil {
		m.assignor = *req.ServerAssignor
	}
	if req.TopicPartitions != nil {
		m.owned = map[string]bool{}
		for _, t := range req.TopicPartitions {
			for _, p := range t.Partitions {
				m.owned[ownedKey(t.TopicID, p)] = true
			}
		}
	}
	want := c.assignableLocked(g, m)
	if !sameAssignment(want, m.sent) || req.MemberEpoch == 0 {
		if m.epoch != g.epoch {
			m.prevEpoch = m.epoch
		}
		m.sent, m.epoch = want, g.epoch
		a := &protocol.ConsumerGroupHeartbeatResponseAssignment{TopicPartitions: []protocol.ConsumerGroupHeartbeatTopicPartitions{}}
		for tid, ps := range want {
			a.TopicPartitions = append(a.TopicPartitions, protocol.ConsumerGroupHeartbeatTopicPartitions{TopicID: tid, Partitions: ps})
		}
		resp.Assignment = a
	}
	resp.MemberEpoch = m.epoch
	return resp
}

// assignableLocked is m's share of the group's partitions, less those
// another member still reports owning.
func (c *Cluster) assignableLocked(g *cgroup, m *cgMember) map[protocol.UUID][]int32 {
	ids := make([]string, 0, len(g.members))
	for id := range g.members {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	mine := slices.Index(ids, m.id)
	out := map[protocol.UUID][]int32{}
	n := 0
	for _, name := range c.order {
		t := c.topics[name]
		if !m.subscribes(name) {
			continue
		}
		for p := range t.parts {
			if n%len(ids) == mine && !ownedByOther(g, m, ownedKey(t.id, int32(p))) {
				out[t.id] = append(out[t.id], int32(p))
			}
			n++
		}
	}
	return out
}

func (m *cgMember) subscribes(topic string) bool {
	if m.regex != nil {
		return m.regex.MatchString(topic)
	}
	return slices.Contains(m.topics, topic)
}

func ownedByOther(g *cgroup, m *cgMember, key string) bool {
	for _, o := range g.members {
		if o != m && o.owned[key] {
			return true
		}
	}
	return false
}

func sameAssignment(a, b map[protocol.UUID][]int32) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !slices.Equal(v, b[k]) {
			return false
		}
	}
	return true
}
