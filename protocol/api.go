package protocol

import (
	"fmt"
	"sort"
)

// Message is one request or response body of one API. AppendTo encodes the
// body (no size prefix, no header) at version; Decode reads it, latching any
// error in r. Callers check the version against the API's range first.
type Message interface {
	APIKey() int16
	AppendTo(dst []byte, version int16) []byte
	Decode(r *Reader, version int16)
}

// API describes one Kafka API as this package speaks it.
type API struct {
	Key  int16
	Name string
	// MinVersion and MaxVersion bound the versions our codec handles: from the
	// lowest Kafka 4.0 accepts to the newest stable one of Kafka 4.4.
	MinVersion, MaxVersion int16
	// FlexibleFrom is the first version using compact types and tagged
	// fields (KIP-482); -1 if none.
	FlexibleFrom int16
	// NewRequest and NewResponse return a new, empty message of the API
	// (register sets them from the types it is given).
	NewRequest  func() Message
	NewResponse func() Message
}

// Flexible reports whether version uses the flexible encoding.
func (a *API) Flexible(version int16) bool {
	return a.FlexibleFrom >= 0 && version >= a.FlexibleFrom
}

// flexible reports whether version of the registered API with key uses the
// flexible encoding. An unregistered key is a bug in this package (every
// codec file registers its API), so it panics rather than guess.
func flexible(key, version int16) bool {
	var a *API
	if key >= 0 && int(key) < len(byKey) {
		a = byKey[key]
	}
	if a == nil {
		panic(fmt.Sprintf("protocol: API %d is not registered", key))
	}
	return a.Flexible(version)
}

// RequestHeaderVersion is 2 for flexible versions, else 1.
func (a *API) RequestHeaderVersion(version int16) int16 {
	if a.Flexible(version) {
		return 2
	}
	return 1
}

// ResponseHeaderVersion is 1 for flexible versions, else 0; ApiVersions
// responses always use header v0 so that a client can read the broker's
// answer whatever version it asked for.
func (a *API) ResponseHeaderVersion(version int16) int16 {
	if a.Key != KeyApiVersions && a.Flexible(version) {
		return 1
	}
	return 0
}

var apis = map[int16]*API{}

// byKey holds the same APIs indexed by key: the codecs look their API up on
// every message (flexible), and Fetch and Produce are hot enough for a map
// access to show in their benchmarks.
var byKey [256]*API

// register adds an API to the table, with Req and Resp as the types of its
// request and response; each API file calls it from init.
func register[Req, Resp any, PReq interface {
	*Req
	Message
}, PResp interface {
	*Resp
	Message
}](a API) {
	a.NewRequest = func() Message { return PReq(new(Req)) }
	a.NewResponse = func() Message { return PResp(new(Resp)) }
	if _, dup := apis[a.Key]; dup {
		panic(fmt.Sprintf("protocol: API %d registered twice", a.Key))
	}
	if a.Key < 0 || int(a.Key) >= len(byKey) {
		panic(fmt.Sprintf("protocol: API key %d is outside byKey; make it larger", a.Key))
	}
	apis[a.Key] = &a
	byKey[a.Key] = &a
}

// LookupAPI returns the API with the given key.
func LookupAPI(key int16) (*API, bool) {
	a, ok := apis[key]
	return a, ok
}

// APIs returns every API this package speaks, by key.
func APIs() []*API {
	out := make([]*API, 0, len(apis))
	for _, a := range apis {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// Decode decodes b into m at version and returns the first error.
func Decode(m Message, b []byte, version int16) error {
	r := Reader{buf: b}
	m.Decode(&r, version)
	if r.err != nil {
		a, _ := LookupAPI(m.APIKey())
		name := fmt.Sprintf("API %d", m.APIKey())
		if a != nil {
			name = a.Name
		}
		return fmt.Errorf("decoding %s v%d: %w", name, version, r.err)
	}
	return nil
}

// API keys.
const (
	KeyProduce                 int16 = 0
	KeyFetch                   int16 = 1
	KeyListOffsets             int16 = 2
	KeyMetadata                int16 = 3
	KeyOffsetCommit            int16 = 8
	KeyOffsetFetch             int16 = 9
	KeyFindCoordinator         int16 = 10
	KeyJoinGroup               int16 = 11
	KeyHeartbeat               int16 = 12
	KeyLeaveGroup              int16 = 13
	KeySyncGroup               int16 = 14
	KeyDescribeGroups          int16 = 15
	KeyListGroups              int16 = 16
	KeySaslHandshake           int16 = 17
	KeyApiVersions             int16 = 18
	KeyCreateTopics            int16 = 19
	KeyDeleteTopics            int16 = 20
	KeyDeleteRecords           int16 = 21
	KeyInitProducerID          int16 = 22
	KeyOffsetForLeaderEpoch    int16 = 23
	KeyAddPartitionsToTxn      int16 = 24
	KeyAddOffsetsToTxn         int16 = 25
	KeyEndTxn                  int16 = 26
	KeyTxnOffsetCommit         int16 = 28
	KeyDescribeAcls            int16 = 29
	KeyCreateAcls              int16 = 30
	KeyDeleteAcls              int16 = 31
	KeyDescribeConfigs         int16 = 32
	KeySaslAuthenticate        int16 = 36
	KeyCreatePartitions        int16 = 37
	KeyDeleteGroups            int16 = 42
	KeyIncrementalAlterConfigs int16 = 44
	KeyOffsetDelete            int16 = 47
	KeyConsumerGroupHeartbeat  int16 = 68
	KeyConsumerGroupDescribe   int16 = 69
)
