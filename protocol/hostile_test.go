package protocol

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// allocatedBy returns the bytes allocated while fn runs.
func allocatedBy(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestHostileLengths feeds decoders responses whose length fields lie: a
// 2^31-1 element array and a 2 GiB string. Each must fail with an error,
// and decoding must allocate under 1 MiB.
func TestHostileLengths(t *testing.T) {
	cases := map[string]struct {
		msg     Message
		version int16
		body    []byte
	}{
		// MetadataResponse v1 starts with the brokers array: count 2^31-1.
		"classic array of 2^31-1 brokers": {new(MetadataResponse), 1, binary.BigEndian.AppendUint32(nil, 1<<31-1)},
		// ApiVersions v0: error code, then the api keys array.
		"classic array of 2^31-1 api keys": {new(ApiVersionsResponse), 0, append([]byte{0, 0}, binary.BigEndian.AppendUint32(nil, 1<<31-1)...)},
		// SaslAuthenticate v1: error code, null error message, then 2 GiB of auth bytes.
		"2 GiB bytes field": {new(SaslAuthenticateResponse), 1, append([]byte{0, 0, 0xff, 0xff}, binary.BigEndian.AppendUint32(nil, 1<<31-1)...)},
		// FindCoordinator v3 (flexible): throttle, error code, compact nullable string of length 2^31.
		"compact string of 2 GiB": {new(FindCoordinatorResponse), 3, append([]byte{0, 0, 0, 0, 0, 0}, binary.AppendUvarint(nil, 1<<31)...)},
		// FetchResponse v12 (flexible): throttle, error, session, topics compact array claiming 2^31 elements.
		"compact array of 2^31 topics": {new(FetchResponse), 12, append([]byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, binary.AppendUvarint(nil, 1<<31)...)},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			var err error
			n := allocatedBy(func() { err = Decode(c.msg, c.body, c.version) })
			if err == nil {
				t.Fatal("decoding a lying length succeeded")
			}
			if n > 1<<20 {
				t.Fatalf("allocated %d bytes decoding %d bytes of input", n, len(c.body))
			}
			t.Logf("%v (allocated %d bytes)", err, n)
		})
	}
}

// FuzzDecodeAny decodes arbitrary bytes as any request or response of any
// version we speak (the first three input bytes choose which), seeded with
// every golden file. No input may panic; what decodes must re-encode and
// decode again.
func FuzzDecodeAny(f *testing.F) {
	files, _ := filepath.Glob("testdata/golden/*.bin")
	byName := map[string]*API{}
	for _, a := range APIs() {
		byName[a.Name] = a
	}
	for _, file := range files {
		m := goldenName.FindStringSubmatch(filepath.Base(file))
		if m == nil || byName[m[1]] == nil {
			continue
		}
		body, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		a := byName[m[1]]
		dir := byte(0)
		if m[2] == "Response" {
			dir = 1
		}
		var v int
		for _, ch := range m[3] {
			v = v*10 + int(ch-'0')
		}
		f.Add(append([]byte{byte(a.Key), byte(v), dir}, body...))
	}
	apis := APIs()
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) < 3 {
			return
		}
		a := apis[int(in[0])%len(apis)]
		version := a.MinVersion + int16(int(in[1])%int(a.MaxVersion-a.MinVersion+1))
		newMsg := a.NewRequest
		if in[2]&1 == 1 {
			newMsg = a.NewResponse
		}
		m := newMsg()
		if Decode(m, in[3:], version) != nil {
			return
		}
		again := newMsg()
		if err := Decode(again, m.AppendTo(nil, version), version); err != nil {
			t.Fatalf("%s v%d: re-encoded bytes do not decode: %v", a.Name, version, err)
		}
	})
}
