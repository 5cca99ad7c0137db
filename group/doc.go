// Package group owns consumer-group membership: coordinator lookup, the
// classic join/sync/heartbeat state machine, assignors, and offset
// commit/fetch.
//
// # Assignors
//
// The group leader runs an [Assignor] over every member's subscription and
// hands each member its share. Three classic assignors are provided, each
// following the semantics of the Apache Kafka Java client's assignor of the
// same name, so that groups mixing this client with Java or librdkafka
// members behave the same whichever member leads:
//
//   - [RangeAssignor] ("range", eager): per topic, contiguous ranges of
//     partitions over the topic's subscribers.
//   - [RoundRobinAssignor] ("roundrobin", eager): all subscribed partitions
//     dealt one by one over the members.
//   - [CooperativeStickyAssignor] ("cooperative-sticky", cooperative,
//     KIP-429): a balanced assignment that keeps as many partitions as
//     possible with their current owner, and that never hands a partition to
//     a new owner in the same rebalance in which another member must first
//     revoke it.
//
// Members are ordered as the Java client orders them: static members (with
// a group.instance.id) first, by instance id, then dynamic members by member
// id, comparing strings by UTF-16 code units as Java does.
//
// Rack-aware assignment (KIP-881) needs the racks of each partition's
// replicas, which an assignor here is not given; as in the Java client
// without partition rack information, [Member.Rack] does not change the
// assignment.
package group
