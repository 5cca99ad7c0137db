package protocol

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/compress"
)

// Golden record sets written by Apache Kafka's own MemoryRecordsBuilder
// (protocol/testdata/batches/<case>.bin), each described by <case>.json.

type gbCase struct {
	Batches            []gbBatch `json:"batches"`
	TruncatedTailBytes int       `json:"truncatedTailBytes"`
}

type gbBatch struct {
	Magic                int8       `json:"magic"`
	BaseOffset           int64      `json:"baseOffset"`
	PartitionLeaderEpoch int32      `json:"partitionLeaderEpoch"`
	Codec                string     `json:"codec"`
	TimestampType        string     `json:"timestampType"`
	ProducerID           int64      `json:"producerId"`
	ProducerEpoch        int16      `json:"producerEpoch"`
	BaseSequence         int32      `json:"baseSequence"`
	Transactional        bool       `json:"transactional"`
	Control              bool       `json:"control"`
	MaxTimestamp         int64      `json:"maxTimestamp"`
	Records              []gbRecord `json:"records"`
}

type gbRecord struct {
	Offset    int64      `json:"offset"`
	Timestamp int64      `json:"timestamp"`
	Key       []byte     `json:"key"`
	Value     []byte     `json:"value"`
	Headers   []gbHeader `json:"headers"`
}

type gbHeader struct {
	Key   string `json:"key"`
	Value []byte `json:"value"`
}

func gbCases(t *testing.T) []string {
	files, err := filepath.Glob(filepath.Join("testdata", "batches", "*.bin"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Skip("no golden batches in testdata/batches yet")
	}
	return files
}

func gbCompareRecords(t *testing.T, where string, got []kafkawire.Record, want []gbRecord) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d records, want %d", where, len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Offset != w.Offset {
			t.Errorf("%s record %d: offset %d, want %d", where, i, g.Offset, w.Offset)
		}
		if ms := rbMillis(g); ms != w.Timestamp {
			t.Errorf("%s record %d: timestamp %d, want %d", where, i, ms, w.Timestamp)
		}
		if !rbSameBytes(g.Key, w.Key) || !rbSameBytes(g.Value, w.Value) {
			t.Errorf("%s record %d: key %q value %q (nil %v/%v), want %q %q (nil %v/%v)", where, i,
				rbShort(g.Key), rbShort(g.Value), g.Key == nil, g.Value == nil, rbShort(w.Key), rbShort(w.Value), w.Key == nil, w.Value == nil)
		}
		if len(g.Headers) != len(w.Headers) {
			t.Errorf("%s record %d: %d headers, want %d", where, i, len(g.Headers), len(w.Headers))
			continue
		}
		for j, wh := range w.Headers {
			if g.Headers[j].Key != wh.Key || !rbSameBytes(g.Headers[j].Value, wh.Value) {
				t.Errorf("%s record %d header %d: %q=%q, want %q=%q", where, i, j, g.Headers[j].Key, g.Headers[j].Value, wh.Key, wh.Value)
			}
		}
	}
}

func TestGoldenBatches(t *testing.T) {
	for _, file := range gbCases(t) {
		name := strings.TrimSuffix(filepath.Base(file), ".bin")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			js, err := os.ReadFile(strings.TrimSuffix(file, ".bin") + ".json")
			if err != nil {
				t.Fatal(err)
			}
			var want gbCase
			if err := json.Unmarshal(js, &want); err != nil {
				t.Fatal(err)
			}
			gbCheckCase(t, data, &want)
		})
	}
}

func gbCheckCase(t *testing.T, data []byte, want *gbCase) {
	// Entry by entry, with the batch-level API.
	var all []gbRecord
	rest := data
	for i, wb := range want.Batches {
		if len(rest) < 17 {
			t.Fatalf("batch %d: data ends", i)
		}
		size := int(binary.BigEndian.Uint32(rest[8:]))
		if magic := int8(rest[16]); magic != wb.Magic {
			t.Fatalf("batch %d: magic %d, want %d", i, magic, wb.Magic)
		}
		where := "batch " + strconv.Itoa(i)
		if wb.Magic < 2 {
			got, err := AppendLegacyRecords(nil, rest[:12+size], "t", 0, 64<<20)
			if err != nil {
				t.Fatalf("%s: %v", where, err)
			}
			gbCompareRecords(t, where, got, wb.Records)
			rest = rest[12+size:]
			all = append(all, wb.Records...)
			continue
		}
		b, next, err := NextBatch(rest)
		if err != nil {
			t.Fatalf("%s: %v", where, err)
		}
		codec, err := compress.ParseCodec(wb.Codec)
		if err != nil {
			t.Fatal(err)
		}
		if b.BaseOffset != wb.BaseOffset || b.PartitionLeaderEpoch != wb.PartitionLeaderEpoch || b.Codec() != codec ||
			b.LogAppendTime() != (wb.TimestampType == "logappend") || b.ProducerID != wb.ProducerID ||
			b.ProducerEpoch != wb.ProducerEpoch || b.BaseSequence != wb.BaseSequence || b.IsTransactional() != wb.Transactional ||
			b.IsControl() != wb.Control || b.MaxTimestamp != wb.MaxTimestamp || int(b.NumRecords) != len(wb.Records) {
			t.Errorf("%s: header %+v, want %+v", where, b, wb)
		}
		got, err := b.AppendRecords(nil, "t", 0, 64<<20)
		if err != nil {
			t.Fatalf("%s: %v", where, err)
		}
		gbCompareRecords(t, where, got, wb.Records)
		if wb.Control {
			for _, r := range got {
				if _, err := ParseControlRecord(r.Key); err != nil {
					t.Errorf("%s: control key %x: %v", where, r.Key, err)
				}
			}
		} else {
			all = append(all, wb.Records...)
		}
		gbRebuild(t, where, rest[:len(rest)-len(next)], &b, &wb)
		rest = next
	}
	if len(rest) != want.TruncatedTailBytes {
		t.Fatalf("%d bytes after the last batch, want a truncated tail of %d", len(rest), want.TruncatedTailBytes)
	}
	if len(rest) > 0 {
		if _, err := ReadRecordSet(nil, rest, "t", 0, 64<<20); err != nil {
			t.Fatalf("truncated tail alone: %v", err)
		}
	}
	// The whole record set at once: control batches skipped, tail ignored.
	got, err := ReadRecordSet(nil, data, "t", 0, 64<<20)
	if err != nil {
		t.Fatal(err)
	}
	gbCompareRecords(t, "ReadRecordSet", got, all)
}

// gbRebuild builds the batch again with our builder from its decoded
// content. Uncompressed create-time batches with consecutive offsets must
// come out byte for byte; the others (compressed bytes depend on the codec
// implementation, log-append time hides the create timestamps, compaction
// leaves offset gaps) must decode to the same records.
func gbRebuild(t *testing.T, where string, orig []byte, b *Batch, wb *gbBatch) {
	t.Helper()
	if len(wb.Records) == 0 {
		return
	}
	consecutive := true
	for i, r := range wb.Records {
		if r.Offset != wb.BaseOffset+int64(i) {
			consecutive = false
		}
	}
	if !consecutive {
		return
	}
	var bb BatchBuilder
	bb.Reset(nil, b.BaseTimestamp)
	for _, r := range wb.Records {
		headers := make([]kafkawire.Header, len(r.Headers))
		for j, h := range r.Headers {
			headers[j] = kafkawire.Header{Key: h.Key, Value: h.Value}
		}
		bb.Append(r.Timestamp, r.Key, r.Value, headers)
	}
	out, err := bb.Finish(BatchOptions{
		BaseOffset: wb.BaseOffset, PartitionLeaderEpoch: wb.PartitionLeaderEpoch,
		ProducerID: wb.ProducerID, ProducerEpoch: wb.ProducerEpoch, BaseSequence: wb.BaseSequence,
		Transactional: wb.Transactional, Control: wb.Control, Codec: b.Codec(),
		LogAppendTime: wb.TimestampType == "logappend",
	})
	if err != nil {
		t.Fatalf("%s: rebuild: %v", where, err)
	}
	if b.Codec() == compress.None && wb.TimestampType != "logappend" {
		if !bytes.Equal(out, orig) {
			t.Errorf("%s: rebuilt batch differs from Kafka's\n got %x\nwant %x", where, out, orig)
		}
		return
	}
	nb, _, err := NextBatch(out)
	if err != nil {
		t.Fatalf("%s: rebuilt: %v", where, err)
	}
	got, err := nb.AppendRecords(nil, "t", 0, 64<<20)
	if err != nil {
		t.Fatalf("%s: rebuilt: %v", where, err)
	}
	gbCompareRecords(t, where+" (rebuilt)", got, wb.Records)
}
