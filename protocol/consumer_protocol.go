package protocol

import "fmt"

// The classic "consumer" embedded protocol: what a KafkaConsumer puts in
// JoinGroup protocol metadata (a subscription) and in SyncGroup assignments.
// These bytes are not a Kafka API: they begin with their own int16 version
// and are never flexible. A reader meeting a newer version than it knows
// decodes it with its newest layout, since newer versions only append
// fields; trailing bytes are ignored for the same reason.

// Newest versions of the consumer protocol structures we know.
const (
	ConsumerProtocolSubscriptionVersion int16 = 3
	ConsumerProtocolAssignmentVersion   int16 = 3
)

// ConsumerProtocolSubscription is a member's subscription, sent as the
// metadata of each protocol (assignor) in a JoinGroupRequest.
type ConsumerProtocolSubscription struct {
	Topics          []string
	UserData        []byte                           // nullable; aliases the decoded input
	OwnedPartitions []ConsumerProtocolTopicPartition // v1+
	GenerationID    int32                            // v2+, default -1
	RackID          *string                          // v3+
}

// ConsumerProtocolAssignment is the assignment the group leader computes
// for one member, sent in SyncGroup.
type ConsumerProtocolAssignment struct {
	AssignedPartitions []ConsumerProtocolTopicPartition
	UserData           []byte // nullable; aliases the decoded input
}

// ConsumerProtocolTopicPartition is a topic and some of its partitions.
type ConsumerProtocolTopicPartition struct {
	Topic      string
	Partitions []int32
}

// AppendTo appends the version, then the subscription encoded at that
// version (clamped to 0..ConsumerProtocolSubscriptionVersion).
func (s *ConsumerProtocolSubscription) AppendTo(dst []byte, version int16) []byte {
	return encode(s, versioned(dst, max(0, min(version, ConsumerProtocolSubscriptionVersion))))
}

// Decode reads a subscription written by AppendTo or by any Kafka client.
// UserData aliases b.
func (s *ConsumerProtocolSubscription) Decode(b []byte) error {
	*s = ConsumerProtocolSubscription{GenerationID: -1}
	return decodeVersioned(b, "subscription", ConsumerProtocolSubscriptionVersion, s)
}

func (s *ConsumerProtocolSubscription) fields(c *codec) {
	c.Strings(&s.Topics)
	c.NullableBytes(&s.UserData)
	if c.version >= 1 {
		arrayOf(c, &s.OwnedPartitions, func(tp *ConsumerProtocolTopicPartition) { tp.fields(c) })
	}
	if c.version >= 2 {
		c.Int32(&s.GenerationID)
	}
	if c.version >= 3 {
		c.NullableString(&s.RackID)
	}
}

// AppendTo appends the version, then the assignment encoded at that version
// (clamped to 0..ConsumerProtocolAssignmentVersion; all versions share one
// layout).
func (a *ConsumerProtocolAssignment) AppendTo(dst []byte, version int16) []byte {
	return encode(a, versioned(dst, max(0, min(version, ConsumerProtocolAssignmentVersion))))
}

// Decode reads an assignment written by AppendTo or by any Kafka client.
// UserData aliases b.
func (a *ConsumerProtocolAssignment) Decode(b []byte) error {
	*a = ConsumerProtocolAssignment{}
	return decodeVersioned(b, "assignment", ConsumerProtocolAssignmentVersion, a)
}

func (a *ConsumerProtocolAssignment) fields(c *codec) {
	arrayOf(c, &a.AssignedPartitions, func(tp *ConsumerProtocolTopicPartition) { tp.fields(c) })
	c.NullableBytes(&a.UserData)
}

func (tp *ConsumerProtocolTopicPartition) fields(c *codec) {
	c.String(&tp.Topic)
	c.Int32s(&tp.Partitions)
}

// versioned starts encoding a consumer protocol structure at version: the
// version comes first. AppendTo runs encode(m, versioned(dst, version)), in
// which the compiler calls m's fields directly (see encode).
func versioned(dst []byte, version int16) codec {
	c := codec{w: Writer{B: dst}, version: version}
	c.w.Int16(version)
	return c
}

// decodeVersioned reads the version in front of a consumer protocol
// structure (what), then the structure with the layout of that version, or
// of newest for a newer one.
func decodeVersioned(b []byte, what string, newest int16, m fielder) error {
	r := Reader{buf: b}
	version := r.Int16()
	if r.err == nil && version < 0 {
		return fmt.Errorf("protocol: consumer protocol %s has invalid version %d", what, version)
	}
	c := codec{r: &r, version: min(version, newest)}
	m.fields(&c)
	if r.err != nil {
		return fmt.Errorf("protocol: decoding consumer protocol %s v%d: %w", what, version, r.err)
	}
	return nil
}
