package connsuite

// Version negotiation and the topic lifecycle, on one broker and on three.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/admin"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/integration"
	"github.com/kafkawire/kafkawire/integration/suitekit"
	"github.com/kafkawire/kafkawire/producer"
	"github.com/kafkawire/kafkawire/protocol"
)

func TestSingleNode(t *testing.T) {
	tc := integration.Shared(t, integration.Options{Brokers: 1})
	t.Run("Versions", func(t *testing.T) { testVersions(t, tc) })
	t.Run("TopicLifecycle", func(t *testing.T) { testTopicLifecycle(t, tc, 1) })
}

func TestThreeNode(t *testing.T) {
	tc := integration.Shared(t, integration.Options{Brokers: 3})
	if n := len(tc.IDs()); n != 3 {
		t.Fatalf("cluster has %d brokers, want 3", n)
	}
	t.Run("Versions", func(t *testing.T) { testVersions(t, tc) })
	t.Run("TopicLifecycle", func(t *testing.T) { testTopicLifecycle(t, tc, 3) })
}

// testVersions dials every broker and checks, for every API, that the
// version chosen is min(broker's max, our max) when the two ranges overlap,
// and that there is none when they do not (or the broker lacks the API).
func testVersions(t *testing.T, tc *integration.TestCluster) {
	for _, id := range tc.IDs() {
		addr := tc.Addr(id)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		cn, err := conn.Dial(ctx, addr, id, conn.ConnConfig{})
		cancel()
		if err != nil {
			t.Fatalf("broker %d (%s): Dial: %v", id, addr, err)
		}
		broker := map[int16]protocol.ApiVersionsResponseKey{}
		for _, k := range cn.BrokerVersions() {
			broker[k.ApiKey] = k
		}
		if len(broker) == 0 {
			t.Errorf("broker %d: advertised no API versions", id)
		}
		var table []string
		chosen := 0
		for _, a := range protocol.APIs() {
			got, have := cn.Version(a.Key)
			k, offered := broker[a.Key]
			if !offered {
				if have {
					t.Errorf("broker %d, %s: the broker does not offer it, yet v%d was chosen", id, a.Name, got)
				}
				table = append(table, fmt.Sprintf("%s: not offered", a.Name))
				continue
			}
			want := min(k.MaxVersion, a.MaxVersion)
			overlap := want >= a.MinVersion && want >= k.MinVersion
			switch {
			case !overlap && have:
				t.Errorf("broker %d, %s: broker v%d-v%d and ours v%d-v%d do not overlap, yet v%d was chosen",
					id, a.Name, k.MinVersion, k.MaxVersion, a.MinVersion, a.MaxVersion, got)
			case overlap && !have:
				t.Errorf("broker %d, %s: broker v%d-v%d, ours v%d-v%d: want v%d, none chosen",
					id, a.Name, k.MinVersion, k.MaxVersion, a.MinVersion, a.MaxVersion, want)
			case overlap && got != want:
				t.Errorf("broker %d, %s: broker v%d-v%d, ours v%d-v%d: chose v%d, want v%d",
					id, a.Name, k.MinVersion, k.MaxVersion, a.MinVersion, a.MaxVersion, got, want)
			}
			if have {
				chosen++
			}
			res := "none"
			if overlap {
				res = fmt.Sprintf("v%d", want)
			}
			table = append(table, fmt.Sprintf("%s: broker %d-%d ours %d-%d -> %s", a.Name, k.MinVersion, k.MaxVersion, a.MinVersion, a.MaxVersion, res))
		}
		// Keys the broker offers that we do not speak are never chosen.
		for key := range broker {
			if _, ours := protocol.LookupAPI(key); !ours {
				if v, have := cn.Version(key); have {
					t.Errorf("broker %d: API key %d is not ours, yet v%d was chosen", id, key, v)
				}
			}
		}
		t.Logf("broker %d (%s): %d APIs offered, %d of our %d negotiated:\n  %s", id, addr, len(broker), chosen, len(protocol.APIs()), strings.Join(table, "\n  "))
		cn.Close()
	}
}

// testTopicLifecycle creates a 6-partition topic, checks its leaders and
// ISRs in metadata, lists offsets before and after producing, deletes it and
// waits for it to leave the metadata.
func testTopicLifecycle(t *testing.T, tc *integration.TestCluster, replication int16) {
	const partitions = 6
	const records = 600
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	adm := newAdmin(t, tc)
	topic := suite.Uniq("lifecycle")
	start := time.Now()
	if err := adm.CreateTopics(ctx, admin.TopicSpec{Name: topic, Partitions: partitions, ReplicationFactor: replication}); err != nil {
		t.Fatalf("CreateTopics %s: %v", topic, err)
	}
	t.Logf("created %s (%d partitions, replication %d) in %.2fs", topic, partitions, replication, time.Since(start).Seconds())

	// Metadata: every partition led by one of the brokers, full replica set
	// in sync (a new topic's followers may take a moment to join the ISR).
	ids := tc.IDs()
	var why string
	tp, ok := waitMetadata(ctx, t, adm.Cluster(), topic, 30*time.Second, func(tp *conn.Topic) bool {
		why = ""
		if tp.Err != nil || len(tp.Partitions) != partitions {
			why = fmt.Sprintf("topic error %v, %d partitions", tp.Err, len(tp.Partitions))
			return false
		}
		for _, p := range tp.Partitions {
			switch {
			case p.Err != nil:
				why = fmt.Sprintf("partition %d: %v", p.Partition, p.Err)
			case !contains(ids, p.Leader):
				why = fmt.Sprintf("partition %d: leader %d is not one of the brokers %v", p.Partition, p.Leader, ids)
			case len(p.Replicas) != int(replication):
				why = fmt.Sprintf("partition %d: %d replicas, want %d", p.Partition, len(p.Replicas), replication)
			case len(p.ISR) != int(replication):
				why = fmt.Sprintf("partition %d: ISR %v, want %d in sync", p.Partition, p.ISR, replication)
			case !contains(p.ISR, p.Leader):
				why = fmt.Sprintf("partition %d: leader %d not in ISR %v", p.Partition, p.Leader, p.ISR)
			}
			if why != "" {
				return false
			}
		}
		return true
	})
	if !ok {
		t.Fatalf("metadata of %s not as expected within 30s: %s; last:%s", topic, why, describePartitions(tp))
	}
	leaders := map[int32]int{}
	for _, p := range tp.Partitions {
		leaders[p.Leader]++
	}
	t.Logf("metadata:%s; partitions led per broker: %v", describePartitions(tp), leaders)

	// Offsets of a new topic: 0 and 0.
	tps := suitekit.Partitions(topic, partitions)
	for _, at := range []int64{conn.OffsetEarliest, conn.OffsetLatest} {
		for tp, off := range listOffsets(ctx, t, adm, tps, at) {
			if off != 0 {
				t.Errorf("new topic: %v offset at %d is %d, want 0", tp, at, off)
			}
		}
	}

	// Produce records spread by key; latest offsets must add up.
	p, err := producer.New(producer.Config{Brokers: tc.Bootstrap(), Logger: logger()})
	if err != nil {
		t.Fatalf("producer.New: %v", err)
	}
	recs := make([]kafkawire.Record, records)
	for i := range recs {
		recs[i] = kafkawire.Record{Topic: topic, Key: fmt.Appendf(nil, "key-%d", i), Value: fmt.Appendf(nil, "value-%d", i)}
	}
	start = time.Now()
	results, err := p.SendSyncMany(ctx, recs)
	if err != nil {
		t.Fatalf("SendSyncMany: %v", err)
	}
	t.Logf("produced %d records in %.2fs", records, time.Since(start).Seconds())
	if err := p.Close(ctx); err != nil {
		t.Errorf("producer Close: %v", err)
	}
	perPartition := map[kafkawire.TopicPartition]int64{}
	for i, r := range results {
		if want := producer.KeyPartition(recs[i].Key, partitions); r.Partition != want {
			t.Errorf("record %d: partition %d, Java's murmur2 partitioner says %d", i, r.Partition, want)
		}
		perPartition[kafkawire.TopicPartition{Topic: topic, Partition: r.Partition}]++
	}
	var sum int64
	latest := listOffsets(ctx, t, adm, tps, conn.OffsetLatest)
	for _, tp := range tps {
		sum += latest[tp]
		if latest[tp] != perPartition[tp] {
			t.Errorf("%v: latest offset %d, but %d records were acknowledged there", tp, latest[tp], perPartition[tp])
		}
	}
	if sum != records {
		t.Errorf("latest offsets sum to %d, want %d (%v)", sum, records, latest)
	}
	for tp, off := range listOffsets(ctx, t, adm, tps, conn.OffsetEarliest) {
		if off != 0 {
			t.Errorf("after producing: %v earliest offset %d, want 0", tp, off)
		}
	}
	t.Logf("latest offsets %v (sum %d)", latest, sum)

	// Delete and wait for the topic to leave the metadata.
	start = time.Now()
	if err := adm.DeleteTopics(ctx, topic); err != nil {
		t.Fatalf("DeleteTopics %s: %v", topic, err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		topics, err := adm.ListTopics(ctx)
		if err == nil && topics[topic] == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s still in metadata 30s after DeleteTopics (err %v)", topic, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	// A request naming it now learns it is unknown, once the broker it asks
	// has caught up: brokers learn of the deletion at slightly different
	// times, and the one ListTopics asked may be ahead of the others.
	mctx, mcancel := context.WithTimeout(ctx, 10*time.Second)
	defer mcancel()
	for {
		_, err := adm.Cluster().TopicMetadata(mctx, topic)
		if isUnknownTopic(err) {
			break
		}
		if mctx.Err() != nil {
			t.Fatalf("TopicMetadata after delete: %v, want ErrUnknownTopicOrPartition", err)
		}
		time.Sleep(100 * time.Millisecond)
		// The cached answer came from a broker behind: ask again.
		if _, err := adm.Cluster().Refresh(mctx); err != nil {
			t.Logf("refresh: %v", err)
		}
	}
	t.Logf("deleted %s: gone from metadata after %.2fs", topic, time.Since(start).Seconds())
}

func isUnknownTopic(err error) bool {
	return err != nil && errors.Is(err, kafkawire.ErrUnknownTopicOrPartition)
}
