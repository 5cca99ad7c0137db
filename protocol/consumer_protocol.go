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
	version = max(0, min(version, ConsumerProtocolSubscriptionVersion))
	w := Writer{B: dst}
	w.Int16(version)
	w.Strings(s.Topics)
	w.NullableBytes(s.UserData)
	if version >= 1 {
		appendTopicPartitions(&w, s.OwnedPartitions)
	}
	if version >= 2 {
		w.Int32(s.GenerationID)
	}
	if version >= 3 {
		w.NullableString(s.RackID)
	}
	return w.B
}

// Decode reads a subscription written by AppendTo or by any Kafka client.
// UserData aliases b.
func (s *ConsumerProtocolSubscription) Decode(b []byte) error {
	r := Reader{buf: b}
	*s = ConsumerProtocolSubscription{GenerationID: -1}
	version := r.Int16()
	if r.err == nil && version < 0 {
		return fmt.Errorf("protocol: consumer protocol subscription has invalid version %d", version)
	}
	version = min(version, ConsumerProtocolSubscriptionVersion)
	s.Topics = r.Strings()
	s.UserData = r.Bytes()
	if version >= 1 {
		s.OwnedPartitions = readTopicPartitions(&r)
	}
	if version >= 2 {
		s.GenerationID = r.Int32()
	}
	if version >= 3 {
		s.RackID = r.NullableString()
	}
	if r.err != nil {
		return fmt.Errorf("protocol: decoding consumer protocol subscription v%d: %w", version, r.err)
	}
	return nil
}

// AppendTo appends the version, then the assignment encoded at that version
// (clamped to 0..ConsumerProtocolAssignmentVersion; all versions share one
// layout).
func (a *ConsumerProtocolAssignment) AppendTo(dst []byte, version int16) []byte {
	version = max(0, min(version, ConsumerProtocolAssignmentVersion))
	w := Writer{B: dst}
	w.Int16(version)
	appendTopicPartitions(&w, a.AssignedPartitions)
	w.NullableBytes(a.UserData)
	return w.B
}

// Decode reads an assignment written by AppendTo or by any Kafka client.
// UserData aliases b.
func (a *ConsumerProtocolAssignment) Decode(b []byte) error {
	r := Reader{buf: b}
	*a = ConsumerProtocolAssignment{}
	version := r.Int16()
	if r.err == nil && version < 0 {
		return fmt.Errorf("protocol: consumer protocol assignment has invalid version %d", version)
	}
	a.AssignedPartitions = readTopicPartitions(&r)
	a.UserData = r.Bytes()
	if r.err != nil {
		return fmt.Errorf("protocol: decoding consumer protocol assignment v%d: %w", version, r.err)
	}
	return nil
}

func appendTopicPartitions(w *Writer, tps []ConsumerProtocolTopicPartition) {
	AppendArray(w, tps, func(tp *ConsumerProtocolTopicPartition) {
		w.String(tp.Topic)
		w.Int32s(tp.Partitions)
	})
}

func readTopicPartitions(r *Reader) []ConsumerProtocolTopicPartition {
	return ReadArray(r, func(tp *ConsumerProtocolTopicPartition) {
		tp.Topic = r.String()
		tp.Partitions = r.Int32s()
	})
}

// Helpers shared by the group APIs (files of the group coordinator family).
