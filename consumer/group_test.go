package consumer

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/group"
	"github.com/kafkawire/kafkawire/internal/fakebroker"
	"github.com/kafkawire/kafkawire/protocol"
)

// Defect 8: fatal group errors were retried forever and logged at INFO; a
// misconfigured consumer just looked idle.
func TestFatalGroupErrorsReachPoll(t *testing.T) {
	checkGoroutines(t)
	for _, want := range []*kafkawire.Error{kafkawire.ErrInvalidSessionTimeout, kafkawire.ErrInconsistentGroupProtocol,
		kafkawire.ErrGroupAuthorizationFailed, kafkawire.ErrGroupMaxSizeReached, kafkawire.ErrFencedInstanceID,
		kafkawire.ErrUnsupportedVersion, kafkawire.ErrInvalidGroupID} {
		t.Run(want.Name, func(t *testing.T) {
			fc := fakebroker.NewCluster(t, 1)
			fc.AddTopic("t", 1)
			fc.Handle(protocol.KeyJoinGroup, func(r *fakebroker.Request) fakebroker.Action { return fakebroker.ErrorReply(r, want.Code) })
			c := mustNew(t, Config{Brokers: fc.Addrs(), GroupID: "g", RetryBackoff: 10 * time.Millisecond, RetryBackoffMax: 20 * time.Millisecond})
			defer closeConsumer(t, c)
			if err := c.Subscribe("t"); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			defer cancel()
			start := time.Now()
			_, err := c.Poll(ctx)
			if !errors.Is(err, want) || time.Since(start) > time.Second {
				t.Fatalf("Poll after %v: %v; want %v", time.Since(start), err, want)
			}
			checkGroupError(t, err, "JoinGroup")
			joins := fc.Requests(protocol.KeyJoinGroup)
			// Records yields it and ends: the consumer cannot go on.
			n := 0
			for _, err := range c.Records(ctx) {
				n++
				if !errors.Is(err, want) {
					t.Fatalf("Records yielded %v", err)
				}
			}
			if n != 1 || ctx.Err() != nil {
				t.Fatalf("Records yielded %d times (ctx %v), want the error once and the end", n, ctx.Err())
			}
			time.Sleep(200 * time.Millisecond)
			if now := fc.Requests(protocol.KeyJoinGroup); now != joins {
				t.Fatalf("JoinGroup sent %d more times after a fatal error", now-joins)
			}
			cctx, ccancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer ccancel()
			if err := c.Close(cctx); err != nil {
				t.Fatalf("Close: %v", err)
			}
		})
	}
}

func checkGroupError(t *testing.T, err error, op string) {
	t.Helper()
	var ge *group.Error
	if !errors.As(err, &ge) || ge.Group != "g" || ge.Op != op || !ge.Fatal {
		t.Fatalf("%v (%T): want a fatal *group.Error of group g, op %s", err, err, op)
	}
	if strings.Contains(err.Error(), "\n") {
		t.Fatalf("error is not one line: %q", err)
	}
}

// Defect 14: IdleTimeout counted the group join, so a member whose join
// took longer than IdleTimeout ended its iteration with no record.
func TestIdleTimeoutCountsFromAssignment(t *testing.T) {
	checkGoroutines(t)
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	fill(t, fc, "t", 0, 20)
	fc.Handle(protocol.KeyJoinGroup, func(r *fakebroker.Request) fakebroker.Action {
		return fakebroker.Delay(700*time.Millisecond, r.Default())
	})
	c := mustNew(t, Config{Brokers: fc.Addrs(), GroupID: "g", AutoOffsetReset: ResetEarliest, IdleTimeout: 300 * time.Millisecond})
	defer closeConsumer(t, c)
	c.Subscribe("t")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	n := 0
	start := time.Now()
	for r, err := range c.Records(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		if string(r.Value) != fmt.Sprintf("0-%d", n) {
			t.Fatalf("record %d is %q", n, r.Value)
		}
		n++
	}
	if n != 20 {
		t.Fatalf("Records ended after %v with %d records, want 20", time.Since(start), n)
	}
}

// rebalanceScript runs a one-member group whose assignment the test picks
// per generation, and that rebalances when told to (a Heartbeat answered
// REBALANCE_IN_PROGRESS).
type rebalanceScript struct {
	mu      sync.Mutex
	assign  [][]int32 // partitions of "t" for generation i+1; the last repeats
	syncs   int
	trigger atomic.Bool
}

func (s *rebalanceScript) install(fc *fakebroker.Cluster) {
	fc.Handle(protocol.KeyHeartbeat, func(r *fakebroker.Request) fakebroker.Action {
		if s.trigger.Swap(false) {
			return fakebroker.ErrorReply(r, kafkawire.ErrRebalanceInProgress.Code)
		}
		return r.Default()
	})
	fc.Handle(protocol.KeySyncGroup, func(r *fakebroker.Request) fakebroker.Action {
		req := r.Body.(*protocol.SyncGroupRequest)
		s.mu.Lock()
		parts := s.assign[min(s.syncs, len(s.assign)-1)]
		s.syncs++
		s.mu.Unlock()
		a := protocol.ConsumerProtocolAssignment{AssignedPartitions: []protocol.ConsumerProtocolTopicPartition{{Topic: "t", Partitions: parts}}}
		return fakebroker.Reply(&protocol.SyncGroupResponse{ProtocolType: req.ProtocolType, ProtocolName: req.ProtocolName, Assignment: a.AppendTo(nil, 3)})
	})
}

func (s *rebalanceScript) generations() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.syncs
}

// Defect 13: partitions were revoked in the background while the
// application still processed its batch, and the revocation committed
// positions as of the Poll before: the batch in processing was read again
// by the next owner. Revocation now completes at the next Poll and commits
// everything handed out before it.
func TestRevocationCompletesAtNextPoll(t *testing.T) {
	checkGoroutines(t)
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 2)
	fill(t, fc, "t", 0, 200)
	fill(t, fc, "t", 1, 200)
	script := &rebalanceScript{assign: [][]int32{{0, 1}, {0}, {0, 1}}}
	script.install(fc)
	log := logCommits(fc)
	c := mustNew(t, Config{Brokers: fc.Addrs(), GroupID: "g", AutoOffsetReset: ResetEarliest, MaxPollRecords: 25,
		AutoCommitInterval: time.Hour, HeartbeatInterval: 20 * time.Millisecond, SessionTimeout: time.Second, RebalanceTimeout: 10 * time.Second})
	defer closeConsumer(t, c)
	c.Subscribe("t")
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()

	seen := map[kafkawire.TopicPartition]map[int64]bool{}
	handed := map[kafkawire.TopicPartition]int64{} // next offset after what Poll handed out
	poll := func() []kafkawire.Record {
		pctx, pcancel := context.WithTimeout(ctx, 100*time.Millisecond)
		defer pcancel()
		recs, err := c.Poll(pctx)
		if err != nil && (ctx.Err() != nil || !errors.Is(err, context.DeadlineExceeded)) {
			t.Fatal(err)
		}
		for _, r := range recs {
			tp := tpOf(r)
			if seen[tp] == nil {
				seen[tp] = map[int64]bool{}
			}
			if seen[tp][r.Offset] {
				t.Fatalf("%s/%d offset %d handed out twice", tp.Topic, tp.Partition, r.Offset)
			}
			seen[tp][r.Offset] = true
			handed[tp] = max(handed[tp], r.Offset+1)
		}
		return recs
	}
	// Generation 2 takes t/1 away while the application processes a batch
	// with records of it.
	tp1 := kafkawire.TopicPartition{Topic: "t", Partition: 1}
	for {
		recs := poll()
		if len(recs) > 0 && tpOf(recs[len(recs)-1]) == tp1 {
			break
		}
	}
	script.trigger.Store(true)
	time.Sleep(300 * time.Millisecond) // processing, while the heartbeat answers REBALANCE_IN_PROGRESS
	atRevoke := map[kafkawire.TopicPartition]int64{tp0: handed[tp0], tp1: handed[tp1]}
	for script.generations() < 2 {
		for _, r := range poll() {
			if tpOf(r) == tp1 {
				t.Fatalf("t/1 offset %d handed out after its revocation began", r.Offset)
			}
		}
	}
	for tp, want := range atRevoke {
		if got := fc.Committed("g", "t", tp.Partition); got != want {
			t.Errorf("revocation committed %d for %s/%d; %d were handed out before it (commits %v)", got, tp.Topic, tp.Partition, want, log.get(tp))
		}
	}
	// Generation 3 gives t/1 back: it resumes where the revocation committed.
	for i := 0; i < 3; i++ {
		poll()
	}
	script.trigger.Store(true)
	for handed[tp1] < 200 || handed[tp0] < 200 || script.generations() < 3 {
		poll()
	}
	if got := fmt.Sprint(c.Assignment()); got != "[{t 0} {t 1}]" {
		t.Fatalf("assignment %v", got)
	}
}
