package kip848suite

import (
	"os"
	"testing"
	"time"

	"github.com/kafkawire/kafkawire/integration"
)

// kafkaVersion is the version of the shared cluster.
func kafkaVersion() string {
	if v := os.Getenv("KAFKA_VERSION"); v != "" {
		return v
	}
	return integration.DefaultVersion
}

// Three members split 12 partitions; one closing moves its partitions at
// once, one SIGKILLed moves them after its session. Run for both protocols
// on the same broker: the timings are the suite's measurements.
func TestThreeMembers(t *testing.T) {
	tc := sharedCluster(t)
	for _, protocol := range []string{"consumer", "classic"} {
		t.Run(protocol, func(t *testing.T) {
			topic := newTopic(t, tc.Bootstrap(), uniq("three-"+protocol), 12)
			groupID := uniq("g3-" + protocol)
			produce(t, tc.Bootstrap(), topic, 1200)
			o := memberOpts{protocol: protocol}
			start := time.Now()
			m := []*proc{
				startMember(t, tc, "m0", topic, groupID, o),
				startMember(t, tc, "m1", topic, groupID, o),
				startMember(t, tc, "m2", topic, groupID, o),
			}
			waitSplit(t, "3 members settle", 60*time.Second, 12, []int{4, 4, 4}, m...)
			settle := time.Since(start)
			waitRead(t, 1200, 60*time.Second, m...)

			// From asking m0 to close (its Close commits and leaves, and
			// stop waits for it) until the others own its partitions.
			closeStart := time.Now()
			m[0].stop(t)
			waitSplit(t, "a closed member's partitions move", 60*time.Second, 12, []int{6, 6}, m[1], m[2])
			closeMove := time.Since(closeStart)

			m = append(m, startMember(t, tc, "m3", topic, groupID, o))
			joinTook := waitSplit(t, "a fourth member joins", 60*time.Second, 12, []int{4, 4, 4}, m[1], m[2], m[3])

			// Past an auto commit (5 s) the killed member's reads are
			// committed, all but its last batch (a batch counts as processed
			// at the next Poll, as in Java): the next owners re-read at most
			// that much.
			time.Sleep(6 * time.Second)
			m[1].Kill()
			killMove := waitSplit(t, "a killed member's partitions move", 90*time.Second, 12, []int{6, 6}, m[2], m[3])
			produce(t, tc.Bootstrap(), topic, 1200)
			seen := waitRead(t, 2400, 60*time.Second, m...)
			t.Logf("MEASURE kafka=%s protocol=%s settle(3 members, from start)=%v close-move=%v join=%v kill-move(after SIGKILL)=%v records=%d duplicates=%d",
				kafkaVersion(), protocol, settle.Round(time.Millisecond), closeMove.Round(time.Millisecond), joinTook.Round(time.Millisecond),
				killMove.Round(time.Millisecond), len(seen), dups(seen))
			if dups(seen) > 100 {
				t.Errorf("%d records read twice: more than the killed member's last batch of 100", dups(seen))
			}
			if killMove < sessionTimeout/2 {
				t.Errorf("partitions moved %v after the kill, before the session (%v) could expire", killMove, sessionTimeout)
			}
			m[2].stop(t)
			m[3].stop(t)
			checkCommits(t, m...)
		})
	}
}

// A member joining takes partitions without the others stopping: their
// records/s through the join stays above half of what it was before. Fast
// members process 100 records in 33 ms, slow ones in 500 ms: a classic
// (eager) rebalance waits for every member's next Poll, the consumer
// protocol only for the partitions that move.
func TestJoinKeepsOthersReading(t *testing.T) {
	tc := sharedCluster(t)
	for _, c := range []struct {
		protocol string
		rate     int
	}{{"consumer", 3000}, {"classic", 3000}, {"consumer", 200}, {"classic", 200}} {
		speed := "fast"
		if c.rate < 1000 {
			speed = "slow"
		}
		t.Run(c.protocol+"-"+speed, func(t *testing.T) {
			topic := newTopic(t, tc.Bootstrap(), uniq("join-"+c.protocol), 12)
			groupID := uniq("gj-" + c.protocol)
			produce(t, tc.Bootstrap(), topic, 240_000)
			o := memberOpts{protocol: c.protocol, rate: c.rate}
			a := startMember(t, tc, "a", topic, groupID, o)
			b := startMember(t, tc, "b", topic, groupID, o)
			waitSplit(t, "2 members settle", 60*time.Second, 12, []int{6, 6}, a, b)
			time.Sleep(5 * time.Second)
			t0 := time.Now()
			before := float64(a.recsBetween(t0.Add(-4*time.Second), t0)+b.recsBetween(t0.Add(-4*time.Second), t0)) / 4
			m := startMember(t, tc, "c", topic, groupID, o)
			waitSplit(t, "the third member joins", 60*time.Second, 12, []int{4, 4, 4}, a, b, m)
			t1 := time.Now().Add(2 * time.Second)
			time.Sleep(time.Until(t1))
			during := float64(a.recsBetween(t0, t1)+b.recsBetween(t0, t1)) / t1.Sub(t0).Seconds()
			worst := before
			for s := t0; s.Before(t1.Add(-time.Second)); s = s.Add(250 * time.Millisecond) {
				worst = min(worst, float64(a.recsBetween(s, s.Add(time.Second))+b.recsBetween(s, s.Add(time.Second))))
			}
			ratio := during / before
			// A member's longest stop: the longest time between two of its
			// batches (any partition; the backlog keeps it busy).
			stopA, stopB := longestGap(a.arrivals(-1), t0, t1), longestGap(b.arrivals(-1), t0, t1)
			t.Logf("MEASURE kafka=%s protocol=%s processing=%s others' records/s before the join %.0f, through the join (%v) %.0f: ratio %.2f; worst 1 s window %.0f (%.2f); longest stop a %v, b %v",
				kafkaVersion(), c.protocol, speed, before, t1.Sub(t0).Round(time.Millisecond), during, ratio, worst, worst/before,
				stopA.Round(time.Millisecond), stopB.Round(time.Millisecond))
			if c.protocol == "consumer" && ratio <= 0.5 {
				t.Errorf("others' throughput through the join fell to %.2f of before, want > 0.5", ratio)
			}
			if before < float64(c.rate) {
				t.Errorf("only %.0f records/s before the join: the measurement says nothing", before)
			}
			for _, p := range []*proc{a, b, m} {
				p.stop(t)
			}
		})
	}
}
