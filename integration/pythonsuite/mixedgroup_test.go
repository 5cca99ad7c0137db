package pythonsuite

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/consumer"
	"github.com/kafkawire/kafkawire/integration/suitekit"
	"github.com/kafkawire/kafkawire/producer"
)

// TestPyMixedGroup: one kafka-python consumer and one of ours in one group,
// each with its default assignors (kafka-python: range, roundrobin; ours:
// range, cooperative-sticky: the group settles on range, the one both
// name). Once the group is stable (every partition owned by exactly one
// member, both members owning some), 10,000 records are written, and
// between them the two read each exactly once, each only from its own
// partitions.
func TestPyMixedGroup(t *testing.T) {
	brokers := sharedCluster(t).Bootstrap()
	python(t)
	const nparts, n = 6, 10000
	topic := suite.NewTopic(t, brokers, "mixed", nparts)
	g := suite.Uniq("mixed")

	theirs := startMember(t, brokers, topic, g)
	ours := suitekit.NewConsumer(t, consumer.Config{Brokers: brokers, GroupID: g, AutoOffsetReset: consumer.ResetEarliest,
		GroupProtocol: consumer.GroupProtocolClassic}) // the classic assignors' agreement is the point
	if err := ours.Subscribe(topic); err != nil {
		t.Fatal(err)
	}

	// Our member polls on its own goroutine until stopped.
	var mu sync.Mutex
	var ourRecs []kafkawire.Record
	var ourAssigned []int32
	var pollErr error
	ctx, stop := context.WithCancel(context.Background())
	polled := make(chan struct{})
	go func() {
		defer close(polled)
		for ctx.Err() == nil {
			pctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
			recs, err := ours.Poll(pctx)
			cancel()
			mu.Lock()
			ourRecs = append(ourRecs, recs...)
			ourAssigned = ourAssigned[:0]
			for _, tp := range ours.Assignment() {
				ourAssigned = append(ourAssigned, tp.Partition)
			}
			if err != nil && !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, context.Canceled) {
				pollErr = err
			}
			mu.Unlock()
		}
	}()
	defer func() { stop(); <-polled }()

	var theirRecs []line
	var theirAssigned []int32
	take := func(l line) {
		switch {
		case l.Assigned != nil:
			theirAssigned = l.Assigned
		case l.isRecord():
			theirRecs = append(theirRecs, l)
		}
	}
	// drain reads the member's lines for up to d.
	drain := func(d time.Duration) {
		timer := time.After(d)
		for {
			select {
			case l, ok := <-theirs.lines:
				if !ok {
					t.Fatalf("the kafka-python member exited early")
				}
				take(l)
			case <-timer:
				return
			}
		}
	}
	split := func() (ourPs, theirPs []int32, ok bool) {
		mu.Lock()
		ourPs = slices.Sorted(slices.Values(ourAssigned))
		mu.Unlock()
		theirPs = slices.Sorted(slices.Values(theirAssigned))
		all := slices.Sorted(slices.Values(append(slices.Clone(ourPs), theirPs...)))
		want := []int32{0, 1, 2, 3, 4, 5}
		return ourPs, theirPs, len(ourPs) > 0 && len(theirPs) > 0 && slices.Equal(all, want)
	}

	// Wait for a stable split: the same split seen over 3 s.
	deadline := time.Now().Add(2 * time.Minute)
	var last string
	stableSince := time.Now()
	for {
		drain(250 * time.Millisecond)
		o, th, ok := split()
		now := fmt.Sprint(o, th)
		if !ok || now != last {
			last, stableSince = now, time.Now()
		} else if time.Since(stableSince) > 3*time.Second {
			t.Logf("stable split: ours %v, kafka-python %v", o, th)
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the group did not split %d partitions between the two members in 2 min: ours %v, kafka-python %v", nparts, o, th)
		}
	}
	ourPs, theirPs, _ := split()
	// Range hands each member a contiguous run of partitions (roundrobin
	// would deal them alternately): the members agreed on range.
	for _, ps := range [][]int32{ourPs, theirPs} {
		if ps[len(ps)-1]-ps[0] != int32(len(ps)-1) {
			t.Fatalf("split ours %v, kafka-python %v is not range's contiguous one", ourPs, theirPs)
		}
	}

	// Write 10,000 records over every partition.
	p := suitekit.NewProducer(t, producer.Config{Brokers: brokers})
	wctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	for i := range n {
		rec := &kafkawire.Record{Topic: topic, Key: fmt.Appendf(nil, "k%d", i), Value: fmt.Appendf(nil, "v%d", i)}
		if err := p.SendFunc(wctx, rec, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Flush(wctx); err != nil {
		t.Fatal(err)
	}
	end := checkHighWatermarks(t, brokers, topic, nparts, n)

	// Read until the two together have n, then a little longer to catch
	// any duplicate.
	total := func() int {
		mu.Lock()
		defer mu.Unlock()
		return len(ourRecs) + len(theirRecs)
	}
	deadline = time.Now().Add(2 * time.Minute)
	for total() < n && time.Now().Before(deadline) {
		drain(250 * time.Millisecond)
	}
	drain(2 * time.Second)
	stop()
	<-polled
	for _, l := range theirs.stop(t) {
		take(l)
	}
	if pollErr != nil {
		t.Fatalf("our member's Poll: %v", pollErr)
	}
	if o, th, _ := split(); !slices.Equal(o, ourPs) || !slices.Equal(th, theirPs) {
		t.Fatalf("the split changed while reading (a rebalance): ours %v then %v, kafka-python %v then %v", ourPs, o, theirPs, th)
	}

	// Exactly once, each member only from its partitions.
	seen := map[string]string{}
	dups := 0
	note := func(who string, p int32, o int64, mine []int32) {
		k := fmt.Sprintf("%d@%d", p, o)
		if prev, ok := seen[k]; ok {
			dups++
			if dups < 10 {
				t.Errorf("record %s read twice (%s, then %s)", k, prev, who)
			}
		}
		seen[k] = who
		if !slices.Contains(mine, p) {
			t.Errorf("%s read %s, from a partition it does not own (%v)", who, k, mine)
		}
	}
	for _, r := range ourRecs {
		note("ours", r.Partition, r.Offset, ourPs)
	}
	for _, l := range theirRecs {
		note("kafka-python", *l.P, l.O, theirPs)
	}
	missing := 0
	for p, e := range end {
		for o := range e {
			if _, ok := seen[fmt.Sprintf("%d@%d", p, o)]; !ok {
				missing++
			}
		}
	}
	t.Logf("ours read %d records from %v, kafka-python %d from %v; %d duplicates, %d missing", len(ourRecs), ourPs, len(theirRecs), theirPs, dups, missing)
	if dups > 0 || missing > 0 || len(ourRecs)+len(theirRecs) != n {
		t.Fatalf("the group read %d records (%d duplicates, %d missing), want each of the %d once", len(ourRecs)+len(theirRecs), dups, missing, n)
	}
}
