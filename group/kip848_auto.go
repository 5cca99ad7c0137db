package group

import (
	"context"
	"sync"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
)

// autoMember is the group protocol "auto": a KIP-848 member that gives way
// to a classic one when the coordinator will not run the consumer protocol
// for the group (see ConsumerMemberConfig.Fallback).
type autoMember struct {
	mu    sync.Mutex
	inner Participant
	left  bool
	err   *Error // the classic member could not start
}

// NewAutoMember joins with the consumer protocol (KIP-848) if the group's
// coordinator runs it for this group, else with the classic protocol and
// classic's settings. It logs at info level which protocol it chose and why.
func NewAutoMember(cl *conn.Cluster, classic MemberConfig, consumer ConsumerMemberConfig, h Handler) (Participant, error) {
	a := &autoMember{}
	log := consumer.Logger
	consumer.Fallback = func(reason error) {
		a.mu.Lock()
		defer a.mu.Unlock()
		if a.left {
			return
		}
		if log != nil {
			log.Info("group: protocol auto chose classic: the coordinator does not run the consumer protocol for this group",
				"group", consumer.GroupID, "reason", conn.OneLine(reason))
		}
		mb, err := NewMembership(cl, classic, h)
		if err != nil {
			a.err = &Error{Group: classic.GroupID, Op: "JoinGroup", Err: err, Fatal: true}
			if classic.OnError != nil {
				classic.OnError(a.err)
			}
			return
		}
		a.inner = mb
	}
	cm, err := NewConsumerMember(cl, consumer, h)
	if err != nil {
		return nil, err
	}
	a.mu.Lock()
	if a.inner == nil && a.err == nil {
		a.inner = cm
	}
	a.mu.Unlock()
	return a, nil
}

func (a *autoMember) current() Participant {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.inner
}

func (a *autoMember) Generation() Generation {
	if p := a.current(); p != nil {
		return p.Generation()
	}
	return NoGeneration
}

func (a *autoMember) Assignment() []kafkawire.TopicPartition {
	if p := a.current(); p != nil {
		return p.Assignment()
	}
	return nil
}

func (a *autoMember) Err() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.err != nil {
		return a.err
	}
	if a.inner != nil {
		return a.inner.Err()
	}
	return nil
}

// halted: see memberBase.halted; a fallback not made yet counts as running.
func (a *autoMember) halted() bool {
	h, ok := a.current().(halter)
	return ok && h.halted()
}

// Leave leaves with whichever member runs; a fallback still under way is
// stopped first, so no member outlives Leave.
func (a *autoMember) Leave(ctx context.Context) error {
	a.mu.Lock()
	a.left = true
	p := a.inner
	a.mu.Unlock()
	if p == nil {
		return nil
	}
	err := p.Leave(ctx)
	if q := a.current(); q != p && q != nil {
		err = q.Leave(ctx) // fell back just before Leave: leave the classic member too
	}
	return err
}
