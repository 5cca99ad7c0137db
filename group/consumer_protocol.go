package group

import (
	"slices"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/protocol"
)

// The "consumer" embedded protocol: what members tell the leader in
// JoinGroup metadata, and what the leader tells each member in SyncGroup.
// We write version 3 of both, as the Java client does; readers take any.
const consumerProtocolVersion = 3

func subscriptionBytes(topics []string, owned []kafkawire.TopicPartition, generation int32) []byte {
	sub := protocol.ConsumerProtocolSubscription{Topics: slices.Clone(topics), GenerationID: generation}
	slices.Sort(sub.Topics)
	sub.OwnedPartitions = groupPartitions(owned)
	return sub.AppendTo(nil, consumerProtocolVersion)
}

func parseSubscription(b []byte) (Member, error) {
	var sub protocol.ConsumerProtocolSubscription
	if err := sub.Decode(b); err != nil {
		return Member{}, err
	}
	m := Member{Topics: sub.Topics, UserData: sub.UserData, Generation: sub.GenerationID}
	for _, tp := range sub.OwnedPartitions {
		for _, p := range tp.Partitions {
			m.Owned = append(m.Owned, kafkawire.TopicPartition{Topic: tp.Topic, Partition: p})
		}
	}
	if sub.RackID != nil {
		m.Rack = *sub.RackID
	}
	return m, nil
}

func assignmentBytes(tps []kafkawire.TopicPartition) []byte {
	a := protocol.ConsumerProtocolAssignment{AssignedPartitions: groupPartitions(tps)}
	return a.AppendTo(nil, consumerProtocolVersion)
}

func parseAssignment(b []byte) ([]kafkawire.TopicPartition, error) {
	if len(b) == 0 {
		return nil, nil // no assignment (e.g. subscribed to nothing assignable)
	}
	var a protocol.ConsumerProtocolAssignment
	if err := a.Decode(b); err != nil {
		return nil, err
	}
	var out []kafkawire.TopicPartition
	for _, tp := range a.AssignedPartitions {
		for _, p := range tp.Partitions {
			out = append(out, kafkawire.TopicPartition{Topic: tp.Topic, Partition: p})
		}
	}
	return out, nil
}

func groupPartitions(tps []kafkawire.TopicPartition) []protocol.ConsumerProtocolTopicPartition {
	if len(tps) == 0 {
		return []protocol.ConsumerProtocolTopicPartition{}
	}
	sorted := slices.Clone(tps)
	slices.SortFunc(sorted, func(a, b kafkawire.TopicPartition) int {
		if a.Topic != b.Topic {
			if a.Topic < b.Topic {
				return -1
			}
			return 1
		}
		return int(a.Partition - b.Partition)
	})
	var out []protocol.ConsumerProtocolTopicPartition
	for _, tp := range sorted {
		if len(out) == 0 || out[len(out)-1].Topic != tp.Topic {
			out = append(out, protocol.ConsumerProtocolTopicPartition{Topic: tp.Topic})
		}
		out[len(out)-1].Partitions = append(out[len(out)-1].Partitions, tp.Partition)
	}
	return out
}
