package protocol

func init() {
	register[SyncGroupRequest, SyncGroupResponse](API{Key: KeySyncGroup, Name: "SyncGroup", MinVersion: 0, MaxVersion: 5, FlexibleFrom: 4})
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
	return encode(m, encoder(dst, KeySyncGroup, version))
}

func (m *SyncGroupRequest) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeySyncGroup, version))
}

func (m *SyncGroupRequest) fields(c *codec) {
	c.String(&m.GroupID)
	c.Int32(&m.GenerationID)
	c.String(&m.MemberID)
	if c.version >= 3 {
		c.NullableString(&m.GroupInstanceID)
	}
	if c.version >= 5 {
		c.NullableString(&m.ProtocolType)
		c.NullableString(&m.ProtocolName)
	}
	arrayOf(c, &m.Assignments, func(a *SyncGroupRequestAssignment) {
		c.String(&a.MemberID)
		c.Bytes(&a.Assignment)
		c.NoTags()
	})
	c.NoTags()
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
	return encode(m, encoder(dst, KeySyncGroup, version))
}

func (m *SyncGroupResponse) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeySyncGroup, version))
}

func (m *SyncGroupResponse) fields(c *codec) {
	if c.version >= 1 {
		c.Int32(&m.ThrottleTimeMs)
	}
	c.Int16(&m.ErrorCode)
	if c.version >= 5 {
		c.NullableString(&m.ProtocolType)
		c.NullableString(&m.ProtocolName)
	}
	c.Bytes(&m.Assignment)
	c.NoTags()
}
