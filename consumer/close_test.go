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
