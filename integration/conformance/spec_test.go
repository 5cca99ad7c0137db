package conformance

// Reading Apache Kafka's message definitions (common/message/*.json) out of
// the kafka-clients jar, and walking a serialized body field by field as
// those definitions describe it.

import (
	"archive/zip"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kafkawire/kafkawire/integration"
)

// versions is a range as the JSON writes it: "none", "3", "3+", "0-7".
type versions struct{ lo, hi int }

var noVersions = versions{lo: math.MaxInt16, hi: -1}

func parseVersions(s string) (versions, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "none" {
		return noVersions, nil
	}
	if n, ok := strings.CutSuffix(s, "+"); ok {
		lo, err := strconv.Atoi(n)
		return versions{lo, math.MaxInt16}, err
	}
	if a, b, ok := strings.Cut(s, "-"); ok {
		lo, err1 := strconv.Atoi(a)
		hi, err2 := strconv.Atoi(b)
		if err1 != nil || err2 != nil {
			return noVersions, fmt.Errorf("bad version range %q", s)
		}
		return versions{lo, hi}, nil
	}
	v, err := strconv.Atoi(s)
	return versions{v, v}, err
}

func mustVersions(s string) versions {
	v, err := parseVersions(s)
	if err != nil {
		panic(err)
	}
	return v
}

func (v versions) none() bool            { return v.lo > v.hi }
func (v versions) contains(x int16) bool { return int(x) >= v.lo && int(x) <= v.hi }

// flexibleFrom is the first flexible version, -1 for none (as protocol.API
// writes it).
func (v versions) flexibleFrom() int16 {
	if v.none() {
		return -1
	}
	return int16(v.lo)
}

func (v versions) String() string {
	switch {
	case v.none():
		return "none"
	case v.hi == math.MaxInt16:
		return fmt.Sprintf("%d+", v.lo)
	case v.lo == v.hi:
		return strconv.Itoa(v.lo)
	}
	return fmt.Sprintf("%d-%d", v.lo, v.hi)
}

// fieldSpec is one field of a message or struct definition.
type fieldSpec struct {
	Name             string      `json:"name"`
	Type             string      `json:"type"`
	Versions         string      `json:"versions"`
	NullableVersions string      `json:"nullableVersions"`
	TaggedVersions   string      `json:"taggedVersions"`
	FlexibleVersions string      `json:"flexibleVersions"` // per-field override (strings in headers)
	Tag              *int        `json:"tag"`
	Default          any         `json:"default"`
	Fields           []fieldSpec `json:"fields"`
}

func (f *fieldSpec) valid(v int16) bool    { return mustVersions(f.Versions).contains(v) }
func (f *fieldSpec) nullable(v int16) bool { return mustVersions(f.NullableVersions).contains(v) }
func (f *fieldSpec) tagged(v int16) bool {
	return f.Tag != nil && mustVersions(f.TaggedVersions).contains(v)
}

type structSpec struct {
	Name     string      `json:"name"`
	Versions string      `json:"versions"`
	Fields   []fieldSpec `json:"fields"`
}

// msgSpec is one common/message/<Name>.json.
type msgSpec struct {
	File                  string
	APIKey                *int         `json:"apiKey"`
	Type                  string       `json:"type"`
	Name                  string       `json:"name"`
	ValidVersions         string       `json:"validVersions"`
	FlexibleVersions      string       `json:"flexibleVersions"`
	LatestVersionUnstable bool         `json:"latestVersionUnstable"`
	Fields                []fieldSpec  `json:"fields"`
	CommonStructs         []structSpec `json:"commonStructs"`
	common                map[string][]fieldSpec
}

func (m *msgSpec) valid() versions    { return mustVersions(m.ValidVersions) }
func (m *msgSpec) flexible() versions { return mustVersions(m.FlexibleVersions) }

// checkVersionStrings makes sure every version string of the spec parses,
// so that mustVersions never panics later.
func (m *msgSpec) checkVersionStrings() error {
	for _, s := range []string{m.ValidVersions, m.FlexibleVersions} {
		if _, err := parseVersions(s); err != nil {
			return err
		}
	}
	var walk func(fs []fieldSpec) error
	walk = func(fs []fieldSpec) error {
		for i := range fs {
			f := &fs[i]
			for _, s := range []string{f.Versions, f.NullableVersions, f.TaggedVersions, f.FlexibleVersions} {
				if _, err := parseVersions(s); err != nil {
					return fmt.Errorf("field %s: %w", f.Name, err)
				}
			}
			if err := walk(f.Fields); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(m.Fields); err != nil {
		return err
	}
	for _, s := range m.CommonStructs {
		if err := walk(s.Fields); err != nil {
			return err
		}
	}
	return nil
}

// structFields is the field list of a struct type: declared inline on the
// field, or as a common struct.
func (m *msgSpec) structFields(f *fieldSpec, typ string) ([]fieldSpec, error) {
	if f.Fields != nil {
		return f.Fields, nil
	}
	if fs, ok := m.common[typ]; ok {
		return fs, nil
	}
	return nil, fmt.Errorf("%s: no definition of struct %s (field %s)", m.File, typ, f.Name)
}

// stripComments removes // line comments (Kafka's JSON files carry license
// headers and notes in them), leaving "//" inside strings alone.
func stripComments(b []byte) []byte {
	out := make([]byte, 0, len(b))
	inString, escaped := false, false
	for i := 0; i < len(b); i++ {
		c := b[i]
		if inString {
			out = append(out, c)
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		if c == '"' {
			inString = true
			out = append(out, c)
			continue
		}
		if c == '/' && i+1 < len(b) && b[i+1] == '/' {
			for i < len(b) && b[i] != '\n' {
				i++
			}
			if i < len(b) {
				out = append(out, '\n')
			}
			continue
		}
		out = append(out, c)
	}
	return out
}

type specSet struct {
	release string // the Kafka release, e.g. "4.4.0"
	jar     string
	specs   map[string]*msgSpec // by file base name, e.g. "MetadataRequest"
}

// NewestRelease is the newest Kafka release whose definitions the codecs
// are held to in full: every version we claim must be in its JSON, stable.
// Older releases (the harness's default broker) are checked on the versions
// they define; what we claim beyond them they negotiate down from.
const NewestRelease = "4.4.0"

// releases are checked oldest first; the last is NewestRelease.
var releases = uniq(integration.DefaultVersion, NewestRelease)

func uniq(vs ...string) []string {
	var out []string
	for _, v := range vs {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// specCache loads each release's definitions once per test binary.
var specCache = map[string]func() (*specSet, error){}

func init() {
	for _, r := range releases {
		specCache[r] = sync.OnceValues(func() (*specSet, error) { return loadSpecs(r) })
	}
}

// loadSpecs reads common/message/*.json out of the kafka-clients jar of a
// release, fetched as the harness fetches a broker (integration.Fetch, cached
// under KAFKAWIRE_CACHE after the first run).
func loadSpecs(release string) (*specSet, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	libs, err := integration.Fetch(ctx, release)
	if err != nil {
		return nil, fmt.Errorf("fetching Kafka %s jars: %w", release, err)
	}
	jar := filepath.Join(libs, "kafka-clients-"+release+".jar")
	zr, err := zip.OpenReader(jar)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", jar, err)
	}
	defer zr.Close()
	set := &specSet{release: release, jar: jar, specs: map[string]*msgSpec{}}
	for _, f := range zr.File {
		dir, base := filepath.Split(f.Name)
		if dir != "common/message/" || !strings.HasSuffix(base, ".json") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("%s in %s: %w", f.Name, jar, err)
		}
		raw, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("%s in %s: %w", f.Name, jar, err)
		}
		var m msgSpec
		if err := json.Unmarshal(stripComments(raw), &m); err != nil {
			return nil, fmt.Errorf("%s in %s: %w", f.Name, jar, err)
		}
		m.File = f.Name
		if err := m.checkVersionStrings(); err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		m.common = map[string][]fieldSpec{}
		for _, s := range m.CommonStructs {
			m.common[s.Name] = s.Fields
		}
		set.specs[strings.TrimSuffix(base, ".json")] = &m
	}
	if len(set.specs) == 0 {
		return nil, fmt.Errorf("no common/message/*.json in %s", jar)
	}
	return set, nil
}

// specsOf returns the definitions of one release.
func specsOf(t *testing.T, release string) *specSet {
	t.Helper()
	load, ok := specCache[release]
	if !ok {
		t.Fatalf("conformance: release %s is not in releases %v", release, releases)
	}
	s, err := load()
	if err != nil {
		t.Fatalf("conformance: %v", err)
	}
	return s
}

// specs returns the default broker version's definitions (the self-tests'
// fixtures are Metadata versions every release has).
func specs(t *testing.T) *specSet {
	t.Helper()
	return specsOf(t, integration.DefaultVersion)
}

// eachRelease runs fn as one subtest per release, named by it.
func eachRelease(t *testing.T, fn func(t *testing.T, set *specSet, newest bool)) {
	for i, r := range releases {
		t.Run(r, func(t *testing.T) { fn(t, specsOf(t, r), i == len(releases)-1) })
	}
}

// span is the bytes [start, end) of one field (or of a length or count
// prefix) in a serialized body.
type span struct {
	start, end int
	path       string
}

// walker reads a body as the JSON definition says Kafka writes it at one
// version, recording where each field lies. With full set it also notes
// every field that does not carry the non-default value goldengen's "full"
// variant promises (tools/goldengen: Filler, ValueSource).
type walker struct {
	spec     *msgSpec
	version  int16
	b        []byte
	off      int
	full     bool
	spans    []span
	problems []string // fields the "full" promise does not hold for
}

// errShort is raised (via panic inside the walk) when the body ends early.
type walkError struct{ msg string }

func (w *walker) fail(format string, args ...any) {
	panic(walkError{fmt.Sprintf(format, args...)})
}

func (w *walker) take(n int, path string) []byte {
	if n < 0 || w.off+n > len(w.b) {
		w.fail("%s: needs %d bytes at offset %d, body has %d", path, n, w.off, len(w.b))
	}
	p := w.b[w.off : w.off+n]
	w.spans = append(w.spans, span{w.off, w.off + n, path})
	w.off += n
	return p
}

func (w *walker) uvarint(path string) uint64 {
	v, n := binary.Uvarint(w.b[w.off:])
	if n <= 0 {
		w.fail("%s: bad unsigned varint at offset %d", path, w.off)
	}
	w.spans = append(w.spans, span{w.off, w.off + n, path})
	w.off += n
	return v
}

// walk reads the whole body; it returns an error if the body does not
// follow the definition or has bytes left over.
func (w *walker) walk() (err error) {
	defer func() {
		if r := recover(); r != nil {
			we, ok := r.(walkError)
			if !ok {
				panic(r)
			}
			err = fmt.Errorf("%s", we.msg)
		}
	}()
	flex := w.spec.flexible().contains(w.version)
	w.fields(w.spec.Fields, "", 0, flex)
	if w.off != len(w.b) {
		return fmt.Errorf("%d bytes left after the last field (offset %d of %d)", len(w.b)-w.off, w.off, len(w.b))
	}
	return nil
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func (w *walker) fields(fs []fieldSpec, path string, depth int, flex bool) {
	for i := range fs {
		f := &fs[i]
		if f.valid(w.version) && !f.tagged(w.version) {
			w.field(f, join(path, f.Name), depth, flex)
		}
	}
	if !flex {
		return
	}
	tagsPath := join(path, "<tagged fields>")
	n := w.uvarint(tagsPath + " count")
	seen := map[int]bool{}
	for i := uint64(0); i < n; i++ {
		tag := int(w.uvarint(tagsPath + " tag"))
		size := int(w.uvarint(tagsPath + " size"))
		var f *fieldSpec
		for j := range fs {
			if fs[j].valid(w.version) && fs[j].tagged(w.version) && *fs[j].Tag == tag {
				f = &fs[j]
			}
		}
		if f == nil {
			w.problems = append(w.problems, fmt.Sprintf("%s: tag %d is not a tagged field of the JSON at v%d", tagsPath, tag, w.version))
			w.take(size, fmt.Sprintf("%s tag %d (unknown)", tagsPath, tag))
			continue
		}
		seen[tag] = true
		start := w.off
		w.field(f, join(path, f.Name), depth, true)
		if w.off != start+size {
			w.fail("%s (tag %d): size field says %d bytes, the definition reads %d", join(path, f.Name), tag, size, w.off-start)
		}
	}
	if w.full {
		for j := range fs {
			f := &fs[j]
			if f.valid(w.version) && f.tagged(w.version) && !seen[*f.Tag] {
				w.problems = append(w.problems, fmt.Sprintf("%s (tag %d): absent", join(path, f.Name), *f.Tag))
			}
		}
	}
}

// expectedCount is how many elements goldengen's full variant puts in an
// array at a nesting depth.
func expectedCount(depth int) int {
	switch {
	case depth >= 8:
		return 0
	case depth >= 4:
		return 1
	}
	return 2
}

func (w *walker) field(f *fieldSpec, path string, depth int, flex bool) {
	if f.FlexibleVersions != "" {
		flex = mustVersions(f.FlexibleVersions).contains(w.version)
	}
	nullable := f.nullable(w.version)
	if elem, ok := strings.CutPrefix(f.Type, "[]"); ok {
		n := w.length(path+" (array length)", flex, false)
		if n < 0 {
			if !nullable {
				w.fail("%s: null array, but the field is not nullable at v%d", path, w.version)
			}
			if w.full {
				w.problems = append(w.problems, path+": null")
			}
			return
		}
		if w.full && n == 0 && expectedCount(depth) > 0 {
			w.problems = append(w.problems, path+": empty array")
		}
		var sub []fieldSpec
		if !isPrimitive(elem) {
			var err error
			if sub, err = w.spec.structFields(f, elem); err != nil {
				w.fail("%v", err)
			}
		}
		for i := 0; i < n; i++ {
			p := fmt.Sprintf("%s[%d]", path, i)
			if sub == nil {
				w.primitive(elem, f, p, flex, false)
			} else {
				w.fields(sub, p, depth+1, flex)
			}
		}
		return
	}
	if isPrimitive(f.Type) {
		w.primitive(f.Type, f, path, flex, nullable)
		return
	}
	sub, err := w.spec.structFields(f, f.Type)
	if err != nil {
		w.fail("%v", err)
	}
	if nullable {
		if int8(w.take(1, path+" (null marker)")[0]) < 0 {
			if w.full {
				w.problems = append(w.problems, path+": null")
			}
			return
		}
	}
	w.fields(sub, path, depth, flex)
}

func isPrimitive(t string) bool {
	switch t {
	case "bool", "int8", "int16", "uint16", "int32", "uint32", "int64", "float64",
		"string", "uuid", "bytes", "records":
		return true
	}
	return false
}

// length reads a string/array (int16/int32 or compact) or bytes length; -1
// is null.
func (w *walker) length(path string, flex, short bool) int {
	if flex {
		return int(w.uvarint(path)) - 1
	}
	if short {
		return int(int16(binary.BigEndian.Uint16(w.take(2, path))))
	}
	return int(int32(binary.BigEndian.Uint32(w.take(4, path))))
}

func (w *walker) primitive(typ string, f *fieldSpec, path string, flex, nullable bool) {
	nonZero := func(b []byte) {
		for _, c := range b {
			if c != 0 {
				return
			}
		}
		if w.full {
			w.problems = append(w.problems, path+": zero")
		}
	}
	switch typ {
	case "bool":
		v := w.take(1, path)[0] != 0
		dflt := fmt.Sprint(f.Default) == "true"
		if w.full && v == dflt {
			w.problems = append(w.problems, fmt.Sprintf("%s: %t, its default", path, v))
		}
	case "int8":
		nonZero(w.take(1, path))
	case "int16", "uint16":
		nonZero(w.take(2, path))
	case "int32", "uint32":
		nonZero(w.take(4, path))
	case "int64", "float64":
		nonZero(w.take(8, path))
	case "uuid":
		nonZero(w.take(16, path))
	case "string", "bytes", "records":
		n := w.length(path+" (length)", flex, typ == "string")
		if n < 0 {
			if !nullable {
				w.fail("%s: null, but the field is not nullable at v%d", path, w.version)
			}
			if w.full {
				w.problems = append(w.problems, path+": null")
			}
			return
		}
		v := w.take(n, path)
		if !w.full {
			return
		}
		switch typ {
		case "string":
			if want := strings.ToLower(f.Name) + "-"; !strings.HasPrefix(string(v), want) {
				w.problems = append(w.problems, fmt.Sprintf("%s: %q, not the %q… value goldengen writes", path, v, want))
			}
		case "bytes":
			if !strings.HasPrefix(string(v), "bytes-") {
				w.problems = append(w.problems, fmt.Sprintf("%s: %q, not the bytes-… value goldengen writes", path, v))
			}
		case "records":
			if n == 0 {
				w.problems = append(w.problems, path+": no records")
			}
		}
	default:
		w.fail("%s: unknown type %s", path, typ)
	}
}

// fieldAt names the field at byte offset off of the walked body.
func (w *walker) fieldAt(off int) string {
	for _, s := range w.spans {
		if off >= s.start && off < s.end {
			return s.path
		}
	}
	if off >= len(w.b) {
		return "(past the end of Kafka's body)"
	}
	return "(unknown)"
}
