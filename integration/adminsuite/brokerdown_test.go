package adminsuite

import (
	"strings"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/admin"
	"github.com/kafkawire/kafkawire/integration"
)

// TestBrokerDown: on three brokers with one stopped, calls that span the
// brokers fail only the items of the stopped one, within the request
// timeout.
func TestBrokerDown(t *testing.T) {
	tc := integration.Start(t, integration.Options{Brokers: 3, Faults: true})
	a, err := admin.New(admin.Config{Brokers: tc.Bootstrap(), RequestTimeout: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ctx := testCtx(t)
	info, err := a.DescribeCluster(ctx)
	if err != nil || len(info.Brokers) != 3 {
		t.Fatalf("DescribeCluster: %+v, %v", info, err)
	}
	ids := []int32{info.Brokers[0].NodeID, info.Brokers[1].NodeID, info.Brokers[2].NodeID}
	topic := suite.Uniq("down")
	// One partition on each broker, no replicas: the stopped broker's
	// partition has no leader.
	if err := a.CreateTopics(ctx, admin.TopicSpec{Name: topic, Assignments: map[int32][]int32{0: {ids[0]}, 1: {ids[1]}, 2: {ids[2]}}}); err != nil {
		t.Fatal(err)
	}
	down := ids[2]
	tc.StopBroker(down)

	start := time.Now()
	cfgs, err := a.DescribeBrokerConfigs(ctx, ids...)
	ies := admin.ItemErrors(err)
	if len(ies) != 1 || !strings.Contains(ies[0].Item, `broker "`+itoa(down)+`"`) || cfgs[0].Err != nil || cfgs[1].Err != nil || len(cfgs[0].Entries) == 0 {
		t.Fatalf("DescribeBrokerConfigs with broker %d stopped: %v", down, err)
	}
	t.Logf("DescribeBrokerConfigs with broker %d stopped, in %v: %v", down, time.Since(start).Round(time.Millisecond), err)

	start = time.Now()
	tps := map[kafkawire.TopicPartition]int64{}
	for p := range int32(3) {
		tps[kafkawire.TopicPartition{Topic: topic, Partition: p}] = admin.OffsetLatest
	}
	got, err := a.ListOffsets(ctx, tps)
	d := time.Since(start)
	ies = admin.ItemErrors(err)
	lost := kafkawire.TopicPartition{Topic: topic, Partition: 2}
	if len(ies) != 1 || got[lost].Err == nil || got[kafkawire.TopicPartition{Topic: topic}].Err != nil || got[kafkawire.TopicPartition{Topic: topic, Partition: 1}].Err != nil {
		t.Fatalf("ListOffsets with broker %d stopped: %+v, %v", down, got, err)
	}
	if d > 15*time.Second {
		t.Fatalf("ListOffsets took %v; the request timeout is 3s", d)
	}
	t.Logf("ListOffsets with broker %d stopped, in %v: %v", down, d.Round(time.Millisecond), err)

	groups, err := a.ListGroups(ctx)
	// Metadata may still list the stopped broker (then it is the one item
	// error) or already not.
	if ies := admin.ItemErrors(err); err != nil && (len(ies) != 1 || !strings.Contains(ies[0].Item, "broker "+itoa(down))) {
		t.Fatalf("ListGroups with broker %d stopped: %v", down, err)
	}
	t.Logf("ListGroups with broker %d stopped: %d groups, %v", down, len(groups), err)
}
