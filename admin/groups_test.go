package admin_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/admin"
	"github.com/kafkawire/kafkawire/internal/fakebroker"
	"github.com/kafkawire/kafkawire/protocol"
)

// describeReply answers DescribeGroups with one Stable consumer group whose
// member owns t/0 and t/1 (assignment as written by a Java consumer).
func describeReply(assignment []byte) fakebroker.Handler {
	return func(r *fakebroker.Request) fakebroker.Action {
		req := r.Body.(*protocol.DescribeGroupsRequest)
		var resp protocol.DescribeGroupsResponse
		for _, id := range req.Groups {
			g := protocol.DescribeGroupsResponseGroup{GroupID: id, ErrorCode: 69, GroupState: "Dead"}
			switch id {
			case "dead": // how Kafka 3.x describes a group that does not exist
				g.ErrorCode = 0
			case "g":
				g = protocol.DescribeGroupsResponseGroup{GroupID: id, GroupState: "Stable", ProtocolType: "consumer", ProtocolData: "range",
					Members: []protocol.DescribeGroupsResponseMember{{MemberID: "m1", ClientID: "c1", ClientHost: "/10.0.0.1", MemberAssignment: assignment}}}
			}
			resp.Groups = append(resp.Groups, g)
		}
		return fakebroker.Reply(&resp)
	}
}

func assignment(t *testing.T) []byte {
	t.Helper()
	as := protocol.ConsumerProtocolAssignment{AssignedPartitions: []protocol.ConsumerProtocolTopicPartition{{Topic: "t", Partitions: []int32{0, 1}}}}
	return as.AppendTo(nil, 0)
}

func TestGroupsPerItem(t *testing.T) {
	fc, a, ctx := setup(t, 2)
	fc.Handle(protocol.KeyDescribeGroups, describeReply(assignment(t)))
	descs, err := a.DescribeGroups(ctx, "g", "nope", "dead")
	if ies := admin.ItemErrors(err); len(ies) != 2 || !errors.Is(ies[0], kafkawire.ErrGroupIDNotFound) || !errors.Is(ies[1], kafkawire.ErrGroupIDNotFound) || descs[0].Err != nil {
		t.Fatalf("DescribeGroups: want GROUP_ID_NOT_FOUND for nope and dead, got %v", err)
	}
	g := descs[0]
	if g.State != "Stable" || g.Protocol != "range" || len(g.Members) != 1 || len(g.Members[0].Assignment) != 2 || g.Members[0].Host != "/10.0.0.1" {
		t.Fatalf("DescribeGroups: %+v", g)
	}
	// A member assignment that does not decode fails its group.
	fc.Handle(protocol.KeyDescribeGroups, describeReply([]byte{0, 0, 0xff}))
	descs, err = a.DescribeGroups(ctx, "g")
	if ies := admin.ItemErrors(err); len(ies) != 1 || !strings.Contains(err.Error(), "member m1's assignment") {
		t.Fatalf("DescribeGroups, undecodable assignment: %+v, %v", descs, err)
	}
	// A coordinator that moved is looked up again.
	moved := 0
	fc.Handle(protocol.KeyDescribeGroups, func(r *fakebroker.Request) fakebroker.Action {
		if moved++; moved == 1 {
			return fakebroker.Reply(&protocol.DescribeGroupsResponse{Groups: []protocol.DescribeGroupsResponseGroup{{GroupID: "g", ErrorCode: 16}}})
		}
		return describeReply(nil)(r)
	})
	if descs, err = a.DescribeGroups(ctx, "g"); err != nil || descs[0].State != "Stable" || fc.Requests(protocol.KeyFindCoordinator) < 2 {
		t.Fatalf("DescribeGroups after NOT_COORDINATOR: %+v, %v (%d FindCoordinator)", descs, err, fc.Requests(protocol.KeyFindCoordinator))
	}
	fc.Handle(protocol.KeyDescribeGroups, func(r *fakebroker.Request) fakebroker.Action {
		return fakebroker.Reply(&protocol.DescribeGroupsResponse{})
	})
	if _, err := a.DescribeGroups(ctx, "g"); err == nil || !strings.Contains(err.Error(), "0 groups for one") {
		t.Fatalf("DescribeGroups, empty answer: %v", err)
	}

	// ListGroups asks every broker; one failing does not hide the other's.
	fc.Brokers[0].Handle(protocol.KeyListGroups, func(r *fakebroker.Request) fakebroker.Action {
		return fakebroker.Reply(&protocol.ListGroupsResponse{Groups: []protocol.ListGroupsResponseGroup{{GroupID: "g", ProtocolType: "consumer", GroupState: "Stable"}}})
	})
	fc.Brokers[1].Handle(protocol.KeyListGroups, func(r *fakebroker.Request) fakebroker.Action { return fakebroker.ErrorReply(r, 15) })
	groups, err := a.ListGroups(ctx)
	wantOne(t, "ListGroups", err, kafkawire.ErrCoordinatorNotAvailable, "broker 1")
	if len(groups) != 1 || groups[0].ID != "g" || groups[0].Coordinator != 0 {
		t.Fatalf("ListGroups: %+v", groups)
	}

	fc.Handle(protocol.KeyDeleteGroups, func(r *fakebroker.Request) fakebroker.Action {
		id := r.Body.(*protocol.DeleteGroupsRequest).GroupsNames[0]
		switch id {
		case "g":
			return fakebroker.Reply(&protocol.DeleteGroupsResponse{Results: []protocol.DeleteGroupsResponseResult{{GroupID: id}}})
		case "busy":
			return fakebroker.Reply(&protocol.DeleteGroupsResponse{Results: []protocol.DeleteGroupsResponseResult{{GroupID: id, ErrorCode: 68}}})
		}
		return fakebroker.Reply(&protocol.DeleteGroupsResponse{})
	})
	err = a.DeleteGroups(ctx, "g", "busy", "odd")
	if ies := admin.ItemErrors(err); len(ies) != 2 || !errors.Is(ies[0], kafkawire.ErrNonEmptyGroup) || !strings.Contains(ies[1].Error(), "lacks the group") {
		t.Fatalf("DeleteGroups: %v", err)
	}
}

// offsetFetchReply answers OffsetFetch (v7 and below: the fake broker's
// newest) with t/0 at 5, t/1 with no commit and t/2 unstable.
func offsetFetchReply(r *fakebroker.Request) fakebroker.Action {
	return fakebroker.Reply(&protocol.OffsetFetchResponse{Topics: []protocol.OffsetFetchResponseTopic{{Name: "t", Partitions: []protocol.OffsetFetchResponsePartition{
		{PartitionIndex: 0, CommittedOffset: 5, CommittedLeaderEpoch: -1},
		{PartitionIndex: 1, CommittedOffset: -1, CommittedLeaderEpoch: -1},
		{PartitionIndex: 2, CommittedOffset: -1, CommittedLeaderEpoch: -1, ErrorCode: 88},
	}}}})
}

func TestGroupOffsets(t *testing.T) {
	fc, a, ctx := setup(t, 2)
	fc.AddTopic("t", 3)
	tp := func(p int32) kafkawire.TopicPartition { return kafkawire.TopicPartition{Topic: "t", Partition: p} }
	fc.Handle(protocol.KeyOffsetFetch, offsetFetchReply)
	// t/2 stays unstable: asked again with backoff for the request timeout
	// (2s), then reported.
	start := time.Now()
	offs, err := a.ListGroupOffsets(ctx, "g", true)
	d := time.Since(start)
	wantOne(t, "ListGroupOffsets", err, kafkawire.ErrUnstableOffsetCommit, "t/2")
	if len(offs) != 2 || offs[tp(0)].Offset != 5 || offs[tp(2)].Err == nil {
		t.Fatalf("ListGroupOffsets: %+v", offs)
	}
	if n := fc.Brokers[0].Requests(protocol.KeyOffsetFetch); n < 2 || n > 40 || n != fc.Requests(protocol.KeyOffsetFetch) || d < 2*time.Second || d > 10*time.Second {
		t.Fatalf("ListGroupOffsets of an unstable offset: %d OffsetFetch (%d to the coordinator, broker 0) in %v; want a few, all to broker 0, in ~2s",
			fc.Requests(protocol.KeyOffsetFetch), n, d)
	}
	// Once stable, the retry returns it.
	fetches := 0
	fc.Handle(protocol.KeyOffsetFetch, func(r *fakebroker.Request) fakebroker.Action {
		if fetches++; fetches == 1 {
			return offsetFetchReply(r)
		}
		return fakebroker.Reply(&protocol.OffsetFetchResponse{Topics: []protocol.OffsetFetchResponseTopic{{Name: "t", Partitions: []protocol.OffsetFetchResponsePartition{
			{PartitionIndex: 2, CommittedOffset: 9, CommittedLeaderEpoch: -1}}}}})
	})
	if offs, err = a.ListGroupOffsets(ctx, "g", true); err != nil || offs[tp(2)].Offset != 9 || fetches != 2 {
		t.Fatalf("ListGroupOffsets once stable: %+v, %v (%d fetches)", offs, err, fetches)
	}
	// A group-level error fails the call.
	fc.Handle(protocol.KeyOffsetFetch, func(r *fakebroker.Request) fakebroker.Action {
		return fakebroker.Reply(&protocol.OffsetFetchResponse{ErrorCode: 30})
	})
	if _, err := a.ListGroupOffsets(ctx, "g", false); !errors.Is(err, kafkawire.ErrGroupAuthorizationFailed) || !strings.Contains(err.Error(), `group "g"`) {
		t.Fatalf("ListGroupOffsets, group error: %v", err)
	}

	// Alter: per-partition errors; a moved coordinator retries them all.
	calls := 0
	fc.Handle(protocol.KeyOffsetCommit, func(r *fakebroker.Request) fakebroker.Action {
		calls++
		req := r.Body.(*protocol.OffsetCommitRequest)
		var resp protocol.OffsetCommitResponse
		for _, t := range req.Topics {
			rt := protocol.OffsetCommitResponseTopic{Name: t.Name}
			for _, p := range t.Partitions {
				code := int16(0)
				switch {
				case calls == 1:
					code = 16 // NOT_COORDINATOR
				case t.Name == "nope":
					code = 3
				}
				rt.Partitions = append(rt.Partitions, protocol.OffsetCommitResponsePartition{PartitionIndex: p.PartitionIndex, ErrorCode: code})
			}
			resp.Topics = append(resp.Topics, rt)
		}
		return fakebroker.Reply(&resp)
	})
	err = a.AlterGroupOffsets(ctx, "g", map[kafkawire.TopicPartition]int64{tp(0): 1, {Topic: "nope"}: 1})
	wantOne(t, "AlterGroupOffsets", err, kafkawire.ErrUnknownTopicOrPartition, "nope/0")
	if calls != 2 {
		t.Fatalf("AlterGroupOffsets: %d OffsetCommit requests, want 2 (one NOT_COORDINATOR, one retry)", calls)
	}

	fc.Handle(protocol.KeyOffsetDelete, func(r *fakebroker.Request) fakebroker.Action {
		return fakebroker.Reply(&protocol.OffsetDeleteResponse{Topics: []protocol.OffsetDeleteResponseTopic{{Name: "t",
			Partitions: []protocol.OffsetDeleteResponsePartition{{PartitionIndex: 0}, {PartitionIndex: 1, ErrorCode: 86}}}}})
	})
	wantOne(t, "DeleteGroupOffsets", a.DeleteGroupOffsets(ctx, "g", tp(0), tp(1)), kafkawire.ErrGroupSubscribedToTopic, "t/1")
	fc.Handle(protocol.KeyOffsetDelete, func(r *fakebroker.Request) fakebroker.Action { return fakebroker.ErrorReply(r, 69) })
	if err := a.DeleteGroupOffsets(ctx, "g", tp(0)); !errors.Is(err, kafkawire.ErrGroupIDNotFound) {
		t.Fatalf("DeleteGroupOffsets of a missing group: %v", err)
	}
}

func TestResetAndLag(t *testing.T) {
	fc, a, ctx := setup(t, 1)
	fc.AddTopic("t", 3)
	tp := func(p int32) kafkawire.TopicPartition { return kafkawire.TopicPartition{Topic: "t", Partition: p} }
	for _, bad := range []admin.ResetTo{{}, {Earliest: true, Latest: true}} {
		if _, err := a.PlanReset(ctx, []kafkawire.TopicPartition{tp(0)}, bad); err == nil || !strings.Contains(err.Error(), "exactly one") {
			t.Fatalf("PlanReset(%+v): %v", bad, err)
		}
	}
	off := int64(7)
	plan, err := a.PlanReset(ctx, []kafkawire.TopicPartition{tp(0), {Topic: "nope"}}, admin.ResetTo{Offset: &off})
	if ies := admin.ItemErrors(err); len(ies) != 1 || len(plan) != 1 || plan[tp(0)] != 0 { // the fake log is empty: clamped to 0
		t.Fatalf("PlanReset: %v, %v", plan, err)
	}
	moved, err := a.ResetGroupOffsets(ctx, "g", []kafkawire.TopicPartition{tp(0), tp(1)}, admin.ResetTo{Latest: true})
	if err != nil || len(moved) != 2 || fc.Committed("g", "t", 1) != 0 {
		t.Fatalf("ResetGroupOffsets: %v, %v (committed %d)", moved, err, fc.Committed("g", "t", 1))
	}

	fc.Handle(protocol.KeyDescribeGroups, describeReply(assignment(t)))
	fc.Handle(protocol.KeyOffsetFetch, offsetFetchReply)
	lag, err := a.GroupLag(ctx, "g", admin.ReadCommitted)
	wantOne(t, "GroupLag", err, kafkawire.ErrUnstableOffsetCommit, "t/2")
	if len(lag) != 3 || lag[0].Committed != 5 || lag[0].End != 0 || lag[0].Lag != -5 || lag[0].MemberID != "m1" ||
		lag[1].Committed != -1 || lag[1].Lag != -1 || lag[1].ClientID != "c1" || lag[2].Err == nil || lag[2].MemberID != "" {
		t.Fatalf("GroupLag: %+v", lag)
	}
	if _, err := a.GroupLag(ctx, "nope", admin.ReadUncommitted); !errors.Is(err, kafkawire.ErrGroupIDNotFound) {
		t.Fatalf("GroupLag of a missing group: %v", err)
	}
}

// A group whose coordinator cannot be found fails alone, after the request
// timeout, and the next group is still described.
func TestGroupCoordinatorLookupBounded(t *testing.T) {
	fc, a, ctx := setup(t, 1)
	fc.Handle(protocol.KeyDescribeGroups, describeReply(nil))
	fc.Handle(protocol.KeyFindCoordinator, func(r *fakebroker.Request) fakebroker.Action {
		if r.Body.(*protocol.FindCoordinatorRequest).Key == "stuck" {
			return fakebroker.ErrorReply(r, 15) // COORDINATOR_NOT_AVAILABLE, retriable
		}
		return r.Default()
	})
	start := time.Now()
	descs, err := a.DescribeGroups(ctx, "stuck", "g")
	d := time.Since(start)
	wantOne(t, "DescribeGroups", err, kafkawire.ErrCoordinatorNotAvailable, `"stuck"`)
	if descs[1].Err != nil || descs[1].State != "Stable" || d < 2*time.Second || d > 10*time.Second {
		t.Fatalf("DescribeGroups with one coordinator stuck: %+v after %v (want ~2s, the request timeout)", descs, d)
	}
	if n := fc.Requests(protocol.KeyFindCoordinator); n > 40 {
		t.Fatalf("%d FindCoordinator requests in %v: the lookups do not back off", n, d)
	}
}
