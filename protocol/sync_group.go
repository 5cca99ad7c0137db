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
	w := NewWriter(dst, KeySyncGroup, version)
	w.String(m.GroupId)
	w.Int32(m.GenerationId)
	w.String(m.MemberId)
	if version >= 3 {
		w.NullableString(m.GroupInstanceId)
	}
	if version >= 5 {
		w.NullableString(m.ProtocolType)
		w.NullableString(m.ProtocolName)
	}
	AppendArray(&w, m.Assignments, func(a *SyncGroupRequestAssignment) {
		w.String(a.MemberId)
		w.Bytes(a.Assignment)
		w.NoTags()
	})
	w.NoTags()
	return w.B
}

func (m *SyncGroupRequest) Decode(r *Reader, version int16) {
	r.UseVersion(KeySyncGroup, version)
	m.GroupId = r.String()
	m.GenerationId = r.Int32()
	m.MemberId = r.String()
	if version >= 3 {
		m.GroupInstanceId = r.NullableString()
	}
	if version >= 5 {
		m.ProtocolType = r.NullableString()
		m.ProtocolName = r.NullableString()
	}
	m.Assignments = ReadArray(r, func(a *SyncGroupRequestAssignment) {
		a.MemberId = r.String()
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
