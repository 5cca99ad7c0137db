package group

import (
	"slices"

	kafkawire "github.com/kafkawire/kafkawire"
)

// RangeAssignor returns the "range" assignor (eager), Kafka's default
// before 3.x: for each topic separately, the members subscribed to it are
// ordered (static members first by group.instance.id, then by member id)
// and the topic's partitions are cut into contiguous ranges, one per member
// in that order; when the partitions do not divide evenly, the first
// count%members members get one partition more.
//
// With two members C0, C1 and topics t0, t1 of three partitions each,
// C0 gets t0p0, t0p1, t1p0, t1p1 and C1 gets t0p2, t1p2.
func RangeAssignor() Assignor { return rangeAssignor{} }

type rangeAssignor struct{}

func (rangeAssignor) Name() string                { return rangeAssignorName }
func (rangeAssignor) Protocol() RebalanceProtocol { return Eager }

func (rangeAssignor) Assign(members []Member, partitions map[string]int32) (map[string][]kafkawire.TopicPartition, error) {
	if err := checkAssignInput(members, partitions); err != nil {
		return nil, err
	}
	out := emptyAssignment(members)
	subscribers := map[string][]*Member{}
	for i := range members {
		for _, t := range assignableTopics(&members[i], partitions) {
			subscribers[t] = append(subscribers[t], &members[i])
		}
	}
	for topic, subs := range subscribers {
		slices.SortFunc(subs, compareMembersJava)
		n := int(partitions[topic])
		per, extra := n/len(subs), n%len(subs)
		for i, m := range subs {
			start := per*i + min(i, extra)
			length := per
			if i < extra {
				length++
			}
			for p := start; p < start+length; p++ {
				out[m.ID] = append(out[m.ID], kafkawire.TopicPartition{Topic: topic, Partition: int32(p)})
			}
		}
	}
	sortAssignment(out)
	return out, nil
}
