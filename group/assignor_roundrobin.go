package group

import (
	"slices"

	kafkawire "github.com/kafkawire/kafkawire"
)

// RoundRobinAssignor returns the "roundrobin" assignor (eager): every
// partition of every subscribed topic, sorted by topic then partition, is
// dealt in turn to the members, ordered as the range assignor orders them,
// going round in a circle and skipping members not subscribed to the
// partition's topic. Members with identical subscriptions end up within one
// partition of each other.
//
// With two members C0, C1 and topics t0, t1 of three partitions each,
// C0 gets t0p0, t0p2, t1p1 and C1 gets t0p1, t1p0, t1p2.
func RoundRobinAssignor() Assignor { return roundRobinAssignor{} }

type roundRobinAssignor struct{}

func (roundRobinAssignor) Name() string                { return roundRobinAssignorName }
func (roundRobinAssignor) Protocol() RebalanceProtocol { return Eager }

func (roundRobinAssignor) Assign(members []Member, partitions map[string]int32) (map[string][]kafkawire.TopicPartition, error) {
	if err := checkAssignInput(members, partitions); err != nil {
		return nil, err
	}
	out := emptyAssignment(members)
	// The circle holds every member, subscribed to anything or not, as in
	// the Java client; subscribed[i] is the topic set of circle[i].
	circle := make([]*Member, len(members))
	for i := range members {
		circle[i] = &members[i]
	}
	slices.SortFunc(circle, compareMembersJava)
	subscribed := make([]map[string]bool, len(circle))
	var topics []string
	for i, m := range circle {
		ts := assignableTopics(m, partitions)
		subscribed[i] = make(map[string]bool, len(ts))
		for _, t := range ts {
			subscribed[i][t] = true
		}
		topics = append(topics, ts...)
	}
	slices.Sort(topics)
	topics = slices.Compact(topics)

	next := 0 // position in the circle of the next member to consider
	for _, topic := range topics {
		for p := range partitions[topic] {
			// Some member is subscribed to topic, so this terminates.
			for !subscribed[next][topic] {
				next = (next + 1) % len(circle)
			}
			id := circle[next].ID
			out[id] = append(out[id], kafkawire.TopicPartition{Topic: topic, Partition: p})
			next = (next + 1) % len(circle)
		}
	}
	sortAssignment(out)
	return out, nil
}
