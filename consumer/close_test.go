package consumer

import (
	"context"
	"sync"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/internal/fakebroker"
)

// Defect 11: two concurrent Close calls closed c.stop twice and panicked.
func TestConcurrentCloseDoesNotPanic(t *testing.T) {
	checkGoroutines(t)
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	for _, mode := range []string{"assign", "subscribe"} {
		t.Run(mode, func(t *testing.T) {
			c := mustNew(t, Config{Brokers: fc.Addrs(), GroupID: "g-" + mode})
			if mode == "assign" {
				c.Assign(kafkawire.TopicPartition{Topic: "t"})
			} else {
				c.Subscribe("t")
			}
			time.Sleep(50 * time.Millisecond)
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			var wg sync.WaitGroup
			errs := make([]error, 4)
			for i := range errs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					errs[i] = c.Close(ctx)
				}()
			}
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Errorf("Close %d: %v", i, err)
				}
			}
			if _, err := c.Poll(ctx); err != ErrClosed {
				t.Fatalf("Poll after Close: %v, want ErrClosed", err)
			}
		})
	}
}

// Topics no longer assigned leave the cluster's refreshed set.
func TestAssignUntracksDroppedTopics(t *testing.T) {
	checkGoroutines(t)
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("a", 1)
	fc.AddTopic("b", 1)
	c := mustNew(t, Config{Brokers: fc.Addrs(), AutoOffsetReset: ResetEarliest})
	defer closeConsumer(t, c)
	if err := c.Assign(kafkawire.TopicPartition{Topic: "a"}, kafkawire.TopicPartition{Topic: "b"}); err != nil {
		t.Fatal(err)
	}
	if err := c.Assign(kafkawire.TopicPartition{Topic: "a"}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	m, err := c.cluster.Refresh(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if m.Topic("b") != nil || m.Topic("a") == nil {
		t.Fatalf("after Assign(a): metadata holds a=%v b=%v, want only a", m.Topic("a") != nil, m.Topic("b") != nil)
	}
}
