package producersuite

import (
	"context"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/consumer"
	"github.com/kafkawire/kafkawire/integration"
	"github.com/kafkawire/kafkawire/integration/suitekit"
)

func TestMain(m *testing.M) { suitekit.Run(m, kwTool.Cleanup) }

// suite makes the suite's unique topic names ("ps-...").
var suite = suitekit.Namer("ps")

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
	if err := c.Assign(suitekit.Partitions(topic, partitions)...); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	out := suitekit.PollN(ctx, t, c, want, "reading "+topic)
	// Anything beyond want is a duplicate or a stray: look for it a little.
	out = append(out, suitekit.PollFor(c, 300*time.Millisecond)...)
	return out
}
