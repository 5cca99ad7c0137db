package producer

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestMemoryLimitBlocksAndHonoursContext(t *testing.T) {
	m := newMemoryLimit(100)
	require.True(t, m.tryAcquire(80))
	require.False(t, m.tryAcquire(30))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	require.ErrorIs(t, m.acquire(ctx, 30), context.DeadlineExceeded)

	done := make(chan error)
	go func() { done <- m.acquire(context.Background(), 50) }()
	time.Sleep(10 * time.Millisecond)
	m.release(80)
	require.NoError(t, <-done)
	require.True(t, m.tryAcquire(50))
	require.False(t, m.tryAcquire(1))
}

func TestMemoryLimitServesInOrder(t *testing.T) {
	m := newMemoryLimit(10)
	require.True(t, m.tryAcquire(10))
	big := make(chan struct{})
	go func() { m.acquire(context.Background(), 10); close(big) }()
	time.Sleep(10 * time.Millisecond)
	require.False(t, m.tryAcquire(1), "a small request must not overtake a waiting large one")
	m.release(10)
	<-big
}

func TestAddSeqWraps(t *testing.T) {
	require.Equal(t, int32(0), addSeq(1<<31-1, 1))
	require.Equal(t, int32(4), addSeq(1<<31-2, 6))
	require.Equal(t, int32(15), addSeq(5, 10))
}
