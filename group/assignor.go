package group

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	kafkawire "github.com/kafkawire/kafkawire"
)

// Member is one group member as the leader sees it when assigning: its
// identity and the subscription it sent in JoinGroup.
type Member struct {
	ID         string  // member id
	InstanceID *string // static membership (group.instance.id), nil if none
	Topics     []string
	// Owned lists the partitions the member owned before this rebalance
	// (cooperative protocol, consumer subscription v1+).
	Owned []kafkawire.TopicPartition
	// Generation is the generation in which Owned was assigned
	// (subscription v2+), or -1 if unknown. The cooperative-sticky assignor
	// falls back to the generation Java members encode in UserData when it
	// is unknown.
	Generation int32
	Rack       string // client.rack, "" if none
	UserData   []byte
}

// RebalanceProtocol is how members give up partitions during a rebalance.
// The values are those of the Java client's RebalanceProtocol.
type RebalanceProtocol int8

const (
	// Eager members revoke every partition before joining; the new
	// assignment is computed from scratch.
	Eager RebalanceProtocol = 0
	// Cooperative members keep their partitions while rebalancing and
	// revoke only those the new assignment takes away (KIP-429); a partition
	// that changes owner is assigned to its new owner in a follow-up
	// rebalance.
	Cooperative RebalanceProtocol = 1
)

// String returns "eager" or "cooperative".
func (p RebalanceProtocol) String() string {
	switch p {
	case Eager:
		return "eager"
	case Cooperative:
		return "cooperative"
	}
	return fmt.Sprintf("RebalanceProtocol(%d)", int8(p))
}

// Assignor computes the group's partition assignment on the group leader.
type Assignor interface {
	// Name is the protocol name members advertise in JoinGroup:
	// "range", "roundrobin" or "cooperative-sticky".
	Name() string
	// Protocol is the rebalance protocol the assignor is written for.
	Protocol() RebalanceProtocol
	// Assign maps each member id to the partitions it is assigned.
	// partitions gives the partition count of each topic with metadata;
	// subscribed topics absent from it are not assigned. Every member id
	// is present in the result, possibly with an empty list; each list is
	// sorted by topic, then partition. Assign fails on duplicate member ids
	// and negative partition counts.
	Assign(members []Member, partitions map[string]int32) (map[string][]kafkawire.TopicPartition, error)
}

// Names of the built-in assignors, as advertised in JoinGroup.
const (
	rangeAssignorName             = "range"
	roundRobinAssignorName        = "roundrobin"
	cooperativeStickyAssignorName = "cooperative-sticky"
)

// AssignorByName returns the built-in assignor with the given protocol name.
func AssignorByName(name string) (Assignor, error) {
	switch name {
	case rangeAssignorName:
		return RangeAssignor(), nil
	case roundRobinAssignorName:
		return RoundRobinAssignor(), nil
	case cooperativeStickyAssignorName:
		return CooperativeStickyAssignor(), nil
	}
	return nil, fmt.Errorf("group: unknown assignor %q (valid: %q, %q, %q)", name,
		rangeAssignorName, roundRobinAssignorName, cooperativeStickyAssignorName)
}

// checkAssignInput rejects what no assignor can work with.
func checkAssignInput(members []Member, partitions map[string]int32) error {
	seen := make(map[string]struct{}, len(members))
	for i := range members {
		id := members[i].ID
		if _, dup := seen[id]; dup {
			return fmt.Errorf("group: member id %q appears more than once", id)
		}
		seen[id] = struct{}{}
	}
	for topic, n := range partitions {
		if n < 0 {
			return fmt.Errorf("group: topic %q has a negative partition count %d", topic, n)
		}
	}
	return nil
}

// emptyAssignment returns a result with an empty, non-nil list per member.
func emptyAssignment(members []Member) map[string][]kafkawire.TopicPartition {
	out := make(map[string][]kafkawire.TopicPartition, len(members))
	for i := range members {
		out[members[i].ID] = []kafkawire.TopicPartition{}
	}
	return out
}

// assignableTopics returns the distinct topics of m's subscription that have
// at least one partition, sorted.
func assignableTopics(m *Member, partitions map[string]int32) []string {
	var out []string
	for _, t := range m.Topics {
		if partitions[t] > 0 {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// compareTopicPartitions orders by topic, then partition.
func compareTopicPartitions(a, b kafkawire.TopicPartition) int {
	if c := strings.Compare(a.Topic, b.Topic); c != 0 {
		return c
	}
	return cmp.Compare(a.Partition, b.Partition)
}

// sortAssignment sorts every member's list by topic, then partition.
func sortAssignment(out map[string][]kafkawire.TopicPartition) {
	for _, tps := range out {
		slices.SortFunc(tps, compareTopicPartitions)
	}
}

// compareMembersJava orders members as the Java client's
// AbstractPartitionAssignor.MemberInfo does: static members first, by
// group.instance.id, then dynamic members by member id. Instance ids are
// unique within a group; should two be equal anyway, the member id decides
// so that the order never depends on the input order.
func compareMembersJava(a, b *Member) int {
	switch {
	case a.InstanceID != nil && b.InstanceID != nil:
		if c := compareJavaStrings(*a.InstanceID, *b.InstanceID); c != 0 {
			return c
		}
	case a.InstanceID != nil:
		return -1
	case b.InstanceID != nil:
		return 1
	}
	return compareIDsJava(a.ID, b.ID)
}

// compareIDsJava compares as Java's String.compareTo, falling back to a byte
// comparison for distinct strings Java would consider equal (invalid UTF-8
// decodes to U+FFFD on both sides).
func compareIDsJava(a, b string) int {
	if c := compareJavaStrings(a, b); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

// compareJavaStrings compares two UTF-8 strings the way Java's
// String.compareTo compares the same text: lexicographically by UTF-16 code
// unit. It differs from Go's byte order only when a supplementary character
// (encoded as a surrogate pair, 0xD800-0xDFFF) meets a character in
// U+E000..U+FFFF.
func compareJavaStrings(a, b string) int {
	for len(a) > 0 && len(b) > 0 {
		if a[0] < utf8.RuneSelf && b[0] < utf8.RuneSelf {
			if a[0] != b[0] {
				return cmp.Compare(a[0], b[0])
			}
			a, b = a[1:], b[1:]
			continue
		}
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb {
			var bufA, bufB [2]uint16
			return slices.Compare(utf16.AppendRune(bufA[:0], ra), utf16.AppendRune(bufB[:0], rb))
		}
		a, b = a[na:], b[nb:]
	}
	return cmp.Compare(len(a), len(b)) // the one with text left is greater
}
