package txnsuite

import (
	"context"
	"errors"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/consumer"
	"github.com/kafkawire/kafkawire/integration"
	"github.com/kafkawire/kafkawire/integration/suitekit"
	"github.com/kafkawire/kafkawire/protocol"
)

func TestMain(m *testing.M) { suitekit.Run(m, kwTxn.Cleanup, eosproc.Cleanup) }

// suite makes the suite's unique topic, group and transactional ids ("tx-...").
var suite = suitekit.Namer("tx")

// tpo names one record of a single-topic test.
type tpo = suitekit.TPO

// brokerProps are the suite's broker settings: the broker looks for timed
// out transactions every second (default 10 s), so that
// TestTransactionTimeout need not wait long.
func brokerProps() map[string]string {
	return map[string]string{
		"transaction.abort.timed.out.transaction.cleanup.interval.ms": "1000",
	}
}

// sharedCluster is the one-broker cluster the suite's tests share (none
// stops brokers).
func sharedCluster(t testing.TB) *integration.TestCluster {
	t.Helper()
	return integration.Shared(t, integration.Options{Brokers: 1, BrokerProps: brokerProps()})
}

const (
	readUncommitted int8 = 0
	readCommitted   int8 = 1
)

// readCommittedAll reads partitions 0..n-1 of topic from the beginning with
// our read_committed consumer until its position reaches each partition's
// last stable offset as listed now (after the caller's writes ended), or
// no record came for 3 s (the caller checks the positions it returns), and
// returns the records and the final positions. It fails the test after
// timeout.
func readCommittedAll(t testing.TB, brokers []string, topic string, n int32, timeout time.Duration) ([]kafkawire.Record, map[int32]int64) {
	t.Helper()
	lso := suitekit.EndOffsets(t, brokers, topic, n, suitekit.ReadCommitted)
	c := suitekit.NewConsumer(t, consumer.Config{Brokers: brokers, AutoOffsetReset: consumer.ResetEarliest, Isolation: consumer.ReadCommitted})
	tps := suitekit.Partitions(topic, n)
	if err := c.Assign(tps...); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(timeout)
	var out []kafkawire.Record
	reached := func() bool {
		for _, tp := range tps {
			if c.Position(tp) < lso[tp.Partition] {
				return false
			}
		}
		return true
	}
	lastRec := time.Now()
	for !reached() && time.Since(lastRec) < 3*time.Second {
		if time.Now().After(deadline) {
			pos := map[int32]int64{}
			for _, tp := range tps {
				pos[tp.Partition] = c.Position(tp)
			}
			t.Fatalf("read_committed of %s: after %v, %d records, positions %v, last stable offsets %v", topic, timeout, len(out), pos, lso)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		recs, err := c.Poll(ctx)
		cancel()
		if err != nil && !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("read_committed of %s: poll: %v", topic, err)
		}
		if len(recs) > 0 {
			lastRec = time.Now()
		}
		out = append(out, recs...)
	}
	// Whatever arrives later would be past the last stable offset the
	// writes left: none should.
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	recs, _ := c.Poll(ctx)
	cancel()
	out = append(out, recs...)
	pos := map[int32]int64{}
	for _, tp := range tps {
		pos[tp.Partition] = c.Position(tp)
	}
	return out, pos
}

// brokerTxnVersion is the transaction.version feature level the broker has
// finalized (ApiVersions v3+ FinalizedFeatures; 0 when it lists none, as
// Kafka 3.9 does).
func brokerTxnVersion(t testing.TB, brokers []string) int16 {
	t.Helper()
	ctx, cl, done := suitekit.Direct(t, brokers)
	defer done()
	cn, err := cl.Any(ctx)
	if err != nil {
		t.Fatal(err)
	}
	v, ok := cn.Version(protocol.KeyApiVersions)
	if !ok {
		t.Fatalf("broker %s lists no ApiVersions version", cn.Addr())
	}
	req := protocol.ApiVersionsRequest{ClientSoftwareName: "kafkawire-txnsuite", ClientSoftwareVersion: "0"}
	var resp protocol.ApiVersionsResponse
	if err := cn.RoundTripVersion(ctx, &req, &resp, v); err != nil {
		t.Fatalf("ApiVersions v%d: %v", v, err)
	}
	for _, f := range resp.FinalizedFeatures {
		if f.Name == "transaction.version" {
			return f.MaxVersionLevel
		}
	}
	return 0
}
