package consumer

import (
	"context"
	"fmt"
	"net"
	"runtime"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/internal/fakebroker"
	"github.com/kafkawire/kafkawire/protocol"
)

// fill appends n one-record batches with values "<part>-<i>" to topic/part
// through the partition's leader (broker part mod len(Brokers)).
func fill(t testing.TB, fc *fakebroker.Cluster, topic string, part int32, n int) {
	t.Helper()
	var records []byte
	for i := 0; i < n; i++ {
		records = append(records, oneBatch(t, fmt.Sprintf("%d-%d", part, i))...)
	}
	produceBatches(t, fc, topic, part, records)
}

// produceBatches appends record batches (wire bytes) to topic/part through
// the partition's leader (broker part mod len(Brokers)).
func produceBatches(t testing.TB, fc *fakebroker.Cluster, topic string, part int32, records []byte) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	b := fc.Brokers[int(part)%len(fc.Brokers)]
	cn, err := conn.Dial(ctx, b.Addr(), b.NodeID(), conn.ConnConfig{})
	if err != nil {
		t.Fatal(err)
	}
	defer cn.Close()
	req := &protocol.ProduceRequest{Acks: -1, TimeoutMs: 5000, TopicData: []protocol.ProduceRequestTopic{{Name: topic,
		PartitionData: []protocol.ProduceRequestPartition{{Index: part, Records: records}}}}}
	var resp protocol.ProduceResponse
	if err := cn.RoundTrip(ctx, req, &resp); err != nil {
		t.Fatal(err)
	}
	if code := resp.Responses[0].PartitionResponses[0].ErrorCode; code != 0 {
		t.Fatalf("produce to %s/%d: error %d", topic, part, code)
	}
}

func oneBatch(t testing.TB, value string) []byte {
	t.Helper()
	var bb protocol.BatchBuilder
	bb.Reset(nil, 1000)
	bb.Append(1000, nil, []byte(value), nil)
	wire, err := bb.Finish(protocol.BatchOptions{PartitionLeaderEpoch: -1, ProducerID: -1, ProducerEpoch: -1, BaseSequence: -1})
	if err != nil {
		t.Fatal(err)
	}
	return wire
}

// closedAddr is a loopback address nothing listens on.
func closedAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func mustNew(t testing.TB, cfg Config) *Consumer {
	t.Helper()
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// checkGoroutines fails the test if, once the test's cleanups ran, more
// goroutines are left than before it started.
func checkGoroutines(t *testing.T) {
	before := runtime.NumGoroutine()
	t.Cleanup(func() {
		deadline := time.Now().Add(3 * time.Second)
		for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		if n := runtime.NumGoroutine(); n > before {
			buf := make([]byte, 1<<16)
			buf = buf[:runtime.Stack(buf, true)]
			t.Errorf("%d goroutines left, %d before:\n%s", n, before, buf)
		}
	})
}

func closeConsumer(t testing.TB, c *Consumer) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c.Close(ctx)
}

func tpOf(r kafkawire.Record) kafkawire.TopicPartition {
	return kafkawire.TopicPartition{Topic: r.Topic, Partition: r.Partition}
}

// allKeys counts the requests of every API key the cluster received.
func allRequests(fc *fakebroker.Cluster) int {
	n := 0
	for _, a := range protocol.APIs() {
		n += fc.Requests(a.Key)
	}
	return n
}
