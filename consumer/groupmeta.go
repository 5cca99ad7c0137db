package consumer

import "github.com/kafkawire/kafkawire/group"

// GroupMetadata is what a transactional producer needs of a consumer to
// commit its offsets inside a transaction (producer.SendOffsetsToTransaction):
// the group and the member's current generation, member id and instance id,
// so that the group coordinator refuses the commit of a zombie member that
// the group has moved on from (KIP-447). Java: ConsumerGroupMetadata.
type GroupMetadata struct {
	GroupID    string
	Generation group.Generation
}

// GroupMetadata returns the consumer's group and current generation. A
// consumer that Subscribed reports the generation it is in now (its
// generation id is -1 until it has joined); one that only Assigns
// partitions reports its GroupID with group.NoGeneration. Take it right
// before SendOffsetsToTransaction: a rebalance changes it.
func (c *Consumer) GroupMetadata() GroupMetadata {
	gm := GroupMetadata{GroupID: c.s.GroupID, Generation: group.NoGeneration}
	if m := c.membership(); m != nil {
		gm.Generation = m.Generation()
	}
	return gm
}
