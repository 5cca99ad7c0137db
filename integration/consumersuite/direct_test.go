package consumersuite

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/consumer"
	"github.com/kafkawire/kafkawire/integration/suitekit"
	"github.com/kafkawire/kafkawire/producer"
)

// produceTo writes n records to one partition (value "<tag>-<i>").
func produceTo(t testing.TB, p *producer.Producer, topic string, partition int32, n int, tag string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	recs := make([]kafkawire.Record, n)
	for i := range recs {
		recs[i] = kafkawire.Record{Topic: topic, Partition: partition, Value: fmt.Appendf(nil, "%s-%d", tag, i)}
	}
	if _, err := p.SendSyncMany(ctx, recs); err != nil {
		t.Fatalf("producing to %s/%d: %v", topic, partition, err)
	}
}

// offsetsOf groups the offsets of recs by partition, in the order read.
func offsetsOf(recs []kafkawire.Record) map[int32][]int64 {
	out := map[int32][]int64{}
	for _, r := range recs {
		out[r.Partition] = append(out[r.Partition], r.Offset)
	}
	return out
}

func span(from, to int64) []int64 {
	var out []int64
	for o := from; o < to; o++ {
		out = append(out, o)
	}
	return out
}

// TestDirectSeekPauseResume: direct mode (Assign, no group) reads each
// partition in offset order from the earliest offset; Seek moves the next
// record returned (Position follows at once); a paused partition returns
// nothing while others flow, and catches up on Resume; Assign replaces
// the assignment.
func TestDirectSeekPauseResume(t *testing.T) {
	t.Parallel()
	tc := sharedCluster(t)
	brokers := tc.Bootstrap()
	topic := suite.NewTopic(t, brokers, "direct", 2)
	tp0, tp1 := kafkawire.TopicPartition{Topic: topic, Partition: 0}, kafkawire.TopicPartition{Topic: topic, Partition: 1}
	p := suitekit.NewProducer(t, producer.Config{Brokers: brokers, Partitioner: producer.ManualPartitioner()})
	produceTo(t, p, topic, 0, 20, "a")
	produceTo(t, p, topic, 1, 20, "a")

	c := suitekit.NewConsumer(t, consumer.Config{Brokers: brokers, AutoOffsetReset: consumer.ResetEarliest})
	if err := c.Assign(tp0, tp1); err != nil {
		t.Fatal(err)
	}
	if got := c.Assignment(); !slices.Equal(got, []kafkawire.TopicPartition{tp0, tp1}) {
		t.Errorf("Assignment() = %v after Assign(%v, %v)", got, tp0, tp1)
	}
	if err := c.Subscribe(topic); err == nil {
		t.Errorf("Subscribe after Assign succeeded; want an error (direct and group mode do not mix)")
	}

	// Everything, in offset order per partition.
	offs := offsetsOf(pollN(t, c, 40, 30*time.Second, 300*time.Millisecond))
	for _, part := range []int32{0, 1} {
		if !slices.Equal(offs[part], span(0, 20)) {
			t.Errorf("partition %d: read offsets %v, want 0..19 in order", part, offs[part])
		}
	}
	if a, b := c.Position(tp0), c.Position(tp1); a != 20 || b != 20 {
		t.Errorf("positions after reading all: %d, %d; want 20, 20", a, b)
	}

	// Seek back on partition 0 only.
	if err := c.Seek(tp0, 5); err != nil {
		t.Fatal(err)
	}
	if pos := c.Position(tp0); pos != 5 {
		t.Errorf("Position right after Seek(5) = %d", pos)
	}
	offs = offsetsOf(pollN(t, c, 15, 30*time.Second, 300*time.Millisecond))
	if !slices.Equal(offs[0], span(5, 20)) || len(offs[1]) != 0 {
		t.Errorf("after Seek(p0, 5) read %v; want p0 5..19 and nothing of p1", offs)
	}
	// Seek forward past records, and Seek on a partition not assigned.
	if err := c.Seek(tp0, 18); err != nil {
		t.Fatal(err)
	}
	offs = offsetsOf(pollN(t, c, 2, 30*time.Second, 300*time.Millisecond))
	if !slices.Equal(offs[0], []int64{18, 19}) || len(offs[1]) != 0 {
		t.Errorf("after Seek(p0, 18) read %v; want p0 18, 19", offs)
	}
	if err := c.Seek(kafkawire.TopicPartition{Topic: topic, Partition: 7}, 0); err == nil {
		t.Errorf("Seek on a partition not assigned succeeded")
	}

	// Pause partition 1: new records of both partitions arrive, only
	// partition 0's are returned.
	c.Pause(tp1)
	produceTo(t, p, topic, 1, 10, "b")
	produceTo(t, p, topic, 0, 10, "b")
	offs = offsetsOf(pollN(t, c, 10, 30*time.Second, time.Second))
	if !slices.Equal(offs[0], span(20, 30)) || len(offs[1]) != 0 {
		t.Errorf("with p1 paused read %v; want p0 20..29 and nothing of p1", offs)
	}
	if pos := c.Position(tp1); pos != 20 {
		t.Errorf("paused p1 moved to %d", pos)
	}
	c.Resume(tp1)
	offs = offsetsOf(pollN(t, c, 10, 30*time.Second, 300*time.Millisecond))
	if !slices.Equal(offs[1], span(20, 30)) || len(offs[0]) != 0 {
		t.Errorf("after Resume(p1) read %v; want p1 20..29", offs)
	}

	// Pause with records already buffered: they are held back, not lost.
	if err := c.Seek(tp0, 0); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // the fetch of p0 from 0 arrives meanwhile
	c.Pause(tp0)
	ctx, cancel := context.WithTimeout(context.Background(), 700*time.Millisecond)
	recs, err := c.Poll(ctx)
	cancel()
	if err == nil {
		t.Errorf("Poll with only a paused partition holding records returned %d records", len(recs))
	}
	c.Resume(tp0)
	offs = offsetsOf(pollN(t, c, 30, 30*time.Second, 300*time.Millisecond))
	if !slices.Equal(offs[0], span(0, 30)) {
		t.Errorf("after Seek(p0, 0), Pause and Resume read %v; want p0 0..29", offs)
	}

	// Assign replaces the assignment: partition 0 is forgotten.
	if err := c.Assign(tp1); err != nil {
		t.Fatal(err)
	}
	if got := c.Assignment(); !slices.Equal(got, []kafkawire.TopicPartition{tp1}) {
		t.Errorf("Assignment() = %v after Assign(%v)", got, tp1)
	}
	if pos := c.Position(tp0); pos != -1 {
		t.Errorf("Position of an unassigned partition = %d, want -1", pos)
	}
	if err := c.Seek(tp1, 25); err != nil {
		t.Fatal(err)
	}
	produceTo(t, p, topic, 0, 5, "c") // not assigned any more: never read
	offs = offsetsOf(pollN(t, c, 5, 30*time.Second, 500*time.Millisecond))
	if !slices.Equal(offs[1], span(25, 30)) || len(offs[0]) != 0 {
		t.Errorf("after Assign(p1), Seek(p1, 25) read %v; want p1 25..29 only", offs)
	}
}

// TestRecordsIterator: the Records iterator yields records in order, ends
// after IdleTimeout without records, and can be called again to go on
// where it stopped: after an idle end, after new records arrive
// mid-iteration, and after the caller breaks out of the loop.
func TestRecordsIterator(t *testing.T) {
	t.Parallel()
	tc := sharedCluster(t)
	brokers := tc.Bootstrap()
	topic := suite.NewTopic(t, brokers, "records", 1)
	tp := kafkawire.TopicPartition{Topic: topic, Partition: 0}
	p := suitekit.NewProducer(t, producer.Config{Brokers: brokers, Partitioner: producer.ManualPartitioner()})
	produceTo(t, p, topic, 0, 30, "a")

	const idle = 700 * time.Millisecond
	c := suitekit.NewConsumer(t, consumer.Config{Brokers: brokers, AutoOffsetReset: consumer.ResetEarliest, IdleTimeout: idle})
	if err := c.Assign(tp); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	// iterate runs one Records loop (stopping after limit records if
	// limit > 0) and returns the offsets and how long after the last record
	// (or the start) it ended.
	iterate := func(limit int, during func()) ([]int64, time.Duration) {
		var offs []int64
		last := time.Now()
		for r, err := range c.Records(ctx) {
			if err != nil {
				t.Fatalf("Records yielded an error: %v", err)
			}
			offs = append(offs, r.Offset)
			last = time.Now()
			if during != nil && len(offs) == 1 {
				during()
			}
			if limit > 0 && len(offs) == limit {
				break
			}
		}
		return offs, time.Since(last)
	}
	checkIdle := func(what string, after time.Duration) {
		t.Helper()
		if after < idle*8/10 || after > idle+3*time.Second {
			t.Errorf("%s: the iteration ended %v after the last record; want about IdleTimeout (%v)", what, after, idle)
		}
	}

	offs, after := iterate(0, nil)
	if !slices.Equal(offs, span(0, 30)) {
		t.Errorf("first Records loop: offsets %v, want 0..29", offs)
	}
	checkIdle("first loop", after)
	t.Logf("first Records loop: %d records, ended %v after the last (IdleTimeout %v)", len(offs), after.Round(time.Millisecond), idle)

	// Called again with nothing new: ends after IdleTimeout, empty.
	start := time.Now()
	offs, _ = iterate(0, nil)
	if len(offs) != 0 {
		t.Errorf("Records with nothing new yielded %v", offs)
	}
	checkIdle("empty loop", time.Since(start))

	// Called again while records arrive in two bursts, the second one
	// during the iteration (less than IdleTimeout apart).
	produceTo(t, p, topic, 0, 5, "b")
	offs, after = iterate(0, func() { produceTo(t, p, topic, 0, 5, "c") })
	if !slices.Equal(offs, span(30, 40)) {
		t.Errorf("third Records loop: offsets %v, want 30..39", offs)
	}
	checkIdle("third loop", after)

	// Breaking out of the loop mid-batch loses nothing: the next loop
	// yields the very next record.
	produceTo(t, p, topic, 0, 20, "d")
	time.Sleep(300 * time.Millisecond) // let the 20 records arrive in one fetch
	offs, _ = iterate(3, nil)
	if !slices.Equal(offs, span(40, 43)) {
		t.Errorf("loop broken after 3 records: offsets %v, want 40..42", offs)
	}
	offs, _ = iterate(0, nil)
	if !slices.Equal(offs, span(43, 60)) {
		t.Errorf("after breaking out at 42, the next Records loop yielded %v, want 43..59 (records of the polled batch not yet yielded must not be lost)", offs)
	}

	// The caller's context ends an iteration too.
	short, cancelShort := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancelShort()
	start = time.Now()
	for range c.Records(short) {
	}
	if d := time.Since(start); d > idle {
		t.Errorf("Records with a 200ms context ran %v (IdleTimeout %v)", d, idle)
	}
}
