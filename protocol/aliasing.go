package protocol

// ResponseAliasesInput reports whether a decoded response of this API keeps
// slices of the buffer it was decoded from ([]byte fields such as fetched
// records or group member metadata). The connection layer recycles a
// response buffer only when this is false. TestResponseAliasing checks this
// list against the response types.
func ResponseAliasesInput(key int16) bool {
	switch key {
	case KeyFetch, KeyJoinGroup, KeySyncGroup, KeyDescribeGroups, KeySaslAuthenticate:
		return true
	}
	return false
}
