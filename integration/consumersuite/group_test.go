package consumersuite

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/consumer"
	"github.com/kafkawire/kafkawire/integration/suitekit"
	"github.com/kafkawire/kafkawire/producer"
)

// TestGroupSplitAndHandover: three members of one group (A and B in this
// process, C a memberproc subprocess) on a 12-partition topic get 4
// partitions each. While records flow, B closes gracefully: its partitions
// move to A and C at once (within a few seconds). Then C is SIGKILLed: it
// never leaves, and its partitions move to A only once the coordinator
// expires its session (about SessionTimeout later). Every record produced
// throughout is processed by some member.
func TestGroupSplitAndHandover(t *testing.T) {
	t.Parallel()
	tc := sharedCluster(t)
	brokers := tc.Bootstrap()
	const nparts = 12
	topic := suite.NewTopic(t, brokers, "split", nparts)
	groupID := suite.Uniq("g-split")
	cfg := consumer.Config{
		Brokers:           brokers,
		GroupID:           groupID,
		GroupProtocol:     consumer.GroupProtocolClassic, // the classic protocol's rebalances are the point
		AutoOffsetReset:   consumer.ResetEarliest,
		SessionTimeout:    sessionTimeout,
		HeartbeatInterval: heartbeatInterval,
	}

	start := time.Now()
	a := startMember(t, "A", cfg, topic)
	b := startMember(t, "B", cfg, topic)
	c := startProc(t, "C", "-brokers", tc.BootstrapString(), "-topic", topic, "-group", groupID,
		"-commit", "sync", "-session", sessionTimeout.String(), "-heartbeat", heartbeatInterval.String())
	state := func() string {
		return "assignments A=" + fmtParts(a.assignment()) + " B=" + fmtParts(b.assignment()) + " C=" + fmtParts(c.getAssignment())
	}
	suitekit.WaitFor(t, 60*time.Second, state, func() bool {
		pa, pb, pc := a.assignment(), b.assignment(), c.getAssignment()
		return len(pa) == 4 && len(pb) == 4 && len(pc) == 4 && disjointCover(nparts, pa, pb, pc)
	})
	t.Logf("split 4/4/4 %v after the first member started: %s", time.Since(start).Round(time.Millisecond), state())

	// Records flow for the whole test: one every 2 ms, round-robin.
	var (
		smu      sync.Mutex
		sent     []tpo
		sendErrs []error
		stopProd = make(chan struct{})
		prodDone = make(chan struct{})
	)
	p := suitekit.NewProducer(t, producer.Config{Brokers: brokers, Partitioner: producer.RoundRobinPartitioner(), Linger: time.Millisecond})
	go func() {
		defer close(prodDone)
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		var pending sync.WaitGroup
		for i := 0; ; i++ {
			select {
			case <-stopProd:
				pending.Wait()
				return
			case <-tick.C:
			}
			pending.Add(1)
			err := p.SendFunc(context.Background(), &kafkawire.Record{Topic: topic, Value: []byte("r")}, func(r producer.Result, err error) {
				defer pending.Done()
				smu.Lock()
				defer smu.Unlock()
				if err != nil {
					sendErrs = append(sendErrs, err)
					return
				}
				sent = append(sent, tpo{P: r.Partition, O: r.Offset})
			})
			if err != nil {
				pending.Done()
				smu.Lock()
				sendErrs = append(sendErrs, err)
				smu.Unlock()
			}
		}
	}()
	stopped := false
	stopProducing := func() {
		if !stopped {
			stopped = true
			close(stopProd)
			<-prodDone
		}
	}
	defer stopProducing()
	everyoneWorks := func(n int) {
		suitekit.WaitFor(t, 30*time.Second, func() string { return "every member to process records" }, func() bool {
			return len(a.processed()) >= n && len(b.processed()) >= n && c.processedCount() >= n
		})
	}
	everyoneWorks(20)
	time.Sleep(time.Second)

	// B leaves gracefully.
	t0 := time.Now()
	b.stop()
	closeTook := time.Since(t0)
	suitekit.WaitFor(t, 30*time.Second, state, func() bool {
		pa, pc := a.assignment(), c.getAssignment()
		return len(pa) == 6 && len(pc) == 6 && disjointCover(nparts, pa, pc)
	})
	gracefulMove := time.Since(t0)
	t.Logf("graceful Close of B: Close returned in %v; its partitions were with A and C %v after Close began: %s",
		closeTook.Round(time.Millisecond), gracefulMove.Round(time.Millisecond), state())
	if gracefulMove > 5*time.Second {
		t.Errorf("after B's graceful Close its partitions took %v to move (want them at once: within 5s, heartbeat %v)", gracefulMove, heartbeatInterval)
	}

	// C dies without leaving.
	before := c.processedCount()
	suitekit.WaitFor(t, 30*time.Second, func() string { return "C to process records after the handover" }, func() bool { return c.processedCount() > before+20 })
	time.Sleep(time.Second)
	t1 := time.Now()
	c.Kill()
	suitekit.WaitFor(t, sessionTimeout+30*time.Second, state, func() bool { return len(a.assignment()) == nparts })
	crashMove := time.Since(t1)
	t.Logf("SIGKILL of C: all %d partitions with A %v after the kill (session timeout %v)", nparts, crashMove.Round(time.Millisecond), sessionTimeout)
	if lo := sessionTimeout * 8 / 10; crashMove < lo {
		t.Errorf("C's partitions moved %v after it was killed: before the session could expire (want >= %v)", crashMove, lo)
	}
	if hi := sessionTimeout + 10*time.Second; crashMove > hi {
		t.Errorf("C's partitions moved %v after it was killed (want <= %v)", crashMove, hi)
	}

	// A little more traffic with A alone, then stop and check the records.
	n := len(a.processed())
	suitekit.WaitFor(t, 30*time.Second, func() string { return "A to process records alone" }, func() bool { return len(a.processed()) > n+20 })
	stopProducing()
	smu.Lock()
	all := slices.Clone(sent)
	errs := slices.Clone(sendErrs)
	smu.Unlock()
	if len(errs) > 0 {
		t.Fatalf("%d sends failed, first: %v", len(errs), errs[0])
	}
	union := func() map[tpo]int {
		u := map[tpo]int{}
		for _, m := range []map[tpo]int{a.processed(), b.processed(), c.processed()} {
			for k, v := range m {
				u[k] += v
			}
		}
		return u
	}
	deadline := time.Now().Add(30 * time.Second)
	for len(missing(all, union())) > 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	u := union()
	miss := missing(all, u)
	dups := 0
	for _, v := range u {
		dups += v - 1
	}
	t.Logf("produced %d records; processed %d distinct (A %d, B %d, C %d), %d redelivered (C's records after its last commit, and eager-rebalance overlap)",
		len(all), len(u), len(a.processed()), len(b.processed()), len(c.processed()), dups)
	if len(miss) > 0 {
		t.Errorf("%d of %d produced records were never processed, first: %v", len(miss), len(all), suitekit.First(miss, 20))
	}
	if len(u) != len(all) {
		t.Errorf("processed %d distinct records, produced %d", len(u), len(all))
	}
	for _, m := range []*member{a, b} {
		for _, e := range m.eventsSince(0) {
			if e.kind == "lost" {
				t.Errorf("member %s lost partitions %v at %v", m.name, e.tps, e.at.Sub(start))
			}
		}
		if errs := m.errs(); len(errs) > 0 {
			t.Errorf("member %s: %d poll errors, first: %v", m.name, len(errs), errs[0])
		}
	}
	if regress, fails := c.problems(); len(regress) > 0 || len(fails) > 0 {
		t.Errorf("member C: commits went backwards %v; failed %v", regress, fails)
	}
}

// TestCooperativeStickyScaleOut: two cooperative-sticky members share 12
// partitions 6/6; a third joins and the group settles at 4/4/4. Each of the
// first two members is revoked only partitions that end up with the new
// member: none that it keeps is ever revoked (no stop-the-world).
func TestCooperativeStickyScaleOut(t *testing.T) {
	t.Parallel()
	tc := sharedCluster(t)
	brokers := tc.Bootstrap()
	const nparts = 12
	topic := suite.NewTopic(t, brokers, "coop", nparts)
	cfg := consumer.Config{
		Brokers:           brokers,
		GroupID:           suite.Uniq("g-coop"),
		GroupProtocol:     consumer.GroupProtocolClassic, // client-side cooperative-sticky is the point
		AutoOffsetReset:   consumer.ResetEarliest,
		SessionTimeout:    sessionTimeout,
		HeartbeatInterval: heartbeatInterval,
		Assignors:         []string{"cooperative-sticky"},
	}
	m1 := startMember(t, "M1", cfg, topic)
	m2 := startMember(t, "M2", cfg, topic)
	state := func() string {
		return "assignments M1=" + fmtParts(m1.assignment()) + " M2=" + fmtParts(m2.assignment())
	}
	suitekit.WaitFor(t, 60*time.Second, state, func() bool {
		p1, p2 := m1.assignment(), m2.assignment()
		return len(p1) == 6 && len(p2) == 6 && disjointCover(nparts, p1, p2)
	})
	before1, before2 := m1.assignment(), m2.assignment()
	mark1, mark2 := m1.eventCount(), m2.eventCount()
	t.Logf("two members: M1=%v M2=%v", fmtParts(before1), fmtParts(before2))

	t0 := time.Now()
	m3 := startMember(t, "M3", cfg, topic)
	state3 := func() string { return state() + " M3=" + fmtParts(m3.assignment()) }
	settled := func() bool {
		p1, p2, p3 := m1.assignment(), m2.assignment(), m3.assignment()
		return len(p1) == 4 && len(p2) == 4 && len(p3) == 4 && disjointCover(nparts, p1, p2, p3)
	}
	suitekit.WaitFor(t, 60*time.Second, state3, settled)
	took := time.Since(t0)
	// Give a stray extra rebalance the time to show.
	time.Sleep(3 * heartbeatInterval)
	if !settled() {
		t.Fatalf("the group did not stay at 4/4/4: %s", state3())
	}
	final1, final2, final3 := m1.assignment(), m2.assignment(), m3.assignment()
	t.Logf("third member joined; settled in %v: %s", took.Round(time.Millisecond), state3())

	union := func(evs []event, kind string) []int32 {
		var out []int32
		for _, e := range evs {
			if e.kind == kind {
				out = append(out, e.tps...)
			}
		}
		slices.Sort(out)
		return out
	}
	var revokedAll []int32
	for _, x := range []struct {
		m             *member
		mark          int
		before, final []int32
	}{{m1, mark1, before1, final1}, {m2, mark2, before2, final2}} {
		evs := x.m.eventsSince(x.mark)
		revoked, assigned, lost := union(evs, "revoked"), union(evs, "assigned"), union(evs, "lost")
		t.Logf("%s: before %v, revoked %v, assigned %v, lost %v, final %v", x.m.name,
			fmtParts(x.before), fmtParts(revoked), fmtParts(assigned), fmtParts(lost), fmtParts(x.final))
		revokedAll = append(revokedAll, revoked...)
		if len(lost) > 0 {
			t.Errorf("%s lost partitions %v during a scale-out", x.m.name, lost)
		}
		for _, p := range revoked {
			if !slices.Contains(final3, p) {
				t.Errorf("%s was revoked partition %d, which did not end with the new member M3 %v (a kept partition must never be revoked)", x.m.name, p, fmtParts(final3))
			}
			if slices.Contains(x.final, p) {
				t.Errorf("%s was revoked partition %d that it still owns at the end", x.m.name, p)
			}
		}
		for _, p := range x.final {
			if !slices.Contains(x.before, p) {
				t.Errorf("%s gained partition %d in a scale-out (sticky: it should only give partitions up)", x.m.name, p)
			}
		}
		if len(revoked) != len(x.before)-len(x.final) {
			t.Errorf("%s: %d partitions revoked, but it went from %d to %d (revocations: %v)", x.m.name, len(revoked), len(x.before), len(x.final), evs)
		}
	}
	slices.Sort(revokedAll)
	if !slices.Equal(revokedAll, final3) {
		t.Errorf("the new member's partitions %v are not exactly those revoked from M1 and M2 %v", fmtParts(final3), fmtParts(revokedAll))
	}
}
