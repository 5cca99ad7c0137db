package protocol

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"
)

// The test helpers every codec test file shares (they replace the dp*,
// grp* and adm* copies the API families used to have).

func strPtr(s string) *string { return &s }

// mustAPI returns the registered API for key, failing the test when missing.
func mustAPI(t testing.TB, key int16) *API {
	t.Helper()
	a, ok := LookupAPI(key)
	if !ok {
		t.Fatalf("API %d not registered", key)
	}
	return a
}

// TestVersionRanges pins the ranges every API registers (the lowest version
// Kafka 4.x accepts to the newest stable one), and that nothing else is
// registered.
func TestVersionRanges(t *testing.T) {
	want := map[int16]versionRange{
		KeyMetadata:                {"Metadata", 0, 13, 9},
		KeyProduce:                 {"Produce", 3, 13, 9},
		KeyFetch:                   {"Fetch", 4, 18, 12},
		KeyListOffsets:             {"ListOffsets", 1, 11, 6},
		KeyOffsetForLeaderEpoch:    {"OffsetForLeaderEpoch", 2, 4, 4},
		KeyDeleteRecords:           {"DeleteRecords", 0, 2, 2},
		KeyFindCoordinator:         {"FindCoordinator", 0, 6, 3},
		KeyJoinGroup:               {"JoinGroup", 0, 9, 6},
		KeySyncGroup:               {"SyncGroup", 0, 5, 4},
		KeyHeartbeat:               {"Heartbeat", 0, 4, 4},
		KeyLeaveGroup:              {"LeaveGroup", 0, 5, 4},
		KeyOffsetCommit:            {"OffsetCommit", 2, 10, 8},
		KeyOffsetFetch:             {"OffsetFetch", 1, 10, 6},
		KeyDescribeGroups:          {"DescribeGroups", 0, 6, 5},
		KeyListGroups:              {"ListGroups", 0, 5, 3},
		KeyDeleteGroups:            {"DeleteGroups", 0, 3, 2},
		KeyConsumerGroupHeartbeat:  {"ConsumerGroupHeartbeat", 0, 1, 0},
		KeyConsumerGroupDescribe:   {"ConsumerGroupDescribe", 0, 1, 0},
		KeyInitProducerID:          {"InitProducerId", 0, 5, 2},
		KeyAddPartitionsToTxn:      {"AddPartitionsToTxn", 0, 5, 3},
		KeyAddOffsetsToTxn:         {"AddOffsetsToTxn", 0, 4, 3},
		KeyEndTxn:                  {"EndTxn", 0, 5, 3},
		KeyTxnOffsetCommit:         {"TxnOffsetCommit", 0, 6, 3},
		KeyCreateTopics:            {"CreateTopics", 2, 7, 5},
		KeyDeleteTopics:            {"DeleteTopics", 1, 6, 4},
		KeyCreatePartitions:        {"CreatePartitions", 0, 3, 2},
		KeyDescribeConfigs:         {"DescribeConfigs", 1, 4, 4},
		KeyIncrementalAlterConfigs: {"IncrementalAlterConfigs", 0, 1, 1},
		KeySaslHandshake:           {"SaslHandshake", 0, 1, -1},
		KeySaslAuthenticate:        {"SaslAuthenticate", 0, 2, 2},
		KeyApiVersions:             {"ApiVersions", 0, 5, 3},
		KeyDescribeAcls:            {"DescribeAcls", 1, 3, 2},
		KeyCreateAcls:              {"CreateAcls", 1, 3, 2},
		KeyDeleteAcls:              {"DeleteAcls", 1, 3, 2},
		KeyOffsetDelete:            {"OffsetDelete", 0, 0, -1},
	}
	pinVersionRanges(t, want)
	if n := len(APIs()); n != len(want) {
		t.Errorf("%d APIs registered, %d pinned", n, len(want))
	}
}

// versionRange is what an API registers: its name, the versions our codec
// speaks and its first flexible version.
type versionRange struct {
	name                   string
	min, max, flexibleFrom int16
}

// pinVersionRanges checks each API's registration against want, and that
// its messages report its key.
func pinVersionRanges(t *testing.T, want map[int16]versionRange) {
	t.Helper()
	for key, w := range want {
		a, ok := LookupAPI(key)
		if !ok {
			t.Errorf("API %d (%s) not registered", key, w.name)
			continue
		}
		if got := (versionRange{a.Name, a.MinVersion, a.MaxVersion, a.FlexibleFrom}); got != w {
			t.Errorf("API %d: registered %+v, want %+v", key, got, w)
		}
		if a.NewRequest().APIKey() != key || a.NewResponse().APIKey() != key {
			t.Errorf("API %d: messages report another key", key)
		}
	}
}

// freshLike returns a new zero message of m's type.
func freshLike(m Message) Message {
	return reflect.New(reflect.TypeOf(m).Elem()).Interface().(Message)
}

// roundTrip encodes want at v, decodes it into got (a fresh message), and
// checks that the result equals want and re-encodes to the same bytes; it
// also checks that AppendTo appends after an existing prefix and that every
// strict prefix of the body fails to decode (no field may be skipped: the
// last field read is always present). It returns the body.
func roundTrip(t *testing.T, want, got Message, v int16) []byte {
	t.Helper()
	b := want.AppendTo(nil, v)
	if err := Decode(got, b, v); err != nil {
		t.Fatalf("v%d %T: decode: %v\nbody %x", v, want, err, b)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("v%d %T: decoded value differs\nwant %+v\ngot  %+v", v, want, want, got)
	}
	if b2 := got.AppendTo(nil, v); !bytes.Equal(b, b2) {
		t.Fatalf("v%d %T: re-encoded bytes differ\nwant %x\ngot  %x", v, want, b, b2)
	}
	prefix := []byte{0xde, 0xad, 0xbe, 0xef}
	withPrefix := want.AppendTo(append([]byte(nil), prefix...), v)
	if !bytes.Equal(withPrefix[:4], prefix) || !bytes.Equal(withPrefix[4:], b) {
		t.Fatalf("v%d %T: AppendTo after a prefix differs\nwant %x%x\ngot  %x", v, want, prefix, b, withPrefix)
	}
	for n := 0; n < len(b); n++ {
		if err := Decode(freshLike(got), b[:n], v); err == nil {
			t.Fatalf("v%d %T: a %d-byte prefix of a %d-byte body decoded without error", v, want, n, len(b))
		}
	}
	return b
}

// eachVersion runs fn for every version of the API, min to max.
func eachVersion(t *testing.T, key int16, fn func(t *testing.T, v int16)) {
	a := mustAPI(t, key)
	for v := a.MinVersion; v <= a.MaxVersion; v++ {
		t.Run("v"+strconv.Itoa(int(v)), func(t *testing.T) { fn(t, v) })
	}
}

// fuzzDecoder fuzzes the request (or response) decoder of one API: decoding
// must never panic, and whatever decodes must re-encode to bytes that decode
// again and encode identically. Seeds: the golden bodies of that API and
// direction, and what each seed function builds, encoded at every version.
func fuzzDecoder(f *testing.F, key int16, request bool, seeds ...func(version int16) Message) {
	a := mustAPI(f, key)
	files, _ := filepath.Glob(filepath.Join("testdata", "golden", a.Name+dir(request)+"-v*.bin"))
	for _, file := range files {
		m := goldenName.FindStringSubmatch(filepath.Base(file))
		if m == nil || m[1] != a.Name {
			continue
		}
		v, err := strconv.Atoi(m[3])
		if err != nil {
			continue
		}
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(int16(v), b)
	}
	for _, seed := range seeds {
		for v := a.MinVersion; v <= a.MaxVersion; v++ {
			f.Add(v, seed(v).AppendTo(nil, v))
		}
	}
	newMsg := a.NewResponse
	if request {
		newMsg = a.NewRequest
	}
	span := int(a.MaxVersion-a.MinVersion) + 1
	f.Fuzz(func(t *testing.T, version int16, data []byte) {
		vi := int(version) % span
		if vi < 0 {
			vi += span
		}
		v := a.MinVersion + int16(vi)
		m := newMsg()
		if err := Decode(m, data, v); err != nil {
			return
		}
		b1 := m.AppendTo(nil, v)
		m2 := newMsg()
		if err := Decode(m2, b1, v); err != nil {
			t.Fatalf("v%d: re-encoded body does not decode: %v\nbody %x", v, err, b1)
		}
		if b2 := m2.AppendTo(nil, v); !bytes.Equal(b1, b2) {
			t.Fatalf("v%d: encoding is not stable\nfirst  %x\nsecond %x", v, b1, b2)
		}
	})
}
