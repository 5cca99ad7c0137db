package protocol

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"hash/crc32"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"unsafe"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/compress"
)

// rbFixCRC recomputes the CRC of the v2 batch at the start of b after a test
// edited its header or records.
func rbFixCRC(b []byte) {
	end := 12 + int(binary.BigEndian.Uint32(b[8:]))
	binary.BigEndian.PutUint32(b[17:], CRC32C(b[21:end]))
}

// rbLegacyEntry encodes one magic 0/1 entry (offset, size, message).
func rbLegacyEntry(offset int64, magic, attrs int8, ts int64, key, value []byte) []byte {
	msg := []byte{0, 0, 0, 0, byte(magic), byte(attrs)}
	if magic == 1 {
		msg = binary.BigEndian.AppendUint64(msg, uint64(ts))
	}
	for _, f := range [][]byte{key, value} {
		if f == nil {
			msg = binary.BigEndian.AppendUint32(msg, math.MaxUint32)
		} else {
			msg = binary.BigEndian.AppendUint32(msg, uint32(len(f)))
			msg = append(msg, f...)
		}
	}
	binary.BigEndian.PutUint32(msg, crc32.ChecksumIEEE(msg[4:]))
	e := binary.BigEndian.AppendUint64(nil, uint64(offset))
	e = binary.BigEndian.AppendUint32(e, uint32(len(msg)))
	return append(e, msg...)
}

// rbLegacyWrapper compresses inner entries into a wrapper entry.
func rbLegacyWrapper(t testing.TB, offset int64, magic, attrs int8, ts int64, c compress.Codec, inner ...[]byte) []byte {
	t.Helper()
	set := bytes.Join(inner, nil)
	z, err := compress.Compress(nil, c, 0, set)
	if err != nil {
		t.Fatal(err)
	}
	return rbLegacyEntry(offset, magic, attrs|int8(c), ts, nil, z)
}

func rbMillis(r kafkawire.Record) int64 {
	if r.Timestamp.IsZero() {
		return -1
	}
	return r.Timestamp.UnixMilli()
}

type rbWant struct {
	offset     int64
	ts         int64
	key, value []byte
}

func rbCheckLegacy(t *testing.T, got []kafkawire.Record, want []rbWant) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d records, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Offset != w.offset || rbMillis(g) != w.ts || !rbSameBytes(g.Key, w.key) || !rbSameBytes(g.Value, w.value) || g.LeaderEpoch != -1 || g.Topic != "t" || g.Partition != 2 {
			t.Errorf("record %d: offset %d ts %d key %q value %q epoch %d; want offset %d ts %d key %q value %q",
				i, g.Offset, rbMillis(g), g.Key, g.Value, g.LeaderEpoch, w.offset, w.ts, w.key, w.value)
		}
	}
}

func TestLegacyUncompressed(t *testing.T) {
	data := bytes.Join([][]byte{
		rbLegacyEntry(5, 0, 0, 0, []byte("k0"), []byte("v0")),
		rbLegacyEntry(6, 0, 0, 0, nil, []byte{}),
		rbLegacyEntry(7, 1, 0, 1600000000000, []byte{}, nil),
		rbLegacyEntry(8, 1, 8, 1600000000001, []byte("k3"), []byte("v3")), // log append time
	}, nil)
	want := []rbWant{
		{5, -1, []byte("k0"), []byte("v0")},
		{6, -1, nil, []byte{}},
		{7, 1600000000000, []byte{}, nil},
		{8, 1600000000001, []byte("k3"), []byte("v3")},
	}
	got, err := AppendLegacyRecords(nil, data, "t", 2, 0)
	if err != nil {
		t.Fatal(err)
	}
	rbCheckLegacy(t, got, want)
	got, next, err := ReadRecordSetNext(nil, data, "t", 2, 0)
	if err != nil || next != 9 {
		t.Fatalf("next %d, %v", next, err)
	}
	rbCheckLegacy(t, got, want)
	// A truncated tail is skipped.
	for cut := len(data) - 30; cut < len(data); cut++ {
		got, err := AppendLegacyRecords(nil, data[:cut], "t", 2, 0)
		if err != nil || len(got) != 3 {
			t.Fatalf("cut %d: %d records, %v", cut, len(got), err)
		}
	}
}

func TestLegacyCompressed(t *testing.T) {
	for _, c := range []compress.Codec{compress.Gzip, compress.Snappy, compress.LZ4} {
		t.Run(c.String(), func(t *testing.T) {
			// Magic 0 wrapper: absolute inner offsets.
			v0 := rbLegacyWrapper(t, 12, 0, 0, 0, c,
				rbLegacyEntry(10, 0, 0, 0, []byte("a"), []byte("A")),
				rbLegacyEntry(11, 0, 0, 0, nil, []byte("B")),
				rbLegacyEntry(12, 0, 0, 0, []byte("c"), nil))
			// Magic 1 wrapper, create time: relative inner offsets, own timestamps.
			v1 := rbLegacyWrapper(t, 102, 1, 0, 1600000000999, c,
				rbLegacyEntry(0, 1, 0, 1600000000000, []byte("d"), []byte("D")),
				rbLegacyEntry(1, 1, 0, 1600000000001, []byte("e"), []byte("E")),
				rbLegacyEntry(2, 1, 0, 1600000000002, []byte("f"), []byte("F")))
			// Magic 1 wrapper, log append time: the wrapper's timestamp.
			v1la := rbLegacyWrapper(t, 104, 1, 8, 1700000000000, c,
				rbLegacyEntry(0, 1, 0, 1600000000003, []byte("g"), []byte("G")),
				rbLegacyEntry(1, 1, 0, 1600000000004, []byte("h"), []byte("H")))
			data := bytes.Join([][]byte{v0, v1, v1la}, nil)
			want := []rbWant{
				{10, -1, []byte("a"), []byte("A")},
				{11, -1, nil, []byte("B")},
				{12, -1, []byte("c"), nil},
				{100, 1600000000000, []byte("d"), []byte("D")},
				{101, 1600000000001, []byte("e"), []byte("E")},
				{102, 1600000000002, []byte("f"), []byte("F")},
				{103, 1700000000000, []byte("g"), []byte("G")},
				{104, 1700000000000, []byte("h"), []byte("H")},
			}
			got, next, err := ReadRecordSetNext(nil, data, "t", 2, 1<<20)
			if err != nil || next != 105 {
				t.Fatalf("next %d, %v", next, err)
			}
			rbCheckLegacy(t, got, want)
			got, err = AppendLegacyRecords(nil, data, "t", 2, 1<<20)
			if err != nil {
				t.Fatal(err)
			}
			rbCheckLegacy(t, got, want)
			// The limit bounds the total decompressed.
			if _, err := AppendLegacyRecords(nil, data, "t", 2, 100); !errors.Is(err, compress.ErrTooLarge) {
				t.Fatalf("limit 100: %v", err)
			}
		})
	}
}

func TestLegacyWrapperOffsetZero(t *testing.T) {
	// Some librdkafka versions leave a magic 1 wrapper's offset at 0.
	w := rbLegacyWrapper(t, 0, 1, 0, 1, compress.Gzip,
		rbLegacyEntry(0, 1, 0, 1, nil, []byte("x")),
		rbLegacyEntry(1, 1, 0, 1, nil, []byte("y")))
	got, err := ReadRecordSet(nil, w, "t", 2, 0)
	if err != nil || len(got) != 2 || got[0].Offset != 0 || got[1].Offset != 1 {
		t.Fatalf("%v %v", got, err)
	}
}

func TestLegacyBadWrappers(t *testing.T) {
	inner := rbLegacyEntry(0, 1, 0, 1, nil, []byte("x"))
	nested := rbLegacyWrapper(t, 0, 1, 0, 1, compress.Gzip, inner)
	cases := map[string][]byte{
		"nested compression":    rbLegacyWrapper(t, 5, 1, 0, 1, compress.Gzip, nested),
		"no inner messages":     rbLegacyWrapper(t, 5, 1, 0, 1, compress.Gzip),
		"null wrapper value":    rbLegacyEntry(5, 1, int8(compress.Gzip), 1, nil, nil),
		"zstd":                  rbLegacyWrapper(t, 5, 1, 0, 1, compress.Zstd, inner),
		"wrapper below inner":   rbLegacyWrapper(t, 1, 1, 0, 1, compress.Gzip, inner, rbLegacyEntry(5, 1, 0, 1, nil, nil)),
		"garbage compressed":    rbLegacyEntry(5, 1, int8(compress.Gzip), 1, nil, []byte("not gzip")),
		"bad inner crc":         rbLegacyEntry(5, 1, int8(compress.Snappy), 1, nil, rbMustCompress(t, compress.Snappy, rbCorruptLast(inner))),
		"key length past end":   rbPatch(rbLegacyEntry(5, 0, 0, 0, []byte("k"), []byte("v")), 18, 0x7f),
		"trailing bytes":        rbLegacyTrailing(),
		"inner size too small":  rbLegacyEntry(5, 1, int8(compress.Snappy), 1, nil, rbMustCompress(t, compress.Snappy, make([]byte, 12))),
		"magic 3 inner message": rbLegacyEntry(5, 1, int8(compress.Snappy), 1, nil, rbMustCompress(t, compress.Snappy, rbMagic3())),
	}
	for name, data := range cases {
		got, err := ReadRecordSet(nil, data, "t", 2, 1<<20)
		if err == nil || len(got) != 0 {
			t.Errorf("%s: %d records, err %v", name, len(got), err)
		}
	}
}

func rbMustCompress(t *testing.T, c compress.Codec, b []byte) []byte {
	z, err := compress.Compress(nil, c, 0, b)
	if err != nil {
		t.Fatal(err)
	}
	return z
}

func rbCorruptLast(b []byte) []byte {
	b = bytes.Clone(b)
	b[len(b)-1] ^= 1
	return b
}

// rbPatch sets b[i] = v and fixes the legacy CRC.
func rbPatch(b []byte, i int, v byte) []byte {
	b = bytes.Clone(b)
	b[i] = v
	binary.BigEndian.PutUint32(b[12:], crc32.ChecksumIEEE(b[16:]))
	return b
}

func rbLegacyTrailing() []byte {
	e := rbLegacyEntry(5, 0, 0, 0, nil, []byte("v"))
	e = append(e, 0)
	binary.BigEndian.PutUint32(e[8:], binary.BigEndian.Uint32(e[8:])+1)
	binary.BigEndian.PutUint32(e[12:], crc32.ChecksumIEEE(e[16:]))
	return e
}

func rbMagic3() []byte {
	e := rbLegacyEntry(0, 1, 0, 1, nil, []byte("x"))
	e[16] = 3
	binary.BigEndian.PutUint32(e[12:], crc32.ChecksumIEEE(e[16:]))
	return e
}

func TestXXH32(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want uint32
	}{
		{"", 0x02cc5d05},
		{"a", 0x550d7456},
		{"abc", 0x32d153ff},
		{"Nobody inspects the spammish repetition", 0xe2293b2f},
	} {
		if got := xxh32([]byte(tc.in)); got != tc.want {
			t.Errorf("xxh32(%q) = %#x, want %#x", tc.in, got, tc.want)
		}
	}
	// The descriptor checksum pierrec/lz4 writes agrees with ours.
	z, err := compress.Compress(nil, compress.LZ4, 0, []byte("hello hello hello"))
	if err != nil {
		t.Fatal(err)
	}
	if got := fixLegacyLZ4Header(z); &got[0] != &z[0] {
		t.Fatal("a correct LZ4 header was rewritten")
	}
}

// TestLegacyLZ4BrokenChecksum: magic 0 LZ4 messages carry the descriptor
// checksum Kafka before 0.10 computed over the frame magic too (KAFKA-1493).
func TestLegacyLZ4BrokenChecksum(t *testing.T) {
	inner := rbLegacyEntry(3, 0, 0, 0, []byte("k"), []byte("old lz4"))
	z := rbMustCompress(t, compress.LZ4, inner)
	n := 2
	if z[4]&0x08 != 0 {
		n += 8
	}
	z[4+n] = byte(xxh32(z[:4+n]) >> 8) // the broken checksum
	if z[4+n] == byte(xxh32(z[4:4+n])>>8) {
		t.Skip("broken and right checksums coincide")
	}
	data := rbLegacyEntry(3, 0, int8(compress.LZ4), 0, nil, z)
	orig := bytes.Clone(data)
	got, err := ReadRecordSet(nil, data, "t", 2, 0)
	if err != nil {
		t.Fatal(err)
	}
	rbCheckLegacy(t, got, []rbWant{{3, -1, []byte("k"), []byte("old lz4")}})
	if !bytes.Equal(data, orig) {
		t.Fatal("input modified")
	}
}

func TestMixedRecordSet(t *testing.T) {
	v2 := rbBuild(t, []rbRecord{{ts: 1700000000000, key: []byte("k"), value: []byte("v")}, {ts: 1700000000001, value: []byte("w")}},
		BatchOptions{BaseOffset: 20, PartitionLeaderEpoch: 4, ProducerID: -1, ProducerEpoch: -1, BaseSequence: -1})
	v2z := rbBuild(t, []rbRecord{{ts: 1700000000002, value: []byte("z")}},
		BatchOptions{BaseOffset: 22, PartitionLeaderEpoch: 4, ProducerID: -1, ProducerEpoch: -1, BaseSequence: -1, Codec: compress.Zstd})
	data := bytes.Join([][]byte{
		rbLegacyEntry(18, 0, 0, 0, nil, []byte("old")),
		rbLegacyWrapper(t, 19, 1, 0, 5, compress.Gzip, rbLegacyEntry(0, 1, 0, 5, nil, []byte("older"))),
		v2, v2z, v2[:40], // a truncated tail
	}, nil)
	got, next, err := ReadRecordSetNext(nil, data, "t", 2, 1<<20)
	if err != nil || next != 23 {
		t.Fatalf("next %d, %v", next, err)
	}
	var offsets []int64
	var values []string
	for _, r := range got {
		offsets = append(offsets, r.Offset)
		values = append(values, string(r.Value))
	}
	if len(got) != 5 || offsets[0] != 18 || offsets[1] != 19 || offsets[2] != 20 || offsets[3] != 21 || offsets[4] != 22 ||
		values[0] != "old" || values[1] != "older" || values[4] != "z" || got[2].LeaderEpoch != 4 || got[0].LeaderEpoch != -1 {
		t.Fatalf("offsets %v values %q", offsets, values)
	}
	// Unknown magic.
	bad := bytes.Clone(v2)
	bad[16] = 3
	if _, err := ReadRecordSet(nil, bad, "t", 2, 0); !errors.Is(err, ErrUnsupportedMagic) {
		t.Fatalf("magic 3: %v", err)
	}
	if _, _, err := NextBatch(rbLegacyEntry(0, 1, 0, 0, nil, nil)); !errors.Is(err, ErrUnsupportedMagic) {
		t.Fatalf("NextBatch on magic 1: %v", err)
	}
}

// TestCRCCorruption flips every byte from the magic on, in each codec, and
// in a legacy set: each flip must fail, and never return records.
func TestCRCCorruption(t *testing.T) {
	sets := map[string][]byte{}
	for _, c := range rbCodecs {
		sets["v2-"+c.String()] = rbBuild(t, rbSampleRecords()[:4], rbDefaultOpts(c))
	}
	sets["v1"] = rbLegacyEntry(9, 1, 0, 7, []byte("key"), []byte("value"))
	sets["v1-gzip"] = rbLegacyWrapper(t, 9, 1, 0, 7, compress.Gzip, rbLegacyEntry(0, 1, 0, 7, []byte("key"), []byte("value")))
	for name, data := range sets {
		for i := 16; i < len(data); i++ {
			for _, mask := range []byte{0x01, 0x80, 0xff} {
				bad := bytes.Clone(data)
				bad[i] ^= mask
				got, err := ReadRecordSet(nil, bad, "t", 0, 1<<20)
				if err == nil || len(got) != 0 {
					t.Fatalf("%s: byte %d ^ %#x: %d records, err %v", name, i, mask, len(got), err)
				}
			}
		}
		if name[:2] == "v2" {
			bad := bytes.Clone(data)
			bad[30] ^= 1
			if _, _, err := NextBatch(bad); !errors.Is(err, ErrCorruptBatch) {
				t.Fatalf("%s: NextBatch: %v", name, err)
			}
		}
	}
}

func TestTruncatedTail(t *testing.T) {
	first := rbBuild(t, rbSampleRecords()[:2], BatchOptions{BaseOffset: 10, ProducerID: -1, ProducerEpoch: -1, BaseSequence: -1})
	second := rbBuild(t, rbSampleRecords()[:3], BatchOptions{BaseOffset: 12, ProducerID: -1, ProducerEpoch: -1, BaseSequence: -1, Codec: compress.LZ4})
	data := append(bytes.Clone(first), second...)
	for cut := 0; cut < len(data); cut++ {
		got, next, err := ReadRecordSetNext(nil, data[:cut], "t", 0, 1<<20)
		if err != nil {
			t.Fatalf("cut %d: %v", cut, err)
		}
		wantN, wantNext := 0, int64(-1)
		if cut >= len(first) {
			wantN, wantNext = 2, 12
		}
		if len(got) != wantN || next != wantNext {
			t.Fatalf("cut %d: %d records, next %d", cut, len(got), next)
		}
		if cut < len(first) {
			if _, _, err := NextBatch(data[:cut]); !errors.Is(err, ErrTruncatedBatch) {
				t.Fatalf("cut %d: NextBatch: %v", cut, err)
			}
		}
	}
	got, next, err := ReadRecordSetNext(nil, data, "t", 0, 1<<20)
	if err != nil || len(got) != 5 || next != 15 {
		t.Fatalf("whole: %d records, next %d, %v", len(got), next, err)
	}
}

func TestDecompressLimit(t *testing.T) {
	zeros := make([]byte, 1000)
	recs := make([]rbRecord, 100)
	for i := range recs {
		recs[i] = rbRecord{ts: 1, value: zeros}
	}
	for _, c := range rbCodecs[1:] {
		data := rbBuild(t, recs, rbDefaultOpts(c))
		b, _, err := NextBatch(data)
		if err != nil {
			t.Fatal(err)
		}
		size := len(rbBuild(t, recs, rbDefaultOpts(compress.None))) - BatchHeaderSize
		if _, err := b.AppendRecords(nil, "t", 0, size); err != nil {
			t.Fatalf("%s: limit %d: %v", c, size, err)
		}
		if _, err := b.AppendRecords(nil, "t", 0, size-1); !errors.Is(err, compress.ErrTooLarge) {
			t.Fatalf("%s: limit %d: %v", c, size-1, err)
		}
		// ReadRecordSet: the limit is for all batches together. The first
		// batch's records come back with the error.
		two := append(bytes.Clone(data), data...)
		got, err := ReadRecordSet(nil, two, "t", 0, 2*size-1)
		if !errors.Is(err, compress.ErrTooLarge) || len(got) != 100 {
			t.Fatalf("%s: two batches: %d records, %v", c, len(got), err)
		}
		if got, err := ReadRecordSet(nil, two, "t", 0, 2*size); err != nil || len(got) != 200 {
			t.Fatalf("%s: two batches: %d records, %v", c, len(got), err)
		}
	}
}

// rbEditBatch builds a one-record-per-value batch, lets edit change its
// bytes, fixes the CRC and returns it.
func rbEditBatch(t *testing.T, values []string, edit func(b []byte) []byte) []byte {
	recs := make([]rbRecord, len(values))
	for i, v := range values {
		recs[i] = rbRecord{ts: 1, value: []byte(v)}
	}
	b := edit(bytes.Clone(rbBuild(t, recs, rbDefaultOpts(compress.None))))
	binary.BigEndian.PutUint32(b[8:], uint32(len(b)-12))
	rbFixCRC(b)
	return b
}

func TestInvalidRecords(t *testing.T) {
	// One record "v": length 8 | attrs | tsDelta | offDelta | keyLen -1 | valueLen 1 | 'v' | headers 0
	cases := map[string][]byte{
		"count too large": rbEditBatch(t, []string{"v"}, func(b []byte) []byte {
			binary.BigEndian.PutUint32(b[57:], math.MaxInt32)
			return b
		}),
		"count one too many": rbEditBatch(t, []string{"v", "w"}, func(b []byte) []byte {
			binary.BigEndian.PutUint32(b[57:], 3)
			return b
		}),
		"count one too few": rbEditBatch(t, []string{"v", "w"}, func(b []byte) []byte {
			binary.BigEndian.PutUint32(b[57:], 1)
			return b
		}),
		"negative count": rbEditBatch(t, []string{"v"}, func(b []byte) []byte {
			binary.BigEndian.PutUint32(b[57:], math.MaxUint32)
			return b
		}),
		"offset delta past lastOffsetDelta": rbEditBatch(t, []string{"v", "w"}, func(b []byte) []byte {
			binary.BigEndian.PutUint32(b[23:], 0)
			return b
		}),
		"record length past end": rbEditBatch(t, []string{"v"}, func(b []byte) []byte {
			b[61] = 100
			return b
		}),
		"record length short": rbEditBatch(t, []string{"vv"}, func(b []byte) []byte {
			b[61] -= 2
			return b
		}),
		"huge header count": rbEditBatch(t, []string{"v"}, func(b []byte) []byte {
			b[len(b)-1] = 0xfe
			return append(b, 0xff, 0xff, 0xff, 0x07)
		}),
		"negative header count": rbEditBatch(t, []string{"v"}, func(b []byte) []byte {
			b[len(b)-1] = 3
			return b
		}),
		"value length past end": rbEditBatch(t, []string{"v"}, func(b []byte) []byte {
			b[len(b)-3] = 0x20
			return b
		}),
		"negative value length": rbEditBatch(t, []string{"v"}, func(b []byte) []byte {
			b[len(b)-3] = 3 // -2
			return b
		}),
		"bytes after last record": rbEditBatch(t, []string{"v"}, func(b []byte) []byte {
			return append(b, 0)
		}),
		"overlong varint": rbEditBatch(t, []string{"v"}, func(b []byte) []byte {
			return append(b[:63], append(bytes.Repeat([]byte{0xff}, 11), b[63:]...)...)
		}),
		"unknown codec": rbEditBatch(t, []string{"v"}, func(b []byte) []byte {
			b[22] |= 6
			return b
		}),
		"batch length too small": func() []byte {
			b := rbBuild(t, []rbRecord{{ts: 1, value: []byte("v")}}, rbDefaultOpts(compress.None))
			binary.BigEndian.PutUint32(b[8:], 40)
			return b
		}(),
		"entry length too small": func() []byte {
			b := rbBuild(t, []rbRecord{{ts: 1, value: []byte("v")}}, rbDefaultOpts(compress.None))
			binary.BigEndian.PutUint32(b[8:], 3)
			return b
		}(),
	}
	for name, data := range cases {
		got, err := ReadRecordSet(nil, data, "t", 0, 1<<20)
		if err == nil || len(got) != 0 {
			t.Errorf("%s: %d records, err %v", name, len(got), err)
		}
	}
}

// TestHostileAllocation: lying counts in a small batch do not make the
// reader allocate in proportion to the lie.
func TestHostileAllocation(t *testing.T) {
	data := rbEditBatch(t, []string{"v"}, func(b []byte) []byte {
		binary.BigEndian.PutUint32(b[57:], math.MaxInt32)
		binary.BigEndian.PutUint32(b[23:], math.MaxInt32)
		return b
	})
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := 0; i < 100; i++ {
		ReadRecordSet(nil, data, "t", 0, 1<<20)
	}
	runtime.ReadMemStats(&after)
	if d := after.TotalAlloc - before.TotalAlloc; d > 1<<20 {
		t.Fatalf("allocated %d bytes for 100 reads of a %d-byte batch", d, len(data))
	}
}

// rbWithin reports whether b lies inside in.
func rbWithin(b, in []byte) bool {
	if len(b) == 0 || len(in) == 0 {
		return len(b) == 0
	}
	p, lo := uintptr(unsafe.Pointer(unsafe.SliceData(b))), uintptr(unsafe.Pointer(unsafe.SliceData(in)))
	return p >= lo && p+uintptr(len(b)) <= lo+uintptr(len(in))
}

func TestRecordAliasing(t *testing.T) {
	recs := rbSampleRecords()
	plain := rbBuild(t, recs, rbDefaultOpts(compress.None))
	zipped := rbBuild(t, recs, rbDefaultOpts(compress.Gzip))
	data := append(bytes.Clone(plain), zipped...)
	got, err := ReadRecordSet(nil, data, "t", 0, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	n := len(recs)
	for i, r := range got {
		for _, b := range [][]byte{r.Key, r.Value} {
			if cap(b) != len(b) {
				t.Fatalf("record %d: capacity %d beyond length %d", i, cap(b), len(b))
			}
			if len(b) > 0 && rbWithin(b, data) != (i < n) {
				t.Fatalf("record %d: within input %v", i, rbWithin(b, data))
			}
		}
	}
	// Header keys are interned within a batch, and values alias.
	if got[3].Headers[0].Key != "h1" || got[n+3].Headers[0].Key != "h1" {
		t.Fatal("header keys")
	}
}

// rbFuzzSeeds returns golden batches (if generated) and builder outputs.
func rbFuzzSeeds(t testing.TB) [][]byte {
	var seeds [][]byte
	files, _ := filepath.Glob(filepath.Join("testdata", "batches", "*.bin"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		seeds = append(seeds, b)
	}
	for _, c := range rbCodecs {
		seeds = append(seeds, rbBuild(t, rbSampleRecords()[:4], rbDefaultOpts(c)))
	}
	seeds = append(seeds,
		append(rbLegacyEntry(1, 0, 0, 0, []byte("k"), []byte("v")), rbLegacyEntry(2, 1, 0, 5, nil, []byte("w"))...),
		rbLegacyWrapper(t, 3, 1, 0, 7, compress.Snappy, rbLegacyEntry(0, 1, 0, 7, nil, []byte("x")), rbLegacyEntry(1, 1, 0, 7, []byte("y"), nil)),
		rbLegacyWrapper(t, 3, 0, 0, 0, compress.LZ4, rbLegacyEntry(3, 0, 0, 0, nil, []byte("x"))),
	)
	return seeds
}

// FuzzReadRecordSet: hostile record sets never panic, never modify the
// input, and every returned byte either aliases the input or comes from
// decompression within the limit.
func FuzzReadRecordSet(f *testing.F) {
	for _, s := range rbFuzzSeeds(f) {
		f.Add(s, uint32(1<<20))
		f.Add(s, uint32(100))
	}
	f.Fuzz(func(t *testing.T, data []byte, limit32 uint32) {
		limit := 1 + int(limit32%(8<<20)) // 0 would mean no limit
		// Once as given (mostly CRC failures), once with every CRC made
		// right so the fuzzer reaches the record parsers.
		rbFuzzReadRecordSet(t, data, limit)
		rbFuzzReadRecordSet(t, rbFixAllCRCs(bytes.Clone(data)), limit)
	})
}

// rbFixAllCRCs recomputes the CRC of every complete entry of a record set.
func rbFixAllCRCs(data []byte) []byte {
	for rest := data; len(rest) >= 17; {
		size := int(int32(binary.BigEndian.Uint32(rest[8:])))
		if size < 14 || size > len(rest)-12 {
			break
		}
		e := rest[:12+size]
		switch e[16] {
		case 2:
			if size >= 49 {
				binary.BigEndian.PutUint32(e[17:], CRC32C(e[21:]))
			}
		case 0, 1:
			binary.BigEndian.PutUint32(e[12:], crc32.ChecksumIEEE(e[16:]))
		}
		rest = rest[12+size:]
	}
	return data
}

func rbFuzzReadRecordSet(t *testing.T, data []byte, limit int) {
	orig := bytes.Clone(data)
	got, next, err := ReadRecordSetNext(nil, data, "t", 1, limit)
	if !bytes.Equal(data, orig) {
		t.Fatal("input modified")
	}
	outside := 0
	count := func(b []byte) {
		if !rbWithin(b, data) {
			outside += len(b)
		}
	}
	for _, r := range got {
		count(r.Key)
		count(r.Value)
		for _, h := range r.Headers {
			count(h.Value)
		}
		if r.Topic != "t" || r.Partition != 1 {
			t.Fatal("topic/partition")
		}
	}
	if limit > 0 && outside > limit {
		t.Fatalf("%d decompressed bytes returned, limit %d", outside, limit)
	}
	if err == nil && len(got) > 0 && next == -1 {
		t.Fatal("records without a next offset")
	}
	// The batch-level API on the same bytes.
	if b, _, err := NextBatch(data); err == nil {
		recs, err := b.AppendRecords(nil, "t", 1, limit)
		if err == nil && len(recs) != int(b.NumRecords) {
			t.Fatalf("%d records, header says %d", len(recs), b.NumRecords)
		}
	}
}

// TestLegacyLZ4FromKafka reads a magic 0 LZ4 wrapper written by Apache
// Kafka 4.1.1's MemoryRecordsBuilder (three records at offsets 100-102),
// which still writes the pre-0.10 descriptor checksum.
func TestLegacyLZ4FromKafka(t *testing.T) {
	data, err := hex.DecodeString("00000000000000660000006ab96d6e0f0003ffffffff0000005c04224d1860401a4d0000001200010091640000001257e7496e0f0080026b3100000002760600000200f1006500000010d5960a780000ffffffff1c0010321900f007000000660000000e3d314895000000000000ffffffff00000000")
	if err != nil {
		t.Fatal(err)
	}
	got, next, err := ReadRecordSetNext(nil, data, "t", 2, 1<<20)
	if err != nil || next != 103 {
		t.Fatalf("next %d, %v", next, err)
	}
	rbCheckLegacy(t, got, []rbWant{
		{100, -1, []byte("k1"), []byte("v1")},
		{101, -1, nil, []byte("v2")},
		{102, -1, []byte{}, nil},
	})
}
