package consumer

import (
	"context"
	"sync"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/internal/fakebroker"
	"github.com/kafkawire/kafkawire/protocol"
)

// commitLog records every offset committed to the fake cluster, in order.
type commitLog struct {
	mu   sync.Mutex
	offs map[kafkawire.TopicPartition][]int64
}

func logCommits(fc *fakebroker.Cluster) *commitLog {
	l := &commitLog{offs: map[kafkawire.TopicPartition][]int64{}}
	fc.Handle(protocol.KeyOffsetCommit, func(r *fakebroker.Request) fakebroker.Action {
		req := r.Body.(*protocol.OffsetCommitRequest)
		l.mu.Lock()
		for _, t := range req.Topics {
			for _, p := range t.Partitions {
				tp := kafkawire.TopicPartition{Topic: t.Name, Partition: p.PartitionIndex}
				l.offs[tp] = append(l.offs[tp], p.CommittedOffset)
			}
		}
		l.mu.Unlock()
		return r.Default()
	})
	return l
}

func (l *commitLog) get(tp kafkawire.TopicPartition) []int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]int64(nil), l.offs[tp]...)
}

// Defect 12: Commit bypassed commitMu and the auto commit of positions as
// of the last Poll (older) came after it, moving the committed offset back.
func TestCommitNeverGoesBackwards(t *testing.T) {
	checkGoroutines(t)
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	fill(t, fc, "t", 0, 100)
	log := logCommits(fc)
	tp0 := kafkawire.TopicPartition{Topic: "t"}
	c := mustNew(t, Config{Brokers: fc.Addrs(), GroupID: "g", AutoOffsetReset: ResetEarliest,
		MaxPollRecords: 10, AutoCommitInterval: 30 * time.Millisecond})
	defer closeConsumer(t, c)
	c.Assign(tp0)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	got := 0
	for got < 30 {
		recs, err := c.Poll(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got += len(recs)
	}
	// Position 30; what the last Poll returned is not processed yet, so auto
	// commit would record 20. The application says it processed all of it.
	if err := c.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond) // several auto-commit intervals
	if got := fc.Committed("g", "t", 0); got != 30 {
		t.Fatalf("committed %d after Commit at 30 and idle auto commits; commits: %v", got, log.get(tp0))
	}
	offs := log.get(tp0)
	for i := 1; i < len(offs); i++ {
		if offs[i] < offs[i-1] {
			t.Fatalf("commits went backwards: %v", offs)
		}
	}
}

// Decision for defect 12: an explicit CommitOffsets is the user's word and
// may go lower; Seek lower resets the floor for the automatic commits.
func TestExplicitLowerCommitAndSeekAreHonoured(t *testing.T) {
	checkGoroutines(t)
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	fill(t, fc, "t", 0, 50)
	tp0 := kafkawire.TopicPartition{Topic: "t"}
	c := mustNew(t, Config{Brokers: fc.Addrs(), GroupID: "g", AutoOffsetReset: ResetEarliest, AutoCommitInterval: time.Hour})
	c.Assign(tp0)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	got := 0
	for got < 50 {
		recs, err := c.Poll(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got += len(recs)
	}
	if err := c.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := c.CommitOffsets(ctx, map[kafkawire.TopicPartition]kafkawire.Offset{tp0: {Offset: 10, LeaderEpoch: -1}}); err != nil {
		t.Fatal(err)
	}
	if got := fc.Committed("g", "t", 0); got != 10 {
		t.Fatalf("explicit commit of 10: committed %d", got)
	}
	c.Seek(tp0, 5)
	if err := c.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if got := fc.Committed("g", "t", 0); got != 5 {
		t.Fatalf("Close after Seek to 5: committed %d", got)
	}
}
