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
	GenerationId    int32                            // v2+, default -1
	RackId          *string                          // v3+
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
	grpAppendStrings(&w, s.Topics, false)
	w.NullableBytes(s.UserData, false)
	if version >= 1 {
		grpAppendTopicPartitions(&w, s.OwnedPartitions)
	}
	if version >= 2 {
		w.Int32(s.GenerationId)
	}
	if version >= 3 {
		w.NullableString(s.RackId, false)
	}
	return w.B
}

// Decode reads a subscription written by AppendTo or by any Kafka client.
// UserData aliases b.
func (s *ConsumerProtocolSubscription) Decode(b []byte) error {
	r := Reader{buf: b}
	*s = ConsumerProtocolSubscription{GenerationId: -1}
	version := r.Int16()
	if r.err == nil && version < 0 {
		return fmt.Errorf("protocol: consumer protocol subscription has invalid version %d", version)
	}
	version = min(version, ConsumerProtocolSubscriptionVersion)
	s.Topics = grpReadStrings(&r, false)
	s.UserData = r.Bytes(false)
	if version >= 1 {
		s.OwnedPartitions = grpReadTopicPartitions(&r)
	}
	if version >= 2 {
		s.GenerationId = r.Int32()
	}
	if version >= 3 {
		s.RackId = r.NullableString(false)
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
	grpAppendTopicPartitions(&w, a.AssignedPartitions)
	w.NullableBytes(a.UserData, false)
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
	a.AssignedPartitions = grpReadTopicPartitions(&r)
	a.UserData = r.Bytes(false)
	if r.err != nil {
		return fmt.Errorf("protocol: decoding consumer protocol assignment v%d: %w", version, r.err)
	}
	return nil
}

func grpAppendTopicPartitions(w *Writer, tps []ConsumerProtocolTopicPartition) {
	w.ArrayLen(len(tps), false)
	for i := range tps {
		w.String(tps[i].Topic, false)
		grpAppendInt32s(w, tps[i].Partitions, false)
	}
}

func grpReadTopicPartitions(r *Reader) []ConsumerProtocolTopicPartition {
	n := r.ArrayLen(false)
	if n < 0 || r.err != nil {
		return nil
	}
	tps := make([]ConsumerProtocolTopicPartition, n)
	for i := range tps {
		tps[i].Topic = r.String(false)
		tps[i].Partitions = grpReadInt32s(r, false)
	}
	return tps
}

// Helpers shared by the group APIs (files of the group coordinator family).

// grpAppendStrings writes a non-nullable string array; nil is written empty.
func grpAppendStrings(w *Writer, ss []string, flex bool) {
	w.ArrayLen(len(ss), flex)
	for _, s := range ss {
		w.String(s, flex)
	}
}

// grpReadStrings reads a string array; null reads as nil.
func grpReadStrings(r *Reader, flex bool) []string {
	n := r.ArrayLen(flex)
	if n < 0 || r.err != nil {
		return nil
	}
	ss := make([]string, n)
	for i := range ss {
		ss[i] = r.String(flex)
	}
	return ss
}

// grpAppendInt32s writes a non-nullable int32 array; nil is written empty.
func grpAppendInt32s(w *Writer, vs []int32, flex bool) {
	w.ArrayLen(len(vs), flex)
	for _, v := range vs {
		w.Int32(v)
	}
}

// grpReadInt32s reads an int32 array; null reads as nil.
func grpReadInt32s(r *Reader, flex bool) []int32 {
	n := r.ArrayLen(flex)
	if n < 0 || r.err != nil {
		return nil
	}
	if n > r.Remaining()/4 {
		r.Fail(ErrInvalidLength)
		return nil
	}
	vs := make([]int32, n)
	for i := range vs {
		vs[i] = r.Int32()
	}
	return vs
}

// grpDeref returns *s, or "" for nil: a nullable field written at a version
// where it is not yet nullable.
func grpDeref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
