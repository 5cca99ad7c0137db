package producersuite

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/integration/suitekit"
	"github.com/kafkawire/kafkawire/producer"
	"github.com/kafkawire/kafkawire/protocol"
)

// TestPartitionAgreementWithJava: 10,000 distinct keys sent by us with
// DefaultPartitioner and by Apache Kafka's KafkaProducer with its default
// partitioner, to two 7-partition topics, land in the same partition for
// every key (read back by the Java consumer).
func TestPartitionAgreementWithJava(t *testing.T) {
	tc := sharedCluster(t)
	brokers := tc.Bootstrap()
	const parts, nkeys = 7, 10_000
	goTopic := suite.NewTopic(t, brokers, "agree-go", parts)
	javaTopic := suite.NewTopic(t, brokers, "agree-java", parts)

	// Keys of every length from 0 to 40 bytes (all murmur2 tail cases),
	// text and binary, all distinct.
	rng := rand.New(rand.NewPCG(7, 11))
	seen := map[string]bool{}
	recs := make([][2][]byte, 0, nkeys)
	for len(recs) < nkeys {
		i := len(recs)
		var k []byte
		switch i % 3 {
		case 0:
			k = fmt.Appendf(nil, "user-%d", i)
		case 1:
			k = make([]byte, rng.IntN(41))
			for j := range k {
				k[j] = byte(rng.UintN(256))
			}
		default:
			k = fmt.Appendf(nil, "ключ-%d-%s", i, strings.Repeat("x", i%13))
		}
		if seen[string(k)] {
			continue
		}
		seen[string(k)] = true
		recs = append(recs, [2][]byte{k, fmt.Appendf(nil, "%d", i)})
	}

	p := suitekit.NewProducer(t, producer.Config{Brokers: brokers})
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	futs := make([]*producer.Future, len(recs))
	for i, r := range recs {
		futs[i] = p.Send(ctx, &kafkawire.Record{Topic: goTopic, Key: r[0], Value: r[1]})
	}
	goPart := map[string]int32{}
	for i, f := range futs {
		res, err := f.Wait(ctx)
		if err != nil {
			t.Fatalf("record %d: %v", i, err)
		}
		goPart[string(recs[i][0])] = res.Partition
	}
	javaSentPart := map[string]int32{}
	for _, s := range javaProduce(t, tc, 2*time.Minute, recs, javaTopic+"=none") {
		javaSentPart[string(s.Key)] = s.Partition
	}

	readPart := map[string]map[string]int32{goTopic: {}, javaTopic: {}}
	for _, r := range javaConsume(t, tc, time.Minute, goTopic, javaTopic) {
		if _, dup := readPart[r.Topic][string(r.Key)]; dup {
			t.Errorf("%s: key %x read twice", r.Topic, r.Key)
		}
		readPart[r.Topic][string(r.Key)] = r.Partition
	}
	if len(readPart[goTopic]) != nkeys || len(readPart[javaTopic]) != nkeys || len(javaSentPart) != nkeys {
		t.Fatalf("keys read back: ours %d, Java's %d, Java reported %d; want %d each", len(readPart[goTopic]), len(readPart[javaTopic]), len(javaSentPart), nkeys)
	}
	mismatches, resultMismatches, murmurMismatches := 0, 0, 0
	perPart := make([]int, parts)
	for _, r := range recs {
		k := string(r[0])
		g, j := readPart[goTopic][k], readPart[javaTopic][k]
		perPart[g]++
		if g != j || javaSentPart[k] != j {
			mismatches++
			if mismatches <= 10 {
				t.Errorf("key %x: our partition %d, Java's %d (Java producer reported %d)", r[0], g, j, javaSentPart[k])
			}
		}
		if goPart[k] != g {
			resultMismatches++
		}
		if producer.KeyPartition(r[0], parts) != j {
			murmurMismatches++
		}
	}
	t.Logf("partition agreement: %d keys, %d partitions, mismatches with Java %d, our Result vs where it was read %d, KeyPartition vs Java %d; keys per partition %v",
		nkeys, parts, mismatches, resultMismatches, murmurMismatches, perPart)
	if mismatches != 0 || resultMismatches != 0 || murmurMismatches != 0 {
		t.Fatal("partitions disagree")
	}
}

var codecs = []struct {
	name string // Java compression.type
	c    producer.Compression
}{
	{"none", producer.CompressionNone},
	{"gzip", producer.CompressionGzip},
	{"snappy", producer.CompressionSnappy},
	{"lz4", producer.CompressionLZ4},
	{"zstd", producer.CompressionZstd},
}

// codecRecords are records that exercise the codecs: null and empty keys
// and values, tiny ones, highly compressible ones larger than a batch, and
// incompressible ones.
func codecRecords() [][2][]byte {
	rng := rand.New(rand.NewPCG(3, 5))
	random := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.UintN(256))
		}
		return b
	}
	out := [][2][]byte{
		{nil, nil},
		{nil, []byte{}},
		{[]byte{}, []byte("empty key")},
		{[]byte("k"), nil},
		{[]byte("text"), []byte("ünïcödé ✓ 日本語")},
		{[]byte("big-compressible"), bytes.Repeat([]byte("kafkawire codec interop "), 4000)}, // ~96 KiB, more than a batch
		{[]byte("big-random"), random(40 << 10)},
	}
	for i := range 500 {
		var k []byte
		if i%4 != 0 {
			k = fmt.Appendf(nil, "key-%d", i%37)
		}
		var v []byte
		switch i % 5 {
		case 0:
			v = random(rng.IntN(300))
		case 1:
			v = bytes.Repeat(fmt.Appendf(nil, "record %d;", i), 1+rng.IntN(50))
		default:
			v = fmt.Appendf(nil, `{"id":%d,"name":"item-%d","tags":["a","b","c"],"price":%d.%02d}`, i, i, i*3, i%100)
		}
		out = append(out, [2][]byte{k, v})
	}
	return out
}

func sameBytes(a, b []byte) bool { return (a == nil) == (b == nil) && bytes.Equal(a, b) }

func describeBytes(b []byte) string {
	if b == nil {
		return "null"
	}
	if len(b) > 40 {
		return fmt.Sprintf("%d bytes %x...", len(b), b[:20])
	}
	return fmt.Sprintf("%q", b)
}

// TestCodecsInterop: for each codec, batches we write are read exactly by
// Apache Kafka's KafkaConsumer, and batches KafkaProducer writes with that
// compression.type are read exactly by our consumer.
func TestCodecsInterop(t *testing.T) {
	tc := sharedCluster(t)
	brokers := tc.Bootstrap()
	recs := codecRecords()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	goTopics := map[string]string{}   // codec -> topic we write
	javaTopics := map[string]string{} // codec -> topic Java writes
	var goList, javaSpecs []string
	for _, c := range codecs {
		goTopics[c.name] = suite.NewTopic(t, brokers, "codec-go-"+c.name, 1)
		javaTopics[c.name] = suite.NewTopic(t, brokers, "codec-java-"+c.name, 1)
		goList = append(goList, goTopics[c.name])
		javaSpecs = append(javaSpecs, javaTopics[c.name]+"="+c.name)
	}

	// Ours -> Java. Produce request bytes show the codec was really used.
	produced := map[string]*atomic.Int64{}
	for _, c := range codecs {
		n := new(atomic.Int64)
		produced[c.name] = n
		hooks := conn.Hooks{OnRequest: func(ev conn.RequestEvent) {
			if ev.APIKey == protocol.KeyProduce && ev.Err == nil {
				n.Add(int64(ev.BytesWritten))
			}
		}}
		p := suitekit.NewProducer(t, producer.Config{Brokers: brokers, Compression: c.c, Hooks: hooks})
		futs := make([]*producer.Future, len(recs))
		for i, r := range recs {
			futs[i] = p.Send(ctx, &kafkawire.Record{Topic: goTopics[c.name], Key: r[0], Value: r[1]})
		}
		for i, f := range futs {
			if _, err := f.Wait(ctx); err != nil {
				t.Fatalf("%s: record %d: %v", c.name, i, err)
			}
		}
	}
	got := map[string][]javaRecord{}
	for _, r := range javaConsume(t, tc, time.Minute, goList...) {
		got[r.Topic] = append(got[r.Topic], r)
	}
	for _, c := range codecs {
		rs := got[goTopics[c.name]]
		bad := 0
		if len(rs) != len(recs) {
			t.Errorf("ours->Java %s: Java read %d records, want %d", c.name, len(rs), len(recs))
		}
		for i := range min(len(rs), len(recs)) {
			if !sameBytes(rs[i].Key, recs[i][0]) || !sameBytes(rs[i].Value, recs[i][1]) {
				bad++
				if bad <= 3 {
					t.Errorf("ours->Java %s: record %d: key %s value %s, want key %s value %s", c.name, i,
						describeBytes(rs[i].Key), describeBytes(rs[i].Value), describeBytes(recs[i][0]), describeBytes(recs[i][1]))
				}
			}
		}
		t.Logf("ours->Java %-6s: %d records written by us in %d Produce bytes, %d read by KafkaConsumer, %d differ", c.name, len(recs), produced[c.name].Load(), len(rs), bad)
		if c.name != "none" && produced[c.name].Load() > produced["none"].Load()*6/10 {
			t.Errorf("ours %s: %d Produce bytes, not much less than %d uncompressed: was the codec used?", c.name, produced[c.name].Load(), produced["none"].Load())
		}
	}

	// Java -> ours.
	javaProduce(t, tc, 2*time.Minute, recs, javaSpecs...)
	fetched := map[string]int64{}
	for _, c := range codecs {
		var n atomic.Int64
		hooks := conn.Hooks{OnRequest: func(ev conn.RequestEvent) {
			if ev.APIKey == protocol.KeyFetch && ev.Err == nil {
				n.Add(int64(ev.BytesRead))
			}
		}}
		rs := readAllHooks(t, brokers, javaTopics[c.name], 1, len(recs), hooks)
		fetched[c.name] = n.Load()
		bad := 0
		if len(rs) != len(recs) {
			t.Errorf("Java->ours %s: we read %d records, want %d", c.name, len(rs), len(recs))
		}
		for i := range min(len(rs), len(recs)) {
			if !sameBytes(rs[i].Key, recs[i][0]) || !sameBytes(rs[i].Value, recs[i][1]) || rs[i].Offset != int64(i) {
				bad++
				if bad <= 3 {
					t.Errorf("Java->ours %s: record %d (offset %d): key %s value %s, want key %s value %s", c.name, i, rs[i].Offset,
						describeBytes(rs[i].Key), describeBytes(rs[i].Value), describeBytes(recs[i][0]), describeBytes(recs[i][1]))
				}
			}
		}
		t.Logf("Java->ours %-6s: %d records written by KafkaProducer (compression.type=%s), %d read by us in %d Fetch bytes, %d differ", c.name, len(recs), c.name, len(rs), fetched[c.name], bad)
		if c.name != "none" && fetched[c.name] > fetched["none"]*6/10 {
			t.Errorf("Java %s: we fetched %d bytes, not much less than %d uncompressed: were the batches compressed?", c.name, fetched[c.name], fetched["none"])
		}
	}
}
