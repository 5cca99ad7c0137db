package protocol

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// tagSection is a flexible tagged-field section with tag 0 = int32 7 and an
// unknown tag 5 of three bytes.
var tagSection = []byte{2, 0, 4, 0, 0, 0, 7, 5, 3, 1, 2, 3}

func TestTagsReadsKnownAndSkipsUnknown(t *testing.T) {
	r := Reader{buf: append(append([]byte{}, tagSection...), 0xEE), Flex: true}
	var got int32
	var seen []uint32
	for tag, f := range r.Tags() {
		seen = append(seen, tag)
		if tag == 0 {
			got = f.Int32()
		}
	}
	if r.Err() != nil || got != 7 || len(seen) != 2 || r.Int8() != -0x12 {
		t.Fatalf("got %d, tags %v, err %v", got, seen, r.Err())
	}
}

func TestTagsAllocatesNothing(t *testing.T) {
	var r Reader
	var sum int32
	allocs := testing.AllocsPerRun(100, func() {
		r = Reader{buf: tagSection, Flex: true}
		for tag, f := range r.Tags() {
			if tag == 0 {
				sum += f.Int32()
			}
		}
	})
	if allocs != 0 || r.Err() != nil {
		t.Fatalf("%v allocations a section (err %v)", allocs, r.Err())
	}
}

func TestTagsBreakStillConsumesSection(t *testing.T) {
	r := Reader{buf: append(append([]byte{}, tagSection...), 9), Flex: true}
	for range r.Tags() {
		break
	}
	if v := r.Int8(); v != 9 || r.Err() != nil {
		t.Fatalf("after break read %d, err %v", v, r.Err())
	}
}

func TestTagsLatchesFieldError(t *testing.T) {
	r := Reader{buf: []byte{1, 0, 2, 0, 0}, Flex: true} // tag 0 holds 2 bytes, read as int32
	for _, f := range r.Tags() {
		f.Int32()
	}
	if err := r.Err(); !errors.Is(err, ErrShortBuffer) || !strings.Contains(err.Error(), "tagged field 0") {
		t.Fatalf("err = %v", err)
	}
}

func TestTagsAndSkipTagsAreNoOpsInClassicVersions(t *testing.T) {
	r := Reader{buf: []byte{1}}
	for range r.Tags() {
		t.Fatal("classic reader yielded a tag")
	}
	r.SkipTags()
	if r.Remaining() != 1 {
		t.Fatalf("classic reader consumed %d bytes", 1-r.Remaining())
	}
}

func TestReadArrayNullEmptyAndLyingCount(t *testing.T) {
	var r Reader
	read := func(v *int64) { *v = r.Int64() }
	if r = (Reader{buf: []byte{0}, Flex: true}); ReadArray(&r, read) != nil {
		t.Fatal("null array read as non-nil")
	}
	if r = (Reader{buf: []byte{1}, Flex: true}); ReadArray(&r, read) == nil {
		t.Fatal("empty array read as nil")
	}
	// A count of 2^31-1 over 4 bytes fails before the slice is made.
	r = Reader{buf: []byte{0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 0}}
	if v := ReadArray(&r, read); !errors.Is(r.Err(), ErrInvalidLength) || v != nil {
		t.Fatalf("lying count: %v, err %v", v, r.Err())
	}
	// A count that fits the bytes but whose elements do not stops at the error.
	r = Reader{buf: []byte{0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 1, 2}}
	v := ReadArray(&r, read)
	if !errors.Is(r.Err(), ErrShortBuffer) || len(v) != 3 || v[0] != 1 {
		t.Fatalf("short elements: %v, err %v", v, r.Err())
	}
}

func TestInt32sRejectsCountBeyondFourBytesEach(t *testing.T) {
	r := Reader{buf: []byte{0, 0, 0, 2, 0, 0, 0, 1}}
	if v := r.Int32s(); v != nil || !errors.Is(r.Err(), ErrInvalidLength) {
		t.Fatalf("got %v, err %v", v, r.Err())
	}
}

func TestAppendArrayNilIsEmptyAndNullableNilIsNull(t *testing.T) {
	var w Writer
	write := func(v *int32) { w.Int32(*v) }
	for _, c := range []struct {
		flex     bool
		nullable bool
		want     []byte
	}{
		{false, false, []byte{0, 0, 0, 0}},
		{false, true, []byte{0xff, 0xff, 0xff, 0xff}},
		{true, false, []byte{1}},
		{true, true, []byte{0}},
	} {
		w = Writer{Flex: c.flex}
		if c.nullable {
			AppendNullableArray(&w, nil, write)
		} else {
			AppendArray(&w, nil, write)
		}
		if !bytes.Equal(w.B, c.want) {
			t.Errorf("flex %v nullable %v: % x, want % x", c.flex, c.nullable, w.B, c.want)
		}
	}
	w = Writer{Flex: true}
	AppendNullableArray(&w, []int32{5}, write)
	if !bytes.Equal(w.B, []byte{2, 0, 0, 0, 5}) {
		t.Fatalf("one element: % x", w.B)
	}
}

func TestFlexFollowsRegistration(t *testing.T) {
	for _, a := range APIs() {
		for v := a.MinVersion; v <= a.MaxVersion; v++ {
			if w := NewWriter(nil, a.Key, v); w.Flex != a.Flexible(v) {
				t.Errorf("%s v%d: Writer.Flex %v", a.Name, v, w.Flex)
			}
			var r Reader
			if r.UseVersion(a.Key, v); r.Flex != a.Flexible(v) {
				t.Errorf("%s v%d: Reader.Flex %v", a.Name, v, r.Flex)
			}
		}
	}
}

func TestFlexOfUnregisteredAPIPanics(t *testing.T) {
	defer func() {
		if p := recover(); p == nil || !strings.Contains(p.(string), "API 9999 is not registered") {
			t.Fatalf("recovered %v", p)
		}
	}()
	NewWriter(nil, 9999, 0)
}
