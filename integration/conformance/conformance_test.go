package conformance

// The conformance gate: every API the protocol package registers is held
// against Apache Kafka's own message definitions (the JSON files in the
// kafka-clients jar) of two releases, the harness's default broker
// (integration.DefaultVersion) and NewestRelease, and against the golden
// bodies Kafka's serializers wrote (protocol/testdata/golden,
// tools/goldengen). Against the newest release every version we claim must
// be defined and stable; against the older one every claimed version it
// defines as stable must follow its definition too (a version we claim
// beyond it is one its brokers negotiate down from).

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/kafkawire/kafkawire/protocol"
)

const goldenDir = "../../protocol/testdata/golden"

func direction(request bool) string {
	if request {
		return "Request"
	}
	return "Response"
}

// apiSpecs returns the request and response definitions of an API, failing
// the test when either is missing or is not the API it should be.
func apiSpecs(t *testing.T, set *specSet, a *protocol.API) (req, resp *msgSpec, ok bool) {
	t.Helper()
	ok = true
	get := func(request bool) *msgSpec {
		name := a.Name + direction(request)
		m := set.specs[name]
		if m == nil {
			t.Errorf("%s (key %d): no common/message/%s.json in %s", a.Name, a.Key, name, set.jar)
			ok = false
			return nil
		}
		if m.APIKey == nil || *m.APIKey != int(a.Key) {
			t.Errorf("%s: %s has apiKey %v, we register key %d", a.Name, m.File, ptrString(m.APIKey), a.Key)
			ok = false
		}
		if want := strings.ToLower(direction(request)); m.Type != want {
			t.Errorf("%s: %s has type %q, want %q", a.Name, m.File, m.Type, want)
			ok = false
		}
		return m
	}
	return get(true), get(false), ok
}

func ptrString(p *int) string {
	if p == nil {
		return "(none)"
	}
	return strconv.Itoa(*p)
}

// TestVersionRanges: the versions we claim are valid in the newest
// release's JSON (in an older one: logged where it lacks them), and our
// flexible-from matches the JSON's flexibleVersions of request and response.
func TestVersionRanges(t *testing.T) {
	apis := protocol.APIs()
	if len(apis) == 0 {
		t.Fatal("protocol.APIs() is empty")
	}
	eachRelease(t, func(t *testing.T, set *specSet, newest bool) {
		var newer, beyond []string
		for _, a := range apis {
			req, resp, ok := apiSpecs(t, set, a)
			if !ok {
				continue
			}
			if a.MinVersion > a.MaxVersion {
				t.Errorf("%s: MinVersion %d > MaxVersion %d", a.Name, a.MinVersion, a.MaxVersion)
			}
			for _, m := range []*msgSpec{req, resp} {
				for v := a.MinVersion; v <= a.MaxVersion; v++ {
					if stableIn(m, v) {
						continue
					}
					why := fmt.Sprintf("%s validVersions is %q", m.File, m.ValidVersions)
					if m.valid().contains(v) {
						why = m.File + " marks it unstable (latestVersionUnstable): brokers refuse it by default"
					}
					if newest {
						t.Errorf("%s v%d: we claim it, but %s's %s", a.Name, v, set.release, why)
					} else if m == req {
						beyond = append(beyond, fmt.Sprintf("%s v%d (%s)", a.Name, v, why))
					}
				}
				if got, want := a.FlexibleFrom, m.flexible().flexibleFrom(); got != want {
					t.Errorf("%s: our FlexibleFrom is %d, %s flexibleVersions %q means %d", a.Name, got, m.File, m.FlexibleVersions, want)
				}
			}
			if req.ValidVersions != resp.ValidVersions {
				t.Logf("%s: request validVersions %q, response %q", a.Name, req.ValidVersions, resp.ValidVersions)
			}
			if hi := req.valid().hi; hi > int(a.MaxVersion) {
				var vs []string
				for v := int(a.MaxVersion) + 1; v <= hi; v++ {
					s := "v" + strconv.Itoa(v)
					if v == hi && req.LatestVersionUnstable {
						s += " (unstable)"
					}
					vs = append(vs, s)
				}
				newer = append(newer, fmt.Sprintf("%s (key %d, we claim v%d-v%d, JSON validVersions %q): %s",
					a.Name, a.Key, a.MinVersion, a.MaxVersion, req.ValidVersions, strings.Join(vs, ", ")))
			}
			if lo := req.valid().lo; lo < int(a.MinVersion) {
				t.Logf("%s: JSON validVersions %q starts below our MinVersion %d (versions Kafka %s still parses but no longer supports, or we dropped)", a.Name, req.ValidVersions, a.MinVersion, set.release)
			}
		}
		if len(beyond) > 0 {
			t.Logf("versions we claim beyond Kafka %s (its brokers negotiate down; not a failure):\n  %s", set.release, strings.Join(beyond, "\n  "))
		}
		if len(newer) == 0 {
			t.Logf("every registered API: we claim up to the newest version in Kafka %s's JSON", set.release)
		} else {
			t.Logf("newer versions in Kafka %s's JSON that we do not claim (not a failure):\n  %s", set.release, strings.Join(newer, "\n  "))
		}
		t.Logf("checked %d APIs against %s", len(apis), set.jar)
	})
}

// stableIn reports whether m defines version v as a stable version.
func stableIn(m *msgSpec, v int16) bool {
	valid := m.valid()
	return valid.contains(v) && !(m.LatestVersionUnstable && int(v) == valid.hi)
}

// manifestRow is one line of protocol/testdata/golden/manifest.tsv.
type manifestRow struct {
	key                  int16
	name                 string
	min, max             int16
	reqFlex, respFlex    int16
	rawReqFlex, rawRFlex string
}

func readManifest(t *testing.T) map[int16]manifestRow {
	t.Helper()
	path := filepath.Join(goldenDir, "manifest.tsv")
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("golden manifest: %v", err)
	}
	defer f.Close()
	rows := map[int16]manifestRow{}
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		if line == 1 {
			if got := sc.Text(); got != "key\tname\tminVersion\tmaxVersion\trequestFlexibleFrom\tresponseFlexibleFrom" {
				t.Fatalf("%s: unexpected header %q", path, got)
			}
			continue
		}
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		c := strings.Split(sc.Text(), "\t")
		if len(c) != 6 {
			t.Fatalf("%s:%d: %d columns, want 6", path, line, len(c))
		}
		num := func(s string) int16 {
			if s == "none" {
				return -1
			}
			n, err := strconv.ParseInt(s, 10, 16)
			if err != nil {
				t.Fatalf("%s:%d: %q is not a version", path, line, s)
			}
			return int16(n)
		}
		r := manifestRow{key: num(c[0]), name: c[1], min: num(c[2]), max: num(c[3]), reqFlex: num(c[4]), respFlex: num(c[5]), rawReqFlex: c[4], rawRFlex: c[5]}
		if _, dup := rows[r.key]; dup {
			t.Fatalf("%s:%d: key %d listed twice", path, line, r.key)
		}
		rows[r.key] = r
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestGoldenManifest cross-checks the three sources: Kafka's JSON, the
// manifest goldengen wrote from Kafka's ApiKeys, and our registry. The
// manifest is merged over the kafka-clients versions goldengen ran with
// (tools/goldengen/run.sh): its range is the widest any of them supports, so
// its newest version must be in the newest release's JSON and its oldest in
// some release's.
func TestGoldenManifest(t *testing.T) {
	rows := readManifest(t)
	minFound := map[int16]bool{}
	eachRelease(t, func(t *testing.T, set *specSet, newest bool) {
		for _, a := range protocol.APIs() {
			r, ok := rows[a.Key]
			if !ok {
				t.Errorf("%s (key %d): not in manifest.tsv: no golden bodies back our codec (add it to tools/goldengen Apis and run make golden)", a.Name, a.Key)
				continue
			}
			if r.name != a.Name {
				t.Errorf("key %d: manifest names it %q, we %q", a.Key, r.name, a.Name)
			}
			if newest {
				if a.MinVersion < r.min || a.MaxVersion > r.max {
					t.Errorf("%s: we claim v%d-v%d, Kafka's supported stable range (manifest) is v%d-v%d", a.Name, a.MinVersion, a.MaxVersion, r.min, r.max)
				} else if a.MinVersion != r.min || a.MaxVersion != r.max {
					t.Logf("%s: we claim v%d-v%d of Kafka's v%d-v%d", a.Name, a.MinVersion, a.MaxVersion, r.min, r.max)
				}
			}
			req, resp, ok := apiSpecs(t, set, a)
			if !ok {
				continue
			}
			for _, c := range []struct {
				m    *msgSpec
				flex int16
				raw  string
			}{{req, r.reqFlex, r.rawReqFlex}, {resp, r.respFlex, r.rawRFlex}} {
				valid := c.m.valid()
				if valid.contains(r.min) && c.m == req {
					minFound[a.Key] = true
				}
				if newest && !valid.contains(r.max) {
					t.Errorf("%s: manifest's newest version v%d is not within %s validVersions %q", a.Name, r.max, c.m.File, c.m.ValidVersions)
				}
				if want := c.m.flexible().flexibleFrom(); c.flex != want {
					t.Errorf("%s: manifest flexible-from %s, %s flexibleVersions %q", a.Name, c.raw, c.m.File, c.m.FlexibleVersions)
				}
			}
		}
	})
	for _, a := range protocol.APIs() {
		if r, ok := rows[a.Key]; ok && !minFound[a.Key] {
			t.Errorf("%s: manifest's oldest version v%d is in no release's validVersions (%v)", a.Name, r.min, releases)
		}
	}
}

// TestFieldCoverage is the field check: for every version we claim, in both
// directions, Kafka's body with every field set (the "full" golden file)
// must exist, follow the JSON definition field by field (every field the
// JSON lists at that version present with goldengen's non-default value),
// and survive our decode and re-encode byte for byte. A field our codec
// drops, misplaces or misreads shows up as the first differing byte, which
// the walk maps back to the JSON field. The "nulls" variant is round-tripped
// too where it exists.
//
// Each release checks the versions its JSON defines as stable (an unstable
// definition may still change before it is released); the newest release
// defines every version we claim (TestVersionRanges).
func TestFieldCoverage(t *testing.T) {
	eachRelease(t, func(t *testing.T, set *specSet, newest bool) {
		var checked, fields, skipped int
		for _, a := range protocol.APIs() {
			req, resp, ok := apiSpecs(t, set, a)
			if !ok {
				continue
			}
			t.Run(a.Name, func(t *testing.T) {
				for v := a.MinVersion; v <= a.MaxVersion; v++ {
					for _, request := range []bool{true, false} {
						spec := resp
						if request {
							spec = req
						}
						if !stableIn(spec, v) {
							skipped++
							continue // TestVersionRanges reports it
						}
						n, ok := checkGolden(t, a, spec, v, request, "full")
						if ok {
							checked++
							fields += n
						}
						if _, err := os.Stat(goldenPath(a, v, request, "nulls")); err == nil {
							checkGolden(t, a, spec, v, request, "nulls")
						}
					}
				}
			})
		}
		t.Logf("Kafka %s: %d (API, version, direction) full bodies round-tripped; %d field values in them walked; %d claimed (version, direction) pairs it does not define as stable", set.release, checked, fields, skipped)
	})
}

func goldenPath(a *protocol.API, v int16, request bool, variant string) string {
	return filepath.Join(goldenDir, fmt.Sprintf("%s%s-v%d-%s.bin", a.Name, direction(request), v, variant))
}

// checkGolden checks one golden body and reports each failure through
// report; it returns how many field values the walk found and whether
// everything held.
func checkGolden(t *testing.T, a *protocol.API, spec *msgSpec, v int16, request bool, variant string) (int, bool) {
	t.Helper()
	newMsg := a.NewResponse
	if request {
		newMsg = a.NewRequest
	}
	n, failures := goldenFailures(a, spec, v, request, variant, newMsg)
	for _, f := range failures {
		t.Error(f)
	}
	return n, len(failures) == 0
}

// goldenFailures does the work of checkGolden with the codec newMsg makes.
func goldenFailures(a *protocol.API, spec *msgSpec, v int16, request bool, variant string, newMsg func() protocol.Message) (int, []string) {
	var out []string
	what := fmt.Sprintf("%s v%d %s", a.Name, v, strings.ToLower(direction(request)))
	path := goldenPath(a, v, request, variant)
	want, err := os.ReadFile(path)
	if err != nil {
		return 0, []string{fmt.Sprintf("%s: no golden body %s (%v): the claimed version is not backed by Kafka's bytes", what, filepath.Base(path), err)}
	}

	// The golden body against the JSON: every field valid at v is there.
	w := &walker{spec: spec, version: v, b: want, full: variant == "full"}
	if err := w.walk(); err != nil {
		out = append(out, fmt.Sprintf("%s: %s does not follow %s at v%d: %v", what, filepath.Base(path), spec.File, v, err))
	}
	for _, p := range w.problems {
		out = append(out, fmt.Sprintf("%s: %s: field %s (the JSON lists it at v%d; goldengen should have set it)", what, filepath.Base(path), p, v))
	}

	// Our codec against the golden body.
	m := newMsg()
	if err := protocol.Decode(m, want, v); err != nil {
		return len(w.spans), append(out, fmt.Sprintf("%s (%s): our codec cannot decode Kafka's body: %v", what, variant, err))
	}
	got := m.AppendTo(nil, v)
	if !bytes.Equal(got, want) {
		i := 0
		for i < len(got) && i < len(want) && got[i] == want[i] {
			i++
		}
		out = append(out, fmt.Sprintf("%s (%s): our re-encoding differs from Kafka's body at byte %d (Kafka %d bytes, ours %d): field %s, which the JSON lists at v%d, is not handled; Kafka %s, ours %s",
			what, variant, i, len(want), len(got), w.fieldAt(i), v, window(want, i), window(got, i)))
	}
	return len(w.spans), out
}

// window shows a few bytes from offset i.
func window(b []byte, i int) string {
	if i >= len(b) {
		return "(ends)"
	}
	end := min(len(b), i+12)
	s := fmt.Sprintf("% x", b[i:end])
	if end < len(b) {
		s += " …"
	}
	return s
}
