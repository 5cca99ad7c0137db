package consumersuite

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/consumer"
	"github.com/kafkawire/kafkawire/integration/suitekit"
)

// TestReadCommittedSkipsAborted: Apache Kafka's transactional KafkaProducer
// writes aborted and committed transactions, interleaved, to one partition.
// Our consumer with Isolation ReadCommitted returns exactly the committed
// records; with ReadUncommitted it returns the aborted ones too (and never
// the transaction markers).
func TestReadCommittedSkipsAborted(t *testing.T) {
	t.Parallel()
	tc := sharedCluster(t)
	brokers := tc.Bootstrap()
	topic := suite.NewTopic(t, brokers, "txn", 1)
	sent := javaTxProduce(t, tc, topic, "abort:5", "commit:5", "abort:3", "commit:4")
	kindAt := map[int64]string{}
	var committed, everything []int64
	for _, s := range sent {
		kindAt[s.O] = s.Kind
		everything = append(everything, s.O)
		if s.Kind == "commit" {
			committed = append(committed, s.O)
		}
	}
	if len(committed) != 9 || len(everything) != 17 {
		t.Fatalf("the Java producer reported %d records, %d committed; want 17 and 9", len(everything), len(committed))
	}

	read := func(iso consumer.IsolationLevel, want int) []kafkawire.Record {
		t.Helper()
		c := suitekit.NewConsumer(t, consumer.Config{Brokers: brokers, AutoOffsetReset: consumer.ResetEarliest, Isolation: iso})
		if err := c.Assign(kafkawire.TopicPartition{Topic: topic, Partition: 0}); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		out := suitekit.PollN(ctx, t, c, want, fmt.Sprintf("isolation %d", iso))
		out = append(out, suitekit.PollFor(c, time.Second)...)
		return out
	}
	check := func(name string, got []kafkawire.Record, want []int64) {
		t.Helper()
		var offs []int64
		for _, r := range got {
			offs = append(offs, r.Offset)
			kind := kindAt[r.Offset]
			if kind == "" {
				t.Errorf("%s: returned offset %d, which is no record the producer sent (a transaction marker?)", name, r.Offset)
				continue
			}
			if !strings.HasPrefix(string(r.Value), kind+"-") {
				t.Errorf("%s: offset %d has value %q, the producer sent a %s record there", name, r.Offset, r.Value, kind)
			}
		}
		if !slices.Equal(offs, want) {
			t.Errorf("%s: read offsets %v, want %v", name, offs, want)
		}
	}
	rc := read(consumer.ReadCommitted, len(committed))
	check("read_committed", rc, committed)
	for _, r := range rc {
		if strings.HasPrefix(string(r.Value), "abort-") {
			t.Errorf("read_committed returned aborted record %q at offset %d", r.Value, r.Offset)
		}
	}
	ru := read(consumer.ReadUncommitted, len(everything))
	check("read_uncommitted", ru, everything)
	t.Logf("read_committed: %d records (the %d committed); read_uncommitted: %d records (committed and aborted); offsets %v", len(rc), len(committed), len(ru), everything)
}
