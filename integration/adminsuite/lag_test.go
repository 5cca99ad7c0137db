package adminsuite

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/admin"
	"github.com/kafkawire/kafkawire/consumer"
	"github.com/kafkawire/kafkawire/group"
	"github.com/kafkawire/kafkawire/producer"
)

// TestLagReadCommitted: with a transaction open, read_uncommitted lag runs
// to the high watermark and read_committed lag to the last stable offset.
func TestLagReadCommitted(t *testing.T) {
	tc := cluster(t)
	a := newAdmin(t, tc)
	ctx := testCtx(t)
	start := time.Now()
	topic := newTopic(t, a, "lag-rc", 1)
	produce(t, tc, topic, []int32{0}, 10, time.Now())
	tp := kafkawire.TopicPartition{Topic: topic}
	group := suite.Uniq("lag-rc")
	if err := a.AlterGroupOffsets(ctx, group, map[kafkawire.TopicPartition]int64{tp: 4}); err != nil {
		t.Fatal(err)
	}
	p, err := producer.New(producer.Config{Brokers: tc.Bootstrap(), TransactionalID: suite.Uniq("txn"), Partitioner: producer.ManualPartitioner()})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close(context.Background())
	if err := p.BeginTransaction(); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if _, err := p.SendSync(ctx, &kafkawire.Record{Topic: topic, Value: []byte{byte(i)}}); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("transaction open with 5 records (%v since the test began)", time.Since(start).Round(time.Millisecond))
	uncommitted, err := a.GroupLag(ctx, group, admin.ReadUncommitted)
	if err != nil || len(uncommitted) != 1 || uncommitted[0].End != 15 || uncommitted[0].Lag != 11 {
		t.Fatalf("read_uncommitted lag with a transaction open: %+v, %v", uncommitted, err)
	}
	committed, err := a.GroupLag(ctx, group, admin.ReadCommitted)
	if err != nil || len(committed) != 1 || committed[0].End != 10 || committed[0].Lag != 6 {
		t.Fatalf("read_committed lag with a transaction open: %+v, %v", committed, err)
	}
	t.Logf("lags read (%v since the test began)", time.Since(start).Round(time.Millisecond))
	if err := p.CommitTransaction(ctx); err != nil {
		t.Fatal(err)
	}
	t.Logf("transaction committed (%v since the test began)", time.Since(start).Round(time.Millisecond))
	// The commit marker is written after CommitTransaction returns: the
	// last stable offset moves past it (15 records and the marker) soon.
	if !eventually(func() bool {
		committed, err = a.GroupLag(ctx, group, admin.ReadCommitted)
		return err == nil && committed[0].End == 16
	}) {
		t.Fatalf("read_committed lag 30s after the commit: %+v, %v", committed, err)
	}
}

// TestLagConsumerProtocolGroup: a KIP-848 group (group.protocol=consumer)
// is described through ConsumerGroupDescribe, and its lag equals the Java
// tool's.
func TestLagConsumerProtocolGroup(t *testing.T) {
	tc := cluster(t)
	a := newAdmin(t, tc)
	ctx := testCtx(t)
	if v := tc.Options().Version; strings.HasPrefix(v, "3.") {
		// The consumer protocol is GA from Kafka 4.0 (3.x brokers run it only
		// as a preview, off by default). What holds on 3.x: a group id
		// nobody uses is not found, through both describe paths.
		_, err := a.DescribeGroups(ctx, suite.Uniq("g848"))
		if !errors.Is(err, kafkawire.ErrGroupIDNotFound) {
			t.Fatalf("Kafka %s: DescribeGroups of an unused group id: %v", v, err)
		}
		t.Logf("Kafka %s has no consumer-protocol groups (KIP-848 is GA from 4.0): checked only that an unused group id is GROUP_ID_NOT_FOUND", v)
		return
	}
	topic := newTopic(t, a, "lag-848", 2)
	produce(t, tc, topic, []int32{0, 1}, 10, time.Now())
	group := suite.Uniq("g848")
	c, err := consumer.New(consumer.Config{Brokers: tc.Bootstrap(), GroupID: group, ClientID: "adminsuite-848", AutoCommit: consumer.Disabled,
		AutoOffsetReset: consumer.ResetEarliest, GroupProtocol: consumer.GroupProtocolConsumer})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		cctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		c.Close(cctx)
	}()
	if err := c.Subscribe(topic); err != nil {
		t.Fatal(err)
	}
	for len(c.Assignment()) < 2 {
		pctx, cancel := context.WithTimeout(ctx, time.Second)
		_, err := c.Poll(pctx)
		cancel()
		if ctx.Err() != nil {
			t.Fatalf("KIP-848 consumer never got both partitions: %v", err)
		}
	}
	if err := c.CommitOffsets(ctx, map[kafkawire.TopicPartition]kafkawire.Offset{{Topic: topic, Partition: 1}: {Offset: 3, LeaderEpoch: -1}}); err != nil {
		t.Fatal(err)
	}
	descs, err := a.DescribeGroups(ctx, group)
	if err != nil || len(descs[0].Members) != 1 || len(descs[0].Members[0].Assignment) != 2 || descs[0].Members[0].ClientID != "adminsuite-848" {
		t.Fatalf("DescribeGroups of a consumer-protocol group: %+v, %v", descs, err)
	}
	t.Logf("consumer-protocol group: state %s, assignor %s", descs[0].State, descs[0].Protocol)
	lag, err := a.GroupLag(ctx, group, admin.ReadUncommitted)
	if err != nil || len(lag) != 2 {
		t.Fatalf("GroupLag: %+v, %v", lag, err)
	}
	java := javaDescribe(t, tc, group)
	for _, r := range lag {
		if j := java[r.TopicPartition]; lagRow(r) != j {
			t.Fatalf("%v: kafkawire %v, kafka-consumer-groups %v", r.TopicPartition, lagRow(r), j)
		}
	}
	kwLagMatches(t, tc, group, java)
}

// TestPendingTransactionalOffsets: a group's offset committed inside an open
// transaction is unstable: read_committed lag (require_stable) reports it as
// that partition's error, after retrying for the request timeout, while
// the other partition is answered; read_uncommitted sees the last stable
// commit. Once the transaction commits, both see the new offset.
func TestPendingTransactionalOffsets(t *testing.T) {
	tc := cluster(t)
	a, err := admin.New(admin.Config{Brokers: tc.Bootstrap(), RequestTimeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ctx := testCtx(t)
	topic := newTopic(t, a, "pending", 2)
	produce(t, tc, topic, []int32{0, 1}, 10, time.Now())
	p0, p1 := kafkawire.TopicPartition{Topic: topic}, kafkawire.TopicPartition{Topic: topic, Partition: 1}
	gid := suite.Uniq("pending")
	if err := a.AlterGroupOffsets(ctx, gid, map[kafkawire.TopicPartition]int64{p0: 2, p1: 2}); err != nil {
		t.Fatal(err)
	}
	p, err := producer.New(producer.Config{Brokers: tc.Bootstrap(), TransactionalID: suite.Uniq("txn")})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close(context.Background())
	if err := p.BeginTransaction(); err != nil {
		t.Fatal(err)
	}
	meta := consumer.GroupMetadata{GroupID: gid, Generation: group.NoGeneration}
	if err := p.SendOffsetsToTransaction(ctx, map[kafkawire.TopicPartition]kafkawire.Offset{p0: {Offset: 7, LeaderEpoch: -1}}, meta); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	lag, err := a.GroupLag(ctx, gid, admin.ReadCommitted)
	d := time.Since(start)
	ies := admin.ItemErrors(err)
	if len(ies) != 1 || !errors.Is(ies[0], kafkawire.ErrUnstableOffsetCommit) || len(lag) != 2 || lag[0].Err == nil || lag[1].Err != nil || lag[1].Committed != 2 {
		t.Fatalf("read_committed lag with an offset commit pending: %+v, %v", lag, err)
	}
	t.Logf("read_committed lag, pending commit: %v (after %v)", err, d.Round(time.Millisecond))
	if lag, err = a.GroupLag(ctx, gid, admin.ReadUncommitted); err != nil || lag[0].Committed != 2 {
		t.Fatalf("read_uncommitted lag with an offset commit pending: %+v, %v", lag, err)
	}
	if err := p.CommitTransaction(ctx); err != nil {
		t.Fatal(err)
	}
	if !eventually(func() bool {
		lag, err = a.GroupLag(ctx, gid, admin.ReadCommitted)
		return err == nil && lag[0].Committed == 7
	}) {
		t.Fatalf("read_committed lag after the commit: %+v, %v", lag, err)
	}
}
