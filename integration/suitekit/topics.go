package suitekit

import (
	"context"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/admin"
	"github.com/kafkawire/kafkawire/conn"
)

// CreateTopic creates spec (replication factor 0 means 1) through brokers,
// waiting for its leaders, and returns its name; the test fails if that
// takes more than a minute.
func CreateTopic(t testing.TB, brokers []string, spec admin.TopicSpec) string {
	t.Helper()
	if spec.ReplicationFactor == 0 {
		spec.ReplicationFactor = 1
	}
	a, err := admin.New(admin.Config{Brokers: brokers})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := a.CreateTopics(ctx, spec); err != nil {
		t.Fatalf("creating topic %s: %v", spec.Name, err)
	}
	return spec.Name
}

// NewTopic creates a topic named by n.Uniq(prefix) with partitions
// partitions and replication factor 1.
func (n Namer) NewTopic(t testing.TB, brokers []string, prefix string, partitions int32) string {
	t.Helper()
	return CreateTopic(t, brokers, admin.TopicSpec{Name: n.Uniq(prefix), Partitions: partitions})
}

// Partitions is partitions 0..n-1 of topic.
func Partitions(topic string, n int32) []kafkawire.TopicPartition {
	out := make([]kafkawire.TopicPartition, n)
	for i := range out {
		out[i] = kafkawire.TopicPartition{Topic: topic, Partition: int32(i)}
	}
	return out
}

// Direct is a conn.Cluster of its own and a 30 s context, for a few
// direct requests (the broker's own view, bypassing the clients under
// test); call done when finished with both.
func Direct(t testing.TB, brokers []string) (ctx context.Context, cl *conn.Cluster, done func()) {
	t.Helper()
	cl, err := conn.NewCluster(conn.ClusterConfig{Bootstrap: brokers})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	return ctx, cl, func() { cancel(); cl.Close() }
}

// Isolation levels of ListOffsets: what EndOffsets lists.
const (
	ReadUncommitted int8 = 0 // high watermarks
	ReadCommitted   int8 = 1 // last stable offsets
)

// EndOffsets is the broker's own count, independent of any consumer: the
// high watermark (ReadUncommitted) or last stable offset (ReadCommitted) of
// partitions 0..n-1 of topic, by partition.
func EndOffsets(t testing.TB, brokers []string, topic string, n int32, isolation int8) map[int32]int64 {
	t.Helper()
	ctx, cl, done := Direct(t, brokers)
	defer done()
	at := map[kafkawire.TopicPartition]int64{}
	for _, tp := range Partitions(topic, n) {
		at[tp] = conn.OffsetLatest
	}
	got, err := cl.ListOffsets(ctx, isolation, at)
	if err != nil {
		t.Fatalf("end offsets of %s: %v", topic, err)
	}
	out := map[int32]int64{}
	for tp, l := range got {
		out[tp.Partition] = l.Offset
	}
	return out
}

// Sum adds up per-partition offsets: with end offsets of a topic written
// from offset 0, its record count.
func Sum(offsets map[int32]int64) int64 {
	var s int64
	for _, o := range offsets {
		s += o
	}
	return s
}
