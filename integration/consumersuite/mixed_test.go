package consumersuite

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/kafkawire/kafkawire/consumer"
	"github.com/kafkawire/kafkawire/integration/suitekit"
)

// TestMixedGroupWithJava: one of our consumers and one Apache Kafka Java
// KafkaConsumer (classic protocol) in one group split a 6-partition topic
// 3/3 and together read every record exactly once when nothing fails;
// with the range assignor and with cooperative-sticky, and with either
// member as the group leader (the first to join leads, and runs the
// assignor for both).
func TestMixedGroupWithJava(t *testing.T) {
	t.Parallel()
	tc := sharedCluster(t)
	kwGroup.Compile(t, tc)
	for _, x := range []struct {
		name      string
		ours      string
		javaClass string
		javaLeads bool
	}{
		{"range/java-leads", "range", "org.apache.kafka.clients.consumer.RangeAssignor", true},
		{"range/go-leads", "range", "org.apache.kafka.clients.consumer.RangeAssignor", false},
		{"cooperative-sticky/java-leads", "cooperative-sticky", "org.apache.kafka.clients.consumer.CooperativeStickyAssignor", true},
		{"cooperative-sticky/go-leads", "cooperative-sticky", "org.apache.kafka.clients.consumer.CooperativeStickyAssignor", false},
	} {
		t.Run(x.name, func(t *testing.T) {
			brokers := tc.Bootstrap()
			const nparts, n = 6, 600
			topic := suite.NewTopic(t, brokers, "mixed", nparts)
			groupID := suite.Uniq("g-mixed")
			cfg := consumer.Config{
				Brokers:           brokers,
				GroupID:           groupID,
				GroupProtocol:     consumer.GroupProtocolClassic, // Java's classic assignors in one group
				AutoOffsetReset:   consumer.ResetEarliest,
				SessionTimeout:    sessionTimeout,
				HeartbeatInterval: heartbeatInterval,
				Assignors:         []string{x.ours},
			}
			var g *member
			var j *proc
			start := time.Now()
			if x.javaLeads {
				j = startJavaMember(t, tc, "java", topic, groupID, x.javaClass)
				suitekit.WaitFor(t, 60*time.Second, func() string { return "the Java member alone to own all partitions: " + fmtParts(j.getAssignment()) },
					func() bool { return len(j.getAssignment()) == nparts })
				g = startMember(t, "go", cfg, topic)
			} else {
				g = startMember(t, "go", cfg, topic)
				suitekit.WaitFor(t, 60*time.Second, func() string { return "our member alone to own all partitions: " + fmtParts(g.assignment()) },
					func() bool { return len(g.assignment()) == nparts })
				j = startJavaMember(t, tc, "java", topic, groupID, x.javaClass)
			}
			state := func() string {
				return "assignments go=" + fmtParts(g.assignment()) + " java=" + fmtParts(j.getAssignment())
			}
			suitekit.WaitFor(t, 60*time.Second, state, func() bool {
				pg, pj := g.assignment(), j.getAssignment()
				return len(pg) == nparts/2 && len(pj) == nparts/2 && disjointCover(nparts, pg, pj)
			})
			goParts, javaParts := g.assignment(), j.getAssignment()
			// The first member's revocations since the second joined: under
			// cooperative-sticky only the partitions it handed over, never
			// one it kept.
			var firstName string
			var firstEvents []event
			var firstFinal []int32
			if x.javaLeads {
				firstName, firstEvents, firstFinal = "the Java member", j.eventsCopy(), javaParts
			} else {
				firstName, firstEvents, firstFinal = "our member", g.eventsSince(0), goParts
			}
			var revoked []int32
			for _, e := range firstEvents {
				if e.kind == "revoked" {
					revoked = append(revoked, e.tps...)
				}
			}
			t.Logf("%s (first to join) was revoked %v in all", firstName, revoked)
			if x.ours == "cooperative-sticky" {
				for _, p := range revoked {
					if containsPart(firstFinal, p) {
						t.Errorf("cooperative-sticky: %s was revoked partition %d that it kept (revocations %v, final %v)", firstName, p, revoked, fmtParts(firstFinal))
					}
				}
				if len(revoked) != nparts-len(firstFinal) {
					t.Errorf("cooperative-sticky: %s was revoked %v, want exactly the %d partitions it handed over", firstName, revoked, nparts-len(firstFinal))
				}
			}
			t.Logf("split 3/3 %v after the first member started: %s", time.Since(start).Round(time.Millisecond), state())

			all := suitekit.Produce(t, brokers, topic, n, "mixed")
			union := func() map[tpo]int {
				u := map[tpo]int{}
				for _, m := range []map[tpo]int{g.processed(), j.processed()} {
					for k, v := range m {
						u[k] += v
					}
				}
				return u
			}
			suitekit.WaitFor(t, 60*time.Second, func() string {
				m := missing(all, union())
				return fmt.Sprintf("every record to be read: %d missing, first %s", len(m), fmtTPOs(suitekit.First(m, 20)))
			}, func() bool { return len(missing(all, union())) == 0 })
			time.Sleep(time.Second) // room for a duplicate to show
			if got := j.getAssignment(); !slices.Equal(got, javaParts) {
				t.Errorf("the Java member's assignment changed from %v to %v", fmtParts(javaParts), fmtParts(got))
			}
			if got := g.assignment(); !slices.Equal(got, goParts) {
				t.Errorf("our member's assignment changed from %v to %v", fmtParts(goParts), fmtParts(got))
			}
			j.Stop(t)
			g.stop()

			gp, jp := g.processed(), j.processed()
			t.Logf("produced %d; our consumer read %d from %v, the Java consumer %d from %v", len(all), len(gp), fmtParts(goParts), len(jp), fmtParts(javaParts))
			for who, m := range map[string]struct {
				seen  map[tpo]int
				parts []int32
			}{"our consumer": {gp, goParts}, "the Java consumer": {jp, javaParts}} {
				if len(m.seen) == 0 {
					t.Errorf("%s read nothing", who)
				}
				for k, v := range m.seen {
					if !containsPart(m.parts, k.P) {
						t.Errorf("%s read %v, of a partition it was not assigned (%v)", who, k, fmtParts(m.parts))
					}
					if v > 1 {
						t.Errorf("%s read %v %d times", who, k, v)
					}
				}
			}
			u := union()
			for k, v := range u {
				if v > 1 {
					t.Errorf("record %v read %d times in all", k, v)
				}
			}
			if len(u) != n {
				t.Errorf("read %d distinct records, produced %d", len(u), n)
			}
			for _, e := range g.eventsSince(0) {
				if e.kind == "lost" {
					t.Errorf("our member lost partitions %v", e.tps)
				}
			}
			if errs := g.errs(); len(errs) > 0 {
				t.Errorf("our member: %d poll errors, first: %v", len(errs), errs[0])
			}
		})
	}
}

func containsPart(ps []int32, p int32) bool {
	for _, x := range ps {
		if x == p {
			return true
		}
	}
	return false
}

func fmtTPOs(ks []tpo) string {
	s := ""
	for i, k := range ks {
		if i > 0 {
			s += " "
		}
		s += k.String()
	}
	return s
}
