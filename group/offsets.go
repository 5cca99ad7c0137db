package group

import (
	"context"
	"errors"
	"fmt"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/protocol"
)

// Offset is a committed position: the offset of the next record to read.
type Offset = kafkawire.Offset

// Generation identifies the member a commit comes from. The zero-value-like
// NoGeneration is for consumers outside group management (manual
// assignment), which commit with generation -1 and no member id.
type Generation struct {
	ID         int32
	MemberID   string
	InstanceID *string
	// KIP848: ID is the member epoch of a consumer-protocol member, whose
	// commits name topics by id (OffsetCommit v10) when the broker speaks it.
	KIP848 bool
}

// NoGeneration commits as a consumer that manages its own partitions.
var NoGeneration = Generation{ID: -1}

// lastNamedVersion caps OffsetCommit and OffsetFetch, whose v10 (KIP-848)
// names topics by id only. A commit of a KIP-848 member goes at v10 when
// the cluster's metadata knows the id of every topic in it (its assigned
// topics are tracked, and the member resolved their ids); any other commit
// or offset fetch names topics and stays at v9, as Java's name-based
// request builders do.
const (
	lastNamedVersion = 9
	firstIDVersion   = 10
)

// topicIDs returns the id of every topic in offsets from the cluster's
// current metadata, or nil if one is unknown.
func topicIDs(cl *conn.Cluster, offsets map[kafkawire.TopicPartition]Offset) map[string]protocol.UUID {
	md := cl.Metadata()
	ids := map[string]protocol.UUID{}
	for tp := range offsets {
		t := md.Topic(tp.Topic)
		if t == nil || t.ID.IsZero() {
			return nil
		}
		ids[tp.Topic] = t.ID
	}
	return ids
}

// CommitOffsets commits offsets for group through its coordinator. A
// partition-level error fails the call with every failing partition named.
// Coordinator moves are retried within ctx; rebalance errors
// (ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, REBALANCE_IN_PROGRESS) are
// returned, since the caller's generation is no longer current.
func CommitOffsets(ctx context.Context, cl *conn.Cluster, groupID string, gen Generation, offsets map[kafkawire.TopicPartition]Offset) error {
	if len(offsets) == 0 {
		return nil
	}
	req := protocol.OffsetCommitRequest{GroupId: groupID, GenerationIdOrMemberEpoch: gen.ID, MemberId: gen.MemberID, GroupInstanceId: gen.InstanceID, RetentionTimeMs: -1}
	var ids map[string]protocol.UUID
	if gen.KIP848 {
		ids = topicIDs(cl, offsets)
	}
	names := make(map[protocol.UUID]string, len(ids))
	idx := map[string]int{}
	for tp, o := range offsets {
		i, ok := idx[tp.Topic]
		if !ok {
			i = len(req.Topics)
			idx[tp.Topic] = i
			req.Topics = append(req.Topics, protocol.OffsetCommitRequestTopic{Name: tp.Topic, TopicId: ids[tp.Topic]})
			names[ids[tp.Topic]] = tp.Topic
		}
		req.Topics[i].Partitions = append(req.Topics[i].Partitions, protocol.OffsetCommitRequestPartition{
			PartitionIndex: tp.Partition, CommittedOffset: o.Offset, CommittedLeaderEpoch: o.LeaderEpoch, CommittedMetadata: &o.Metadata,
		})
	}
	maxV := int16(lastNamedVersion)
	if ids != nil {
		maxV = firstIDVersion
	}
	return withCoordinator(ctx, cl, groupID, func(ctx context.Context, cn *conn.Conn) error {
		v, err := cn.VersionUpTo(protocol.KeyOffsetCommit, maxV)
		if err != nil {
			return err
		}
		var resp protocol.OffsetCommitResponse
		if err := cn.RoundTripVersion(ctx, &req, &resp, v); err != nil {
			return err
		}
		var errs []error
		for _, t := range resp.Topics {
			name := t.Name
			if v >= firstIDVersion {
				name = names[t.TopicId]
			}
			for _, p := range t.Partitions {
				if err := kafkawire.ErrorForCode(p.ErrorCode); err != nil {
					errs = append(errs, fmt.Errorf("%s/%d: %w", name, p.PartitionIndex, err))
				}
			}
		}
		if err := errors.Join(errs...); err != nil {
			return fmt.Errorf("kafkawire: committing offsets of group %q: %w", groupID, err)
		}
		return nil
	})
}

// FetchOffsets returns the committed offsets of group for partitions; a
// partition with no commit is absent from the result.
func FetchOffsets(ctx context.Context, cl *conn.Cluster, groupID string, partitions []kafkawire.TopicPartition) (map[kafkawire.TopicPartition]Offset, error) {
	out := map[kafkawire.TopicPartition]Offset{}
	err := withCoordinator(ctx, cl, groupID, func(ctx context.Context, cn *conn.Conn) error {
		v, err := cn.VersionUpTo(protocol.KeyOffsetFetch, lastNamedVersion)
		if err != nil {
			return err
		}
		byTopic := map[string][]int32{}
		for _, tp := range partitions {
			byTopic[tp.Topic] = append(byTopic[tp.Topic], tp.Partition)
		}
		var req protocol.OffsetFetchRequest
		if v >= 8 {
			g := protocol.OffsetFetchRequestGroup{GroupId: groupID, MemberEpoch: -1}
			for t, ps := range byTopic {
				g.Topics = append(g.Topics, protocol.OffsetFetchRequestTopics{Name: t, PartitionIndexes: ps})
			}
			req.Groups = []protocol.OffsetFetchRequestGroup{g}
			req.RequireStable = true
		} else {
			req.GroupId = groupID
			for t, ps := range byTopic {
				req.Topics = append(req.Topics, protocol.OffsetFetchRequestTopic{Name: t, PartitionIndexes: ps})
			}
			req.RequireStable = v >= 7
		}
		var resp protocol.OffsetFetchResponse
		if err := cn.RoundTripVersion(ctx, &req, &resp, v); err != nil {
			return err
		}
		add := func(topic string, p int32, off int64, epoch int32, meta *string, code int16) error {
			if err := kafkawire.ErrorForCode(code); err != nil {
				return fmt.Errorf("%s/%d: %w", topic, p, err)
			}
			if off < 0 {
				return nil
			}
			o := Offset{Offset: off, LeaderEpoch: epoch}
			if meta != nil {
				o.Metadata = *meta
			}
			out[kafkawire.TopicPartition{Topic: topic, Partition: p}] = o
			return nil
		}
		var errs []error
		if v >= 8 {
			for _, g := range resp.Groups {
				if err := kafkawire.ErrorForCode(g.ErrorCode); err != nil {
					return fmt.Errorf("kafkawire: fetching offsets of group %q: %w", groupID, err)
				}
				for _, t := range g.Topics {
					for _, p := range t.Partitions {
						errs = append(errs, add(t.Name, p.PartitionIndex, p.CommittedOffset, p.CommittedLeaderEpoch, p.Metadata, p.ErrorCode))
					}
				}
			}
		} else {
			if err := kafkawire.ErrorForCode(resp.ErrorCode); err != nil {
				return fmt.Errorf("kafkawire: fetching offsets of group %q: %w", groupID, err)
			}
			for _, t := range resp.Topics {
				for _, p := range t.Partitions {
					errs = append(errs, add(t.Name, p.PartitionIndex, p.CommittedOffset, p.CommittedLeaderEpoch, p.Metadata, p.ErrorCode))
				}
			}
		}
		if err := errors.Join(errs...); err != nil {
			return fmt.Errorf("kafkawire: fetching offsets of group %q: %w", groupID, err)
		}
		return nil
	})
	return out, err
}

// withCoordinator runs fn on the group's coordinator, looking it up again
// and retrying when it moved or is loading.
func withCoordinator(ctx context.Context, cl *conn.Cluster, groupID string, fn func(context.Context, *conn.Conn) error) error {
	return conn.Retry(ctx, cl.Backoff(), func(ctx context.Context) error {
		cn, err := cl.Coordinator(ctx, conn.GroupCoordinator, groupID)
		if err != nil {
			return err
		}
		err = fn(ctx, cn)
		if conn.IsCoordinatorError(err) {
			cl.InvalidateCoordinator(conn.GroupCoordinator, groupID)
		}
		return err
	})
}
