package group

import (
	"context"
	"log/slog"
	"slices"
	"sync"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
)

// memberBase is what the classic Membership and the KIP-848 ConsumerMember
// share, whatever their protocol: the handler and the partitions it was
// given, the fatal error that stopped the member, how failures are
// reported, and the member goroutine's life. Each embeds it.
type memberBase struct {
	cl      *conn.Cluster
	h       Handler
	groupID string
	log     *slog.Logger
	onError func(error) // MemberConfig.OnError / ConsumerMemberConfig.OnError

	mu    sync.Mutex // guards owned and fatal, and the embedding type's state
	owned []kafkawire.TopicPartition
	fatal *Error // why the member stopped on its own; set once

	failing bool // the last step failed; only the member goroutine uses it

	stop    chan struct{}
	done    chan struct{} // closed when the member goroutine returns
	ctx     context.Context
	cancel  context.CancelFunc
	stopped sync.Once // Leave's work runs once
}

// init sets b up before the member goroutine starts.
func (b *memberBase) init(cl *conn.Cluster, h Handler, groupID string, log *slog.Logger, onError func(error)) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	b.cl, b.h, b.groupID, b.log, b.onError = cl, h, groupID, log, onError
	b.stop, b.done = make(chan struct{}), make(chan struct{})
	b.ctx, b.cancel = context.WithCancel(context.Background())
}

// Err returns the fatal error (a *Error) that stopped the member, or nil.
func (b *memberBase) Err() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.fatal == nil {
		return nil
	}
	return b.fatal
}

// Assignment returns the partitions the member owns now.
func (b *memberBase) Assignment() []kafkawire.TopicPartition {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.owned)
}

// failed reports a failed step to OnError; a fatal one also stops the
// member (its partitions are lost: it is no longer in the group, or never
// was) and it returns true.
func (b *memberBase) failed(ge *Error) bool {
	b.failing = true
	if !ge.Fatal {
		b.log.Debug("group: step failed, retrying", "group", b.groupID, "op", ge.Op, "err", ge.Err)
		if b.onError != nil {
			b.onError(ge)
		}
		return false
	}
	b.log.Error("group: member stopped", "group", b.groupID, "op", ge.Op, "err", ge.Err)
	b.mu.Lock()
	b.fatal = ge
	b.mu.Unlock()
	b.loseAll()
	if b.onError != nil {
		b.onError(ge)
	}
	b.cancel() // nothing runs for the member any more
	return true
}

// succeeded tells OnError of the first success after failures.
func (b *memberBase) succeeded() {
	if b.failing {
		b.failing = false
		if b.onError != nil {
			b.onError(nil)
		}
	}
}

// loseAll drops every owned partition as lost (not revoked: no commit).
func (b *memberBase) loseAll() {
	b.mu.Lock()
	owned := b.owned
	b.owned = nil
	b.mu.Unlock()
	if len(owned) > 0 {
		b.h.Lost(b.ctx, owned)
	}
}

// halted reports whether the member goroutine has returned (stopped by a
// fatal error, or by Leave): no heartbeat will bring a newer epoch.
func (b *memberBase) halted() bool {
	select {
	case <-b.done:
		return true
	default:
		return false
	}
}

// shutdown stops the member goroutine and then revokes what the member
// owns (the handler commits): the first part of Leave, for both protocols.
func (b *memberBase) shutdown(ctx context.Context) {
	close(b.stop)
	b.cancel()
	<-b.done
	b.mu.Lock()
	owned := b.owned
	b.owned = nil
	b.mu.Unlock()
	if len(owned) > 0 {
		b.h.Revoked(ctx, owned)
	}
}
