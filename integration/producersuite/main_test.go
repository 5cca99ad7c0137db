package producersuite

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/admin"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/consumer"
	"github.com/kafkawire/kafkawire/integration"
)

func TestMain(m *testing.M) {
	code := integration.Main(m)
	cleanupJava()
	os.Exit(code)
}

// sharedCluster is the one-broker cluster of the tests that leave brokers
// alone.
func sharedCluster(t testing.TB) *integration.TestCluster {
	t.Helper()
	return integration.Shared(t, integration.Options{Brokers: 1})
}

// faultCluster is the one-broker cluster the fault tests stop and restart
// (shared by them: the harness restarts a broker a test left down).
func faultCluster(t testing.TB) *integration.TestCluster {
	t.Helper()
	return integration.Shared(t, integration.Options{Brokers: 1, Faults: true})
}

var topicSeq atomic.Int64

// newTopic creates a topic with a name unique to this run.
func newTopic(t testing.TB, brokers []string, prefix string, partitions int32, configs map[string]string) string {
	t.Helper()
	name := fmt.Sprintf("ps-%s-%d-%d", prefix, time.Now().UnixNano()%1e9, topicSeq.Add(1))
	a, err := admin.New(admin.Config{Brokers: brokers})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := a.CreateTopics(ctx, admin.TopicSpec{Name: name, Partitions: partitions, ReplicationFactor: 1, Configs: configs}); err != nil {
		t.Fatalf("creating topic %s: %v", name, err)
	}
	return name
}

// readAll reads want records of topic (partitions 0..n-1) from the
// beginning with our consumer in direct mode, then keeps polling briefly
// to catch any extra record. Records come back in offset order per partition.
func readAll(t testing.TB, brokers []string, topic string, partitions int32, want int) []kafkawire.Record {
	t.Helper()
	return readAllHooks(t, brokers, topic, partitions, want, conn.Hooks{})
}

// readAllHooks is readAll with the consumer's request hooks.
func readAllHooks(t testing.TB, brokers []string, topic string, partitions int32, want int, hooks conn.Hooks) []kafkawire.Record {
	t.Helper()
	c, err := consumer.New(consumer.Config{Brokers: brokers, AutoOffsetReset: consumer.ResetEarliest, Hooks: hooks})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	tps := make([]kafkawire.TopicPartition, partitions)
	for i := range tps {
		tps[i] = kafkawire.TopicPartition{Topic: topic, Partition: int32(i)}
	}
	if err := c.Assign(tps...); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var out []kafkawire.Record
	for len(out) < want {
		recs, err := c.Poll(ctx)
		if err != nil {
			t.Fatalf("reading %s: %d of %d records, then: %v", topic, len(out), want, err)
		}
		out = append(out, recs...)
	}
	// Anything beyond want is a duplicate or a stray: look for it a little.
	extra, cancel2 := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel2()
	for {
		recs, err := c.Poll(extra)
		if err != nil {
			break
		}
		out = append(out, recs...)
	}
	return out
}

// envInt reads a positive integer from the environment, or def.
func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}
