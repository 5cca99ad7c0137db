package txnsuite

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/integration/suitekit"
	"github.com/kafkawire/kafkawire/producer"
)

// txSpec is one transaction of an interop test: n records, committed or
// aborted.
type txSpec struct {
	kind string // commit or abort
	n    int
}

// ourTxProduce writes one transaction per spec with our transactional
// producer p (ManualPartitioner): record i of transaction t goes to
// partition i % partitions, key "t-i", value "<kind>-t-i". Each
// transaction's records are flushed and acknowledged (so they are in the
// log) before it is committed or aborted. It returns the records sent,
// with where they landed.
func ourTxProduce(t testing.TB, p *producer.Producer, topic string, partitions int, specs ...txSpec) []javaSent {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var sent []javaSent
	for ti, s := range specs {
		if err := p.BeginTransaction(); err != nil {
			t.Fatalf("transaction %d: BeginTransaction: %v", ti, err)
		}
		futs := make([]*producer.Future, s.n)
		keys := make([]string, s.n)
		for i := range s.n {
			keys[i] = fmt.Sprintf("%d-%d", ti, i)
			futs[i] = p.Send(ctx, &kafkawire.Record{Topic: topic, Partition: int32(i % partitions), Key: []byte(keys[i]), Value: []byte(s.kind + "-" + keys[i])})
		}
		if err := p.Flush(ctx); err != nil {
			t.Fatalf("transaction %d: Flush: %v", ti, err)
		}
		for i, f := range futs {
			res, err := f.Wait(ctx)
			if err != nil {
				t.Fatalf("transaction %d: record %s: %v", ti, keys[i], err)
			}
			if res.Partition != int32(i%partitions) || res.Offset < 0 {
				t.Fatalf("transaction %d: record %s landed at %d@%d, want partition %d and an offset", ti, keys[i], res.Partition, res.Offset, i%partitions)
			}
			sent = append(sent, javaSent{Kind: s.kind, TPO: tpo{P: res.Partition, O: res.Offset}, Key: keys[i]})
		}
		var err error
		switch s.kind {
		case "commit":
			err = p.CommitTransaction(ctx)
		case "abort":
			err = p.AbortTransaction(ctx)
		default:
			t.Fatalf("bad transaction kind %q", s.kind)
		}
		if err != nil {
			t.Fatalf("transaction %d: %s: %v", ti, s.kind, err)
		}
	}
	return sent
}

// kv is a record's key and value, for comparing what was read with what was
// sent as sets.
type kv struct{ K, V string }

func sentCommitted(sent []javaSent) map[kv]tpo {
	out := map[kv]tpo{}
	for _, s := range sent {
		if s.Kind == "commit" {
			out[kv{s.Key, s.Kind + "-" + s.Key}] = s.TPO
		}
	}
	return out
}

// compareSets reports the differences between what a reader returned and
// the committed records, as test errors.
func compareSets(t testing.TB, reader string, got []kv, gotAt []tpo, want map[kv]tpo) {
	t.Helper()
	seen := map[kv]int{}
	for i, r := range got {
		seen[r]++
		if seen[r] == 2 {
			t.Errorf("%s returned %q=%q twice", reader, r.K, r.V)
		}
		w, ok := want[r]
		switch {
		case !ok && strings.HasPrefix(r.V, "abort-"):
			t.Errorf("%s returned aborted record %q=%q at %v", reader, r.K, r.V, gotAt[i])
		case !ok:
			t.Errorf("%s returned %q=%q at %v, which is no committed record", reader, r.K, r.V, gotAt[i])
		case w != gotAt[i]:
			t.Errorf("%s returned %q=%q at %v; the producer reported it at %v", reader, r.K, r.V, gotAt[i], w)
		}
	}
	var missing []string
	for _, w := range slices.SortedFunc(maps.Keys(want), func(a, b kv) int { return strings.Compare(a.K, b.K) }) {
		if seen[w] == 0 {
			missing = append(missing, w.K)
		}
	}
	if len(missing) > 0 {
		t.Errorf("%s did not return committed records %v", reader, missing)
	}
	if len(got) != len(want) {
		t.Errorf("%s returned %d records, want the %d committed", reader, len(got), len(want))
	}
}

// TestTxnJavaReadsOurCommitted: our transactional producer commits 5,
// aborts 5 and commits 3 records, each transaction spread over 3
// partitions (the aborted records acknowledged, so in the log); Apache
// Kafka's read_committed KafkaConsumer returns exactly the 8 committed
// records, where our producer said they landed. The producer's debug log
// names the transaction version the broker offered (v2 on Kafka 4.x, v1 on
// 3.9).
func TestTxnJavaReadsOurCommitted(t *testing.T) {
	tc := sharedCluster(t)
	brokers := tc.Bootstrap()
	topic := suite.NewTopic(t, brokers, "ours", 3)
	logger, logs := suitekit.CapturingLogger(t, "producer")
	p := suitekit.NewProducer(t, producer.Config{
		Brokers:         brokers,
		TransactionalID: suite.Uniq("ours"),
		Partitioner:     producer.ManualPartitioner(),
		Logger:          logger,
	})
	sent := ourTxProduce(t, p, topic, 3, txSpec{"commit", 5}, txSpec{"abort", 5}, txSpec{"commit", 3})
	want := sentCommitted(sent)
	if len(want) != 8 {
		t.Fatalf("sent %d committed records, want 8", len(want))
	}
	assertTxnVersion(t, brokers, logs)

	recs := javaReadCommitted(t, tc, topic, time.Minute)
	var got []kv
	var at []tpo
	for _, r := range recs {
		got = append(got, kv{r.Key, r.Value})
		at = append(at, r.tpo)
	}
	compareSets(t, "Java's read_committed consumer", got, at, want)
	hw := suitekit.EndOffsets(t, brokers, topic, 3, suitekit.ReadUncommitted)
	// Every transaction wrote to the 3 partitions: the log holds each
	// record sent (the aborted ones too) and 3 markers per transaction.
	if total := hw[0] + hw[1] + hw[2]; total != int64(len(sent)+3*3) {
		t.Errorf("high watermarks %v sum to %d; want %d records and 9 transaction markers", hw, total, len(sent))
	}
	t.Logf("Java read %d records (the %d committed of %d sent); high watermarks %v (records and markers)", len(recs), len(want), len(sent), hw)
}

// TestTxnWeReadJavaCommitted: Apache Kafka's transactional KafkaProducer
// commits and aborts transactions interleaved over 3 partitions, the last
// one aborted; our read_committed consumer returns exactly the committed
// records (never an aborted one, never a transaction marker), and its
// position on every partition ends at the high watermark, past the last
// (abort) marker.
func TestTxnWeReadJavaCommitted(t *testing.T) {
	tc := sharedCluster(t)
	brokers := tc.Bootstrap()
	topic := suite.NewTopic(t, brokers, "java", 3)
	sent := javaTxProduce(t, tc, topic, 3, "commit:5", "abort:5", "commit:3", "abort:4")
	want := sentCommitted(sent)
	if len(want) != 8 || len(sent) != 17 {
		t.Fatalf("the Java producer reported %d records, %d committed; want 17 and 8", len(sent), len(want))
	}
	recs, pos := readCommittedAll(t, brokers, topic, 3, time.Minute)
	var got []kv
	var at []tpo
	for _, r := range recs {
		if r.Topic != topic {
			t.Errorf("record of topic %q", r.Topic)
		}
		got = append(got, kv{string(r.Key), string(r.Value)})
		at = append(at, tpo{P: r.Partition, O: r.Offset})
	}
	compareSets(t, "our read_committed consumer", got, at, want)
	hw := suitekit.EndOffsets(t, brokers, topic, 3, suitekit.ReadUncommitted)
	for p := range int32(3) {
		var last int64 = -1
		for _, s := range sent {
			if s.P == p && s.O > last {
				last = s.O
			}
		}
		if hw[p] <= last+1 {
			t.Errorf("partition %d: high watermark %d, last record %d: no marker after it?", p, hw[p], last)
		}
		if pos[p] != hw[p] {
			t.Errorf("partition %d: our position ended at %d, want %d (past the last transaction marker)", p, pos[p], hw[p])
		}
	}
	t.Logf("we read %d records (the %d committed of %d sent); positions %v = high watermarks %v", len(recs), len(want), len(sent), pos, hw)
}
