package group

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/internal/fakebroker"
	"github.com/kafkawire/kafkawire/protocol"
)

type nopHandler struct{}

func (nopHandler) Assigned(context.Context, []kafkawire.TopicPartition) {}
func (nopHandler) Revoked(context.Context, []kafkawire.TopicPartition)  {}
func (nopHandler) Lost(context.Context, []kafkawire.TopicPartition)     {}

type errLog struct {
	mu   sync.Mutex
	errs []error
}

func (l *errLog) add(err error) {
	l.mu.Lock()
	l.errs = append(l.errs, err)
	l.mu.Unlock()
}

func (l *errLog) get() []error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]error(nil), l.errs...)
}

func startMember(t *testing.T, fc *fakebroker.Cluster, log *errLog, h Handler, hb time.Duration) *Membership {
	t.Helper()
	cl := newTestCluster(t, fc)
	ra, _ := AssignorByName("range")
	m, err := NewMembership(cl, MemberConfig{GroupID: "g", Topics: []string{"t"}, SessionTimeout: 10 * time.Second,
		RebalanceTimeout: 10 * time.Second, HeartbeatInterval: hb, Assignors: []Assignor{ra}, OnError: log.add}, h)
	if err != nil {
		t.Fatal(err)
	}
	leaveAtEnd(t, m)
	return m
}

// Defect 8 (group part): a fatal JoinGroup error stopped nothing; run
// logged it at INFO and retried forever. Now the member stops and reports
// it, typed.
func TestMembershipStopsOnFatalJoinError(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	fc.Handle(protocol.KeyJoinGroup, func(r *fakebroker.Request) fakebroker.Action {
		return fakebroker.ErrorReply(r, kafkawire.ErrGroupAuthorizationFailed.Code)
	})
	log := &errLog{}
	m := startMember(t, fc, log, nopHandler{}, time.Second)
	deadline := time.Now().Add(2 * time.Second)
	for m.Err() == nil && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	var ge *Error
	if err := m.Err(); !errors.As(err, &ge) || !ge.Fatal || ge.Op != "JoinGroup" || !errors.Is(err, kafkawire.ErrGroupAuthorizationFailed) {
		t.Fatalf("Err() = %v, want a fatal JoinGroup *Error", err)
	}
	if want := "group g: JoinGroup: kafka error 30 GROUP_AUTHORIZATION_FAILED: Group authorization failed."; m.Err().Error() != want {
		t.Errorf("message %q, want %q", m.Err(), want)
	}
	time.Sleep(300 * time.Millisecond)
	if n := fc.Requests(protocol.KeyJoinGroup); n != 1 {
		t.Fatalf("%d JoinGroup requests, want 1: a fatal error is not retried", n)
	}
	if errs := log.get(); len(errs) != 1 || errs[0] != m.Err() {
		t.Fatalf("OnError got %v", errs)
	}
}

// Retriable join errors back off and are reported as not fatal.
func TestMembershipBacksOffRetriableJoinErrors(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	fc.Handle(protocol.KeyJoinGroup, func(r *fakebroker.Request) fakebroker.Action {
		return fakebroker.ErrorReply(r, kafkawire.ErrCoordinatorLoadInProgress.Code)
	})
	log := &errLog{}
	m := startMember(t, fc, log, nopHandler{}, time.Second)
	time.Sleep(time.Second)
	if n := fc.Requests(protocol.KeyJoinGroup); n < 2 || n > 30 { // backoff 20..100 ms, jittered
		t.Fatalf("%d JoinGroup requests in 1 s, want retries with backoff", n)
	}
	errs := log.get()
	var ge *Error
	if len(errs) == 0 || !errors.As(errs[0], &ge) || ge.Fatal || m.Err() != nil {
		t.Fatalf("OnError got %v, Err() %v; want non-fatal *Error", errs, m.Err())
	}
}

type lostHandler struct {
	nopHandler
	lost chan []kafkawire.TopicPartition
}

func (h lostHandler) Lost(_ context.Context, tps []kafkawire.TopicPartition) { h.lost <- tps }

// A fatal Heartbeat error (FENCED_INSTANCE_ID: another instance took our
// group.instance.id) loses the partitions and stops the member; it used to
// rejoin and be fenced again, forever.
func TestMembershipStopsOnFencedHeartbeat(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	fc.Handle(protocol.KeyHeartbeat, func(r *fakebroker.Request) fakebroker.Action {
		return fakebroker.ErrorReply(r, kafkawire.ErrFencedInstanceID.Code)
	})
	h := lostHandler{lost: make(chan []kafkawire.TopicPartition, 1)}
	m := startMember(t, fc, &errLog{}, h, 50*time.Millisecond)
	select {
	case tps := <-h.lost:
		if len(tps) != 1 {
			t.Fatalf("lost %v", tps)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("partitions not lost")
	}
	time.Sleep(200 * time.Millisecond)
	var ge *Error
	if err := m.Err(); !errors.As(err, &ge) || ge.Op != "Heartbeat" || !errors.Is(err, kafkawire.ErrFencedInstanceID) {
		t.Fatalf("Err() = %v", err)
	}
	if n := fc.Requests(protocol.KeyJoinGroup); n != 2 { // the member-id round trip, then the join
		t.Fatalf("%d JoinGroup requests: a fenced member must not rejoin", n)
	}
}
