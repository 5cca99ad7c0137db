package protocol

// NodeEndpoint is a broker's address, as Produce (v10+) and Fetch (v16+)
// responses carry them in a tagged field so a client can reach a new leader
// without a metadata round trip.
type NodeEndpoint struct {
	NodeID int32
	Host   string
	Port   int32
	Rack   *string // nullable
}

// appendTo writes one element of a NodeEndpoints array (a tagged field, so
// always in the flexible encoding).
func (e *NodeEndpoint) appendTo(w *Writer) {
	w.Int32(e.NodeID)
	w.String(e.Host)
	w.Int32(e.Port)
	w.NullableString(e.Rack)
	w.NoTags()
}

// decode reads what appendTo writes.
func (e *NodeEndpoint) decode(r *Reader) {
	e.NodeID = r.Int32()
	e.Host = r.String()
	e.Port = r.Int32()
	e.Rack = r.NullableString()
	r.SkipTags()
}

// appendNodeEndpointsTags writes the top-level tagged-field section of a
// Produce or Fetch response: NodeEndpoints as tag 0 where the version has
// the field (has) and the list is not empty; nothing in classic versions.
func appendNodeEndpointsTags(w *Writer, eps []NodeEndpoint, has bool) {
	if !w.Flex {
		return
	}
	if !has || len(eps) == 0 {
		w.NoTags()
		return
	}
	w.Uvarint(1)
	mark := w.BeginTag(0)
	AppendArray(w, eps, func(e *NodeEndpoint) { e.appendTo(w) })
	w.EndTag(mark)
}

// readNodeEndpointsTags reads what appendNodeEndpointsTags writes, skipping
// unknown tags.
func readNodeEndpointsTags(r *Reader, has bool) []NodeEndpoint {
	var eps []NodeEndpoint
	for tag, f := range r.Tags() {
		if tag == 0 && has {
			eps = ReadArray(f, func(e *NodeEndpoint) { e.decode(f) })
		}
	}
	return eps
}

// LeaderIdAndEpoch names a partition's current leader, as Produce (v10+)
// and Fetch (v12+) responses carry it in a tagged field when the broker
// that answered is no longer the leader (KIP-951).
type LeaderIDAndEpoch struct {
	LeaderID    int32 // default -1
	LeaderEpoch int32 // default -1
}

func (l *LeaderIDAndEpoch) appendTo(w *Writer) {
	w.Int32(l.LeaderID)
	w.Int32(l.LeaderEpoch)
	w.NoTags()
}

func (l *LeaderIDAndEpoch) decode(r *Reader) {
	l.LeaderID = r.Int32()
	l.LeaderEpoch = r.Int32()
	r.SkipTags()
}
