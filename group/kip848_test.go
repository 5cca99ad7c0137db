package group

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/internal/fakebroker"
	"github.com/kafkawire/kafkawire/protocol"
)

// recorder is a Handler that keeps what it was told.
type recorder struct {
	mu       sync.Mutex
	owned    map[kafkawire.TopicPartition]bool
	assigned int
	revoked  []kafkawire.TopicPartition
	lost     []kafkawire.TopicPartition
	onRevoke func() // runs inside Revoked, if set
}

func newRecorder() *recorder { return &recorder{owned: map[kafkawire.TopicPartition]bool{}} }

func (r *recorder) Assigned(_ context.Context, tps []kafkawire.TopicPartition) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.assigned++
	for _, tp := range tps {
		r.owned[tp] = true
	}
}

func (r *recorder) Revoked(_ context.Context, tps []kafkawire.TopicPartition) {
	r.mu.Lock()
	f := r.onRevoke
	r.mu.Unlock()
	if f != nil {
		f()
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.revoked = append(r.revoked, tps...)
	for _, tp := range tps {
		delete(r.owned, tp)
	}
}

func (r *recorder) Lost(_ context.Context, tps []kafkawire.TopicPartition) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lost = append(r.lost, tps...)
	for _, tp := range tps {
		delete(r.owned, tp)
	}
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.owned)
}

func (r *recorder) lostCount() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.lost)
}

// leaveAtEnd makes p leave the group when the test ends.
func leaveAtEnd(t *testing.T, p Participant) {
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		p.Leave(ctx)
	})
}

// newTestCluster is a cluster client of fc with short backoffs, closed
// when the test ends (for members of either protocol).
func newTestCluster(t *testing.T, fc *fakebroker.Cluster) *conn.Cluster {
	t.Helper()
	cl, err := conn.NewCluster(conn.ClusterConfig{Bootstrap: fc.Addrs(), RetryBackoff: 20 * time.Millisecond, RetryBackoffMax: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cl.Close() })
	return cl
}

func startConsumerMember(t *testing.T, fc *fakebroker.Cluster, cfg ConsumerMemberConfig, h Handler) *ConsumerMember {
	t.Helper()
	cl := newTestCluster(t, fc)
	if cfg.GroupID == "" {
		cfg.GroupID = "g"
	}
	if cfg.Topics == nil && cfg.TopicRegex == "" {
		cfg.Topics = []string{"t"}
		cl.Track("t")
	}
	if cfg.RebalanceTimeout == 0 {
		cfg.RebalanceTimeout = 10 * time.Second
	}
	if cfg.SessionTimeout == 0 {
		cfg.SessionTimeout = 10 * time.Second
	}
	m, err := NewConsumerMember(cl, cfg, h)
	if err != nil {
		t.Fatal(err)
	}
	leaveAtEnd(t, m)
	return m
}

func waitFor(t *testing.T, what string, timeout time.Duration, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("after %v: %s", timeout, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// heartbeats records every ConsumerGroupHeartbeat request and lets a test
// script answers; nil from script means the default answer.
func heartbeats(fc *fakebroker.Cluster, script func(req *protocol.ConsumerGroupHeartbeatRequest, n int) (code int16, ok bool)) *hbLog {
	l := &hbLog{}
	fc.Handle(protocol.KeyConsumerGroupHeartbeat, func(r *fakebroker.Request) fakebroker.Action {
		req := r.Body.(*protocol.ConsumerGroupHeartbeatRequest)
		l.mu.Lock()
		l.reqs = append(l.reqs, *req)
		n := len(l.reqs)
		l.mu.Unlock()
		if script != nil {
			if code, ok := script(req, n); ok {
				return fakebroker.ErrorReply(r, code)
			}
		}
		return r.Default()
	})
	return l
}

type hbLog struct {
	mu   sync.Mutex
	reqs []protocol.ConsumerGroupHeartbeatRequest
}

func (l *hbLog) epochs() []int32 {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []int32
	for _, r := range l.reqs {
		out = append(out, r.MemberEpoch)
	}
	return out
}

func (l *hbLog) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.reqs)
}

func TestConsumerMemberJoinsAndSplits(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.EnableConsumerProtocol()
	fc.AddTopic("t", 4)
	a, b := newRecorder(), newRecorder()
	ma := startConsumerMember(t, fc, ConsumerMemberConfig{ServerAssignor: "uniform"}, a)
	waitFor(t, "first member owns all 4 partitions", 5*time.Second, func() bool { return a.count() == 4 })
	if g := ma.Generation(); g.ID <= 0 || g.MemberID == "" || !g.KIP848 {
		t.Fatalf("Generation() = %+v, want a positive epoch, a member id and KIP848", g)
	}
	mb := startConsumerMember(t, fc, ConsumerMemberConfig{}, b)
	waitFor(t, "two members own 2 partitions each", 5*time.Second, func() bool { return a.count() == 2 && b.count() == 2 })
	got := append(ma.Assignment(), mb.Assignment()...)
	slices.SortFunc(got, func(x, y kafkawire.TopicPartition) int { return int(x.Partition - y.Partition) })
	if fmt.Sprint(got) != "[{t 0} {t 1} {t 2} {t 3}]" {
		t.Fatalf("assignments %v and %v do not split t/0..3", ma.Assignment(), mb.Assignment())
	}
	a.mu.Lock()
	revoked := len(a.revoked)
	a.mu.Unlock()
	if revoked != 2 || a.lostCount() != 0 {
		t.Errorf("first member: %d revoked, %d lost; want 2 revoked, none lost", revoked, a.lostCount())
	}
	members := fc.ConsumerGroup("g")
	if len(members) != 2 || members[0].Assignor != "uniform" && members[1].Assignor != "uniform" {
		t.Errorf("coordinator sees %+v, want 2 members, one asking for uniform", members)
	}
	// The first leaves: the second takes everything.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := ma.Leave(ctx); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "remaining member owns all 4", 5*time.Second, func() bool { return b.count() == 4 })
	if n := len(fc.ConsumerGroup("g")); n != 1 {
		t.Errorf("coordinator has %d members after a leave, want 1", n)
	}
}

// A revocation that waits (for the application's next Poll) keeps the
// member heartbeating, and the partition reaches its new owner only after
// the old one released it.
func TestConsumerMemberRevokesBeforeRelease(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.EnableConsumerProtocol()
	fc.AddTopic("t", 2)
	hb := heartbeats(fc, nil)
	a, b := newRecorder(), newRecorder()
	startConsumerMember(t, fc, ConsumerMemberConfig{}, a)
	waitFor(t, "first member owns both", 5*time.Second, func() bool { return a.count() == 2 })
	release := make(chan struct{})
	var during atomic.Int32
	a.mu.Lock()
	a.onRevoke = func() {
		before := hb.len()
		<-release
		during.Store(int32(hb.len() - before))
	}
	a.mu.Unlock()
	startConsumerMember(t, fc, ConsumerMemberConfig{}, b)
	time.Sleep(600 * time.Millisecond) // several heartbeat intervals (100ms)
	if b.count() != 0 {
		t.Fatalf("second member got %d partitions while the first was still revoking", b.count())
	}
	close(release)
	waitFor(t, "one partition each", 5*time.Second, func() bool { return a.count() == 1 && b.count() == 1 })
	if during.Load() < 3 {
		t.Errorf("%d heartbeats while the revocation waited 600ms, want several", during.Load())
	}
}

func TestConsumerMemberFencedRejoins(t *testing.T) {
	for _, code := range []int16{kafkawire.ErrFencedMemberEpoch.Code, kafkawire.ErrUnknownMemberID.Code} {
		t.Run(kafkawire.ErrorForCode(code).(*kafkawire.Error).Name, func(t *testing.T) {
			fc := fakebroker.NewCluster(t, 1)
			fc.EnableConsumerProtocol()
			fc.AddTopic("t", 2)
			var fenced atomic.Bool
			hb := heartbeats(fc, func(req *protocol.ConsumerGroupHeartbeatRequest, n int) (int16, bool) {
				if req.MemberEpoch > 0 && n >= 3 && !fenced.Swap(true) {
					return code, true
				}
				return 0, false
			})
			rec := newRecorder()
			m := startConsumerMember(t, fc, ConsumerMemberConfig{}, rec)
			waitFor(t, "partitions lost on "+fmt.Sprint(code), 5*time.Second, func() bool { return rec.lostCount() == 2 })
			waitFor(t, "partitions back after rejoining", 5*time.Second, func() bool { return rec.count() == 2 })
			ep := hb.epochs()
			joins := 0
			for _, e := range ep {
				if e == 0 {
					joins++
				}
			}
			if joins != 2 {
				t.Errorf("epochs sent %v: want 2 joins (epoch 0)", ep)
			}
			if m.Err() != nil {
				t.Errorf("Err() = %v after a fence, want nil", m.Err())
			}
		})
	}
}

func TestConsumerMemberStopsOnFatalError(t *testing.T) {
	for _, e := range []*kafkawire.Error{kafkawire.ErrUnreleasedInstanceID, kafkawire.ErrGroupMaxSizeReached,
		kafkawire.ErrUnsupportedAssignor, kafkawire.ErrGroupAuthorizationFailed, kafkawire.ErrFencedInstanceID} {
		t.Run(e.Name, func(t *testing.T) {
			fc := fakebroker.NewCluster(t, 1)
			fc.EnableConsumerProtocol()
			fc.AddTopic("t", 1)
			var fail atomic.Bool
			heartbeats(fc, func(*protocol.ConsumerGroupHeartbeatRequest, int) (int16, bool) {
				return e.Code, fail.Load()
			})
			rec := newRecorder()
			log := &errLog{}
			m := startConsumerMember(t, fc, ConsumerMemberConfig{InstanceID: "i1", OnError: log.add}, rec)
			waitFor(t, "assigned", 5*time.Second, func() bool { return rec.count() == 1 })
			fail.Store(true)
			waitFor(t, "stopped", 5*time.Second, func() bool { return m.Err() != nil })
			var ge *Error
			if err := m.Err(); !errors.As(err, &ge) || !ge.Fatal || ge.Op != "ConsumerGroupHeartbeat" || !errors.Is(err, e) {
				t.Fatalf("Err() = %v, want a fatal ConsumerGroupHeartbeat *Error wrapping %s", err, e.Name)
			}
			if want := "group g: ConsumerGroupHeartbeat: kafka error " + fmt.Sprint(e.Code) + " " + e.Name; !strings.HasPrefix(m.Err().Error(), want) || strings.Contains(m.Err().Error(), "\n") {
				t.Errorf("message %q, want one line starting %q", m.Err(), want)
			}
			if rec.lostCount() != 1 || len(log.get()) == 0 {
				t.Errorf("lost %d partitions, %d errors reported; want 1 lost and the error reported", rec.lostCount(), len(log.get()))
			}
		})
	}
}

// The coordinator's error message reaches the error.
func TestConsumerMemberErrorMessage(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.EnableConsumerProtocol()
	fc.AddTopic("t", 1)
	fc.Handle(protocol.KeyConsumerGroupHeartbeat, func(r *fakebroker.Request) fakebroker.Action {
		msg := "The consumer group has reached its maximum capacity of 1 members."
		return fakebroker.Reply(&protocol.ConsumerGroupHeartbeatResponse{ErrorCode: kafkawire.ErrGroupMaxSizeReached.Code, ErrorMessage: &msg})
	})
	m := startConsumerMember(t, fc, ConsumerMemberConfig{}, newRecorder())
	waitFor(t, "stopped", 5*time.Second, func() bool { return m.Err() != nil })
	if !strings.HasSuffix(m.Err().Error(), "maximum capacity of 1 members.") {
		t.Errorf("message %q lacks the coordinator's", m.Err())
	}
}

// NOT_COORDINATOR and a dead connection make the member find the
// coordinator again, with backoff, keeping its partitions.
func TestConsumerMemberCoordinatorMoves(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.EnableConsumerProtocol()
	fc.AddTopic("t", 1)
	var failing atomic.Int32
	fc.Handle(protocol.KeyConsumerGroupHeartbeat, func(r *fakebroker.Request) fakebroker.Action {
		switch failing.Load() {
		case 1:
			return fakebroker.ErrorReply(r, kafkawire.ErrNotCoordinator.Code)
		case 2:
			return fakebroker.CloseConn()
		}
		return r.Default()
	})
	rec := newRecorder()
	log := &errLog{}
	m := startConsumerMember(t, fc, ConsumerMemberConfig{OnError: log.add}, rec)
	waitFor(t, "assigned", 5*time.Second, func() bool { return rec.count() == 1 })
	for _, mode := range []int32{1, 2} {
		finds := fc.Requests(protocol.KeyFindCoordinator)
		hbs := fc.Requests(protocol.KeyConsumerGroupHeartbeat)
		failing.Store(mode)
		waitFor(t, "coordinator looked up again", 5*time.Second, func() bool { return fc.Requests(protocol.KeyFindCoordinator) > finds })
		time.Sleep(300 * time.Millisecond)
		if n := fc.Requests(protocol.KeyConsumerGroupHeartbeat) - hbs; n > 30 {
			t.Errorf("mode %d: %d heartbeats in ~300ms of failures: not backing off", mode, n)
		}
		failing.Store(0)
		waitFor(t, "healthy again", 5*time.Second, func() bool { errs := log.get(); return len(errs) > 0 && errs[len(errs)-1] == nil })
	}
	if rec.count() != 1 || rec.lostCount() != 0 || m.Err() != nil {
		t.Errorf("owned %d, lost %d, Err %v: want the partition kept", rec.count(), rec.lostCount(), m.Err())
	}
}

// Heartbeats failing for a whole session timeout lose the partitions: the
// coordinator has given them away by then.
func TestConsumerMemberSessionLost(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.EnableConsumerProtocol()
	fc.AddTopic("t", 1)
	var silent atomic.Bool
	fc.Handle(protocol.KeyConsumerGroupHeartbeat, func(r *fakebroker.Request) fakebroker.Action {
		if silent.Load() {
			return fakebroker.ErrorReply(r, kafkawire.ErrCoordinatorNotAvailable.Code)
		}
		return r.Default()
	})
	rec := newRecorder()
	startConsumerMember(t, fc, ConsumerMemberConfig{SessionTimeout: 500 * time.Millisecond}, rec)
	waitFor(t, "assigned", 5*time.Second, func() bool { return rec.count() == 1 })
	silent.Store(true)
	waitFor(t, "lost after the session timeout", 5*time.Second, func() bool { return rec.lostCount() == 1 })
	silent.Store(false)
	waitFor(t, "back after rejoining", 5*time.Second, func() bool { return rec.count() == 1 })
}

func TestConsumerMemberLeaveEpochs(t *testing.T) {
	for _, c := range []struct {
		instance string
		epoch    int32
	}{{"", -1}, {"static-1", -2}} {
		t.Run(fmt.Sprint(c.epoch), func(t *testing.T) {
			fc := fakebroker.NewCluster(t, 1)
			fc.EnableConsumerProtocol()
			fc.AddTopic("t", 1)
			hb := heartbeats(fc, nil)
			rec := newRecorder()
			m := startConsumerMember(t, fc, ConsumerMemberConfig{InstanceID: c.instance}, rec)
			waitFor(t, "assigned", 5*time.Second, func() bool { return rec.count() == 1 })
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if err := m.Leave(ctx); err != nil {
				t.Fatal(err)
			}
			ep := hb.epochs()
			if last := ep[len(ep)-1]; last != c.epoch {
				t.Errorf("last epoch sent %d, want %d", last, c.epoch)
			}
			hb.mu.Lock()
			last := hb.reqs[len(hb.reqs)-1]
			hb.mu.Unlock()
			if c.instance != "" && (last.InstanceID == nil || *last.InstanceID != c.instance) {
				t.Errorf("static leave without its instance id")
			}
			rec.mu.Lock()
			revoked := len(rec.revoked)
			rec.mu.Unlock()
			if revoked != 1 {
				t.Errorf("%d revoked on Leave, want 1", revoked)
			}
		})
	}
}

// Leave bounded by its ctx against a coordinator that never answers.
func TestConsumerMemberLeaveHonoursContext(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.EnableConsumerProtocol()
	fc.AddTopic("t", 1)
	var silent atomic.Bool
	fc.Handle(protocol.KeyConsumerGroupHeartbeat, func(r *fakebroker.Request) fakebroker.Action {
		if silent.Load() {
			return fakebroker.Silence()
		}
		return r.Default()
	})
	rec := newRecorder()
	m := startConsumerMember(t, fc, ConsumerMemberConfig{}, rec)
	waitFor(t, "assigned", 5*time.Second, func() bool { return rec.count() == 1 })
	silent.Store(true)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := m.Leave(ctx)
	var ge *Error
	if !errors.As(err, &ge) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Leave = %v, want a *Error with the ctx's deadline", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("Leave took %v past its 300ms ctx", d)
	}
}

func TestConsumerMemberRegex(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.EnableConsumerProtocol()
	fc.AddTopic("r-1", 1)
	fc.AddTopic("other", 1)
	hb := heartbeats(fc, nil)
	rec := newRecorder()
	startConsumerMember(t, fc, ConsumerMemberConfig{TopicRegex: "r-.*"}, rec)
	waitFor(t, "r-1 assigned", 5*time.Second, func() bool { return rec.count() == 1 })
	fc.AddTopic("r-2", 2)
	waitFor(t, "r-2 picked up", 5*time.Second, func() bool { return rec.count() == 3 })
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if rec.owned[kafkawire.TopicPartition{Topic: "other", Partition: 0}] {
		t.Errorf("owns a topic the regex does not match")
	}
	hb.mu.Lock()
	first := hb.reqs[0]
	hb.mu.Unlock()
	if first.SubscribedTopicRegex == nil || *first.SubscribedTopicRegex != "r-.*" || first.SubscribedTopicNames != nil {
		t.Errorf("join sent regex %v, names %v", first.SubscribedTopicRegex, first.SubscribedTopicNames)
	}
}

func TestConsumerMemberUnsupported(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	fc.WithoutConsumerProtocol()
	m := startConsumerMember(t, fc, ConsumerMemberConfig{}, newRecorder())
	waitFor(t, "stopped", 5*time.Second, func() bool { return m.Err() != nil })
	var ue *conn.UnsupportedError
	if !errors.As(m.Err(), &ue) {
		t.Errorf("Err() = %v, want an *conn.UnsupportedError", m.Err())
	}
}

// capture keeps log messages.
type capture struct {
	mu  sync.Mutex
	msg []string
}

func (c *capture) Enabled(context.Context, slog.Level) bool { return true }
func (c *capture) Handle(_ context.Context, r slog.Record) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.msg = append(c.msg, r.Level.String()+" "+r.Message)
	return nil
}
func (c *capture) WithAttrs([]slog.Attr) slog.Handler { return c }
func (c *capture) WithGroup(string) slog.Handler      { return c }
func (c *capture) has(s string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, m := range c.msg {
		if strings.Contains(m, s) {
			return true
		}
	}
	return false
}

func startAuto(t *testing.T, fc *fakebroker.Cluster, rec Handler, logs *capture) Participant {
	t.Helper()
	cl := newTestCluster(t, fc)
	cl.Track("t")
	ra, _ := AssignorByName("range")
	log := slog.New(logs)
	p, err := NewAutoMember(cl,
		MemberConfig{GroupID: "g", Topics: []string{"t"}, SessionTimeout: 10 * time.Second, RebalanceTimeout: 10 * time.Second,
			HeartbeatInterval: 100 * time.Millisecond, Assignors: []Assignor{ra}, Logger: log},
		ConsumerMemberConfig{GroupID: "g", Topics: []string{"t"}, SessionTimeout: 10 * time.Second, RebalanceTimeout: 10 * time.Second, Logger: log},
		rec)
	if err != nil {
		t.Fatal(err)
	}
	leaveAtEnd(t, p)
	return p
}

func TestAutoMember(t *testing.T) {
	cases := []struct {
		name    string
		setup   func(fc *fakebroker.Cluster)
		classic bool
	}{
		{"consumer protocol offered", func(*fakebroker.Cluster) {}, false},
		{"no ConsumerGroupHeartbeat", func(fc *fakebroker.Cluster) { fc.WithoutConsumerProtocol() }, true},
		{"UNSUPPORTED_VERSION (3.x without the new coordinator)", func(fc *fakebroker.Cluster) {
			heartbeats(fc, func(*protocol.ConsumerGroupHeartbeatRequest, int) (int16, bool) {
				return kafkawire.ErrUnsupportedVersion.Code, true
			})
		}, true},
		{"GROUP_ID_NOT_FOUND (a classic group)", func(fc *fakebroker.Cluster) {
			heartbeats(fc, func(*protocol.ConsumerGroupHeartbeatRequest, int) (int16, bool) {
				return kafkawire.ErrGroupIDNotFound.Code, true
			})
		}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fc := fakebroker.NewCluster(t, 1)
			fc.EnableConsumerProtocol()
			fc.AddTopic("t", 1)
			c.setup(fc)
			rec := newRecorder()
			logs := &capture{}
			p := startAuto(t, fc, rec, logs)
			waitFor(t, "assigned", 5*time.Second, func() bool { return rec.count() == 1 })
			joins := fc.Requests(protocol.KeyJoinGroup)
			if c.classic != (joins > 0) || c.classic != !p.Generation().KIP848 {
				t.Errorf("JoinGroup requests %d, generation %+v: classic should be %v", joins, p.Generation(), c.classic)
			}
			want := "INFO group: protocol auto chose consumer"
			if c.classic {
				want = "INFO group: protocol auto chose classic"
			}
			if !logs.has(want) {
				t.Errorf("no info log %q in %q", want, logs.msg)
			}
			if p.Err() != nil {
				t.Errorf("Err() = %v", p.Err())
			}
		})
	}
}

// A KIP-848 member's commits carry its epoch and name topics by id when
// the broker offers OffsetCommit v10; a stale epoch is refused.
func TestCommitOffsetsKIP848(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.EnableConsumerProtocol()
	fc.AddTopic("t", 1)
	fc.OfferOffsetCommitV10()
	rec := newRecorder()
	m := startConsumerMember(t, fc, ConsumerMemberConfig{}, rec)
	waitFor(t, "assigned", 5*time.Second, func() bool { return rec.count() == 1 })
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	tp := kafkawire.TopicPartition{Topic: "t", Partition: 0}
	if err := CommitOffsets(ctx, m.cl, "g", m.Generation(), map[kafkawire.TopicPartition]Offset{tp: {Offset: 42, LeaderEpoch: -1}}); err != nil {
		t.Fatal(err)
	}
	if v := fc.LastOffsetCommitVersion(); v != 10 {
		t.Errorf("committed with OffsetCommit v%d, want v10", v)
	}
	if got := fc.Committed("g", "t", 0); got != 42 {
		t.Errorf("committed %d, want 42", got)
	}
	stale := m.Generation()
	stale.ID--
	err := CommitOffsets(ctx, m.cl, "g", stale, map[kafkawire.TopicPartition]Offset{tp: {Offset: 43, LeaderEpoch: -1}})
	if !errors.Is(err, kafkawire.ErrStaleMemberEpoch) || !strings.Contains(err.Error(), "t/0") {
		t.Errorf("commit with a stale epoch: %v, want STALE_MEMBER_EPOCH naming t/0", err)
	}
	// A classic generation keeps naming topics (v9).
	if err := CommitOffsets(ctx, m.cl, "g2", NoGeneration, map[kafkawire.TopicPartition]Offset{tp: {Offset: 7, LeaderEpoch: -1}}); err != nil {
		t.Fatal(err)
	}
	if v := fc.LastOffsetCommitVersion(); v != 9 {
		t.Errorf("classic commit with OffsetCommit v%d, want v9", v)
	}
}

func TestNewConsumerMemberValidates(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.EnableConsumerProtocol()
	cl := newTestCluster(t, fc)
	for _, c := range []struct {
		cfg  ConsumerMemberConfig
		want string
	}{
		{ConsumerMemberConfig{Topics: []string{"t"}}, "GroupID"},
		{ConsumerMemberConfig{GroupID: "g"}, "no topics"},
		{ConsumerMemberConfig{GroupID: "g", Topics: []string{"t"}, TopicRegex: "x"}, "not both"},
		{ConsumerMemberConfig{GroupID: "g", Topics: []string{"t"}}, "RebalanceTimeout"},
	} {
		if _, err := NewConsumerMember(cl, c.cfg, newRecorder()); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want an error naming %s", c.cfg, err, c.want)
		}
	}
}

// An assigned topic id that metadata does not know (yet) is not taken:
// the member takes the rest and keeps asking metadata at each heartbeat.
func TestConsumerMemberUnknownTopicID(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.EnableConsumerProtocol()
	fc.AddTopic("t", 1)
	cl := newTestCluster(t, fc)
	cl.Track("t")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	md, err := cl.Refresh(ctx)
	if err != nil {
		t.Fatal(err)
	}
	known := md.Topic("t").ID
	unknown := protocol.UUID{0xde, 0xad}
	fc.Handle(protocol.KeyConsumerGroupHeartbeat, func(r *fakebroker.Request) fakebroker.Action {
		id := r.Body.(*protocol.ConsumerGroupHeartbeatRequest).MemberID
		return fakebroker.Reply(&protocol.ConsumerGroupHeartbeatResponse{MemberID: &id, MemberEpoch: 1, HeartbeatIntervalMs: 50,
			Assignment: &protocol.ConsumerGroupHeartbeatResponseAssignment{TopicPartitions: []protocol.ConsumerGroupHeartbeatTopicPartitions{
				{TopicID: known, Partitions: []int32{0}}, {TopicID: unknown, Partitions: []int32{0, 1}}}}})
	})
	rec := newRecorder()
	m, err := NewConsumerMember(cl, ConsumerMemberConfig{GroupID: "g", Topics: []string{"t"}, RebalanceTimeout: time.Second, SessionTimeout: 3 * time.Second}, rec)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Leave(ctx)
	waitFor(t, "the known topic taken", 5*time.Second, func() bool { return rec.count() == 1 })
	listings := fc.Requests(protocol.KeyMetadata)
	waitFor(t, "metadata asked again for the unknown id", 5*time.Second, func() bool { return fc.Requests(protocol.KeyMetadata) > listings+1 })
	if got := m.Assignment(); len(got) != 1 || got[0].Topic != "t" {
		t.Errorf("assignment %v, want only t/0", got)
	}
}

// A classic member that cannot start when auto falls back stops the
// member with a fatal error.
func TestAutoMemberFallbackFails(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	fc.WithoutConsumerProtocol()
	cl := newTestCluster(t, fc)
	log := &errLog{}
	p, err := NewAutoMember(cl, MemberConfig{GroupID: "g", Topics: []string{"t"}, SessionTimeout: time.Second, HeartbeatInterval: 100 * time.Millisecond, OnError: log.add},
		ConsumerMemberConfig{GroupID: "g", Topics: []string{"t"}, SessionTimeout: time.Second, RebalanceTimeout: time.Second}, newRecorder())
	if err != nil {
		t.Fatal(err)
	}
	defer p.Leave(context.Background())
	waitFor(t, "stopped", 5*time.Second, func() bool { return p.Err() != nil })
	var ge *Error
	if !errors.As(p.Err(), &ge) || !ge.Fatal || !strings.Contains(p.Err().Error(), "no assignors") || len(log.get()) != 1 {
		t.Errorf("Err() = %v, reported %v; want one fatal *Error naming the missing assignors", p.Err(), log.get())
	}
}

// ConsumerGroupHeartbeat v0 (Kafka 4.0): the coordinator names the member;
// a topic regex needs v1 and is refused, naming why.
func TestConsumerMemberV0(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.EnableConsumerProtocol()
	fc.AddTopic("t", 1)
	fc.CapConsumerGroupHeartbeat(0)
	hb := heartbeats(fc, nil)
	rec := newRecorder()
	m := startConsumerMember(t, fc, ConsumerMemberConfig{}, rec)
	waitFor(t, "assigned", 5*time.Second, func() bool { return rec.count() == 1 })
	hb.mu.Lock()
	first, later := hb.reqs[0].MemberID, hb.reqs[len(hb.reqs)-1].MemberID
	hb.mu.Unlock()
	if first != "" || later != "member-1" || m.Generation().MemberID != "member-1" {
		t.Errorf("v0 joined as %q, then sent %q (generation %+v); want \"\" then the coordinator's member-1", first, later, m.Generation())
	}
	re := startConsumerMember(t, fc, ConsumerMemberConfig{GroupID: "g2", TopicRegex: "t.*"}, newRecorder())
	waitFor(t, "regex member stopped", 5*time.Second, func() bool { return re.Err() != nil })
	if !errors.Is(re.Err(), kafkawire.ErrUnsupportedVersion) || !strings.Contains(re.Err().Error(), "regex needs v1") {
		t.Errorf("Err() = %v, want UNSUPPORTED_VERSION naming the regex", re.Err())
	}
}

// Leave succeeds when the coordinator already forgot the member.
func TestConsumerMemberLeaveUnknown(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.EnableConsumerProtocol()
	fc.AddTopic("t", 1)
	heartbeats(fc, func(req *protocol.ConsumerGroupHeartbeatRequest, _ int) (int16, bool) {
		return kafkawire.ErrUnknownMemberID.Code, req.MemberEpoch < 0
	})
	rec := newRecorder()
	m := startConsumerMember(t, fc, ConsumerMemberConfig{}, rec)
	waitFor(t, "assigned", 5*time.Second, func() bool { return rec.count() == 1 })
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := m.Leave(ctx); err != nil {
		t.Errorf("Leave = %v, want nil: the member is gone either way", err)
	}
}

// Metadata that cannot list topics leaves an unknown assigned id pending,
// with a warning, and the member keeps what it could resolve.
func TestConsumerMemberListingFails(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.EnableConsumerProtocol()
	fc.AddTopic("t", 1)
	fc.Handle(protocol.KeyMetadata, func(r *fakebroker.Request) fakebroker.Action {
		if r.Body.(*protocol.MetadataRequest).Topics == nil {
			return fakebroker.CloseConn() // a listing of every topic never gets through
		}
		return r.Default()
	})
	fc.AddTopic("later", 1) // assigned by regex, named by no tracked topic
	logs := &capture{}
	rec := newRecorder()
	startConsumerMember(t, fc, ConsumerMemberConfig{TopicRegex: "later", SessionTimeout: 600 * time.Millisecond, Logger: slog.New(logs)}, rec)
	waitFor(t, "a warning about the unresolved id", 5*time.Second, func() bool { return logs.has("WARN group: cannot resolve assigned topic ids") })
	if rec.count() != 0 {
		t.Errorf("owns %d partitions of a topic it could not name", rec.count())
	}
}

// A KIP-848 commit of a topic metadata has no id for goes by name (v9).
func TestCommitOffsetsKIP848UnknownID(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.EnableConsumerProtocol()
	fc.AddTopic("t", 1)
	fc.OfferOffsetCommitV10()
	cl := newTestCluster(t, fc)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	gen := Generation{ID: -1, KIP848: true}
	if err := CommitOffsets(ctx, cl, "g", gen, map[kafkawire.TopicPartition]Offset{{Topic: "t"}: {Offset: 5, LeaderEpoch: -1}}); err != nil {
		t.Fatal(err)
	}
	if v := fc.LastOffsetCommitVersion(); v != 9 || fc.Committed("g", "t", 0) != 5 {
		t.Errorf("committed %d at v%d, want 5 at v9 (no metadata, no id)", fc.Committed("g", "t", 0), v)
	}
}

// A member that finished reconciling tells the coordinator at once, as
// Java's consumer does, instead of at its next interval: the ack of a new
// assignment confirms it, the ack of a revocation is what frees the
// partitions for their next owner. One such heartbeat per reconciliation,
// then the interval again. The fake asks for 10 s heartbeats.
func TestConsumerMemberAcksAtOnce(t *testing.T) {
	t.Parallel() // it waits one 10 s interval
	fc := fakebroker.NewCluster(t, 1)
	fc.EnableConsumerProtocol()
	fc.AddTopic("t", 4)
	fc.SetHeartbeatInterval(10 * time.Second)
	hb := heartbeats(fc, nil)
	a, b := newRecorder(), newRecorder()
	ma := startConsumerMember(t, fc, ConsumerMemberConfig{}, a)
	waitFor(t, "the first member owns all 4 partitions", 5*time.Second, func() bool { return a.count() == 4 })
	id := ma.Generation().MemberID
	ackWithin := func(what string, from, n int, owned int) {
		t.Helper()
		waitFor(t, what, time.Second, func() bool { return hb.from(id) > from })
		if got := hb.lastOwned(id); got != owned {
			t.Fatalf("%s: the ack reports %d partitions owned, want %d", what, got, owned)
		}
		time.Sleep(time.Second)
		if got := hb.from(id); got != n {
			t.Fatalf("%s: %d heartbeats within a second of the ack, want %d (one ack, then the interval)", what, got, n)
		}
	}
	ackWithin("the ack of the first assignment", 1, 2, 4)

	var revokedAt atomic.Int64
	a.mu.Lock()
	a.onRevoke = func() { revokedAt.Store(int64(hb.from(id))) }
	a.mu.Unlock()
	startConsumerMember(t, fc, ConsumerMemberConfig{}, b)
	// a hears of the revocation at its next heartbeat, 10 s after the ack.
	waitFor(t, "the first member revokes 2 partitions", 15*time.Second, func() bool { return a.count() == 2 })
	n := int(revokedAt.Load())
	ackWithin("the ack of the revocation", n, n+1, 2)
}

// from counts the heartbeats of one member.
func (l *hbLog) from(memberID string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, r := range l.reqs {
		if r.MemberID == memberID {
			n++
		}
	}
	return n
}

// lastOwned is how many partitions the member's last heartbeat reported owning.
func (l *hbLog) lastOwned(memberID string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := len(l.reqs) - 1; i >= 0; i-- {
		if l.reqs[i].MemberID == memberID {
			n := 0
			for _, tp := range l.reqs[i].TopicPartitions {
				n += len(tp.Partitions)
			}
			return n
		}
	}
	return -1
}

// Auto choosing the consumer protocol warns about classic-only settings
// the application gave, which the broker's settings replace.
func TestAutoMemberWarnsClassicOnly(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.EnableConsumerProtocol()
	fc.AddTopic("t", 1)
	cl := newTestCluster(t, fc)
	cl.Track("t")
	logs := &capture{}
	log := slog.New(logs)
	ra, _ := AssignorByName("range")
	rec := newRecorder()
	p, err := NewAutoMember(cl,
		MemberConfig{GroupID: "g", Topics: []string{"t"}, SessionTimeout: 10 * time.Second, RebalanceTimeout: 10 * time.Second,
			HeartbeatInterval: 100 * time.Millisecond, Assignors: []Assignor{ra}, Logger: log},
		ConsumerMemberConfig{GroupID: "g", Topics: []string{"t"}, SessionTimeout: 10 * time.Second, RebalanceTimeout: 10 * time.Second, Logger: log,
			ClassicOnly: []string{"Config.SessionTimeout"}},
		rec)
	if err != nil {
		t.Fatal(err)
	}
	leaveAtEnd(t, p)
	waitFor(t, "assigned", 5*time.Second, func() bool { return rec.count() == 1 })
	if want := "WARN group: Config.SessionTimeout not in effect"; !logs.has(want) {
		t.Errorf("no warning %q in %q", want, logs.msg)
	}
}
