package consumersuite

import (
	"context"
	"fmt"
	"github.com/kafkawire/kafkawire/integration/suitekit"
	"sync"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/consumer"
	"github.com/kafkawire/kafkawire/group"
)

// TestManualCommitSurvivesKill: a member (memberproc, AutoCommit Disabled)
// commits ProcessedOffsets of each batch after processing it, with
// CommitOffsets (sync) or CommitOffsetsAsync (async). It is SIGKILLed
// mid-stream and started again in the same group. No record is lost, and
// the only records processed twice are ones processed after the last
// commit the first process reported.
func TestManualCommitSurvivesKill(t *testing.T) {
	t.Parallel()
	tc := sharedCluster(t)
	brokers := tc.Bootstrap()
	memberproc.Path(t)
	// Processing takes 15 ms a batch of 20 with sync commits; 3 ms with
	// async ones, less than a commit's round trip, so that commits queue up
	// behind processing and some are in flight at the kill.
	for _, x := range []struct {
		mode  string
		delay time.Duration
	}{{"sync", 15 * time.Millisecond}, {"async", 3 * time.Millisecond}} {
		mode := x.mode
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			const nparts, n = 3, 3000
			topic := suite.NewTopic(t, brokers, "commit-"+mode, nparts)
			all := suitekit.Produce(t, brokers, topic, n, "c")
			args := []string{"-brokers", tc.BootstrapString(), "-topic", topic, "-group", suite.Uniq("g-commit-" + mode),
				"-commit", mode, "-maxpoll", "20", "-delay", x.delay.String(),
				"-session", sessionTimeout.String(), "-heartbeat", heartbeatInterval.String()}

			p1 := startProc(t, "first", args...)
			suitekit.WaitFor(t, 60*time.Second, func() string { return fmt.Sprintf("a third of the records processed (%d)", p1.processedCount()) },
				func() bool { return p1.processedCount() >= n/3 })
			killedAt := time.Now()
			p1.Kill()
			before, committed := p1.processed(), p1.lastCommitted()

			var committedCount int64
			for _, o := range committed {
				committedCount += o // offsets start at 0
			}
			afterCommit := map[tpo]bool{} // processed, not covered by a reported commit
			for k := range before {
				if k.O >= committed[k.P] {
					afterCommit[k] = true
				}
			}

			p2 := startProc(t, "restarted", args...)
			union := func() map[tpo]int {
				u := p1.processed()
				for k, v := range p2.processed() {
					u[k] += v
				}
				return u
			}
			suitekit.WaitFor(t, sessionTimeout+60*time.Second, func() string {
				m := missing(all, union())
				return fmt.Sprintf("every record processed: %d missing, first %s", len(m), fmtTPOs(suitekit.First(m, 20)))
			}, func() bool { return len(missing(all, union())) == 0 })
			resumedIn := time.Since(killedAt)
			time.Sleep(500 * time.Millisecond) // room for a stray duplicate
			p2.Stop(t)

			after := p2.processed()
			redelivered := 0
			for k, v := range after {
				if v > 1 {
					t.Errorf("the restarted member processed %v %d times", k, v)
				}
				if k.O < committed[k.P] {
					t.Errorf("the restarted member processed %v, below the offset %d committed for partition %d before the kill", k, committed[k.P], k.P)
				}
				if before[k] > 0 {
					redelivered++
					if !afterCommit[k] {
						t.Errorf("%v was redelivered but was covered by a commit", k)
					}
				}
			}
			for k, v := range before {
				if v > 1 {
					t.Errorf("the first member processed %v %d times", k, v)
				}
			}
			t.Logf("%s commits: processed before kill %d, committed before kill %d (offsets %v), processed after the last commit %d, redelivered after restart %d; restarted member processed %d; all %d read %v after the kill",
				mode, len(before), committedCount, committed, len(afterCommit), redelivered, len(after), n, resumedIn.Round(time.Millisecond))
			if miss := missing(all, union()); len(miss) > 0 {
				t.Errorf("%d records lost, first %v", len(miss), suitekit.First(miss, 20))
			}
			if redelivered > len(afterCommit) {
				t.Errorf("%d records redelivered, more than the %d processed after the last commit", redelivered, len(afterCommit))
			}
			if len(before) >= n {
				t.Errorf("the kill came too late: the first member had processed everything")
			}
			for _, p := range []*proc{p1, p2} {
				if regress, fails := p.problems(); len(regress) > 0 || len(fails) > 0 {
					t.Errorf("member %s: commits went backwards %v; failed %v", p.name, regress, fails)
				}
			}
		})
	}
}

// TestCommitOffsetsAsyncInCallOrder: CommitOffsetsAsync promises commits
// are sent in call order. Many async commits of increasing offsets issued
// back to back must complete (their callbacks) in call order, and the
// group must end with the last one.
func TestCommitOffsetsAsyncInCallOrder(t *testing.T) {
	t.Parallel()
	tc := sharedCluster(t)
	brokers := tc.Bootstrap()
	topic := suite.NewTopic(t, brokers, "async-order", 1)
	groupID := suite.Uniq("g-async-order")
	tp := kafkawire.TopicPartition{Topic: topic, Partition: 0}
	c := suitekit.NewConsumer(t, consumer.Config{Brokers: brokers, GroupID: groupID, AutoCommit: consumer.Disabled})
	const calls = 100
	var (
		mu    sync.Mutex
		order []int64
		errs  []error
		wg    sync.WaitGroup
	)
	wg.Add(calls)
	for i := int64(1); i <= calls; i++ {
		c.CommitOffsetsAsync(map[kafkawire.TopicPartition]kafkawire.Offset{tp: {Offset: i, LeaderEpoch: -1}},
			func(offs map[kafkawire.TopicPartition]kafkawire.Offset, err error) {
				defer wg.Done()
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					errs = append(errs, err)
				}
				order = append(order, offs[tp].Offset)
			})
	}
	wg.Wait()
	if len(errs) > 0 {
		t.Fatalf("%d async commits failed, first: %v", len(errs), errs[0])
	}
	outOfOrder := 0
	for i, o := range order {
		if o != int64(i+1) {
			outOfOrder++
		}
	}
	// What does the group hold now? A fresh consumer of the group starts there.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	got, err := group.FetchOffsets(ctx, mustCluster(t, brokers), groupID, []kafkawire.TopicPartition{tp})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d async commits: %d completed out of call order; the group holds offset %d", calls, outOfOrder, got[tp].Offset)
	if outOfOrder > 0 {
		t.Errorf("%d of %d async commits completed out of call order (first 30: %v)", outOfOrder, calls, suitekit.First(order, 30))
	}
	if got[tp].Offset != calls {
		t.Errorf("after %d async commits of offsets 1..%d the group holds %d", calls, calls, got[tp].Offset)
	}
}
