package kip848suite

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/consumer"
	"github.com/kafkawire/kafkawire/integration/suitekit"
	"github.com/kafkawire/kafkawire/protocol"
)

// Commits keep succeeding while the group's epoch moves under them (members
// join and leave): a commit sent with the epoch the coordinator has just
// replaced (STALE_MEMBER_EPOCH) is sent again with the member's next one,
// and never reaches the application as an error. How many were resent
// depends on timing, so the test reports it rather than asserting it.
func TestCommitsAcrossEpochChanges(t *testing.T) {
	tc := sharedCluster(t)
	topic := newTopic(t, tc.Bootstrap(), uniq("epoch"), 6)
	groupID := uniq("ge")
	produce(t, tc.Bootstrap(), topic, 600)
	var requests atomic.Int64
	hook := func(e conn.RequestEvent) {
		if e.APIKey == protocol.KeyOffsetCommit {
			requests.Add(1)
		}
	}
	cfg := consumer.Config{Brokers: tc.Bootstrap(), GroupID: groupID, GroupProtocol: consumer.GroupProtocolConsumer,
		AutoOffsetReset: consumer.ResetEarliest, AutoCommit: consumer.Disabled}
	acfg := cfg
	acfg.Hooks = conn.Hooks{OnRequest: hook}
	a := suitekit.NewConsumer(t, acfg)
	if err := a.Subscribe(topic); err != nil {
		t.Fatal(err)
	}
	pollUntil(t, a, 60*time.Second, func(r []kafkawire.Record) bool { return len(r) > 0 })
	startEpoch := a.GroupMetadata().Generation.ID

	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var calls int64
	var errs []error
	wg.Add(1)
	go func() {
		defer wg.Done()
		offs := map[kafkawire.TopicPartition]kafkawire.Offset{{Topic: topic, Partition: 0}: {Offset: 1, LeaderEpoch: -1}}
		for ctx.Err() == nil {
			cctx, ccancel := context.WithTimeout(ctx, 30*time.Second)
			err := a.CommitOffsets(cctx, offs)
			ccancel()
			if ctx.Err() != nil {
				return
			}
			calls++
			if err != nil {
				errs = append(errs, err)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()
	// Two rounds of a member joining and leaving: each moves the epoch.
	// A keeps polling (its revocations complete at Poll).
	for round := range 2 {
		b := suitekit.NewConsumer(t, cfg)
		if err := b.Subscribe(topic); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(60 * time.Second)
		for len(b.Assignment()) == 0 || len(a.Assignment()) == 6 {
			if time.Now().After(deadline) {
				t.Fatalf("round %d: the second member got no partitions within 60s", round)
			}
			for _, c := range []*consumer.Consumer{a, b} {
				pctx, pcancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
				_, _ = c.Poll(pctx)
				pcancel()
			}
		}
		cctx, ccancel := context.WithTimeout(context.Background(), 15*time.Second)
		if err := b.Close(cctx); err != nil {
			t.Errorf("round %d: closing the second member: %v", round, err)
		}
		ccancel()
		for len(a.Assignment()) != 6 && time.Now().Before(deadline) {
			pctx, pcancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
			_, _ = a.Poll(pctx)
			pcancel()
		}
	}
	cancel()
	wg.Wait()
	endEpoch := a.GroupMetadata().Generation.ID
	t.Logf("member epoch %d -> %d; %d commits in %d OffsetCommit requests", startEpoch, endEpoch, calls, requests.Load())
	if endEpoch <= startEpoch || calls == 0 {
		t.Fatalf("the epoch did not move (%d -> %d) or nothing was committed (%d)", startEpoch, endEpoch, calls)
	}
	for i, err := range errs {
		if i < 5 {
			t.Errorf("commit failed while the epoch moved: %v", err)
		}
	}
	if len(errs) > 0 {
		t.Fatalf("%d of %d commits failed", len(errs), calls)
	}
}
