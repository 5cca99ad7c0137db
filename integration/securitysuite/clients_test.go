package securitysuite

import (
	"context"
	"fmt"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/admin"
	"github.com/kafkawire/kafkawire/consumer"
	"github.com/kafkawire/kafkawire/integration/suitekit"
	"github.com/kafkawire/kafkawire/producer"
)

// TestClientsPerEndpoint: over SSL, MTLS, and every SASL mechanism on
// SASL_PLAINTEXT and SASL_SSL, the admin client creates and lists topics
// and describes the cluster, the producer writes (acks=all, idempotent),
// and a group consumer (Subscribe) reads exactly those records and
// commits.
func TestClientsPerEndpoint(t *testing.T) {
	t.Parallel()
	tc := sharedCluster(t)
	const n = 200
	for _, e := range endpoints(t, tc) {
		t.Run(e.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			start := time.Now()
			var dc dialCounter
			a := newAdmin(t, tc, e, dc.hooks())
			topic := suite.Uniq("clients")
			if err := a.CreateTopics(ctx, admin.TopicSpec{Name: topic, Partitions: 3, ReplicationFactor: 1}); err != nil {
				t.Fatalf("CreateTopics: %v", err)
			}
			topics, err := a.ListTopics(ctx)
			if err != nil {
				t.Fatalf("ListTopics: %v", err)
			}
			if tp := topics[topic]; tp == nil || len(tp.Partitions) != 3 {
				t.Fatalf("ListTopics: %s missing or without its 3 partitions: %+v", topic, tp)
			}
			if info, err := a.DescribeCluster(ctx); err != nil || len(info.Brokers) != 1 {
				t.Fatalf("DescribeCluster: %+v, %v", info, err)
			}

			p := newProducer(t, tc, e, producer.Config{Acks: producer.AcksAll, Hooks: dc.hooks()})
			if _, err := p.SendSync(ctx, &kafkawire.Record{Topic: topic, Key: []byte("k-0"), Value: []byte("v-0")}); err != nil {
				t.Fatalf("SendSync: %v", err)
			}
			for i := 1; i < n; i++ {
				rec := &kafkawire.Record{Topic: topic, Key: fmt.Appendf(nil, "k-%d", i), Value: fmt.Appendf(nil, "v-%d", i)}
				if err := p.SendFunc(ctx, rec, func(_ producer.Result, err error) {
					if err != nil {
						t.Errorf("record %d: %v", i, err)
					}
				}); err != nil {
					t.Fatal(err)
				}
			}
			if err := p.Flush(ctx); err != nil {
				t.Fatalf("Flush: %v", err)
			}

			c := newConsumer(t, tc, e, consumer.Config{GroupID: topic + "-g", AutoOffsetReset: consumer.ResetEarliest,
				AutoCommit: consumer.Disabled, Hooks: dc.hooks()})
			if err := c.Subscribe(topic); err != nil {
				t.Fatal(err)
			}
			seen := map[string]string{}
			for _, r := range suitekit.PollN(ctx, t, c, n, "Poll") {
				if old, dup := seen[string(r.Key)]; dup {
					t.Fatalf("key %s read twice (%s, %s)", r.Key, old, r.Value)
				}
				seen[string(r.Key)] = string(r.Value)
			}
			for i := range n {
				if v := seen[fmt.Sprintf("k-%d", i)]; v != fmt.Sprintf("v-%d", i) {
					t.Fatalf("k-%d read as %q", i, v)
				}
			}
			if err := c.Commit(ctx); err != nil {
				t.Fatalf("Commit: %v", err)
			}
			t.Logf("CLIENTS endpoint=%s records=%d dials=%d failed_dials=%d secs=%.2f",
				e.name, n, dc.dials.Load(), dc.failed.Load(), time.Since(start).Seconds())
			if dc.failed.Load() != 0 {
				t.Errorf("%d dials failed", dc.failed.Load())
			}
		})
	}
}
