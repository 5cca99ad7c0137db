package pythonsuite

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/consumer"
	"github.com/kafkawire/kafkawire/integration/suitekit"
	"github.com/kafkawire/kafkawire/producer"
)

// The seed's four scenarios, each run both ways: what our client writes,
// kafka-python reads, and the reverse. Counts are checked three ways: the
// writer's acknowledgements, the reader's records, and the broker's high
// watermarks (an independent count); for the group scenarios, the commits
// one client made are read back by the other.

const parts = 3

// TestPySyncSend: scenario 1, SendSync / send(...).get(timeout=10).
func TestPySyncSend(t *testing.T) {
	brokers := sharedCluster(t).Bootstrap()
	python(t)
	const n = 20
	t.Run("ours-to-kafka-python", func(t *testing.T) {
		topic := suite.NewTopic(t, brokers, "sync-in", parts)
		p := suitekit.NewProducer(t, producer.Config{Brokers: brokers})
		var want []string
		for i := range n {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			rec := &kafkawire.Record{Topic: topic, Key: fmt.Appendf(nil, "key-%d", i), Value: fmt.Appendf(nil, "sync-%d", i)}
			res, err := p.SendSync(ctx, rec)
			cancel()
			if err != nil {
				t.Fatalf("SendSync %d: %v", i, err)
			}
			want = append(want, fmt.Sprintf("%d@%d key-%d=sync-%d", res.Partition, res.Offset, i, i))
		}
		got := records(peer(t, brokers, "dump", "--topic", topic))
		checkSame(t, "kafka-python read", got, want)
		checkHighWatermarks(t, brokers, topic, parts, n)
	})
	t.Run("kafka-python-to-ours", func(t *testing.T) {
		topic := suite.NewTopic(t, brokers, "sync-out", parts)
		want := records(peer(t, brokers, "produce-sync", "--topic", topic, "--n", fmt.Sprint(n)))
		if len(want) != n {
			t.Fatalf("kafka-python acknowledged %d records, want %d", len(want), n)
		}
		var got []string
		for _, r := range suitekit.ReadToEnd(t, brokers, topic, parts) {
			got = append(got, recordString(r))
		}
		checkSame(t, "we read", got, want)
		checkHighWatermarks(t, brokers, topic, parts, n)
	})
}

type event struct {
	ID   int    `json:"id"`
	Note string `json:"note"`
}

// TestPyAsyncSend: scenario 2, 100 JSON records sent without waiting with
// batch_size 16384 and linger 3 s, then flush.
func TestPyAsyncSend(t *testing.T) {
	brokers := sharedCluster(t).Bootstrap()
	python(t)
	const n = 100
	t.Run("ours-to-kafka-python", func(t *testing.T) {
		topic := suite.NewTopic(t, brokers, "async-in", parts)
		p := suitekit.NewProducer(t, producer.Config{Brokers: brokers, Linger: 3 * time.Second, BatchSize: 16384})
		typed, err := producer.NewTyped(p, producer.String(), producer.JSON[event]())
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		var futures []*producer.Future
		for i := range n {
			futures = append(futures, typed.Send(ctx, topic, fmt.Sprintf("key-%d", i%10), event{ID: i, Note: "async"}))
		}
		if err := p.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		for i, f := range futures {
			if _, err := f.Result(); err != nil {
				t.Fatalf("record %d: %v", i, err)
			}
		}
		var ids []int
		for _, l := range peer(t, brokers, "dump", "--topic", topic) {
			if l.isRecord() {
				ids = append(ids, decodeEvent(t, []byte(l.V)).ID)
			}
		}
		checkIDs(t, "kafka-python read", ids, n)
		checkHighWatermarks(t, brokers, topic, parts, n)
	})
	t.Run("kafka-python-to-ours", func(t *testing.T) {
		topic := suite.NewTopic(t, brokers, "async-out", parts)
		sum := peer(t, brokers, "produce-async", "--topic", topic, "--n", fmt.Sprint(n), "--linger-ms", "3000")
		if len(sum) != 1 || sum[0].Acked != n {
			t.Fatalf("kafka-python async send: %+v, want %d acknowledged", sum, n)
		}
		var ids []int
		for _, r := range suitekit.ReadToEnd(t, brokers, topic, parts) {
			ids = append(ids, decodeEvent(t, r.Value).ID)
		}
		checkIDs(t, "we read", ids, n)
		checkHighWatermarks(t, brokers, topic, parts, n)
	})
}

// TestPyAutoCommitGroup: scenarios 7-10, a group consumer with auto commit,
// earliest and a 1 s idle timeout; the group's commits, made by one client,
// are read back by the other and must equal the high watermarks.
func TestPyAutoCommitGroup(t *testing.T) {
	brokers := sharedCluster(t).Bootstrap()
	python(t)
	const n = 100
	t.Run("ours-to-kafka-python", func(t *testing.T) {
		topic := suite.NewTopic(t, brokers, "auto-in", parts)
		want := ourWrite(t, brokers, topic, n)
		g := suite.Uniq("auto-in")
		lines := peer(t, brokers, "consume-auto", "--topic", topic, "--group", g, "--timeout-ms", "1000")
		checkSame(t, "kafka-python's group consumer read", records(lines), want)
		end := checkHighWatermarks(t, brokers, topic, parts, n)
		checkCommitted(t, "kafka-python's commits, read by us", ourCommitted(t, brokers, g, topic, parts), end)
	})
	t.Run("kafka-python-to-ours", func(t *testing.T) {
		topic := suite.NewTopic(t, brokers, "auto-out", parts)
		want := records(peer(t, brokers, "produce-sync", "--topic", topic, "--n", fmt.Sprint(n)))
		g := suite.Uniq("auto-out")
		c := suitekit.NewConsumer(t, consumer.Config{Brokers: brokers, GroupID: g, AutoOffsetReset: consumer.ResetEarliest, IdleTimeout: time.Second})
		if err := c.Subscribe(topic); err != nil {
			t.Fatal(err)
		}
		got := ourGroupRead(t, c, func([]kafkawire.Record) {})
		closeConsumer(t, c)
		checkSame(t, "our group consumer read", got, want)
		end := checkHighWatermarks(t, brokers, topic, parts, n)
		checkCommitted(t, "our commits, read by kafka-python", theirCommitted(t, brokers, g, topic), end)
	})
}

// TestPyManualCommit: scenario 11, auto commit off and an asynchronous
// commit after every 10 records; the commits are read back by the other
// client.
func TestPyManualCommit(t *testing.T) {
	brokers := sharedCluster(t).Bootstrap()
	python(t)
	const n = 105
	t.Run("ours-to-kafka-python", func(t *testing.T) {
		topic := suite.NewTopic(t, brokers, "manual-in", parts)
		want := ourWrite(t, brokers, topic, n)
		g := suite.Uniq("manual-in")
		lines := peer(t, brokers, "consume-manual", "--topic", topic, "--group", g, "--every", "10")
		checkSame(t, "kafka-python's manual-commit consumer read", records(lines), want)
		sum := lines[len(lines)-1]
		t.Logf("kafka-python: %d commits, %d commit_async failures (first: %s)", sum.Commits, sum.CommitErrs, sum.FirstErr)
		end := checkHighWatermarks(t, brokers, topic, parts, n)
		checkCommitted(t, "kafka-python's commits, read by us", ourCommitted(t, brokers, g, topic, parts), end)
	})
	t.Run("kafka-python-to-ours", func(t *testing.T) {
		topic := suite.NewTopic(t, brokers, "manual-out", parts)
		want := records(peer(t, brokers, "produce-sync", "--topic", topic, "--n", fmt.Sprint(n)))
		g := suite.Uniq("manual-out")
		c := suitekit.NewConsumer(t, consumer.Config{Brokers: brokers, GroupID: g, AutoCommit: consumer.Disabled,
			AutoOffsetReset: consumer.ResetEarliest, IdleTimeout: time.Second})
		if err := c.Subscribe(topic); err != nil {
			t.Fatal(err)
		}
		var batch []kafkawire.Record
		commitErrs := make(chan error, n)
		commits := 0
		commit := func() {
			c.CommitOffsetsAsync(consumer.ProcessedOffsets(batch), func(_ map[kafkawire.TopicPartition]kafkawire.Offset, err error) {
				commitErrs <- err
			})
			commits++
			batch = nil
		}
		got := ourGroupRead(t, c, func(recs []kafkawire.Record) {
			for _, r := range recs {
				batch = append(batch, r)
				if len(batch) == 10 {
					commit()
				}
			}
		})
		if len(batch) > 0 {
			commit()
		}
		// Async commits complete in call order: wait for each answer.
		for range commits {
			select {
			case err := <-commitErrs:
				if err != nil {
					t.Fatalf("CommitOffsetsAsync: %v", err)
				}
			case <-time.After(30 * time.Second):
				t.Fatal("an async commit got no answer in 30 s")
			}
		}
		if err := c.Close(context.Background()); err != nil {
			t.Fatal(err)
		}
		checkSame(t, "our manual-commit consumer read", got, want)
		end := checkHighWatermarks(t, brokers, topic, parts, n)
		checkCommitted(t, "our commits, read by kafka-python", theirCommitted(t, brokers, g, topic), end)
	})
}

// ourWrite sends n keyed records with our producer and returns them as
// "p@o k=v".
func ourWrite(t testing.TB, brokers []string, topic string, n int) []string {
	t.Helper()
	p := suitekit.NewProducer(t, producer.Config{Brokers: brokers})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var recs []kafkawire.Record
	for i := range n {
		recs = append(recs, kafkawire.Record{Topic: topic, Key: fmt.Appendf(nil, "key-%d", i), Value: fmt.Appendf(nil, "value-%d", i), Partition: -1})
	}
	res, err := p.SendSyncMany(ctx, recs)
	if err != nil {
		t.Fatalf("SendSyncMany: %v", err)
	}
	var out []string
	for i, r := range res {
		out = append(out, fmt.Sprintf("%d@%d key-%d=value-%d", r.Partition, r.Offset, i, i))
	}
	return out
}

// ourGroupRead iterates c's Records as the seed does (rounds ended by the
// idle timeout, again until a round after records comes back empty), hands
// each round's records to each, and returns them as "p@o k=v".
func ourGroupRead(t testing.TB, c *consumer.Consumer, each func([]kafkawire.Record)) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	var out []string
	for ctx.Err() == nil {
		var round []kafkawire.Record
		for r, err := range c.Records(ctx) {
			if err != nil {
				t.Fatalf("Records: %v", err)
			}
			round = append(round, r)
			out = append(out, recordString(r))
		}
		each(round)
		if len(round) == 0 && len(out) > 0 {
			break
		}
	}
	return out
}

func closeConsumer(t testing.TB, c *consumer.Consumer) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := c.Close(ctx); err != nil {
		t.Fatalf("Close: %v", err)
	}
}

func decodeEvent(t testing.TB, v []byte) event {
	t.Helper()
	var e event
	if err := json.Unmarshal(v, &e); err != nil || e.Note != "async" {
		t.Fatalf("value %q is not the JSON the writer sent: %v", v, err)
	}
	return e
}

// checkSame wants got and want to hold the same records, each once.
func checkSame(t testing.TB, what string, got, want []string) {
	t.Helper()
	g, w := slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))
	if !slices.Equal(g, w) {
		t.Fatalf("%s %d records, want the %d written:\n got %v\nwant %v", what, len(got), len(want), head(g), head(w))
	}
}

// checkIDs wants ids 0..n-1, each once.
func checkIDs(t testing.TB, what string, ids []int, n int) {
	t.Helper()
	slices.Sort(ids)
	if len(ids) != n {
		t.Fatalf("%s %d records, want %d", what, len(ids), n)
	}
	for i, id := range ids {
		if id != i {
			t.Fatalf("%s ids %v, want 0..%d once each", what, head(ids), n-1)
		}
	}
}

func head[T any](s []T) []T {
	if len(s) > 30 {
		return s[:30]
	}
	return s
}

// checkHighWatermarks wants the broker to hold exactly n records in the np
// partitions of topic, and returns its end offsets.
func checkHighWatermarks(t testing.TB, brokers []string, topic string, np int32, n int64) map[int32]int64 {
	t.Helper()
	end := suitekit.EndOffsets(t, brokers, topic, np, suitekit.ReadUncommitted)
	sum := suitekit.Sum(end)
	if sum != n {
		t.Fatalf("the broker holds %d records in %s (end offsets %v), want %d", sum, topic, end, n)
	}
	return end
}

// checkCommitted wants a commit at the end offset of every partition that
// holds records.
func checkCommitted(t testing.TB, what string, got, end map[int32]int64) {
	t.Helper()
	want := dropEmpty(end)
	got = dropEmpty(got)
	if !maps.Equal(got, want) {
		t.Fatalf("%s: %v, want the end offsets %v", what, got, want)
	}
}
