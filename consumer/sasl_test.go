package consumer

import (
	"context"
	"errors"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/internal/fakebroker"
	"github.com/kafkawire/kafkawire/sasl"
)

// The SASL field reaches every connection; refused credentials reach Poll
// as the typed error at once, in direct and group mode, not retried until
// the caller's deadline.
func TestSASLReachesConnectionsAndFailsFast(t *testing.T) {
	for _, group := range []bool{false, true} {
		fc := fakebroker.NewCluster(t, 1)
		fc.AddTopic("t", 1)
		fc.RequirePlain("alice", "alice-secret", 0)
		for _, password := range []string{"alice-secret", "wrong-secret"} {
			checkGoroutines(t)
			cfg := Config{Brokers: fc.Addrs(), AutoOffsetReset: ResetEarliest, SASL: sasl.Plain{User: "alice", Password: password}}
			if group {
				cfg.GroupID = "g"
			}
			c := mustNew(t, cfg)
			if group {
				if err := c.Subscribe("t"); err != nil {
					t.Fatal(err)
				}
			} else if err := c.Assign(kafkawire.TopicPartition{Topic: "t"}); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
			start := time.Now()
			_, err := c.Poll(ctx)
			took := time.Since(start)
			cancel()
			closeConsumer(t, c)
			if password == "alice-secret" {
				// Nothing to read: the Poll ends at its deadline, with no failure.
				if !errors.Is(err, context.DeadlineExceeded) {
					t.Fatalf("group=%v, right password: %v", group, err)
				}
				var se *sasl.Error
				if errors.As(err, &se) {
					t.Fatalf("group=%v, right password, yet: %v", group, err)
				}
				continue
			}
			var se *sasl.Error
			if !errors.As(err, &se) || !errors.Is(err, kafkawire.ErrSaslAuthenticationFailed) || took > time.Second {
				t.Fatalf("group=%v, wrong password: after %v: %v", group, took, err)
			}
			t.Logf("group=%v: %v after %v", group, err, took.Round(time.Millisecond))
		}
	}
}
