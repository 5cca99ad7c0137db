package kip848suite

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/integration/suitekit"
	"github.com/kafkawire/kafkawire/producer"
)

// What KIP-848 is for: partitions that do not move keep flowing while a
// member joins. Two members read a topic produced to steadily (so that
// they are caught up and a record's arrival shows when its partition was
// being read); a third joins. Per existing member, the longest gap between
// consecutive records of the partitions it owns before and after the join
// is its pause; the others' records/s in 100 ms buckets show whether the
// whole group stopped. The classic protocol with the default assignors
// (range first: eager) revokes every partition of every member during the
// rebalance, which lasts until every member finished the batch in hand;
// the consumer protocol should not pause retained partitions. Fast members
// process without delay (1,200 records/s produced); slow ones spend 1/300 s
// per record (250 records/s produced, so that they keep up).
func TestJoinPausesRetainedPartitions(t *testing.T) {
	tc := sharedCluster(t)
	for _, k := range []struct {
		protocol, speed string
		rate, produced  int
	}{{"consumer", "fast", 0, 1200}, {"classic", "fast", 0, 1200}, {"consumer", "slow", 300, 250}, {"classic", "slow", 300, 250}} {
		protocol := k.protocol
		t.Run(protocol+"-"+k.speed, func(t *testing.T) {
			topic := newTopic(t, tc.Bootstrap(), uniq("pause-"+protocol), 12)
			groupID := uniq("gp-" + protocol)
			stop := produceSteadily(t, tc.Bootstrap(), topic, k.produced)
			defer stop()
			o := memberOpts{protocol: protocol, rate: k.rate}
			a := startMember(t, tc, "a", topic, groupID, o)
			b := startMember(t, tc, "b", topic, groupID, o)
			waitSplit(t, "2 members settle", 60*time.Second, 12, []int{6, 6}, a, b)
			time.Sleep(4 * time.Second) // caught up, steady
			t0 := time.Now()
			before := [][]int32{a.getAssignment(), b.getAssignment()}
			revokedBefore := []int{a.revokedCount(), b.revokedCount()}
			c := startMember(t, tc, "c", topic, groupID, o)
			joinTook := waitSplit(t, "the third member joins", 60*time.Second, 12, []int{4, 4, 4}, a, b, c)
			t1 := time.Now().Add(2 * time.Second)
			time.Sleep(time.Until(t1))

			var gaps []string
			worstGap, baseGap := time.Duration(0), time.Duration(0)
			for i, p := range []*proc{a, b} {
				kept := intersect(before[i], p.getAssignment())
				g, at, bg := time.Duration(0), int32(-1), time.Duration(0)
				for _, part := range kept {
					if d := longestGap(p.arrivals(part), t0, t1); d > g {
						g, at = d, part
					}
					bg = max(bg, longestGap(p.arrivals(part), t0.Add(-3*time.Second), t0))
				}
				worstGap, baseGap = max(worstGap, g), max(baseGap, bg)
				gaps = append(gaps, fmt.Sprintf("%s revoked %d and keeps %v: %v (at p%d; before the join %v)",
					p.name, p.revokedCount()-revokedBefore[i], kept, g.Round(time.Millisecond), at, bg.Round(time.Millisecond)))
			}
			rate := func(from, to time.Time) float64 {
				return float64(a.recsBetween(from, to)+b.recsBetween(from, to)) / to.Sub(from).Seconds()
			}
			beforeRate, during := rate(t0.Add(-3*time.Second), t0), rate(t0, t1)
			minBucket, empty := beforeRate, 0
			for s := t0; s.Before(t1.Add(-100 * time.Millisecond)); s = s.Add(100 * time.Millisecond) {
				r := rate(s, s.Add(100*time.Millisecond))
				minBucket = min(minBucket, r)
				if r == 0 {
					empty++
				}
			}
			ratio := during / beforeRate
			t.Logf("MEASURE kafka=%s protocol=%s processing=%s join pause: longest gap of a retained partition %v (before the join %v); %s; join took %v; others' records/s before %.0f, through the join (%v) %.0f: ratio %.2f; slowest 100 ms bucket %.0f/s, %d empty buckets",
				kafkaVersion(), protocol, k.speed, worstGap.Round(time.Millisecond), baseGap.Round(time.Millisecond), strings.Join(gaps, "; "),
				joinTook.Round(time.Millisecond), beforeRate, t1.Sub(t0).Round(time.Millisecond), during, ratio, minBucket, empty)
			if protocol == "consumer" && ratio <= 0.5 {
				t.Errorf("others' records/s through the join fell to %.2f of before, want > 0.5", ratio)
			}
			// Generous for a loaded machine: an eager rebalance's pause is
			// a heartbeat plus a JoinGroup round at least.
			if protocol == "consumer" && worstGap > 2*time.Second {
				t.Errorf("a retained partition got no record for %v during the join, want at most 2s", worstGap)
			}
			if beforeRate < 0.5*float64(k.produced) {
				t.Errorf("only %.0f records/s before the join: the producer did not keep up, the measurement says nothing", beforeRate)
			}
			for _, p := range []*proc{a, b, c} {
				p.stop(t)
			}
		})
	}
}

// produceSteadily writes perSecond records a second, in batches every 20
// ms spread round-robin over the partitions, until stop is called.
func produceSteadily(t *testing.T, brokers []string, topic string, perSecond int) (stop func()) {
	t.Helper()
	p := suitekit.NewProducer(t, producer.Config{Brokers: brokers, Partitioner: producer.RoundRobinPartitioner(), Linger: producer.NoLinger})
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		recs := make([]kafkawire.Record, perSecond/50)
		for i := range recs {
			recs[i] = kafkawire.Record{Topic: topic, Value: []byte("steady")}
		}
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			if _, err := p.SendSyncMany(ctx, slices.Clone(recs)); err != nil && ctx.Err() == nil {
				t.Errorf("producing steadily to %s: %v", topic, err)
				return
			}
		}
	})
	return func() { cancel(); wg.Wait() }
}

func intersect(a, b []int32) []int32 {
	var out []int32
	for _, x := range a {
		if slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

// longestGap is the longest time in [from, to) without an arrival in at
// (sorted); the window's edges count, so that arrivals that stopped show.
func longestGap(at []time.Time, from, to time.Time) time.Duration {
	var worst time.Duration
	last := from
	for _, ts := range at {
		if ts.Before(from) || !ts.Before(to) {
			continue
		}
		worst, last = max(worst, ts.Sub(last)), ts
	}
	return max(worst, to.Sub(last))
}

// arrivals are the arrival times of the records of partition part, or of
// every record when part is -1.
func (p *proc) arrivals(part int32) []time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	if part < 0 {
		return slices.Clone(p.recAt)
	}
	return slices.Clone(p.partAt[part])
}
