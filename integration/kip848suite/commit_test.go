package kip848suite

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/consumer"
	"github.com/kafkawire/kafkawire/integration"
	"github.com/kafkawire/kafkawire/integration/suitekit"
	"github.com/kafkawire/kafkawire/protocol"
)

// pollUntil polls c until done says so (given every record so far), or
// fails the test after timeout.
func pollUntil(t testing.TB, c *consumer.Consumer, timeout time.Duration, done func(recs []kafkawire.Record) bool) []kafkawire.Record {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var all []kafkawire.Record
	for !done(all) {
		pctx, pcancel := context.WithTimeout(ctx, 200*time.Millisecond)
		recs, err := c.Poll(pctx)
		pcancel()
		if ctx.Err() != nil {
			t.Fatalf("after %v: %d records", timeout, len(all))
		}
		if err != nil && !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("poll: %v", err)
		}
		all = append(all, recs...)
	}
	return all
}

// commitVersions records the OffsetCommit and OffsetFetch versions a
// consumer sends, by version.
type commitVersions struct {
	mu           sync.Mutex
	v, fetchedAt map[int16]int
}

func (c *commitVersions) hook(e conn.RequestEvent) {
	if e.Err != nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	switch e.APIKey {
	case protocol.KeyOffsetCommit:
		c.v[e.APIVersion]++
	case protocol.KeyOffsetFetch:
		c.fetchedAt[e.APIVersion]++
	}
}

func (c *commitVersions) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return fmt.Sprintf("OffsetCommit %v, OffsetFetch %v", c.v, c.fetchedAt)
}

// Commits of a consumer-protocol member survive its restart: the next
// member of the group reads on from them, nothing again. On a broker that
// offers OffsetCommit and OffsetFetch v10 (4.2+) both name topics by id.
func TestCommitsSurviveRestart(t *testing.T) {
	tc := sharedCluster(t)
	topic := newTopic(t, tc.Bootstrap(), uniq("commit"), 4)
	groupID := uniq("gc")
	produce(t, tc.Bootstrap(), topic, 400)
	versions := &commitVersions{v: map[int16]int{}, fetchedAt: map[int16]int{}}
	cfg := consumer.Config{Brokers: tc.Bootstrap(), GroupID: groupID, GroupProtocol: consumer.GroupProtocolConsumer,
		AutoOffsetReset: consumer.ResetEarliest, AutoCommitInterval: 500 * time.Millisecond, Hooks: conn.Hooks{OnRequest: versions.hook}}
	a := suitekit.NewConsumer(t, cfg)
	if err := a.Subscribe(topic); err != nil {
		t.Fatal(err)
	}
	first := pollUntil(t, a, 60*time.Second, func(r []kafkawire.Record) bool { return len(r) >= 400 })
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := a.Close(ctx); err != nil {
		t.Fatal(err)
	}
	produce(t, tc.Bootstrap(), topic, 400)
	b := suitekit.NewConsumer(t, cfg)
	if err := b.Subscribe(topic); err != nil {
		t.Fatal(err)
	}
	second := pollUntil(t, b, 60*time.Second, func(r []kafkawire.Record) bool { return len(r) >= 400 })
	time.Sleep(time.Second)
	pctx, pcancel := context.WithTimeout(context.Background(), time.Second)
	more, _ := b.Poll(pctx)
	pcancel()
	seen := map[tpo]int{}
	for _, r := range append(append(first, second...), more...) {
		seen[tpo{r.Partition, r.Offset}]++
	}
	if len(seen) != 800 || dups(seen) != 0 {
		t.Fatalf("read %d distinct records with %d duplicates across the restart, want 800 and none", len(seen), dups(seen))
	}
	t.Logf("versions used: %s", versions)
	versions.mu.Lock()
	defer versions.mu.Unlock()
	if strings.HasPrefix(kafkaVersion(), "4.4") && (versions.v[10] == 0 || versions.v[9] != 0) {
		t.Errorf("Kafka %s offers OffsetCommit v10: commits went at %v", kafkaVersion(), versions.v)
	}
	if strings.HasPrefix(kafkaVersion(), "4.4") && (versions.fetchedAt[10] == 0 || versions.fetchedAt[9] != 0) {
		t.Errorf("Kafka %s offers OffsetFetch v10: offset fetches went at %v", kafkaVersion(), versions.fetchedAt)
	}
}

// A regex subscription (matched by the broker) picks up a topic created
// after the member joined.
func TestRegexPicksUpLaterTopic(t *testing.T) {
	tc := sharedCluster(t)
	prefix := uniq("re")
	t1 := newTopic(t, tc.Bootstrap(), prefix+"-a", 2)
	produce(t, tc.Bootstrap(), t1, 10)
	c := suitekit.NewConsumer(t, consumer.Config{Brokers: tc.Bootstrap(), GroupID: uniq("gr"), GroupProtocol: consumer.GroupProtocolConsumer,
		AutoOffsetReset: consumer.ResetEarliest})
	if err := c.SubscribeRegex(prefix + "-.*"); err != nil {
		t.Fatal(err)
	}
	byTopic := func(recs []kafkawire.Record) map[string]int {
		m := map[string]int{}
		for _, r := range recs {
			m[r.Topic]++
		}
		return m
	}
	pollUntil(t, c, 60*time.Second, func(r []kafkawire.Record) bool { return byTopic(r)[t1] >= 10 })
	created := time.Now()
	t2 := newTopic(t, tc.Bootstrap(), prefix+"-b", 3)
	produce(t, tc.Bootstrap(), t2, 10)
	pollUntil(t, c, 90*time.Second, func(r []kafkawire.Record) bool { return byTopic(r)[t2] >= 10 })
	t.Logf("MEASURE kafka=%s regex: a topic created later was read %v after its creation", kafkaVersion(), time.Since(created).Round(time.Millisecond))
	var assigned []string
	for _, tp := range c.Assignment() {
		assigned = append(assigned, tp.Topic)
	}
	if len(c.Assignment()) != 5 {
		t.Errorf("assignment %v, want the 5 partitions of both topics", c.Assignment())
	}
}

// autoConsumer subscribes with GroupProtocol unset (the default, auto),
// reads n records and returns the log it wrote.
func autoConsumer(t *testing.T, tc *integration.TestCluster, n int) string {
	t.Helper()
	topic := newTopic(t, tc.Bootstrap(), uniq("auto"), 2)
	produce(t, tc.Bootstrap(), topic, n)
	var logs integration.LockedBuffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	c := suitekit.NewConsumer(t, consumer.Config{Brokers: tc.Bootstrap(), GroupID: uniq("ga"),
		AutoOffsetReset: consumer.ResetEarliest, SessionTimeout: sessionTimeout, HeartbeatInterval: heartbeatInterval, Logger: log})
	if err := c.Subscribe(topic); err != nil {
		t.Fatal(err)
	}
	pollUntil(t, c, 60*time.Second, func(r []kafkawire.Record) bool { return len(r) >= n })
	return logs.String()
}

func TestAutoUsesConsumerProtocolOn4x(t *testing.T) {
	logs := autoConsumer(t, sharedCluster(t), 20)
	if !strings.Contains(logs, "level=INFO msg=\"group: protocol auto chose consumer") || strings.Contains(logs, "JoinGroup") {
		t.Errorf("Kafka %s: auto did not choose the consumer protocol; log:\n%s", kafkaVersion(), integration.Tail(logs, 3000))
	}
}

func TestAutoFallsBackOn391(t *testing.T) {
	tc := integration.Start(t, integration.Options{Brokers: 1, Version: "3.9.1"})
	logs := autoConsumer(t, tc, 20)
	if !strings.Contains(logs, "level=INFO msg=\"group: protocol auto chose classic") {
		t.Errorf("Kafka 3.9.1: auto did not fall back to classic with an info log; log:\n%s", integration.Tail(logs, 3000))
	}
	for _, l := range strings.Split(logs, "\n") {
		if strings.Contains(l, "chose classic") {
			t.Logf("3.9.1: %s", l)
		}
	}
}

// A static member (GroupInstanceID) that restarts within the session gets
// its partitions back, and the other member's assignment never changes:
// leaving with epoch -2 keeps its place.
func TestStaticMemberRestart(t *testing.T) {
	tc := sharedCluster(t)
	topic := newTopic(t, tc.Bootstrap(), uniq("static"), 4)
	groupID := uniq("gs")
	changes := 0
	var mu sync.Mutex
	cfg := func(instance string) consumer.Config {
		c := consumer.Config{Brokers: tc.Bootstrap(), GroupID: groupID, GroupInstanceID: instance, GroupProtocol: consumer.GroupProtocolConsumer}
		if instance == "s2" {
			count := func(context.Context, []kafkawire.TopicPartition) { mu.Lock(); changes++; mu.Unlock() }
			c.OnAssigned, c.OnRevoked, c.OnLost = count, count, count
		}
		return c
	}
	a := suitekit.NewConsumer(t, cfg("s1"))
	b := suitekit.NewConsumer(t, cfg("s2"))
	for _, c := range []*consumer.Consumer{a, b} {
		if err := c.Subscribe(topic); err != nil {
			t.Fatal(err)
		}
	}
	// The topic is empty: nothing to Poll, and assignments arrive without it.
	settled := func() bool { return len(a.Assignment()) == 2 && len(b.Assignment()) == 2 }
	deadline := time.Now().Add(60 * time.Second)
	for !settled() {
		if time.Now().After(deadline) {
			t.Fatalf("static members did not settle: %v %v", a.Assignment(), b.Assignment())
		}
		time.Sleep(100 * time.Millisecond)
	}
	before := fmt.Sprint(a.Assignment())
	mu.Lock()
	changes = 0
	mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := a.Close(ctx); err != nil {
		t.Fatal(err)
	}
	a2 := suitekit.NewConsumer(t, cfg("s1"))
	if err := a2.Subscribe(topic); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	for len(a2.Assignment()) != 2 {
		if time.Since(start) > sessionTimeout {
			t.Fatalf("the restarted static member has %v after %v", a2.Assignment(), sessionTimeout)
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(2 * time.Second) // a rebalance would reach b by now
	mu.Lock()
	defer mu.Unlock()
	if got := fmt.Sprint(a2.Assignment()); got != before || changes != 0 {
		t.Errorf("restarted static member got %s (had %s); the other member saw %d assignment changes, want none", got, before, changes)
	}
	t.Logf("static member back with its partitions %s after %v", before, time.Since(start).Round(time.Millisecond))
}

// With online migration off (group.consumer.migration.policy=disabled) a
// classic group with live members stays classic: an auto member joining it
// falls back to classic, says why at info level, and shares the partitions.
func TestAutoFallsBackForLiveClassicGroup(t *testing.T) {
	tc := integration.Start(t, integration.Options{Brokers: 1, BrokerProps: map[string]string{"group.consumer.migration.policy": "disabled"}})
	topic := newTopic(t, tc.Bootstrap(), uniq("autoclassic"), 4)
	groupID := uniq("gac")
	classic := suitekit.NewConsumer(t, consumer.Config{Brokers: tc.Bootstrap(), GroupID: groupID, GroupProtocol: consumer.GroupProtocolClassic,
		SessionTimeout: sessionTimeout, HeartbeatInterval: heartbeatInterval})
	if err := classic.Subscribe(topic); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the classic member owns the topic", 30*time.Second, func() bool { return len(classic.Assignment()) == 4 })
	var logs integration.LockedBuffer
	auto := suitekit.NewConsumer(t, consumer.Config{Brokers: tc.Bootstrap(), GroupID: groupID, GroupProtocol: consumer.GroupProtocolAuto,
		SessionTimeout: sessionTimeout, HeartbeatInterval: heartbeatInterval,
		Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))})
	if err := auto.Subscribe(topic); err != nil {
		t.Fatal(err)
	}
	// The topic is empty: revocations need no Poll.
	waitFor(t, "the auto member shares the partitions", 30*time.Second, func() bool {
		return len(auto.Assignment()) == 2 && len(classic.Assignment()) == 2
	})
	var line string
	for _, l := range strings.Split(logs.String(), "\n") {
		if strings.Contains(l, "protocol auto chose classic") {
			line = l
		}
	}
	if line == "" {
		t.Fatalf("no info log of the fallback; log:\n%s", integration.Tail(logs.String(), 3000))
	}
	t.Logf("live classic group: %s", line)
}
