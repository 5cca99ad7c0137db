package protocol

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"testing"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/compress"
)

var rbCodecs = []compress.Codec{compress.None, compress.Gzip, compress.Snappy, compress.LZ4, compress.Zstd}

// rbRecord is a record to build, as a test describes it.
type rbRecord struct {
	ts      int64
	key     []byte
	value   []byte
	headers []kafkawire.Header
}

func rbSampleRecords() []rbRecord {
	return []rbRecord{
		{ts: 1700000000000, key: []byte("k1"), value: []byte("v1")},
		{ts: 1700000000005, key: nil, value: []byte("null key")},
		{ts: 1699999999990, key: []byte{}, value: nil}, // earlier than the base: negative delta
		{ts: 1700000000100, key: []byte("with headers"), value: bytes.Repeat([]byte("x"), 300), headers: []kafkawire.Header{
			{Key: "h1", Value: []byte("one")},
			{Key: "h-null", Value: nil},
			{Key: "", Value: []byte{}},
		}},
		{ts: -1, key: []byte("no timestamp"), value: []byte{}},
		{ts: 1700000000200, key: bytes.Repeat([]byte{0xff}, 200), value: bytes.Repeat([]byte("yz"), 5000)},
	}
}

func rbBuild(t testing.TB, recs []rbRecord, opts BatchOptions) []byte {
	t.Helper()
	var b BatchBuilder
	b.Reset(nil, recs[0].ts)
	for _, r := range recs {
		b.Append(r.ts, r.key, r.value, r.headers)
	}
	out, err := b.Finish(opts)
	if err != nil {
		t.Fatalf("Finish: %v", err)
	}
	return out
}

func rbDefaultOpts(c compress.Codec) BatchOptions {
	return BatchOptions{BaseOffset: 0, PartitionLeaderEpoch: -1, ProducerID: -1, ProducerEpoch: -1, BaseSequence: -1, Codec: c}
}

// rbSameBytes compares a nullable byte field: nil and empty differ.
func rbSameBytes(a, b []byte) bool { return (a == nil) == (b == nil) && bytes.Equal(a, b) }

func rbCheckRecords(t testing.TB, got []kafkawire.Record, want []rbRecord, baseOffset int64, topic string, partition int32) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d records, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Topic != topic || g.Partition != partition || g.Offset != baseOffset+int64(i) {
			t.Errorf("record %d: %s/%d@%d, want %s/%d@%d", i, g.Topic, g.Partition, g.Offset, topic, partition, baseOffset+int64(i))
		}
		if !rbSameBytes(g.Key, w.key) || !rbSameBytes(g.Value, w.value) {
			t.Errorf("record %d: key/value %q/%q, want %q/%q (nil %v/%v, want %v/%v)", i, rbShort(g.Key), rbShort(g.Value), rbShort(w.key), rbShort(w.value),
				g.Key == nil, g.Value == nil, w.key == nil, w.value == nil)
		}
		wantTs := w.ts
		gotTs := int64(-1)
		if !g.Timestamp.IsZero() {
			gotTs = g.Timestamp.UnixMilli()
		}
		if gotTs != wantTs {
			t.Errorf("record %d: timestamp %d, want %d", i, gotTs, wantTs)
		}
		if len(g.Headers) != len(w.headers) {
			t.Fatalf("record %d: %d headers, want %d", i, len(g.Headers), len(w.headers))
		}
		for j, wh := range w.headers {
			gh := g.Headers[j]
			if gh.Key != wh.Key || !rbSameBytes(gh.Value, wh.Value) {
				t.Errorf("record %d header %d: %q=%q, want %q=%q", i, j, gh.Key, gh.Value, wh.Key, wh.Value)
			}
		}
	}
}

func rbShort(b []byte) string {
	if len(b) > 20 {
		return string(b[:20]) + "..."
	}
	return string(b)
}

func TestBatchBuilderRoundTrip(t *testing.T) {
	recs := rbSampleRecords()
	for _, c := range rbCodecs {
		t.Run(c.String(), func(t *testing.T) {
			opts := BatchOptions{BaseOffset: 1000, PartitionLeaderEpoch: 7, ProducerID: 42, ProducerEpoch: 3, BaseSequence: 17, Transactional: true, Codec: c}
			data := rbBuild(t, recs, opts)
			b, rest, err := NextBatch(data)
			if err != nil {
				t.Fatal(err)
			}
			if len(rest) != 0 {
				t.Fatalf("%d bytes left", len(rest))
			}
			if b.BaseOffset != 1000 || b.PartitionLeaderEpoch != 7 || b.ProducerID != 42 || b.ProducerEpoch != 3 ||
				b.BaseSequence != 17 || !b.IsTransactional() || b.IsControl() || b.LogAppendTime() || b.Codec() != c ||
				b.NumRecords != int32(len(recs)) || b.LastOffsetDelta != int32(len(recs)-1) || b.Magic != 2 ||
				b.BaseTimestamp != recs[0].ts || b.MaxTimestamp != 1700000000200 || int(b.BatchLength) != len(data)-12 {
				t.Fatalf("header %+v", b)
			}
			if b.LastOffset() != 1000+int64(len(recs))-1 {
				t.Fatalf("LastOffset %d", b.LastOffset())
			}
			got, err := b.AppendRecords(nil, "topic", 3, 1<<20)
			if err != nil {
				t.Fatal(err)
			}
			rbCheckRecords(t, got, recs, 1000, "topic", 3)
			for _, r := range got {
				if r.LeaderEpoch != 7 {
					t.Fatalf("leader epoch %d", r.LeaderEpoch)
				}
			}
			got2, next, err := ReadRecordSetNext(nil, data, "topic", 3, 1<<20)
			if err != nil || next != 1000+int64(len(recs)) {
				t.Fatalf("ReadRecordSetNext: next %d, %v", next, err)
			}
			rbCheckRecords(t, got2, recs, 1000, "topic", 3)
		})
	}
}

func TestBatchBuilderSizes(t *testing.T) {
	var b BatchBuilder
	b.Reset(make([]byte, 0, 10), 1000)
	if b.Size() != BatchHeaderSize || b.Count() != 0 {
		t.Fatalf("empty: size %d count %d", b.Size(), b.Count())
	}
	for i, r := range rbSampleRecords() {
		before := b.Size()
		want := RecordSize(r.ts-1000, int32(i), r.key, r.value, r.headers)
		b.Append(r.ts, r.key, r.value, r.headers)
		if got := b.Size() - before; got != want {
			t.Fatalf("record %d: appended %d bytes, RecordSize says %d", i, got, want)
		}
		if b.Count() != i+1 {
			t.Fatalf("count %d", b.Count())
		}
	}
	// Deltas at their widest bound any record.
	big := RecordSize(1<<40, 1<<30, []byte("k"), []byte("v"), nil)
	if small := RecordSize(0, 0, []byte("k"), []byte("v"), nil); big <= small {
		t.Fatalf("upper bound %d <= %d", big, small)
	}
	for i, r := range rbSampleRecords() {
		if got, want := MaxRecordSize(RecordFieldsSize(r.key, r.value, r.headers)), RecordSize(1<<40, 1<<30, r.key, r.value, r.headers); got != want {
			t.Fatalf("record %d: MaxRecordSize %d, RecordSize at the widest deltas %d", i, got, want)
		}
	}
	if _, err := b.Finish(rbDefaultOpts(compress.None)); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Finish(rbDefaultOpts(compress.None)); !errors.Is(err, ErrBatchFinished) {
		t.Fatalf("second Finish: %v", err)
	}
	b.Reset(nil, 0)
	if _, err := b.Finish(rbDefaultOpts(compress.None)); !errors.Is(err, ErrEmptyBatch) {
		t.Fatalf("empty Finish: %v", err)
	}
	// The zero builder works without Reset.
	var z BatchBuilder
	z.Append(5, nil, []byte("v"), nil)
	data, err := z.Finish(rbDefaultOpts(compress.None))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := ReadRecordSet(nil, data, "t", 0, 0)
	if err != nil || len(recs) != 1 || recs[0].Timestamp.UnixMilli() != 5 {
		t.Fatalf("%v %v", recs, err)
	}
}

func TestBatchBuilderBadCodec(t *testing.T) {
	var b BatchBuilder
	b.Reset(nil, 0)
	b.Append(0, nil, []byte("v"), nil)
	if _, err := b.Finish(rbDefaultOpts(compress.Codec(6))); err == nil {
		t.Fatal("codec 6 accepted")
	}
	if _, err := b.Finish(BatchOptions{Codec: compress.Gzip, Level: 42}); err == nil {
		t.Fatal("gzip level 42 accepted")
	}
}

// TestBatchBuilderNoAllocs: with a recycled buffer, building allocates
// nothing per record (and nothing at all without compression).
func TestBatchBuilderNoAllocs(t *testing.T) {
	value := bytes.Repeat([]byte("v"), 100)
	headers := []kafkawire.Header{{Key: "trace", Value: []byte("abc")}}
	buf := make([]byte, 0, 256<<10)
	var b BatchBuilder
	allocs := testing.AllocsPerRun(20, func() {
		b.Reset(buf, 1700000000000)
		for i := 0; i < 1000; i++ {
			b.Append(1700000000000+int64(i), nil, value, headers)
		}
		out, err := b.Finish(rbDefaultOpts(compress.None))
		if err != nil {
			t.Fatal(err)
		}
		buf = out[:0]
	})
	if allocs != 0 {
		t.Fatalf("%.1f allocations per batch", allocs)
	}
}

func TestSetProducerFields(t *testing.T) {
	for _, c := range rbCodecs {
		data := rbBuild(t, rbSampleRecords(), rbDefaultOpts(c))
		SetProducerFields(data, 12345, 6, 789)
		b, _, err := NextBatch(data)
		if err != nil {
			t.Fatalf("%s: %v", c, err)
		}
		if b.ProducerID != 12345 || b.ProducerEpoch != 6 || b.BaseSequence != 789 {
			t.Fatalf("%s: %+v", c, b)
		}
		if _, err := b.AppendRecords(nil, "t", 0, 1<<20); err != nil {
			t.Fatalf("%s: %v", c, err)
		}
	}
	// Too short, or lying lengths: left alone, no panic.
	short := make([]byte, 30)
	SetProducerFields(short, 1, 1, 1)
	if !bytes.Equal(short, make([]byte, 30)) {
		t.Fatal("short slice modified")
	}
	long := make([]byte, 100)
	binary.BigEndian.PutUint32(long[8:], 1000)
	SetProducerFields(long, 1, 1, 1)
}

func TestControlBatch(t *testing.T) {
	var b BatchBuilder
	b.Reset(nil, 1000)
	b.Append(1000, []byte{0, 0, 0, 1}, []byte{0, 0, 0, 0, 0, 5}, nil) // commit marker
	opts := rbDefaultOpts(compress.None)
	opts.Control, opts.Transactional, opts.ProducerID, opts.ProducerEpoch, opts.BaseOffset = true, true, 9, 1, 50
	ctrl, err := b.Finish(opts)
	if err != nil {
		t.Fatal(err)
	}
	data := rbBuild(t, rbSampleRecords()[:2], BatchOptions{BaseOffset: 40, PartitionLeaderEpoch: -1, ProducerID: 9, ProducerEpoch: 1, BaseSequence: 0, Transactional: true})
	data = append(data, ctrl...)

	recs, next, err := ReadRecordSetNext(nil, data, "t", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || next != 51 {
		t.Fatalf("%d records, next %d: the control batch must be skipped and passed", len(recs), next)
	}

	cb, _, err := NextBatch(ctrl)
	if err != nil || !cb.IsControl() || !cb.IsTransactional() {
		t.Fatalf("%+v %v", cb, err)
	}
	crecs, err := cb.AppendRecords(nil, "t", 0, 0)
	if err != nil || len(crecs) != 1 {
		t.Fatal(err)
	}
	typ, err := ParseControlRecord(crecs[0].Key)
	if err != nil || typ != ControlCommit {
		t.Fatalf("%v %v", typ, err)
	}
	for _, tc := range []struct {
		key  []byte
		typ  ControlRecordType
		fail bool
	}{
		{[]byte{0, 0, 0, 0}, ControlAbort, false},
		{[]byte{0, 0, 0, 1, 9, 9}, ControlCommit, false},
		{[]byte{0, 0, 0, 5}, 5, false},
		{[]byte{0, 0, 0}, 0, true},
		{nil, 0, true},
		{[]byte{0xff, 0xff, 0, 0}, 0, true},
	} {
		typ, err := ParseControlRecord(tc.key)
		if (err != nil) != tc.fail || (!tc.fail && typ != tc.typ) {
			t.Errorf("ParseControlRecord(%x) = %v, %v", tc.key, typ, err)
		}
	}
}

// FuzzBatchBuilderRoundTrip builds a batch from fuzzed records with every
// codec and checks that it reads back exactly.
func FuzzBatchBuilderRoundTrip(f *testing.F) {
	f.Add([]byte("key"), []byte("value"), "h", []byte("hv"), int64(1700000000000), int64(5), uint8(3), uint8(0))
	f.Add([]byte{}, []byte(nil), "", []byte(nil), int64(-1), int64(-1000), uint8(1), uint8(4))
	f.Add(bytes.Repeat([]byte("a"), 1000), bytes.Repeat([]byte("b"), 70000), "trace-id", []byte{}, int64(0), int64(1<<40), uint8(20), uint8(3))
	f.Fuzz(func(t *testing.T, key, value []byte, hkey string, hval []byte, ts, step int64, n uint8, flags uint8) {
		// flags: bits 0-2 codec, bit 3 nil key, bit 4 nil value, bit 5 no headers, bit 6 nil header value.
		c := compress.Codec(flags&7) % 5
		// Keep each run cheap; large records are covered by unit tests.
		key, value, hval = key[:min(len(key), 4096)], value[:min(len(value), 16384)], hval[:min(len(hval), 1024)]
		if flags&8 != 0 {
			key = nil
		} else if key == nil {
			key = []byte{}
		}
		if flags&16 != 0 {
			value = nil
		} else if value == nil {
			value = []byte{}
		}
		if flags&64 != 0 {
			hval = nil
		} else if hval == nil {
			hval = []byte{}
		}
		var headers []kafkawire.Header
		if flags&32 == 0 {
			headers = []kafkawire.Header{{Key: hkey, Value: hval}, {Key: "second", Value: key}}
		}
		count := int(n%16) + 1
		want := make([]rbRecord, count)
		for i := range want {
			want[i] = rbRecord{ts: ts + int64(i)*step, key: key, value: value, headers: headers}
		}
		var b BatchBuilder
		b.Reset(nil, ts)
		size := b.Size()
		for i, r := range want {
			size += RecordSize(r.ts-ts, int32(i), r.key, r.value, r.headers)
			b.Append(r.ts, r.key, r.value, r.headers)
		}
		if b.Size() != size {
			t.Fatalf("Size %d, RecordSize sum %d", b.Size(), size)
		}
		data, err := b.Finish(BatchOptions{BaseOffset: 77, PartitionLeaderEpoch: -1, ProducerID: -1, ProducerEpoch: -1, BaseSequence: -1, Codec: c})
		if err != nil {
			t.Fatal(err)
		}
		got, err := ReadRecordSet(nil, data, "t", 1, 64<<20)
		if err != nil {
			t.Fatal(err)
		}
		rbCheckFuzzRecords(t, got, want, 77)
	})
}

// rbCheckFuzzRecords is rbCheckRecords with timestamps compared as
// milliseconds (the zero time stands for -1).
func rbCheckFuzzRecords(t *testing.T, got []kafkawire.Record, want []rbRecord, base int64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d records, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		ms := int64(-1)
		if !g.Timestamp.IsZero() {
			ms = g.Timestamp.UnixMilli()
		}
		if g.Offset != base+int64(i) || ms != w.ts || !rbSameBytes(g.Key, w.key) || !rbSameBytes(g.Value, w.value) || len(g.Headers) != len(w.headers) {
			t.Fatalf("record %d: %s", i, fmt.Sprint(g.Offset, ms, g.Key == nil, g.Value == nil, len(g.Headers)))
		}
		for j := range w.headers {
			if g.Headers[j].Key != w.headers[j].Key || !rbSameBytes(g.Headers[j].Value, w.headers[j].Value) {
				t.Fatalf("record %d header %d", i, j)
			}
		}
	}
}
