package group

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/internal/fakebroker"
	"github.com/kafkawire/kafkawire/protocol"
)

// fixedGen is a Participant whose generation never changes: a member that
// never learns a newer epoch.
type fixedGen struct {
	Participant
	gen Generation
}

func (f fixedGen) Generation() Generation { return f.gen }

var tp0 = kafkawire.TopicPartition{Topic: "t", Partition: 0}

func offsetsAt(o int64) map[kafkawire.TopicPartition]Offset {
	return map[kafkawire.TopicPartition]Offset{tp0: {Offset: o, LeaderEpoch: -1}}
}

func joinedMember(t *testing.T, fc *fakebroker.Cluster) *ConsumerMember {
	t.Helper()
	rec := newRecorder()
	m := startConsumerMember(t, fc, ConsumerMemberConfig{}, rec)
	waitFor(t, "assigned", 5*time.Second, func() bool { return rec.count() == 1 && m.Generation().ID > 0 })
	return m
}

// A KIP-848 member fetches committed offsets at OffsetFetch v10 (topic ids)
// with its epoch; a client outside the group, and a KIP-848 member whose
// broker lacks v10, fetch by name.
func TestFetchMemberOffsetsKIP848(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.EnableConsumerProtocol()
	fc.AddTopic("t", 1)
	fc.OfferOffsetCommitV10()
	fc.OfferOffsetFetchV10()
	m := joinedMember(t, fc)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := CommitMemberOffsets(ctx, m.cl, "g", m, offsetsAt(42)); err != nil {
		t.Fatal(err)
	}
	got, err := FetchMemberOffsets(ctx, m.cl, "g", m, []kafkawire.TopicPartition{tp0})
	if err != nil {
		t.Fatal(err)
	}
	if v, epoch := fc.LastOffsetFetch(); v != 10 || epoch != m.Generation().ID || got[tp0].Offset != 42 {
		t.Errorf("fetched %v at v%d with epoch %d, want 42 at v10 with epoch %d", got, v, epoch, m.Generation().ID)
	}
	got, err = FetchMemberOffsets(ctx, m.cl, "g", nil, []kafkawire.TopicPartition{tp0})
	if err != nil {
		t.Fatal(err)
	}
	if v, epoch := fc.LastOffsetFetch(); v != 9 || epoch != -1 || got[tp0].Offset != 42 {
		t.Errorf("outside the group: %v at v%d with epoch %d, want 42 at v9 with epoch -1", got, v, epoch)
	}
	// A classic member's generation never goes into an offset fetch.
	classic := fixedGen{gen: Generation{ID: 3, MemberID: "classic"}}
	if _, err := FetchMemberOffsets(ctx, m.cl, "g", classic, []kafkawire.TopicPartition{tp0}); err != nil {
		t.Fatal(err)
	}
	if v, epoch := fc.LastOffsetFetch(); v != 9 || epoch != -1 {
		t.Errorf("classic member: v%d with epoch %d, want v9 with epoch -1", v, epoch)
	}
	// An id metadata does not know: by name, still with the member's epoch.
	unknown := m.Generation()
	_, err = FetchMemberOffsets(ctx, m.cl, "g", fixedGen{gen: unknown}, []kafkawire.TopicPartition{{Topic: "nowhere"}})
	if v, epoch := fc.LastOffsetFetch(); err != nil || v != 9 || epoch != unknown.ID {
		t.Errorf("topic without id: %v at v%d with epoch %d, want v9 with epoch %d", err, v, epoch, unknown.ID)
	}
}

// STALE_MEMBER_EPOCH (the coordinator moved the member on; its heartbeat
// has not told it yet) is retried once the member has the new epoch, for
// commits and offset fetches alike.
func TestStaleMemberEpochRetried(t *testing.T) {
	for _, name := range []string{"commit", "fetch"} {
		t.Run(name, func(t *testing.T) {
			fc := fakebroker.NewCluster(t, 1)
			fc.EnableConsumerProtocol()
			fc.AddTopic("t", 1)
			fc.OfferOffsetCommitV10()
			fc.OfferOffsetFetchV10()
			fc.SetHeartbeatInterval(300 * time.Millisecond)
			m := joinedMember(t, fc)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := CommitMemberOffsets(ctx, m.cl, "g", m, offsetsAt(7)); err != nil {
				t.Fatal(err)
			}
			before := m.Generation().ID
			fc.BumpConsumerGroupEpoch("g")
			key, n := protocol.KeyOffsetCommit, fc.Requests(protocol.KeyOffsetCommit)
			var err error
			if name == "commit" {
				err = CommitMemberOffsets(ctx, m.cl, "g", m, offsetsAt(8))
			} else {
				key, n = protocol.KeyOffsetFetch, fc.Requests(protocol.KeyOffsetFetch)
				var got map[kafkawire.TopicPartition]Offset
				got, err = FetchMemberOffsets(ctx, m.cl, "g", m, []kafkawire.TopicPartition{tp0})
				if err == nil && got[tp0].Offset != 7 {
					t.Errorf("fetched %v, want 7", got)
				}
			}
			if err != nil {
				t.Fatalf("after the epoch moved: %v", err)
			}
			if sent := fc.Requests(key) - n; sent != 2 {
				t.Errorf("%d requests, want 2 (stale, then the new epoch)", sent)
			}
			if after := m.Generation().ID; after <= before {
				t.Errorf("epoch %d after the bump, was %d", after, before)
			}
			if name == "commit" && fc.Committed("g", "t", 0) != 8 {
				t.Errorf("committed %d, want 8", fc.Committed("g", "t", 0))
			}
		})
	}
}

// A member that never learns a newer epoch gets STALE_MEMBER_EPOCH after a
// bounded wait, or its context's end joined to it.
func TestStaleMemberEpochBounded(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.EnableConsumerProtocol()
	fc.AddTopic("t", 1)
	m := joinedMember(t, fc)
	stale := fixedGen{gen: m.Generation()}
	fc.BumpConsumerGroupEpoch("g")
	defer func(d time.Duration) { staleWait = d }(staleWait)
	staleWait = 500 * time.Millisecond
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	start, n := time.Now(), fc.Requests(protocol.KeyOffsetCommit)
	err := CommitMemberOffsets(ctx, m.cl, "g", stale, offsetsAt(1))
	if !errors.Is(err, kafkawire.ErrStaleMemberEpoch) || strings.Contains(err.Error(), "\n") {
		t.Fatalf("never a newer epoch: %v, want STALE_MEMBER_EPOCH on one line", err)
	}
	if sent := fc.Requests(protocol.KeyOffsetCommit) - n; sent != 1 {
		t.Errorf("%d commits sent, want 1: nothing newer to retry with", sent)
	}
	if d := time.Since(start); d < staleWait || d > 5*time.Second {
		t.Errorf("gave up after %v", d)
	}

	short, cancel2 := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel2()
	start = time.Now()
	err = CommitMemberOffsets(short, m.cl, "g", stale, offsetsAt(1))
	if !errors.Is(err, kafkawire.ErrStaleMemberEpoch) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("ctx ended while waiting: %v, want STALE_MEMBER_EPOCH and the deadline", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("returned %v after a 150ms context", d)
	}
}

// A commit the coordinator refuses because the member is gone
// (UNKNOWN_MEMBER_ID) or fenced (FENCED_MEMBER_EPOCH: an epoch it never
// gave) fails at once with that Kafka error naming the partition, as a
// classic commit after a lost generation fails with ILLEGAL_GENERATION.
func TestCommitLostMemberFails(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.EnableConsumerProtocol()
	fc.AddTopic("t", 1)
	fc.OfferOffsetFetchV10()
	m := joinedMember(t, fc)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	fenced := m.Generation()
	fenced.ID++
	unknown := m.Generation()
	unknown.MemberID = "gone"
	for _, c := range []struct {
		gen  Generation
		want error
	}{{fenced, kafkawire.ErrFencedMemberEpoch}, {unknown, kafkawire.ErrUnknownMemberID}} {
		n := fc.Requests(protocol.KeyOffsetCommit)
		err := CommitMemberOffsets(ctx, m.cl, "g", fixedGen{gen: c.gen}, offsetsAt(3))
		if !errors.Is(err, c.want) || !strings.Contains(err.Error(), "t/0") {
			t.Errorf("%+v: %v, want %v naming t/0", c.gen, err, c.want)
		}
		if sent := fc.Requests(protocol.KeyOffsetCommit) - n; sent != 1 {
			t.Errorf("%v: %d commits sent, want 1 (not retried)", c.want, sent)
		}
		n = fc.Requests(protocol.KeyOffsetFetch)
		if _, err := FetchMemberOffsets(ctx, m.cl, "g", fixedGen{gen: c.gen}, []kafkawire.TopicPartition{tp0}); !errors.Is(err, c.want) {
			t.Errorf("fetch as %+v: %v, want %v", c.gen, err, c.want)
		}
		if sent := fc.Requests(protocol.KeyOffsetFetch) - n; sent != 1 {
			t.Errorf("%v: %d offset fetches sent, want 1 (not retried)", c.want, sent)
		}
	}
}

// Every failing partition is named, on one line.
func TestCommitErrorsOnOneLine(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.EnableConsumerProtocol()
	fc.AddTopic("t", 2)
	fc.Handle(protocol.KeyOffsetCommit, func(r *fakebroker.Request) fakebroker.Action {
		return fakebroker.ErrorReply(r, kafkawire.ErrFencedMemberEpoch.Code)
	})
	cl := newTestCluster(t, fc)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	offs := offsetsAt(1)
	offs[kafkawire.TopicPartition{Topic: "t", Partition: 1}] = Offset{Offset: 1, LeaderEpoch: -1}
	err := CommitMemberOffsets(ctx, cl, "g%s", nil, offs)
	msg := fmt.Sprint(err)
	if !errors.Is(err, kafkawire.ErrFencedMemberEpoch) || strings.Contains(msg, "\n") ||
		!strings.Contains(msg, "t/0: ") || !strings.Contains(msg, "t/1: ") || !strings.Contains(msg, `group "g%s": `) {
		t.Errorf("two failing partitions: %q, want both named on one line", msg)
	}
}

// A commit in Leave's revocation (the member goroutine has stopped, so no
// heartbeat brings a newer epoch) gets STALE_MEMBER_EPOCH at once instead
// of waiting for an epoch that cannot come.
func TestStaleMemberEpochAfterStop(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.EnableConsumerProtocol()
	fc.AddTopic("t", 1)
	rec := newRecorder()
	m := startConsumerMember(t, fc, ConsumerMemberConfig{}, rec)
	waitFor(t, "assigned", 5*time.Second, func() bool { return rec.count() == 1 && m.Generation().ID > 0 })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var err error
	var took time.Duration
	rec.mu.Lock()
	rec.onRevoke = func() {
		fc.BumpConsumerGroupEpoch("g")
		start := time.Now()
		err = CommitMemberOffsets(ctx, m.cl, "g", m, offsetsAt(5))
		took = time.Since(start)
	}
	rec.mu.Unlock()
	m.Leave(ctx)
	if !errors.Is(err, kafkawire.ErrStaleMemberEpoch) || took > time.Second {
		t.Errorf("commit while leaving: %v after %v, want STALE_MEMBER_EPOCH at once", err, took)
	}
}
