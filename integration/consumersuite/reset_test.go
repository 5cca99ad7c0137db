package consumersuite

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/consumer"
	"github.com/kafkawire/kafkawire/integration/suitekit"
)

// TestOffsetReset: a new group (no committed offsets) on a topic with
// history. ResetEarliest reads the history; ResetLatest reads only what is
// produced once the consumer has its assignment and positions; ResetNone
// fails Poll with an *OffsetResetError (in group mode, and in direct mode
// without a group, where a Seek then lets it go on).
func TestOffsetReset(t *testing.T) {
	t.Parallel()
	tc := sharedCluster(t)
	brokers := tc.Bootstrap()
	const nparts, nhist = 2, 20
	topic := suite.NewTopic(t, brokers, "reset", nparts)
	history := suitekit.Produce(t, brokers, topic, nhist, "old")
	tps := []kafkawire.TopicPartition{{Topic: topic, Partition: 0}, {Topic: topic, Partition: 1}}
	base := consumer.Config{Brokers: brokers, SessionTimeout: sessionTimeout, HeartbeatInterval: heartbeatInterval}

	// Not parallel: it runs before "latest" adds records.
	t.Run("earliest", func(t *testing.T) {
		cfg := base
		cfg.GroupID, cfg.AutoOffsetReset = suite.Uniq("g-earliest"), consumer.ResetEarliest
		c := suitekit.NewConsumer(t, cfg)
		if err := c.Subscribe(topic); err != nil {
			t.Fatal(err)
		}
		got := pollN(t, c, nhist, 60*time.Second, time.Second)
		seen := map[tpo]int{}
		for _, r := range got {
			seen[tpo{P: r.Partition, O: r.Offset}]++
			if !strings.HasPrefix(string(r.Value), "old-") {
				t.Errorf("unexpected record %q", r.Value)
			}
		}
		if m := missing(history, seen); len(m) > 0 || len(got) != nhist {
			t.Errorf("ResetEarliest read %d records, want the %d of history (missing %v)", len(got), nhist, m)
		}
	})

	t.Run("latest", func(t *testing.T) {
		t.Parallel()
		cfg := base
		cfg.GroupID, cfg.AutoOffsetReset = suite.Uniq("g-latest"), consumer.ResetLatest
		c := suitekit.NewConsumer(t, cfg)
		if err := c.Subscribe(topic); err != nil {
			t.Fatal(err)
		}
		// Poll until the group assigned both partitions and their positions
		// are known.
		end := suitekit.EndOffsets(t, brokers, topic, nparts, suitekit.ReadUncommitted)
		deadline := time.Now().Add(60 * time.Second)
		for {
			ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
			recs, err := c.Poll(ctx)
			cancel()
			if len(recs) > 0 {
				t.Fatalf("ResetLatest returned history before anything new was produced: %d records, first %q", len(recs), recs[0].Value)
			}
			if err != nil && !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("poll: %v", err)
			}
			if len(c.Assignment()) == nparts && c.Position(tps[0]) >= 0 && c.Position(tps[1]) >= 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("no assignment with positions after 60s: %v, positions %d %d", c.Assignment(), c.Position(tps[0]), c.Position(tps[1]))
			}
		}
		for _, tp := range tps {
			if pos := c.Position(tp); pos != end[tp.Partition] {
				t.Errorf("ResetLatest positioned partition %d at %d, its end is %d", tp.Partition, pos, end[tp.Partition])
			}
		}
		fresh := suitekit.Produce(t, brokers, topic, 6, "new")
		got := pollN(t, c, len(fresh), 30*time.Second, time.Second)
		seen := map[tpo]int{}
		for _, r := range got {
			seen[tpo{P: r.Partition, O: r.Offset}]++
			if !strings.HasPrefix(string(r.Value), "new-") {
				t.Errorf("ResetLatest returned a record of history: %q at %d@%d", r.Value, r.Partition, r.Offset)
			}
		}
		if m := missing(fresh, seen); len(m) > 0 || len(got) != len(fresh) {
			t.Errorf("ResetLatest read %d records, want exactly the %d new ones (missing %v)", len(got), len(fresh), m)
		}
	})

	t.Run("none/group", func(t *testing.T) {
		t.Parallel()
		cfg := base
		cfg.GroupID, cfg.AutoOffsetReset = suite.Uniq("g-none"), consumer.ResetNone
		c := suitekit.NewConsumer(t, cfg)
		if err := c.Subscribe(topic); err != nil {
			t.Fatal(err)
		}
		expectResetError(t, c, topic)
	})

	t.Run("none/direct", func(t *testing.T) {
		t.Parallel()
		c := suitekit.NewConsumer(t, consumer.Config{Brokers: brokers, AutoOffsetReset: consumer.ResetNone})
		if err := c.Assign(tps...); err != nil {
			t.Fatal(err)
		}
		// As a user would: each partition's OffsetResetError is answered by
		// seeking that partition, and reading goes on.
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		reported := map[int32]int{}
		var got []kafkawire.Record
		seen := map[tpo]int{}
		for len(missing(history, seen)) > 0 {
			recs, err := c.Poll(ctx)
			var oe *consumer.OffsetResetError
			switch {
			case errors.As(err, &oe):
				if oe.Partition.Topic != topic || oe.Offset != -1 {
					t.Errorf("OffsetResetError names %s/%d offset %d, want topic %s, offset -1", oe.Partition.Topic, oe.Partition.Partition, oe.Offset, topic)
				}
				reported[oe.Partition.Partition]++
				if err := c.Seek(oe.Partition, 0); err != nil {
					t.Fatal(err)
				}
			case err != nil:
				t.Fatalf("%d records, then: %v", len(got), err)
			}
			got = append(got, recs...)
			for _, r := range recs {
				seen[tpo{P: r.Partition, O: r.Offset}]++
			}
		}
		t.Logf("ResetNone in direct mode: OffsetResetError per partition %v; after Seek(0) read %d records (the %d of history, and any the parallel \"latest\" subtest added)", reported, len(got), nhist)
		if len(reported) != nparts {
			t.Errorf("OffsetResetError reported for partitions %v, want both", reported)
		}
		for p, n := range reported {
			if n != 1 {
				t.Errorf("partition %d: OffsetResetError reported %d times", p, n)
			}
		}
		for k, n := range seen {
			if n > 1 {
				t.Errorf("after Seek(0) read %v %d times", k, n)
			}
		}
	})
}

// expectResetError polls until the consumer reports an *OffsetResetError
// for topic and returns it.
func expectResetError(t *testing.T, c *consumer.Consumer, topic string) *consumer.OffsetResetError {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	recs, err := c.Poll(ctx)
	if err == nil {
		t.Fatalf("ResetNone with no committed offset: Poll returned %d records and no error", len(recs))
	}
	var oe *consumer.OffsetResetError
	if !errors.As(err, &oe) {
		t.Fatalf("ResetNone with no committed offset: Poll error %v (%T) is no *consumer.OffsetResetError", err, err)
	}
	if oe.Partition.Topic != topic || oe.Offset != -1 {
		t.Errorf("OffsetResetError names %s/%d offset %d, want topic %s, offset -1", oe.Partition.Topic, oe.Partition.Partition, oe.Offset, topic)
	}
	t.Logf("ResetNone: %v", err)
	return oe
}

// pollN polls until it has n records (failing after timeout), then keeps
// polling for linger to catch extra ones, and returns all.
func pollN(t testing.TB, c *consumer.Consumer, n int, timeout, linger time.Duration) []kafkawire.Record {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var out []kafkawire.Record
	for len(out) < n {
		recs, err := c.Poll(ctx)
		if err != nil {
			t.Fatalf("%d of %d records, then: %v", len(out), n, err)
		}
		out = append(out, recs...)
	}
	extra, cancel2 := context.WithTimeout(context.Background(), linger)
	defer cancel2()
	for {
		recs, err := c.Poll(extra)
		if err != nil {
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("poll after the %d records: %v", n, err)
			}
			break
		}
		out = append(out, recs...)
	}
	return out
}
