package protocol

// NodeEndpoint is a broker's address, as Produce (v10+) and Fetch (v16+)
// responses carry them in a tagged field so a client can reach a new leader
// without a metadata round trip.
type NodeEndpoint struct {
	NodeId int32
	Host   string
	Port   int32
	Rack   *string // nullable
}

// appendNodeEndpoints writes a compact array of endpoints (always flexible:
// the field exists only in flexible versions).
func appendNodeEndpoints(w *Writer, eps []NodeEndpoint) {
	w.ArrayLen(len(eps), true)
	for i := range eps {
		e := &eps[i]
		w.Int32(e.NodeId)
		w.String(e.Host, true)
		w.Int32(e.Port)
		w.NullableString(e.Rack, true)
		w.NoTags(true)
	}
}

// decodeNodeEndpoints reads what appendNodeEndpoints writes; nil for a
// null array.
func decodeNodeEndpoints(r *Reader) []NodeEndpoint {
	k := r.ArrayLen(true)
	if k < 0 {
		return nil
	}
	eps := make([]NodeEndpoint, k)
	for i := range eps {
		e := &eps[i]
		e.NodeId = r.Int32()
		e.Host = r.String(true)
		e.Port = r.Int32()
		e.Rack = r.NullableString(true)
		r.SkipTags(true)
	}
	return eps
}
