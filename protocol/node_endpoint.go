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

func (e *NodeEndpoint) fields(c *codec) {
	c.Int32(&e.NodeID)
	c.String(&e.Host)
	c.Int32(&e.Port)
	c.NullableString(&e.Rack)
	c.NoTags()
}

// nodeEndpointsTags is the top-level tagged-field section of a Produce or
// Fetch response: NodeEndpoints as tag 0 where the version has the field
// (has) and the list is not empty.
func nodeEndpointsTags(c *codec, eps *[]NodeEndpoint, has bool) {
	c.Tags(func() {
		if has {
			c.Tag(0, len(*eps) > 0, func() { arrayOf(c, eps, func(e *NodeEndpoint) { e.fields(c) }) })
		}
	})
}

// LeaderIdAndEpoch names a partition's current leader, as Produce (v10+)
// and Fetch (v12+) responses carry it in a tagged field when the broker
// that answered is no longer the leader (KIP-951).
type LeaderIDAndEpoch struct {
	LeaderID    int32 // default -1
	LeaderEpoch int32 // default -1
}

func (l *LeaderIDAndEpoch) fields(c *codec) {
	c.Int32(&l.LeaderID)
	c.Int32(&l.LeaderEpoch)
	c.NoTags()
}
