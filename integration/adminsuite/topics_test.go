package adminsuite

import (
	"errors"
	"slices"
	"testing"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/admin"
)

// TestTopics creates, describes, grows and deletes topics, with one item
// failing in each call while the others succeed.
func TestTopics(t *testing.T) {
	tc := cluster(t)
	a := newAdmin(t, tc)
	ctx := testCtx(t)
	info, err := a.DescribeCluster(ctx)
	if err != nil || len(info.Brokers) != 1 || info.ClusterID == "" {
		t.Fatalf("DescribeCluster: %+v, %v", info, err)
	}
	node := info.Brokers[0].NodeID

	existing := newTopic(t, a, "existing", 1)
	compact, placed := suite.Uniq("compact"), suite.Uniq("placed")
	err = a.CreateTopics(ctx,
		admin.TopicSpec{Name: compact, Partitions: 2, ReplicationFactor: 1, Configs: map[string]string{"cleanup.policy": "compact"}},
		admin.TopicSpec{Name: existing, Partitions: 1},
		admin.TopicSpec{Name: placed, Assignments: map[int32][]int32{0: {node}, 1: {node}, 2: {node}}})
	ies := admin.ItemErrors(err)
	if len(ies) != 1 || !errors.Is(ies[0], kafkawire.ErrTopicAlreadyExists) || ies[0].Item != `"`+existing+`"` {
		t.Fatalf("CreateTopics: want one TOPIC_ALREADY_EXISTS for %s, got %v", existing, err)
	}
	t.Logf("CreateTopics per-item error: %v", err)

	topics, err := a.ListTopics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for name, n := range map[string]int{compact: 2, placed: 3, existing: 1} {
		if tp := topics[name]; tp == nil || len(tp.Partitions) != n {
			t.Fatalf("ListTopics: %s has %+v, want %d partitions", name, tp, n)
		}
	}

	missing := suite.Uniq("missing")
	descs, err := a.DescribeTopics(ctx, compact, missing, placed)
	if ies := admin.ItemErrors(err); len(ies) != 1 || !errors.Is(ies[0], kafkawire.ErrUnknownTopicOrPartition) {
		t.Fatalf("DescribeTopics: want one UNKNOWN_TOPIC_OR_PARTITION, got %v", err)
	}
	if len(descs) != 3 || descs[1].Err == nil || descs[0].Err != nil || descs[2].Err != nil {
		t.Fatalf("DescribeTopics: %+v", descs)
	}
	for _, p := range descs[0].Partitions {
		if p.Leader != node || !slices.Equal(p.ISR, []int32{node}) || !slices.Equal(p.Replicas, []int32{node}) {
			t.Fatalf("DescribeTopics %s: partition %+v", compact, p)
		}
	}
	if e := entry(descs[0].Configs, "cleanup.policy"); e == nil || e.Value != "compact" || e.Source != admin.SourceDynamicTopic {
		t.Fatalf("DescribeTopics %s: cleanup.policy is %+v", compact, e)
	}
	if e := entry(descs[2].Configs, "cleanup.policy"); e == nil || e.Value != "delete" || !e.IsDefault() {
		t.Fatalf("DescribeTopics %s: cleanup.policy is %+v", placed, e)
	}

	err = a.CreatePartitions(ctx, admin.PartitionsSpec{Topic: compact, Count: 4}, admin.PartitionsSpec{Topic: missing, Count: 2},
		admin.PartitionsSpec{Topic: placed, Count: 2})
	if ies := admin.ItemErrors(err); len(ies) != 2 {
		t.Fatalf("CreatePartitions: want errors for %s (missing) and %s (shrinking), got %v", missing, placed, err)
	}
	t.Logf("CreatePartitions per-item errors: %v", err)
	descs, err = a.DescribeTopics(ctx, compact)
	if err != nil || len(descs[0].Partitions) != 4 {
		t.Fatalf("after CreatePartitions %s: %+v, %v", compact, descs, err)
	}

	err = a.DeleteTopics(ctx, compact, missing, placed, existing)
	if ies := admin.ItemErrors(err); len(ies) != 1 || !errors.Is(ies[0], kafkawire.ErrUnknownTopicOrPartition) {
		t.Fatalf("DeleteTopics: want one UNKNOWN_TOPIC_OR_PARTITION, got %v", err)
	}
}

func entry(es []admin.ConfigEntry, name string) *admin.ConfigEntry {
	for i := range es {
		if es[i].Name == name {
			return &es[i]
		}
	}
	return nil
}

// TestConfigs alters topic and broker configs incrementally, one resource
// failing while the others change, and reads them back.
func TestConfigs(t *testing.T) {
	tc := cluster(t)
	a := newAdmin(t, tc)
	ctx := testCtx(t)
	topic := newTopic(t, a, "configs", 1)
	brokers, err := a.DescribeBrokerConfigs(ctx)
	if err != nil || len(brokers) != 1 {
		t.Fatalf("DescribeBrokerConfigs: %+v, %v", brokers, err)
	}
	if e := entry(brokers[0].Entries, "log.dirs"); e == nil || e.Value == "" {
		t.Fatalf("broker configs lack log.dirs: %+v", e)
	}
	broker := brokers[0].Resource
	missing := admin.ConfigResource{Type: admin.ResourceTopic, Name: suite.Uniq("missing")}
	topicRes := admin.ConfigResource{Type: admin.ResourceTopic, Name: topic}
	err = a.AlterConfigs(ctx, false,
		admin.ConfigAlter{Resource: topicRes, Changes: []admin.ConfigChange{{Name: "retention.ms", Value: "123456"}, {Name: "cleanup.policy", Op: admin.OpAppend, Value: "compact"}}},
		admin.ConfigAlter{Resource: missing, Changes: []admin.ConfigChange{{Name: "retention.ms", Value: "1"}}},
		admin.ConfigAlter{Resource: broker, Changes: []admin.ConfigChange{{Name: "log.cleaner.backoff.ms", Value: "16000"}}})
	if ies := admin.ItemErrors(err); len(ies) != 1 || !errors.Is(ies[0], kafkawire.ErrUnknownTopicOrPartition) {
		t.Fatalf("AlterConfigs: want one UNKNOWN_TOPIC_OR_PARTITION, got %v", err)
	}
	t.Logf("AlterConfigs per-item error: %v", err)
	// A broker applies a config change when it reads it back from the
	// metadata log: poll until it has.
	var got []admin.ResourceConfigs
	eventually(func() bool {
		got, err = a.DescribeConfigs(ctx, topicRes, missing, broker)
		b, r := entry(got[2].Entries, "log.cleaner.backoff.ms"), entry(got[0].Entries, "retention.ms")
		return b != nil && b.Value == "16000" && r != nil && r.Value == "123456"
	})
	if ies := admin.ItemErrors(err); len(ies) != 1 || got[1].Err == nil {
		t.Fatalf("DescribeConfigs: want one error (for %s), got %v", missing, err)
	}
	if e := entry(got[0].Entries, "retention.ms"); e == nil || e.Value != "123456" {
		t.Fatalf("retention.ms after AlterConfigs: %+v", e)
	}
	if e := entry(got[0].Entries, "cleanup.policy"); e == nil || e.Value != "delete,compact" {
		t.Fatalf("cleanup.policy after appending compact: %+v", e)
	}
	if e := entry(got[2].Entries, "log.cleaner.backoff.ms"); e == nil || e.Value != "16000" || e.Source != admin.SourceDynamicBroker {
		t.Fatalf("broker log.cleaner.backoff.ms after AlterConfigs: %+v", e)
	}
	// Back to the defaults; a config the broker does not know fails alone.
	err = a.AlterConfigs(ctx, false,
		admin.ConfigAlter{Resource: broker, Changes: []admin.ConfigChange{{Name: "log.cleaner.backoff.ms", Op: admin.OpDelete}}},
		admin.ConfigAlter{Resource: topicRes, Changes: []admin.ConfigChange{{Name: "no.such.config", Value: "1"}}})
	if ies := admin.ItemErrors(err); len(ies) != 1 || ies[0].Item != topicRes.String() {
		t.Fatalf("AlterConfigs with an unknown config: want one error for %s, got %v", topicRes, err)
	}
	t.Logf("AlterConfigs unknown config: %v", err)
	eventually(func() bool {
		got, err = a.DescribeConfigs(ctx, broker)
		e := entry(got[0].Entries, "log.cleaner.backoff.ms")
		return err == nil && e != nil && e.Source != admin.SourceDynamicBroker
	})
	if e := entry(got[0].Entries, "log.cleaner.backoff.ms"); err != nil || e == nil || e.Source == admin.SourceDynamicBroker {
		t.Fatalf("broker log.cleaner.backoff.ms after OpDelete: %+v, %v", e, err)
	}
}
