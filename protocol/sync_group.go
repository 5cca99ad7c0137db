package protocol

func init() {
	register(API{Key: KeySyncGroup, Name: "SyncGroup", MinVersion: 0, MaxVersion: 5, FlexibleFrom: 4,
		NewRequest: func() Message { return new(SyncGroupRequest) }, NewResponse: func() Message { return new(SyncGroupResponse) }})
}

// SyncGroupRequest ends a classic rebalance: the leader sends every member's
// opaque assignment (for the "consumer" protocol type, a
// ConsumerProtocolAssignment), followers send none.
type SyncGroupRequest struct {
	GroupId         string
	GenerationId    int32
	MemberId        string
	GroupInstanceId *string // v3+
	ProtocolType    *string // v5+
	ProtocolName    *string // v5+
	Assignments     []SyncGroupRequestAssignment
}

// SyncGroupRequestAssignment is one member's opaque assignment.
type SyncGroupRequestAssignment struct {
	MemberId   string
	Assignment []byte
}

func (*SyncGroupRequest) APIKey() int16 { return KeySyncGroup }

func (m *SyncGroupRequest) AppendTo(dst []byte, version int16) []byte {
	w := Writer{B: dst}
	flex := version >= 4
	w.String(m.GroupId, flex)
	w.Int32(m.GenerationId)
	w.String(m.MemberId, flex)
	if version >= 3 {
		w.NullableString(m.GroupInstanceId, flex)
	}
	if version >= 5 {
		w.NullableString(m.ProtocolType, flex)
		w.NullableString(m.ProtocolName, flex)
	}
	w.ArrayLen(len(m.Assignments), flex)
	for i := range m.Assignments {
		a := &m.Assignments[i]
		w.String(a.MemberId, flex)
		w.Bytes(a.Assignment, flex)
		w.NoTags(flex)
	}
	w.NoTags(flex)
	return w.B
}

func (m *SyncGroupRequest) Decode(r *Reader, version int16) {
	flex := version >= 4
	m.GroupId = r.String(flex)
	m.GenerationId = r.Int32()
	m.MemberId = r.String(flex)
	if version >= 3 {
		m.GroupInstanceId = r.NullableString(flex)
	}
	if version >= 5 {
		m.ProtocolType = r.NullableString(flex)
		m.ProtocolName = r.NullableString(flex)
	}
	if n := r.ArrayLen(flex); n >= 0 {
		m.Assignments = make([]SyncGroupRequestAssignment, n)
		for i := range m.Assignments {
			a := &m.Assignments[i]
			a.MemberId = r.String(flex)
			a.Assignment = r.Bytes(flex)
			r.SkipTags(flex)
		}
	}
	r.SkipTags(flex)
}

// SyncGroupResponse carries this member's opaque assignment.
type SyncGroupResponse struct {
	ThrottleTimeMs int32 // v1+
	ErrorCode      int16
	ProtocolType   *string // v5+
	ProtocolName   *string // v5+
	Assignment     []byte
}

func (*SyncGroupResponse) APIKey() int16 { return KeySyncGroup }

func (m *SyncGroupResponse) AppendTo(dst []byte, version int16) []byte {
	w := Writer{B: dst}
	flex := version >= 4
	if version >= 1 {
		w.Int32(m.ThrottleTimeMs)
	}
	w.Int16(m.ErrorCode)
	if version >= 5 {
		w.NullableString(m.ProtocolType, flex)
		w.NullableString(m.ProtocolName, flex)
	}
	w.Bytes(m.Assignment, flex)
	w.NoTags(flex)
	return w.B
}

func (m *SyncGroupResponse) Decode(r *Reader, version int16) {
	flex := version >= 4
	if version >= 1 {
		m.ThrottleTimeMs = r.Int32()
	}
	m.ErrorCode = r.Int16()
	if version >= 5 {
		m.ProtocolType = r.NullableString(flex)
		m.ProtocolName = r.NullableString(flex)
	}
	m.Assignment = r.Bytes(flex)
	r.SkipTags(flex)
}
