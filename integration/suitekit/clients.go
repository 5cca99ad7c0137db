package suitekit

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/consumer"
	"github.com/kafkawire/kafkawire/integration"
	"github.com/kafkawire/kafkawire/producer"
)

// NewProducer creates a producer closed when the test ends (a Close given
// 30 s to flush); with no cfg.Logger it logs to the test as "producer".
func NewProducer(t testing.TB, cfg producer.Config) *producer.Producer {
	t.Helper()
	if cfg.Logger == nil {
		cfg.Logger = integration.TestLogger(t, "producer")
	}
	p, err := producer.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = p.Close(ctx)
	})
	return p
}

// NewConsumer creates a consumer closed when the test ends (a Close given
// 15 s to leave its group); with no cfg.Logger it logs to the test as
// "consumer".
func NewConsumer(t testing.TB, cfg consumer.Config) *consumer.Consumer {
	t.Helper()
	if cfg.Logger == nil {
		cfg.Logger = integration.TestLogger(t, "consumer")
	}
	c, err := consumer.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		_ = c.Close(ctx)
	})
	return c
}

// TPO names one record of a single-topic test: partition and offset.
type TPO struct {
	P int32
	O int64
}

func (x TPO) String() string { return fmt.Sprintf("%d@%d", x.P, x.O) }

// Produce writes n records to topic, spread round-robin over its
// partitions (key "<i>", value "<tag>-<i>"), and returns where each landed;
// the test fails if that takes more than a minute.
func Produce(t testing.TB, brokers []string, topic string, n int, tag string) []TPO {
	t.Helper()
	p := NewProducer(t, producer.Config{Brokers: brokers, Partitioner: producer.RoundRobinPartitioner()})
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	recs := make([]kafkawire.Record, n)
	for i := range recs {
		recs[i] = kafkawire.Record{Topic: topic, Key: []byte(strconv.Itoa(i)), Value: fmt.Appendf(nil, "%s-%d", tag, i)}
	}
	res, err := p.SendSyncMany(ctx, recs)
	if err != nil {
		t.Fatalf("producing %d records to %s: %v", n, topic, err)
	}
	out := make([]TPO, n)
	for i, r := range res {
		out[i] = TPO{r.Partition, r.Offset}
	}
	return out
}

// PollN polls c until it returned at least n records and returns them all;
// the test fails, saying "<what>: i of n records, then: <err>", when a Poll
// fails (ctx ending included).
func PollN(ctx context.Context, t testing.TB, c *consumer.Consumer, n int, what string) []kafkawire.Record {
	t.Helper()
	var out []kafkawire.Record
	for len(out) < n {
		recs, err := c.Poll(ctx)
		if err != nil {
			t.Fatalf("%s: %d of %d records, then: %v", what, len(out), n, err)
		}
		out = append(out, recs...)
	}
	return out
}

// PollFor returns whatever c returns within d: after PollN, the records
// beyond those expected (duplicates or strays), which should be none.
func PollFor(c *consumer.Consumer, d time.Duration) []kafkawire.Record {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var out []kafkawire.Record
	for {
		recs, err := c.Poll(ctx)
		if err != nil {
			return out
		}
		out = append(out, recs...)
	}
}

// ReadToEnd reads partitions 0..n-1 of topic from the beginning up to
// their high watermarks as listed now, with our consumer in direct mode (no
// group); the test fails after a minute.
func ReadToEnd(t testing.TB, brokers []string, topic string, n int32) []kafkawire.Record {
	t.Helper()
	end := EndOffsets(t, brokers, topic, n, ReadUncommitted)
	c := NewConsumer(t, consumer.Config{Brokers: brokers, AutoOffsetReset: consumer.ResetEarliest})
	tps := Partitions(topic, n)
	if err := c.Assign(tps...); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var out []kafkawire.Record
	for {
		done := true
		for _, tp := range tps {
			if c.Position(tp) < end[tp.Partition] {
				done = false
			}
		}
		if done {
			return out
		}
		recs, err := c.Poll(ctx)
		if err != nil {
			t.Fatalf("reading %s: %v (after %d records)", topic, err, len(out))
		}
		out = append(out, recs...)
	}
}

// WaitFor polls cond every 20 ms until it holds and returns how long that
// took; after timeout the test fails, naming what it waited for.
func WaitFor(t testing.TB, timeout time.Duration, what func() string, cond func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for !cond() {
		if time.Since(start) > timeout {
			t.Fatalf("after %v: still waiting for %s", timeout, what())
		}
		time.Sleep(20 * time.Millisecond)
	}
	return time.Since(start)
}

// First is s cut to its first n elements: the examples a failure message
// shows.
func First[T any](s []T, n int) []T { return s[:min(n, len(s))] }
