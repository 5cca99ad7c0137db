package admin_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/admin"
	"github.com/kafkawire/kafkawire/internal/fakebroker"
	"github.com/kafkawire/kafkawire/protocol"
)

// Unit tests against the fake broker: per-item errors and error paths. The
// live-broker tests are in integration/adminsuite.

func setup(t *testing.T, brokers int) (*fakebroker.Cluster, *admin.Client, context.Context) {
	t.Helper()
	fc := fakebroker.NewCluster(t, brokers)
	a, err := admin.New(admin.Config{Brokers: fc.Addrs(), RequestTimeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return fc, a, ctx
}

func wantOne(t *testing.T, what string, err error, target error, item string) {
	t.Helper()
	ies := admin.ItemErrors(err)
	if len(ies) != 1 || !errors.Is(ies[0], target) || !strings.Contains(ies[0].Item, item) {
		t.Fatalf("%s: want one item error %v naming %s, got %v", what, target, item, err)
	}
	if strings.Contains(err.Error(), "\n") {
		t.Fatalf("%s: error is not one line: %q", what, err)
	}
}

func TestTopicsPerItem(t *testing.T) {
	fc, a, ctx := setup(t, 2)
	fc.AddTopic("old", 1)
	err := a.CreateTopics(ctx, admin.TopicSpec{Name: "new", Partitions: 3}, admin.TopicSpec{Name: "old"},
		admin.TopicSpec{Name: "placed", Assignments: map[int32][]int32{0: {0}, 1: {1}}})
	wantOne(t, "CreateTopics", err, kafkawire.ErrTopicAlreadyExists, `"old"`)
	if err := a.CreateTopics(ctx, admin.TopicSpec{}); err == nil || !strings.Contains(err.Error(), "Name") {
		t.Fatalf("CreateTopics without a name: %v", err)
	}
	descs, err := a.DescribeTopics(ctx, "new", "nope", "placed")
	wantOne(t, "DescribeTopics", err, kafkawire.ErrUnknownTopicOrPartition, `"nope"`)
	if len(descs[0].Partitions) != 3 || len(descs[2].Partitions) != 2 || descs[0].Configs[0].Name != "cleanup.policy" || descs[1].Err == nil {
		t.Fatalf("DescribeTopics: %+v", descs)
	}
	err = a.CreatePartitions(ctx, admin.PartitionsSpec{Topic: "new", Count: 5}, admin.PartitionsSpec{Topic: "nope", Count: 2})
	wantOne(t, "CreatePartitions", err, kafkawire.ErrUnknownTopicOrPartition, `"nope"`)
	topics, err := a.ListTopics(ctx)
	if err != nil || len(topics["new"].Partitions) != 5 {
		t.Fatalf("ListTopics after CreatePartitions: %+v, %v", topics["new"], err)
	}
	err = a.DeleteTopics(ctx, "new", "nope")
	wantOne(t, "DeleteTopics", err, kafkawire.ErrUnknownTopicOrPartition, `"nope"`)
}

// A topic's configs missing from the answer fail that topic alone.
func TestDescribeTopicsConfigsLacking(t *testing.T) {
	fc, a, ctx := setup(t, 1)
	fc.AddTopic("a", 1)
	fc.AddTopic("b", 1)
	fc.Handle(protocol.KeyDescribeConfigs, func(r *fakebroker.Request) fakebroker.Action {
		v := "delete"
		return fakebroker.Reply(&protocol.DescribeConfigsResponse{Results: []protocol.DescribeConfigsResponseResult{{ResourceType: 2, ResourceName: "a",
			Configs: []protocol.DescribeConfigsResponseConfig{{Name: "cleanup.policy", Value: &v, ConfigSource: 5}}}}})
	})
	descs, err := a.DescribeTopics(ctx, "a", "b")
	ies := admin.ItemErrors(err)
	if len(ies) != 1 || !strings.Contains(ies[0].Error(), `"b"`) || !strings.Contains(ies[0].Error(), "lacks") || descs[0].Err != nil {
		t.Fatalf("DescribeTopics with b's configs missing: %+v, %v", descs, err)
	}
}

// CreateTopics waits for leaders only within ctx: a topic that never gets
// one fails with ctx's deadline, naming the topic.
func TestCreateTopicsLeaderWaitBounded(t *testing.T) {
	fc, a, _ := setup(t, 1)
	fc.Handle(protocol.KeyCreateTopics, func(r *fakebroker.Request) fakebroker.Action {
		fc.AddTopic("t", 1)
		fc.SetLeader("t", 0, -1)
		return fakebroker.Reply(&protocol.CreateTopicsResponse{Topics: []protocol.CreateTopicsResponseTopic{{Name: "t"}}})
	})
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := a.CreateTopics(ctx, admin.TopicSpec{Name: "t"})
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "leaders of [t]") {
		t.Fatalf("CreateTopics of a leaderless topic: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("CreateTopics outlived its ctx: %v", d)
	}
}

func TestConfigsPerItem(t *testing.T) {
	fc, a, ctx := setup(t, 2)
	fc.AddTopic("t", 1)
	var misrouted atomic.Bool
	fc.Brokers[0].Handle(protocol.KeyDescribeConfigs, func(r *fakebroker.Request) fakebroker.Action {
		for _, res := range r.Body.(*protocol.DescribeConfigsRequest).Resources {
			if res.ResourceType == int8(admin.ResourceBroker) {
				misrouted.Store(true)
			}
		}
		return r.Default()
	})
	got, err := a.DescribeConfigs(ctx, admin.ConfigResource{Type: admin.ResourceTopic, Name: "t"}, admin.ConfigResource{Type: admin.ResourceTopic, Name: "nope"},
		admin.ConfigResource{Type: admin.ResourceBroker, Name: "1"})
	wantOne(t, "DescribeConfigs", err, kafkawire.ErrUnknownTopicOrPartition, `topic "nope"`)
	if got[2].Entries[0].Name != "log.dirs" || got[0].Entries[0].Value != "delete" || !got[0].Entries[0].IsDefault() {
		t.Fatalf("DescribeConfigs: %+v", got)
	}
	// Broker resources go to the broker itself.
	if misrouted.Load() {
		t.Fatal("broker 1's configs were asked of broker 0")
	}
	err = a.AlterConfigs(ctx, false, admin.ConfigAlter{Resource: admin.ConfigResource{Type: admin.ResourceTopic, Name: "t"}, Changes: []admin.ConfigChange{{Name: "retention.ms", Value: "1"}}},
		admin.ConfigAlter{Resource: admin.ConfigResource{Type: admin.ResourceTopic, Name: "nope"}, Changes: []admin.ConfigChange{{Name: "retention.ms", Op: admin.OpDelete}}})
	wantOne(t, "AlterConfigs", err, kafkawire.ErrUnknownTopicOrPartition, `topic "nope"`)
}

// A broker that cannot be reached fails its own resources, not the others.
func TestConfigsBrokerUnreachable(t *testing.T) {
	fc, a, ctx := setup(t, 2)
	fc.AddTopic("t", 1)
	if _, err := a.DescribeCluster(ctx); err != nil {
		t.Fatal(err)
	}
	fc.Brokers[1].Close()
	got, err := a.DescribeConfigs(ctx, admin.ConfigResource{Type: admin.ResourceBroker, Name: "1"}, admin.ConfigResource{Type: admin.ResourceBroker, Name: "0"})
	ies := admin.ItemErrors(err)
	if len(ies) != 1 || !strings.Contains(ies[0].Item, `broker "1"`) || got[1].Err != nil {
		t.Fatalf("DescribeConfigs with broker 1 down: %+v, %v", got, err)
	}
	err = a.AlterConfigs(ctx, true, admin.ConfigAlter{Resource: admin.ConfigResource{Type: admin.ResourceBroker, Name: "1"}})
	if ies := admin.ItemErrors(err); len(ies) != 1 {
		t.Fatalf("AlterConfigs with broker 1 down: %v", err)
	}
}

// An answer that lacks a resource fails that resource.
func TestDescribeConfigsAnswerLacks(t *testing.T) {
	fc, a, ctx := setup(t, 1)
	fc.Handle(protocol.KeyDescribeConfigs, func(r *fakebroker.Request) fakebroker.Action {
		return fakebroker.Reply(&protocol.DescribeConfigsResponse{})
	})
	_, err := a.DescribeConfigs(ctx, admin.ConfigResource{Type: admin.ResourceTopic, Name: "t"})
	if ies := admin.ItemErrors(err); len(ies) != 1 || !strings.Contains(err.Error(), "lacks") {
		t.Fatalf("DescribeConfigs, answer without the resource: %v", err)
	}
}

func TestRecordsPerItem(t *testing.T) {
	fc, a, ctx := setup(t, 2)
	fc.AddTopic("t", 2)
	p0, p1 := kafkawire.TopicPartition{Topic: "t", Partition: 0}, kafkawire.TopicPartition{Topic: "t", Partition: 1}
	nope, p7 := kafkawire.TopicPartition{Topic: "nope"}, kafkawire.TopicPartition{Topic: "t", Partition: 7}
	got, err := a.ListOffsets(ctx, map[kafkawire.TopicPartition]int64{p0: admin.OffsetEarliest, p1: admin.OffsetLatest, nope: admin.OffsetLatest, p7: admin.OffsetLatest})
	if ies := admin.ItemErrors(err); len(ies) != 2 || got[p0].Err != nil || got[p1].Err != nil || !errors.Is(got[nope].Err, kafkawire.ErrUnknownTopicOrPartition) || !errors.Is(got[p7].Err, kafkawire.ErrUnknownTopicOrPartition) {
		t.Fatalf("ListOffsets: %+v, %v", got, err)
	}
	if strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "; ") {
		t.Fatalf("two items' errors are not one line: %q", err)
	}
	del, err := a.DeleteRecords(ctx, map[kafkawire.TopicPartition]int64{p0: 0, p1: 5, nope: 1})
	if ies := admin.ItemErrors(err); len(ies) != 2 || del[p0].Err != nil || !errors.Is(del[p1].Err, kafkawire.ErrOffsetOutOfRange) {
		t.Fatalf("DeleteRecords: %+v, %v", del, err)
	}
}

// A leaderless partition is retried, for at most the request timeout; the
// other partitions are answered.
func TestListOffsetsLeaderlessBounded(t *testing.T) {
	fc, a, ctx := setup(t, 1)
	fc.AddTopic("t", 2)
	fc.SetLeader("t", 1, -1)
	start := time.Now()
	got, err := a.ListOffsets(ctx, map[kafkawire.TopicPartition]int64{{Topic: "t", Partition: 0}: admin.OffsetLatest, {Topic: "t", Partition: 1}: admin.OffsetLatest})
	d := time.Since(start)
	wantOne(t, "ListOffsets", err, kafkawire.ErrLeaderNotAvailable, "t/1")
	if got[kafkawire.TopicPartition{Topic: "t"}].Err != nil || d < time.Second || d > 10*time.Second {
		t.Fatalf("ListOffsets with a leaderless partition: %+v after %v (want ~2s, the request timeout)", got, d)
	}
	if n := fc.Requests(protocol.KeyMetadata); n > 40 {
		t.Fatalf("%d metadata requests in %v: retries do not back off", n, d)
	}
}

// Per-partition errors the broker answers, and a broker that answers
// garbage, fail their partitions.
func TestListOffsetsBrokerErrors(t *testing.T) {
	fc, a, ctx := setup(t, 2)
	fc.AddTopic("t", 2)
	fc.Brokers[1].Handle(protocol.KeyListOffsets, func(r *fakebroker.Request) fakebroker.Action { return fakebroker.Undecodable() })
	fc.Brokers[0].Handle(protocol.KeyListOffsets, func(r *fakebroker.Request) fakebroker.Action {
		return fakebroker.ErrorReply(r, 29) // TOPIC_AUTHORIZATION_FAILED, final
	})
	got, err := a.ListOffsets(ctx, map[kafkawire.TopicPartition]int64{{Topic: "t", Partition: 0}: admin.OffsetLatest, {Topic: "t", Partition: 1}: admin.OffsetLatest})
	if ies := admin.ItemErrors(err); len(ies) != 2 || !errors.Is(got[kafkawire.TopicPartition{Topic: "t"}].Err, kafkawire.ErrTopicAuthorizationFailed) {
		t.Fatalf("ListOffsets: %+v, %v", got, err)
	}
	// An answer lacking a partition fails it.
	fc.Brokers[0].Handle(protocol.KeyListOffsets, func(r *fakebroker.Request) fakebroker.Action {
		return fakebroker.Reply(&protocol.ListOffsetsResponse{})
	})
	got, err = a.ListOffsets(ctx, map[kafkawire.TopicPartition]int64{{Topic: "t", Partition: 0}: admin.OffsetLatest})
	if ies := admin.ItemErrors(err); len(ies) != 1 || !strings.Contains(err.Error(), "lacks t/0") {
		t.Fatalf("ListOffsets, answer lacking the partition: %+v, %v", got, err)
	}
}

// Every call ends with its ctx against a broker that never answers.
func TestSilentBrokerCallsEndWithCtx(t *testing.T) {
	fc, a, _ := setup(t, 1)
	fc.AddTopic("t", 1)
	for _, key := range []int16{protocol.KeyCreateTopics, protocol.KeyDescribeAcls, protocol.KeyDescribeConfigs} {
		fc.Handle(key, func(r *fakebroker.Request) fakebroker.Action { return fakebroker.Silence() })
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	errs := []error{a.CreateTopics(ctx, admin.TopicSpec{Name: "x"})}
	_, err := a.DescribeACLs(ctx, admin.ACLFilter{})
	errs = append(errs, err)
	_, err = a.DescribeConfigs(ctx, admin.ConfigResource{Type: admin.ResourceTopic, Name: "t"})
	errs = append(errs, err)
	for i, err := range errs {
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("call %d against a silent broker: %v", i, err)
		}
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("calls outlived their ctx: %v", d)
	}
}

func TestACLs(t *testing.T) {
	fc, a, ctx := setup(t, 1)
	good := admin.ACL{Resource: admin.ACLResourceTopic, ResourceName: "t", Principal: "User:a", Operation: admin.ACLOperationRead, Permission: admin.ACLPermissionAllow}
	bad := good
	bad.Principal = "a"
	wantOne(t, "CreateACLs", a.CreateACLs(ctx, good, bad), kafkawire.ErrInvalidRequest, "ALLOW a@* READ on TOPIC \"t\" (LITERAL)")
	// Filter-only values are refused per ACL before anything is sent.
	before := fc.Requests(protocol.KeyCreateAcls)
	for _, c := range []admin.ACL{{Resource: admin.ACLResourceAny, ResourceName: "t", Principal: "User:a", Operation: admin.ACLOperationRead, Permission: admin.ACLPermissionAllow},
		{Resource: admin.ACLResourceTopic, ResourceName: "t", Pattern: admin.ACLPatternMatch, Principal: "User:a", Operation: admin.ACLOperationRead, Permission: admin.ACLPermissionAllow},
		{Resource: admin.ACLResourceTopic, ResourceName: "t", Principal: "User:a", Operation: admin.ACLOperationAny, Permission: admin.ACLPermissionAllow},
		{Resource: admin.ACLResourceTopic, ResourceName: "t", Principal: "User:a", Operation: admin.ACLOperationRead, Permission: admin.ACLPermissionAny},
		{Resource: admin.ACLResourceTopic, Principal: "User:a", Operation: admin.ACLOperationRead, Permission: admin.ACLPermissionAllow}} {
		wantOne(t, "CreateACLs of "+c.String(), a.CreateACLs(ctx, c), admin.ErrInvalidACL, c.Principal)
	}
	if fc.Requests(protocol.KeyCreateAcls) != before {
		t.Fatal("invalid ACLs were sent")
	}
	acls, err := a.DescribeACLs(ctx, admin.ACLFilter{Principal: "User:a"})
	if err != nil || len(acls) != 1 || acls[0].Host != "*" || acls[0].Pattern != admin.ACLPatternLiteral {
		t.Fatalf("DescribeACLs: %+v, %v", acls, err)
	}
	res, err := a.DeleteACLs(ctx, admin.ACLFilter{Principal: "User:a"})
	if err != nil || len(res) != 1 || len(res[0].Deleted) != 1 {
		t.Fatalf("DeleteACLs: %+v, %v", res, err)
	}
	// Without an authorizer a broker answers SECURITY_DISABLED.
	fc.Handle(protocol.KeyDescribeAcls, func(r *fakebroker.Request) fakebroker.Action { return fakebroker.ErrorReply(r, 54) })
	if _, err := a.DescribeACLs(ctx, admin.ACLFilter{}); !errors.Is(err, kafkawire.ErrSecurityDisabled) {
		t.Fatalf("DescribeACLs without an authorizer: %v", err)
	}
	fc.Handle(protocol.KeyDeleteAcls, func(r *fakebroker.Request) fakebroker.Action {
		return fakebroker.Reply(&protocol.DeleteAclsResponse{FilterResults: []protocol.DeleteAclsFilterResult{{MatchingAcls: []protocol.DeleteAclsMatchingAcl{{ErrorCode: 29, ResourceType: 2, ResourceName: "t"}}}, {ErrorCode: 42}}})
	})
	res, err = a.DeleteACLs(ctx, admin.ACLFilter{}, admin.ACLFilter{Principal: "x"})
	if ies := admin.ItemErrors(err); len(ies) != 2 || !errors.Is(res[0].Err, kafkawire.ErrTopicAuthorizationFailed) || len(res[0].Deleted) != 0 {
		t.Fatalf("DeleteACLs with failures: %+v, %v", res, err)
	}
	// Answers that do not match the request are errors, not a panic.
	fc.Handle(protocol.KeyCreateAcls, func(r *fakebroker.Request) fakebroker.Action { return fakebroker.Reply(&protocol.CreateAclsResponse{}) })
	if err := a.CreateACLs(ctx, good); err == nil || !strings.Contains(err.Error(), "0 results for 1") {
		t.Fatalf("CreateACLs, short answer: %v", err)
	}
	fc.Handle(protocol.KeyDeleteAcls, func(r *fakebroker.Request) fakebroker.Action { return fakebroker.Reply(&protocol.DeleteAclsResponse{}) })
	if _, err := a.DeleteACLs(ctx, admin.ACLFilter{}); err == nil || !strings.Contains(err.Error(), "0 results for 1") {
		t.Fatalf("DeleteACLs, short answer: %v", err)
	}
}
