package protocol

func init() {
	register[FindCoordinatorRequest, FindCoordinatorResponse](API{Key: KeyFindCoordinator, Name: "FindCoordinator", MinVersion: 0, MaxVersion: 6, FlexibleFrom: 3})
}

// FindCoordinatorRequest asks any broker which broker coordinates a group,
// a transactional id or a share-group partition. Up to v3 it names one key;
// v4+ batches several (KIP-699).
type FindCoordinatorRequest struct {
	Key             string   // v0-3
	KeyType         int8     // v1+: 0 group, 1 transaction, 2 share
	CoordinatorKeys []string // v4+
}

func (*FindCoordinatorRequest) APIKey() int16 { return KeyFindCoordinator }

func (m *FindCoordinatorRequest) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeyFindCoordinator, version))
}

func (m *FindCoordinatorRequest) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyFindCoordinator, version))
}

func (m *FindCoordinatorRequest) fields(c *codec) {
	if c.version <= 3 {
		c.String(&m.Key)
	}
	if c.version >= 1 {
		c.Int8(&m.KeyType)
	}
	if c.version >= 4 {
		c.Strings(&m.CoordinatorKeys)
	}
	c.NoTags()
}

// FindCoordinatorResponse answers a FindCoordinatorRequest: up to v3 with
// one coordinator in top-level fields, from v4 with one entry per key.
type FindCoordinatorResponse struct {
	ThrottleTimeMs int32                                // v1+
	ErrorCode      int16                                // v0-3
	ErrorMessage   *string                              // v1-3
	NodeID         int32                                // v0-3
	Host           string                               // v0-3
	Port           int32                                // v0-3
	Coordinators   []FindCoordinatorResponseCoordinator // v4+
}

// FindCoordinatorResponseCoordinator is the coordinator of one key (v4+).
type FindCoordinatorResponseCoordinator struct {
	Key          string
	NodeID       int32
	Host         string
	Port         int32
	ErrorCode    int16
	ErrorMessage *string
}

func (*FindCoordinatorResponse) APIKey() int16 { return KeyFindCoordinator }

func (m *FindCoordinatorResponse) AppendTo(dst []byte, version int16) []byte {
	return encode(m, encoder(dst, KeyFindCoordinator, version))
}

func (m *FindCoordinatorResponse) Decode(r *Reader, version int16) {
	decode(m, decoder(r, KeyFindCoordinator, version))
}

func (m *FindCoordinatorResponse) fields(c *codec) {
	if c.version >= 1 {
		c.Int32(&m.ThrottleTimeMs)
	}
	if c.version <= 3 {
		c.Int16(&m.ErrorCode)
		if c.version >= 1 {
			c.NullableString(&m.ErrorMessage)
		}
		c.Int32(&m.NodeID)
		c.String(&m.Host)
		c.Int32(&m.Port)
	} else {
		arrayOf(c, &m.Coordinators, func(e *FindCoordinatorResponseCoordinator) {
			c.String(&e.Key)
			c.Int32(&e.NodeID)
			c.String(&e.Host)
			c.Int32(&e.Port)
			c.Int16(&e.ErrorCode)
			c.NullableString(&e.ErrorMessage)
			c.NoTags()
		})
	}
	c.NoTags()
}
