package producer

import (
	"context"
	"sync"
)

// memoryLimit is a byte-weighted semaphore over MaxBufferedBytes. Waiters
// are served in arrival order, so a large record is not starved by a stream
// of small ones.
type memoryLimit struct {
	mu      sync.Mutex
	free    int
	waiters []*memWaiter
}

type memWaiter struct {
	n     int
	ready chan struct{}
}

func newMemoryLimit(n int) *memoryLimit { return &memoryLimit{free: n} }

// tryAcquire takes n bytes if they are free and nobody waits.
func (m *memoryLimit) tryAcquire(n int) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.waiters) == 0 && m.free >= n {
		m.free -= n
		return true
	}
	return false
}

// acquire waits for n bytes or for ctx to end.
func (m *memoryLimit) acquire(ctx context.Context, n int) error {
	m.mu.Lock()
	if len(m.waiters) == 0 && m.free >= n {
		m.free -= n
		m.mu.Unlock()
		return nil
	}
	w := &memWaiter{n: n, ready: make(chan struct{})}
	m.waiters = append(m.waiters, w)
	m.mu.Unlock()
	select {
	case <-w.ready:
		return nil
	case <-ctx.Done():
		m.mu.Lock()
		defer m.mu.Unlock()
		select {
		case <-w.ready: // granted while we were giving up: give it back
			m.free += n
			m.wakeLocked()
		default:
			for i, x := range m.waiters {
				if x == w {
					m.waiters = append(m.waiters[:i], m.waiters[i+1:]...)
					break
				}
			}
			m.wakeLocked() // we may have blocked smaller waiters behind us
		}
		return ctx.Err()
	}
}

func (m *memoryLimit) release(n int) {
	m.mu.Lock()
	m.free += n
	m.wakeLocked()
	m.mu.Unlock()
}

func (m *memoryLimit) wakeLocked() {
	for len(m.waiters) > 0 && m.free >= m.waiters[0].n {
		w := m.waiters[0]
		m.waiters = m.waiters[1:]
		m.free -= w.n
		close(w.ready)
	}
}
