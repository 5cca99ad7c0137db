package connsuite

// Broker restarts and crashes under clients created before them.

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/admin"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/integration"
	"github.com/kafkawire/kafkawire/integration/suitekit"
	"github.com/kafkawire/kafkawire/producer"
)

// TestRestartSingleBroker stops and restarts the only broker under an admin
// client and a producer made before: both carry on with no user action
// (no new client, no retry loop in the caller), each first call succeeding.
func TestRestartSingleBroker(t *testing.T) {
	tc := integration.Start(t, integration.Options{Brokers: 1, Faults: true})
	id := tc.IDs()[0]
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	adm := newAdmin(t, tc)
	topic := suite.Uniq("restart")
	if err := adm.CreateTopics(ctx, admin.TopicSpec{Name: topic, Partitions: 3, ReplicationFactor: 1}); err != nil {
		t.Fatalf("CreateTopics: %v", err)
	}
	p, err := producer.New(producer.Config{Brokers: tc.Bootstrap(), Logger: logger()})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close(context.Background())
	rec := func(i int) *kafkawire.Record {
		return &kafkawire.Record{Topic: topic, Key: fmt.Appendf(nil, "k%d", i), Value: []byte("v")}
	}
	if _, err := p.SendSync(ctx, rec(0)); err != nil {
		t.Fatalf("SendSync before the restart: %v", err)
	}
	tps := suitekit.Partitions(topic, 3)
	before := listOffsets(ctx, t, adm, tps, conn.OffsetLatest)
	if _, err := adm.DescribeCluster(ctx); err != nil {
		t.Fatalf("DescribeCluster before the restart: %v", err)
	}

	stopStart := time.Now()
	tc.StopBroker(id)
	t.Logf("broker %d stopped in %.2fs", id, time.Since(stopStart).Seconds())
	// A send made while the broker is down completes once it is back.
	downSend := p.Send(ctx, rec(1))

	restart := time.Now()
	tc.StartBroker(id)
	up := time.Now()
	t.Logf("broker %d restarted: StartBroker took %.2fs", id, up.Sub(restart).Seconds())

	// Each first call after the restart must succeed, within a bound.
	const bound = 30 * time.Second
	first := func(what string, fn func(ctx context.Context) error) {
		t.Helper()
		cctx, ccancel := context.WithTimeout(ctx, bound)
		defer ccancel()
		start := time.Now()
		if err := fn(cctx); err != nil {
			t.Errorf("%s after the restart: first call failed after %.2fs: %v", what, time.Since(start).Seconds(), err)
			return
		}
		t.Logf("%s: first success %.2fs after the broker was back (%.2fs after StartBroker began; call took %.2fs)",
			what, time.Since(up).Seconds(), time.Since(restart).Seconds(), time.Since(start).Seconds())
	}
	first("metadata (DescribeCluster)", func(ctx context.Context) error {
		info, err := adm.DescribeCluster(ctx)
		if err == nil && len(info.Brokers) != 1 {
			err = fmt.Errorf("%d brokers in metadata", len(info.Brokers))
		}
		return err
	})
	first("ListOffsets", func(ctx context.Context) error {
		res, err := adm.ListOffsets(ctx, map[kafkawire.TopicPartition]int64{tps[0]: conn.OffsetLatest, tps[1]: conn.OffsetLatest, tps[2]: conn.OffsetLatest})
		if err != nil {
			return err
		}
		if len(res) != 3 {
			return fmt.Errorf("%d answers, want 3", len(res))
		}
		return nil
	})
	first("producer SendSync", func(ctx context.Context) error {
		_, err := p.SendSync(ctx, rec(2))
		return err
	})
	wctx, wcancel := context.WithTimeout(ctx, bound)
	if r, err := downSend.Wait(wctx); err != nil {
		t.Errorf("record sent while the broker was down: %v", err)
	} else {
		t.Logf("record sent while the broker was down: acknowledged at %s/%d@%d, %.2fs after the broker was back", r.Topic, r.Partition, r.Offset, time.Since(up).Seconds())
	}
	wcancel()

	// Nothing was lost or doubled: two more records than before.
	after := listOffsets(ctx, t, adm, tps, conn.OffsetLatest)
	var nb, na int64
	for _, tp := range tps {
		nb += before[tp]
		na += after[tp]
	}
	if na != nb+2 {
		t.Errorf("latest offsets sum %d before, %d after two sends, want %d", nb, na, nb+2)
	}
}

// TestKillLeader SIGKILLs the leader of partition 0 of a replicated topic
// and measures how soon its requests reach the new leader.
func TestKillLeader(t *testing.T) {
	tc := integration.Start(t, integration.Options{Brokers: 3, Faults: true})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	adm := newAdmin(t, tc)
	topic := suite.Uniq("kill")
	const partitions = 3
	if err := adm.CreateTopics(ctx, admin.TopicSpec{Name: topic, Partitions: partitions, ReplicationFactor: 3,
		Configs: map[string]string{"min.insync.replicas": "2"}}); err != nil {
		t.Fatalf("CreateTopics: %v", err)
	}
	tp, ok := waitMetadata(ctx, t, adm.Cluster(), topic, 30*time.Second, func(tp *conn.Topic) bool {
		for _, p := range tp.Partitions {
			if p.Leader < 0 || len(p.ISR) != 3 {
				return false
			}
		}
		return len(tp.Partitions) == partitions
	})
	if !ok {
		t.Fatalf("partitions of %s not fully in sync within 30s:%s", topic, describePartitions(tp))
	}
	p, err := producer.New(producer.Config{Brokers: tc.Bootstrap(), Partitioner: producer.ManualPartitioner(), Logger: logger()})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close(context.Background())
	rec := func(v string) *kafkawire.Record {
		return &kafkawire.Record{Topic: topic, Partition: 0, Value: []byte(v)}
	}
	if r, err := p.SendSync(ctx, rec("before")); err != nil || r.Partition != 0 {
		t.Fatalf("SendSync to partition 0 before the kill: %+v, %v", r, err)
	}
	leader := tp.Partitions[0].Leader
	t.Logf("partition 0: leader %d, ISR %v; killing broker %d", leader, tp.Partitions[0].ISR, leader)

	tc.KillBroker(leader)
	killed := time.Now()

	const bound = 60 * time.Second
	var wg sync.WaitGroup
	var sendErr, metaErr error
	var sendAfter, metaAfter time.Duration
	var sendRes producer.Result
	var newLeader int32
	wg.Add(2)
	go func() { // one SendSync, no user retry
		defer wg.Done()
		sctx, scancel := context.WithTimeout(ctx, bound)
		defer scancel()
		sendRes, sendErr = p.SendSync(sctx, rec("after"))
		sendAfter = time.Since(killed)
	}()
	go func() { // metadata polled until it names another leader
		defer wg.Done()
		var last *conn.Topic
		last, ok := waitMetadata(ctx, t, adm.Cluster(), topic, bound, func(tp *conn.Topic) bool {
			if len(tp.Partitions) == 0 {
				return false
			}
			p0 := tp.Partitions[0]
			return p0.Leader >= 0 && p0.Leader != leader && p0.Err == nil
		})
		metaAfter = time.Since(killed)
		if !ok {
			metaErr = fmt.Errorf("no new leader for partition 0 in metadata within %v:%s", bound, describePartitions(last))
			return
		}
		newLeader = last.Partitions[0].Leader
		t.Logf("metadata after the kill:%s", describePartitions(last))
	}()
	wg.Wait()
	if metaErr != nil {
		t.Error(metaErr)
	} else {
		t.Logf("first metadata showing a new leader (%d) for partition 0: %.2fs after the kill", newLeader, metaAfter.Seconds())
	}
	if sendErr != nil {
		t.Errorf("SendSync to partition 0 after killing its leader: failed after %.2fs: %v", sendAfter.Seconds(), sendErr)
	} else {
		t.Logf("first successful SendSync to partition 0: %.2fs after the kill (offset %d)", sendAfter.Seconds(), sendRes.Offset)
		if sendAfter > bound {
			t.Errorf("SendSync took %.2fs, more than %v", sendAfter.Seconds(), bound)
		}
	}
	// Admin requests for the partition reach the new leader too.
	lctx, lcancel := context.WithTimeout(ctx, 30*time.Second)
	defer lcancel()
	start := time.Now()
	latest := listOffsets(lctx, t, adm, tps0(topic), conn.OffsetLatest)
	t.Logf("ListOffsets of partition 0 after the kill: %v in %.2fs", latest, time.Since(start).Seconds())
	if got := latest[kafkawire.TopicPartition{Topic: topic, Partition: 0}]; sendErr == nil && got != 2 {
		t.Errorf("partition 0 latest offset %d after two acknowledged records, want 2", got)
	}
}

func tps0(topic string) []kafkawire.TopicPartition {
	return []kafkawire.TopicPartition{{Topic: topic, Partition: 0}}
}
