package integration_test

// The first end-to-end proof: a hand-encoded ApiVersions request over plain
// TCP to every live broker. The encoding lives here on purpose: the protocol
// package is written concurrently, and this test must not depend on it.

import (
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"slices"
	"testing"
	"time"

	"github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/integration"
)

const apiVersionsKey = 18

type apiRange struct{ Key, Min, Max int16 }

// apiVersionsRequest frames ApiVersions v0 (request header v1) or v3
// (request header v2: flexible, with client software name and version).
func apiVersionsRequest(version int16, corr int32) []byte {
	b := make([]byte, 4, 64)
	b = binary.BigEndian.AppendUint16(b, apiVersionsKey)
	b = binary.BigEndian.AppendUint16(b, uint16(version))
	b = binary.BigEndian.AppendUint32(b, uint32(corr))
	const clientID = "kafkawire-it"
	b = binary.BigEndian.AppendUint16(b, uint16(len(clientID))) // header client_id: a classic string in v1 and v2
	b = append(b, clientID...)
	if version >= 3 {
		b = append(b, 0)                        // header tagged fields
		b = appendCompactString(b, "kafkawire") // client_software_name
		b = appendCompactString(b, "0.0.1")     // client_software_version
		b = append(b, 0)                        // body tagged fields
	}
	binary.BigEndian.PutUint32(b, uint32(len(b)-4))
	return b
}

func appendCompactString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)+1))
	return append(b, s...)
}

type reader struct {
	b   []byte
	err error
}

func (r *reader) take(n int) []byte {
	if r.err == nil && (n < 0 || n > len(r.b)) {
		r.err = fmt.Errorf("need %d bytes, have %d", n, len(r.b))
	}
	if r.err != nil {
		return nil
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *reader) i16() int16 {
	if b := r.take(2); b != nil {
		return int16(binary.BigEndian.Uint16(b))
	}
	return 0
}

func (r *reader) i32() int32 {
	if b := r.take(4); b != nil {
		return int32(binary.BigEndian.Uint32(b))
	}
	return 0
}

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = fmt.Errorf("bad uvarint")
		return 0
	}
	r.b = r.b[n:]
	return v
}

// skipTags skips a tagged-field section: count, then (tag, size, bytes).
func (r *reader) skipTags() {
	for n := r.uvarint(); n > 0 && r.err == nil; n-- {
		r.uvarint()
		r.take(int(r.uvarint()))
	}
}

// decodeApiVersions reads the body of an ApiVersions response (after the
// correlation id: ApiVersions responses always use response header v0).
func decodeApiVersions(body []byte, version int16) (errCode int16, apis []apiRange, err error) {
	r := &reader{b: body}
	errCode = r.i16()
	var n int
	if version >= 3 {
		n = int(r.uvarint()) - 1 // compact array: length+1
	} else {
		n = int(r.i32())
	}
	if r.err == nil && (n < 0 || n > len(body)/6) {
		return 0, nil, fmt.Errorf("api_keys count %d", n)
	}
	for i := 0; i < n && r.err == nil; i++ {
		a := apiRange{Key: r.i16(), Min: r.i16(), Max: r.i16()}
		if version >= 3 {
			r.skipTags()
		}
		apis = append(apis, a)
	}
	if version >= 1 {
		r.i32() // throttle_time_ms
	}
	if version >= 3 {
		r.skipTags() // supported/finalized features and friends
	}
	if r.err == nil && len(r.b) != 0 {
		r.err = fmt.Errorf("%d bytes left over", len(r.b))
	}
	return errCode, apis, r.err
}

func apiVersions(t *testing.T, addr string, version int16) []apiRange {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatalf("dial %s: %v", addr, err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	const corr = 0x0b0e
	if _, err := conn.Write(apiVersionsRequest(version, corr)); err != nil {
		t.Fatalf("write to %s: %v", addr, err)
	}
	var size [4]byte
	if _, err := io.ReadFull(conn, size[:]); err != nil {
		t.Fatalf("read from %s: %v", addr, err)
	}
	n := binary.BigEndian.Uint32(size[:])
	if n < 6 || n > 1<<20 {
		t.Fatalf("%s: response size %d", addr, n)
	}
	resp := make([]byte, n)
	if _, err := io.ReadFull(conn, resp); err != nil {
		t.Fatalf("read from %s: %v", addr, err)
	}
	if got := int32(binary.BigEndian.Uint32(resp)); got != corr {
		t.Fatalf("%s: correlation id %d, want %d", addr, got, corr)
	}
	code, apis, err := decodeApiVersions(resp[4:], version)
	if err != nil {
		t.Fatalf("%s: decoding ApiVersions v%d: %v", addr, version, err)
	}
	if err := kafkawire.ErrorForCode(code); err != nil {
		t.Fatalf("%s: ApiVersions v%d: %v", addr, version, err)
	}
	return apis
}

// wantAPIs are APIs every supported broker (3.9, 4.x) serves, with the
// lowest max version each must reach (their first flexible version).
var wantAPIs = []struct {
	name       string
	key, atMax int16
}{
	{"Produce", 0, 9},
	{"Fetch", 1, 12},
	{"ListOffsets", 2, 6},
	{"Metadata", 3, 9},
	{"FindCoordinator", 10, 3},
	{"ApiVersions", 18, 3},
	{"CreateTopics", 19, 5},
	{"InitProducerId", 22, 2},
}

func checkAPIs(t *testing.T, addr string, apis []apiRange) {
	t.Helper()
	byKey := map[int16]apiRange{}
	for _, a := range apis {
		if a.Min < 0 || a.Min > a.Max {
			t.Errorf("%s: API %d has range %d-%d", addr, a.Key, a.Min, a.Max)
		}
		if _, dup := byKey[a.Key]; dup {
			t.Errorf("%s: API %d listed twice", addr, a.Key)
		}
		byKey[a.Key] = a
	}
	for _, w := range wantAPIs {
		a, ok := byKey[w.key]
		if !ok {
			t.Errorf("%s: %s (%d) not advertised", addr, w.name, w.key)
			continue
		}
		if a.Max < w.atMax {
			t.Errorf("%s: %s (%d) max version %d < %d", addr, w.name, w.key, a.Max, w.atMax)
		}
		t.Logf("%s: %s (%d) %d-%d", addr, w.name, w.key, a.Min, a.Max)
	}
	if a := byKey[apiVersionsKey]; a.Min != 0 {
		t.Errorf("%s: ApiVersions min version %d, want 0 (clients start there)", addr, a.Min)
	}
}

func testApiVersions(t *testing.T, c *integration.TestCluster) {
	var first []apiRange
	for _, id := range c.IDs() {
		addr := c.Addr(id)
		v0 := apiVersions(t, addr, 0)
		v3 := apiVersions(t, addr, 3)
		checkAPIs(t, addr, v3)
		if !slices.Equal(v0, v3) {
			t.Errorf("%s: ApiVersions v0 and v3 list different ranges:\n v0 %v\n v3 %v", addr, v0, v3)
		}
		if first == nil {
			first = v3
		} else if !slices.Equal(first, v3) {
			t.Errorf("%s: advertises other ranges than broker %d", addr, c.IDs()[0])
		}
	}
}

func TestApiVersionsSingleNode(t *testing.T) {
	c := integration.Shared(t, integration.Options{Brokers: 1})
	if got := len(c.Bootstrap()); got < 1 {
		t.Fatalf("bootstrap %v", c.Bootstrap())
	}
	testApiVersions(t, c)
}

func TestApiVersionsThreeNodes(t *testing.T) {
	c := integration.Shared(t, integration.Options{Brokers: 3})
	if got := len(c.IDs()); got != 3 {
		t.Fatalf("cluster has %d brokers, want 3: %s", got, c.Describe())
	}
	testApiVersions(t, c)
}
