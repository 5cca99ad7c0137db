// Package group owns consumer-group membership: coordinator lookup, the two
// group protocols' member state machines, assignors, and offset
// commit/fetch.
//
// # Members
//
// A consumer in a group is a [Participant], run by one of two member types
// that share a [Handler] (Assigned, Revoked, Lost) and the same failure
// reporting (*[Error], fatal or not):
//
//   - [Membership] runs the classic protocol: JoinGroup, SyncGroup (the
//     leader member runs an [Assignor]), Heartbeat, LeaveGroup. It rejoins
//     when the coordinator says its generation is stale.
//   - [ConsumerMember] runs the consumer protocol of KIP-848 (Kafka 4.0+):
//     one ConsumerGroupHeartbeat joins, heartbeats and leaves, the
//     coordinator computes the assignment, and the member reconciles it,
//     revoking what it lost before it reports it released. Its generation
//     is the member epoch; when fenced it loses its partitions and joins
//     again at epoch 0.
//
// [NewAutoMember] starts a ConsumerMember and falls back to a Membership
// when the coordinator does not run the consumer protocol for the group.
//
// # Offsets
//
// [CommitMemberOffsets] and [FetchMemberOffsets] commit and read offsets as
// a member: with its generation or member epoch, naming topics by id
// (OffsetCommit and OffsetFetch v10) when a KIP-848 member's broker offers
// it and metadata knows every id, else by name. A KIP-848 request refused
// with STALE_MEMBER_EPOCH is sent again once the member's heartbeat brought
// a newer epoch. [CommitOffsets] and [FetchOffsets] are the same requests
// for a given generation, or for a client outside the group.
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
