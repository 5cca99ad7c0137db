package protocol

func init() {
	register(API{Key: KeyFindCoordinator, Name: "FindCoordinator", MinVersion: 0, MaxVersion: 6, FlexibleFrom: 3,
		NewRequest: func() Message { return new(FindCoordinatorRequest) }, NewResponse: func() Message { return new(FindCoordinatorResponse) }})
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
	w := NewWriter(dst, KeyFindCoordinator, version)
	if version <= 3 {
		w.String(m.Key)
	}
	if version >= 1 {
		w.Int8(m.KeyType)
	}
	if version >= 4 {
		w.Strings(m.CoordinatorKeys)
	}
	w.NoTags()
	return w.B
}

func (m *FindCoordinatorRequest) Decode(r *Reader, version int16) {
	r.UseVersion(KeyFindCoordinator, version)
	if version <= 3 {
		m.Key = r.String()
	}
	if version >= 1 {
		m.KeyType = r.Int8()
	}
	if version >= 4 {
		m.CoordinatorKeys = r.Strings()
	}
	r.SkipTags()
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
	w := NewWriter(dst, KeyFindCoordinator, version)
	if version >= 1 {
		w.Int32(m.ThrottleTimeMs)
	}
	if version <= 3 {
		w.Int16(m.ErrorCode)
		if version >= 1 {
			w.NullableString(m.ErrorMessage)
		}
		w.Int32(m.NodeID)
		w.String(m.Host)
		w.Int32(m.Port)
	} else {
		AppendArray(&w, m.Coordinators, func(c *FindCoordinatorResponseCoordinator) {
			w.String(c.Key)
			w.Int32(c.NodeID)
			w.String(c.Host)
			w.Int32(c.Port)
			w.Int16(c.ErrorCode)
			w.NullableString(c.ErrorMessage)
			w.NoTags()
		})
	}
	w.NoTags()
	return w.B
}

func (m *FindCoordinatorResponse) Decode(r *Reader, version int16) {
	r.UseVersion(KeyFindCoordinator, version)
	if version >= 1 {
		m.ThrottleTimeMs = r.Int32()
	}
	if version <= 3 {
		m.ErrorCode = r.Int16()
		if version >= 1 {
			m.ErrorMessage = r.NullableString()
		}
		m.NodeID = r.Int32()
		m.Host = r.String()
		m.Port = r.Int32()
	} else {
		m.Coordinators = ReadArray(r, func(c *FindCoordinatorResponseCoordinator) {
			c.Key = r.String()
			c.NodeID = r.Int32()
			c.Host = r.String()
			c.Port = r.Int32()
			c.ErrorCode = r.Int16()
			c.ErrorMessage = r.NullableString()
			r.SkipTags()
		})
	}
	r.SkipTags()
}
