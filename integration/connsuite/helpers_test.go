package connsuite

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/admin"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/integration"
	"github.com/kafkawire/kafkawire/integration/suitekit"
)

// suite makes the suite's unique topic names ("connsuite-...").
var suite = suitekit.Namer("connsuite")

// logger is silent unless KAFKAWIRE_DEBUG=1, when the library logs at
// debug level to stderr.
func logger() *slog.Logger {
	if os.Getenv("KAFKAWIRE_DEBUG") == "1" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return nil
}

func newAdmin(t testing.TB, tc *integration.TestCluster) *admin.Client {
	t.Helper()
	adm, err := admin.New(admin.Config{Brokers: tc.Bootstrap(), Logger: logger()})
	if err != nil {
		t.Fatalf("admin.New: %v", err)
	}
	t.Cleanup(func() { adm.Close() })
	return adm
}

// listOffsets returns the offset per partition at conn.OffsetEarliest or
// conn.OffsetLatest.
func listOffsets(ctx context.Context, t testing.TB, adm *admin.Client, tps []kafkawire.TopicPartition, at int64) map[kafkawire.TopicPartition]int64 {
	t.Helper()
	req := map[kafkawire.TopicPartition]int64{}
	for _, tp := range tps {
		req[tp] = at
	}
	res, err := adm.ListOffsets(ctx, req)
	if err != nil {
		t.Fatalf("ListOffsets(%d) of %v: %v", at, tps, err)
	}
	out := map[kafkawire.TopicPartition]int64{}
	for _, tp := range tps {
		lo, ok := res[tp]
		if !ok {
			t.Fatalf("ListOffsets(%d): no answer for %v (answers %v)", at, tp, res)
		}
		out[tp] = lo.Offset
	}
	return out
}

// waitMetadata refreshes the topic's metadata until ok accepts it or the
// deadline passes; it returns the last metadata seen.
func waitMetadata(ctx context.Context, t testing.TB, cl *conn.Cluster, topic string, within time.Duration, ok func(*conn.Topic) bool) (*conn.Topic, bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, within)
	defer cancel()
	cl.Track(topic)
	var last *conn.Topic
	for {
		m, err := cl.Refresh(ctx)
		if err == nil {
			last = m.Topic(topic)
			if last != nil && ok(last) {
				return last, true
			}
		}
		select {
		case <-ctx.Done():
			return last, false
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func describePartitions(tp *conn.Topic) string {
	if tp == nil {
		return "(no metadata)"
	}
	s := ""
	for _, p := range tp.Partitions {
		s += fmt.Sprintf(" p%d:leader=%d,replicas=%v,isr=%v", p.Partition, p.Leader, p.Replicas, p.ISR)
		if p.Err != nil {
			s += fmt.Sprintf(",err=%v", p.Err)
		}
	}
	if tp.Err != nil {
		s += fmt.Sprintf(" topic err=%v", tp.Err)
	}
	return s
}

func contains(ids []int32, id int32) bool { return slices.Contains(ids, id) }
