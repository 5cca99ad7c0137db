package conformance

// The gate must fail when it should: codecs that lose a field, and JSON
// definitions that disagree with the golden body, are caught and named.

import (
	"os"
	"strings"
	"testing"

	"github.com/kafkawire/kafkawire/protocol"
)

// forgetful decodes with the real codec, then loses one field (as a codec
// that skipped it on decode and wrote its default would).
type forgetful struct {
	*protocol.MetadataResponse
	lose func(*protocol.MetadataResponse)
}

func (f forgetful) Decode(r *protocol.Reader, version int16) {
	f.MetadataResponse.Decode(r, version)
	f.lose(f.MetadataResponse)
}

// olderWriter writes one version below the one asked for (a codec that
// does not know what the newest version added).
type olderWriter struct{ *protocol.MetadataResponse }

func (o olderWriter) AppendTo(dst []byte, version int16) []byte {
	return o.MetadataResponse.AppendTo(dst, version-1)
}

func TestGateCatchesCodecGaps(t *testing.T) {
	set := specs(t)
	a, ok := protocol.LookupAPI(protocol.KeyMetadata)
	if !ok {
		t.Fatal("Metadata is not registered")
	}
	spec := set.specs["MetadataResponse"]
	for _, c := range []struct {
		name   string
		v      int16
		newMsg func() protocol.Message
		want   string // field path the failure must name
	}{
		{"lost LeaderEpoch", 12, func() protocol.Message {
			return forgetful{new(protocol.MetadataResponse), func(m *protocol.MetadataResponse) { m.Topics[1].Partitions[0].LeaderEpoch = -1 }}
		}, "field Topics[1].Partitions[0].LeaderEpoch,"},
		{"lost TopicId", 12, func() protocol.Message {
			return forgetful{new(protocol.MetadataResponse), func(m *protocol.MetadataResponse) { m.Topics[0].TopicID = protocol.UUID{} }}
		}, "field Topics[0].TopicId,"},
		{"lost Rack", 12, func() protocol.Message {
			return forgetful{new(protocol.MetadataResponse), func(m *protocol.MetadataResponse) { m.Brokers[1].Rack = nil }}
		}, "field Brokers[1].Rack (length),"},
		{"writes v12 for v13", 13, func() protocol.Message { return olderWriter{new(protocol.MetadataResponse)} }, "field ErrorCode,"},
	} {
		_, failures := goldenFailures(a, spec, c.v, false, "full", c.newMsg)
		if len(failures) != 1 || !strings.Contains(failures[0], c.want) {
			t.Errorf("%s: want one failure naming %q, got %q", c.name, c.want, failures)
		} else {
			t.Logf("%s: %s", c.name, failures[0])
		}
	}
	// The real codec passes.
	if _, failures := goldenFailures(a, spec, 12, false, "full", a.NewResponse); len(failures) != 0 {
		t.Errorf("real codec: %q", failures)
	}
}

func TestGateCatchesSpecMismatch(t *testing.T) {
	set := specs(t)
	a, _ := protocol.LookupAPI(protocol.KeyMetadata)
	orig := set.specs["MetadataResponse"]
	// A definition without ClusterID (a field valid at v12) no longer
	// describes Kafka's body: the walk must fail.
	spec := *orig
	spec.Fields = nil
	for _, f := range orig.Fields {
		if f.Name != "ClusterId" {
			spec.Fields = append(spec.Fields, f)
		}
	}
	_, failures := goldenFailures(a, &spec, 12, false, "full", a.NewResponse)
	if len(failures) == 0 || !strings.Contains(failures[0], "does not follow") {
		t.Errorf("spec without ClusterId: want a walk failure, got %q", failures)
	} else {
		t.Logf("spec without ClusterId: %s", failures[0])
	}
	// The "nulls" body read as "full" breaks goldengen's promise: named fields.
	w := &walker{spec: orig, version: 12, full: true}
	w.b = mustRead(t, goldenPath(a, 12, false, "nulls"))
	if err := w.walk(); err != nil {
		t.Fatalf("nulls body: %v", err)
	}
	if len(w.problems) == 0 || !strings.Contains(strings.Join(w.problems, "\n"), "ClusterId: null") {
		t.Errorf("nulls body read as full: want ClusterId reported null, got %q", w.problems)
	}
}

func TestStripComments(t *testing.T) {
	in := "// licence\n{\n  \"a\": \"http://x//y\", // note\n  \"b\": \"q\\\"//\" }\n// end"
	want := "\n{\n  \"a\": \"http://x//y\", \n  \"b\": \"q\\\"//\" }\n"
	if got := string(stripComments([]byte(in))); got != want {
		t.Errorf("got %q want %q", got, want)
	}
	for _, c := range []struct {
		s    string
		want versions
	}{{"none", noVersions}, {"", noVersions}, {"3", versions{3, 3}}, {"3+", versions{3, 32767}}, {"0-7", versions{0, 7}}} {
		if got := mustVersions(c.s); got != c.want {
			t.Errorf("%q: got %v", c.s, got)
		}
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
