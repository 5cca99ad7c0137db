package producer

import (
	"context"
	"sync"
	"sync/atomic"
)

// memoryLimit is a byte-weighted semaphore over MaxBufferedBytes. Waiters
// are served in arrival order, so a large record is not starved by a stream
// of small ones.
//
// Every Send takes from it and every finished batch gives back, so the
// common case (room, nobody waiting) is lock-free: free and waiting are
// atomics, and mu guards only the waiter queue. A release adds to free and
// then looks at waiting; a waiter counts itself in waiting and then looks at
// free. Go's atomics are sequentially consistent, so at least one of the
// two sees the other and no grant is missed.
type memoryLimit struct {
	free    atomic.Int64
	waiting atomic.Int32 // len(waiters), readable without mu

	mu      sync.Mutex
	waiters []*memWaiter
}

type memWaiter struct {
	n     int64
	ready chan struct{}
}

func newMemoryLimit(n int) *memoryLimit {
	m := &memoryLimit{}
	m.free.Store(int64(n))
	return m
}

// tryAcquire takes n bytes if they are free and nobody waits.
func (m *memoryLimit) tryAcquire(n int) bool {
	if m.waiting.Load() != 0 {
		return false
	}
	return m.take(int64(n))
}

// take subtracts n from free if that many are free.
func (m *memoryLimit) take(n int64) bool {
	for {
		f := m.free.Load()
		if f < n {
			return false
		}
		if m.free.CompareAndSwap(f, f-n) {
			return true
		}
	}
}

// acquire waits for n bytes or for ctx to end.
func (m *memoryLimit) acquire(ctx context.Context, n int) error {
	m.mu.Lock()
	if len(m.waiters) == 0 && m.take(int64(n)) {
		m.mu.Unlock()
		return nil
	}
	w := &memWaiter{n: int64(n), ready: make(chan struct{})}
	m.waiters = append(m.waiters, w)
	m.waiting.Add(1)
	m.wakeLocked() // a release may have come before we were counted
	m.mu.Unlock()
	select {
	case <-w.ready:
		return nil
	case <-ctx.Done():
		m.mu.Lock()
		defer m.mu.Unlock()
		select {
		case <-w.ready: // granted while we were giving up: give it back
			m.free.Add(w.n)
			m.wakeLocked()
		default:
			for i, x := range m.waiters {
				if x == w {
					m.waiters = append(m.waiters[:i], m.waiters[i+1:]...)
					m.waiting.Add(-1)
					break
				}
			}
			m.wakeLocked() // we may have blocked smaller waiters behind us
		}
		return ctx.Err()
	}
}

func (m *memoryLimit) release(n int) {
	m.free.Add(int64(n))
	if m.waiting.Load() == 0 {
		return
	}
	m.mu.Lock()
	m.wakeLocked()
	m.mu.Unlock()
}

// wakeLocked grants waiters in order while the first one fits. Called with
// mu held.
func (m *memoryLimit) wakeLocked() {
	for len(m.waiters) > 0 && m.take(m.waiters[0].n) {
		w := m.waiters[0]
		m.waiters[0] = nil
		m.waiters = m.waiters[1:]
		m.waiting.Add(-1)
		close(w.ready)
	}
}
