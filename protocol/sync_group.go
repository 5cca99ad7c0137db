package protocol

func init() {
	register(API{Key: KeySyncGroup, Name: "SyncGroup", MinVersion: 0, MaxVersion: 5, FlexibleFrom: 4,
		NewRequest: func() Message { return new(SyncGroupRequest) }, NewResponse: func() Message { return new(SyncGroupResponse) }})
}

// SyncGroupRequest ends a classic rebalance: the leader sends every member's
// opaque assignment (for the "consumer" protocol type, a
// ConsumerProtocolAssignment), followers send none.
type SyncGroupRequest struct {
	GroupID         string
	GenerationID    int32
	MemberID        string
	GroupInstanceID *string // v3+
	ProtocolType    *string // v5+
	ProtocolName    *string // v5+
	Assignments     []SyncGroupRequestAssignment
}

// SyncGroupRequestAssignment is one member's opaque assignment.
type SyncGroupRequestAssignment struct {
	MemberID   string
	Assignment []byte
}

func (*SyncGroupRequest) APIKey() int16 { return KeySyncGroup }

func (m *SyncGroupRequest) AppendTo(dst []byte, version int16) []byte {
	w := NewWriter(dst, KeySyncGroup, version)
	w.String(m.GroupID)
	w.Int32(m.GenerationID)
	w.String(m.MemberID)
	if version >= 3 {
		w.NullableString(m.GroupInstanceID)
	}
	if version >= 5 {
		w.NullableString(m.ProtocolType)
		w.NullableString(m.ProtocolName)
	}
	AppendArray(&w, m.Assignments, func(a *SyncGroupRequestAssignment) {
		w.String(a.MemberID)
		w.Bytes(a.Assignment)
		w.NoTags()
	})
	w.NoTags()
	return w.B
}

func (m *SyncGroupRequest) Decode(r *Reader, version int16) {
	r.UseVersion(KeySyncGroup, version)
	m.GroupID = r.String()
	m.GenerationID = r.Int32()
	m.MemberID = r.String()
	if version >= 3 {
		m.GroupInstanceID = r.NullableString()
	}
	if version >= 5 {
		m.ProtocolType = r.NullableString()
		m.ProtocolName = r.NullableString()
	}
	m.Assignments = ReadArray(r, func(a *SyncGroupRequestAssignment) {
		a.MemberID = r.String()
		a.Assignment = r.Bytes()
		r.SkipTags()
	})
	r.SkipTags()
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
	w := NewWriter(dst, KeySyncGroup, version)
	if version >= 1 {
		w.Int32(m.ThrottleTimeMs)
	}
	w.Int16(m.ErrorCode)
	if version >= 5 {
		w.NullableString(m.ProtocolType)
		w.NullableString(m.ProtocolName)
	}
	w.Bytes(m.Assignment)
	w.NoTags()
	return w.B
}

func (m *SyncGroupResponse) Decode(r *Reader, version int16) {
	r.UseVersion(KeySyncGroup, version)
	if version >= 1 {
		m.ThrottleTimeMs = r.Int32()
	}
	m.ErrorCode = r.Int16()
	if version >= 5 {
		m.ProtocolType = r.NullableString()
		m.ProtocolName = r.NullableString()
	}
	m.Assignment = r.Bytes()
	r.SkipTags()
}
