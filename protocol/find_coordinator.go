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
	w := Writer{B: dst}
	flex := version >= 3
	if version <= 3 {
		w.String(m.Key, flex)
	}
	if version >= 1 {
		w.Int8(m.KeyType)
	}
	if version >= 4 {
		grpAppendStrings(&w, m.CoordinatorKeys, flex)
	}
	w.NoTags(flex)
	return w.B
}

func (m *FindCoordinatorRequest) Decode(r *Reader, version int16) {
	flex := version >= 3
	if version <= 3 {
		m.Key = r.String(flex)
	}
	if version >= 1 {
		m.KeyType = r.Int8()
	}
	if version >= 4 {
		m.CoordinatorKeys = grpReadStrings(r, flex)
	}
	r.SkipTags(flex)
}

// FindCoordinatorResponse answers a FindCoordinatorRequest: up to v3 with
// one coordinator in top-level fields, from v4 with one entry per key.
type FindCoordinatorResponse struct {
	ThrottleTimeMs int32                                // v1+
	ErrorCode      int16                                // v0-3
	ErrorMessage   *string                              // v1-3
	NodeId         int32                                // v0-3
	Host           string                               // v0-3
	Port           int32                                // v0-3
	Coordinators   []FindCoordinatorResponseCoordinator // v4+
}

// FindCoordinatorResponseCoordinator is the coordinator of one key (v4+).
type FindCoordinatorResponseCoordinator struct {
	Key          string
	NodeId       int32
	Host         string
	Port         int32
	ErrorCode    int16
	ErrorMessage *string
}

func (*FindCoordinatorResponse) APIKey() int16 { return KeyFindCoordinator }

func (m *FindCoordinatorResponse) AppendTo(dst []byte, version int16) []byte {
	w := Writer{B: dst}
	flex := version >= 3
	if version >= 1 {
		w.Int32(m.ThrottleTimeMs)
	}
	if version <= 3 {
		w.Int16(m.ErrorCode)
		if version >= 1 {
			w.NullableString(m.ErrorMessage, flex)
		}
		w.Int32(m.NodeId)
		w.String(m.Host, flex)
		w.Int32(m.Port)
	} else {
		w.ArrayLen(len(m.Coordinators), flex)
		for i := range m.Coordinators {
			c := &m.Coordinators[i]
			w.String(c.Key, flex)
			w.Int32(c.NodeId)
			w.String(c.Host, flex)
			w.Int32(c.Port)
			w.Int16(c.ErrorCode)
			w.NullableString(c.ErrorMessage, flex)
			w.NoTags(flex)
		}
	}
	w.NoTags(flex)
	return w.B
}

func (m *FindCoordinatorResponse) Decode(r *Reader, version int16) {
	flex := version >= 3
	if version >= 1 {
		m.ThrottleTimeMs = r.Int32()
	}
	if version <= 3 {
		m.ErrorCode = r.Int16()
		if version >= 1 {
			m.ErrorMessage = r.NullableString(flex)
		}
		m.NodeId = r.Int32()
		m.Host = r.String(flex)
		m.Port = r.Int32()
	} else if n := r.ArrayLen(flex); n >= 0 {
		m.Coordinators = make([]FindCoordinatorResponseCoordinator, n)
		for i := range m.Coordinators {
			c := &m.Coordinators[i]
			c.Key = r.String(flex)
			c.NodeId = r.Int32()
			c.Host = r.String(flex)
			c.Port = r.Int32()
			c.ErrorCode = r.Int16()
			c.ErrorMessage = r.NullableString(flex)
			r.SkipTags(flex)
		}
	}
	r.SkipTags(flex)
}
