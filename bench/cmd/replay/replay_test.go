package main

import (
	"encoding/binary"
	"testing"

	"github.com/kafkawire/kafkawire/compress"
	"github.com/kafkawire/kafkawire/protocol"
)

// TestEncode decodes every pre-encoded request and checks that the run's
// records are all there, each partition's batches numbered in sequence and
// no batch over the batch size.
func TestEncode(t *testing.T) {
	for _, codec := range []compress.Codec{compress.None, compress.LZ4} {
		o := &options{topic: "t", partitions: 3, records: 5000, size: 100, keySize: 16, batch: 4096, version: 11}
		reqs, err := encode(o, codec, -1, 42, 7)
		if err != nil {
			t.Fatal(err)
		}
		total := 0
		nextSeq := map[int32]int32{}
		for i, frame := range reqs {
			if n := int(binary.BigEndian.Uint32(frame)); n != len(frame)-4 {
				t.Fatalf("request %d: size %d, frame %d", i, n, len(frame)-4)
			}
			r := protocol.NewReader(frame[4:])
			var h protocol.RequestHeader
			h.Decode(r, 2)
			if h.CorrelationID != int32(i) || h.APIKey != protocol.KeyProduce || h.APIVersion != 11 {
				t.Fatalf("request %d: header %+v", i, h)
			}
			var req protocol.ProduceRequest
			if err := protocol.Decode(&req, frame[4+r.Offset():], 11); err != nil {
				t.Fatal(err)
			}
			if req.Acks != -1 || len(req.TopicData) != 1 || req.TopicData[0].Name != "t" {
				t.Fatalf("request %d: %+v", i, req)
			}
			for _, p := range req.TopicData[0].PartitionData {
				b, rest, err := protocol.NextBatch(p.Records)
				if err != nil || len(rest) != 0 {
					t.Fatalf("partition %d: %v, %d bytes left", p.Index, err, len(rest))
				}
				if b.ProducerID != 42 || b.ProducerEpoch != 7 || b.BaseSequence != nextSeq[p.Index] {
					t.Fatalf("partition %d: producer %d/%d seq %d, want seq %d", p.Index, b.ProducerID, b.ProducerEpoch, b.BaseSequence, nextSeq[p.Index])
				}
				if b.Codec() != codec {
					t.Fatalf("codec %v, want %v", b.Codec(), codec)
				}
				recs, err := b.AppendRecords(nil, "t", p.Index, 1<<20)
				if err != nil {
					t.Fatal(err)
				}
				if codec == compress.None && len(p.Records) > o.batch {
					t.Fatalf("batch of %d bytes over %d", len(p.Records), o.batch)
				}
				nextSeq[p.Index] += int32(len(recs))
				total += len(recs)
			}
		}
		if total != o.records {
			t.Fatalf("%d records encoded, want %d", total, o.records)
		}
	}
}
