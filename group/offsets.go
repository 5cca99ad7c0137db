package group

import (
	"context"
	"fmt"
	"slices"
	"strings"

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
// names topics by id only. naming decides, for both, which a request uses.
const (
	lastNamedVersion = 9
	firstIDVersion   = 10
)

// naming decides how a commit or an offset fetch of gen names topics: by
// id (ids, up to v10) when gen is a KIP-848 member's and the cluster's
// metadata knows the id of every topic (its assigned topics are tracked,
// and the member resolved their ids); else by name (ids nil, up to v9), as
// Java's name-based request builders do.
func naming(cl *conn.Cluster, gen Generation, topics []string) (ids map[string]protocol.UUID, maxVersion int16) {
	if !gen.KIP848 {
		return nil, lastNamedVersion
	}
	md := cl.Metadata()
	ids = make(map[string]protocol.UUID, len(topics))
	for _, name := range topics {
		t := md.Topic(name)
		if t == nil || t.ID.IsZero() {
			return nil, lastNamedVersion
		}
		ids[name] = t.ID
	}
	return ids, firstIDVersion
}

// byName inverts ids, to name the topics of an answer at v10.
func byName(ids map[string]protocol.UUID) map[protocol.UUID]string {
	names := make(map[protocol.UUID]string, len(ids))
	for name, id := range ids {
		names[id] = name
	}
	return names
}

// answerTopic is the name of a topic in an answer: by id from v10.
func answerTopic(v int16, name string, id protocol.UUID, names map[protocol.UUID]string) string {
	if v >= firstIDVersion {
		return names[id]
	}
	return name
}

// CommitOffsets commits offsets for group through its coordinator, as the
// member gen names. A partition-level error fails the call with every
// failing partition named. Coordinator moves are retried within ctx;
// errors that say gen is no longer current (ILLEGAL_GENERATION,
// UNKNOWN_MEMBER_ID, REBALANCE_IN_PROGRESS; under KIP-848
// FENCED_MEMBER_EPOCH and STALE_MEMBER_EPOCH) are returned: see
// CommitMemberOffsets for the retry a member's stale epoch deserves.
func CommitOffsets(ctx context.Context, cl *conn.Cluster, groupID string, gen Generation, offsets map[kafkawire.TopicPartition]Offset) error {
	if len(offsets) == 0 {
		return nil
	}
	req := protocol.OffsetCommitRequest{GroupID: groupID, GenerationIDOrMemberEpoch: gen.ID, MemberID: gen.MemberID, GroupInstanceID: gen.InstanceID, RetentionTimeMs: -1}
	idx := map[string]int{}
	for tp, o := range offsets {
		i, ok := idx[tp.Topic]
		if !ok {
			i = len(req.Topics)
			idx[tp.Topic] = i
			req.Topics = append(req.Topics, protocol.OffsetCommitRequestTopic{Name: tp.Topic})
		}
		req.Topics[i].Partitions = append(req.Topics[i].Partitions, protocol.OffsetCommitRequestPartition{
			PartitionIndex: tp.Partition, CommittedOffset: o.Offset, CommittedLeaderEpoch: o.LeaderEpoch, CommittedMetadata: &o.Metadata,
		})
	}
	topics := make([]string, len(req.Topics))
	for i, t := range req.Topics {
		topics[i] = t.Name
	}
	ids, maxV := naming(cl, gen, topics)
	for i := range req.Topics {
		req.Topics[i].TopicID = ids[req.Topics[i].Name]
	}
	names := byName(ids)
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
			name := answerTopic(v, t.Name, t.TopicID, names)
			for _, p := range t.Partitions {
				if err := kafkawire.ErrorForCode(p.ErrorCode); err != nil {
					errs = append(errs, fmt.Errorf("%s/%d: %w", name, p.PartitionIndex, err))
				}
			}
		}
		return partitionErrors(fmt.Sprintf("kafkawire: committing offsets of group %q", groupID), errs)
	})
}

// FetchOffsets returns the committed offsets of group for partitions, asked
// as a client outside the group (OffsetFetch by topic name); a partition
// with no commit is absent from the result.
func FetchOffsets(ctx context.Context, cl *conn.Cluster, groupID string, partitions []kafkawire.TopicPartition) (map[kafkawire.TopicPartition]Offset, error) {
	return fetchOffsets(ctx, cl, groupID, NoGeneration, partitions)
}

// fetchOffsets fetches committed offsets as the member gen names: a KIP-848
// member sends its id and epoch (v9+), and topic ids when naming allows.
func fetchOffsets(ctx context.Context, cl *conn.Cluster, groupID string, gen Generation, partitions []kafkawire.TopicPartition) (map[kafkawire.TopicPartition]Offset, error) {
	byTopic := map[string][]int32{}
	var topics []string
	for _, tp := range partitions {
		if _, ok := byTopic[tp.Topic]; !ok {
			topics = append(topics, tp.Topic)
		}
		byTopic[tp.Topic] = append(byTopic[tp.Topic], tp.Partition)
	}
	ids, maxV := naming(cl, gen, topics)
	names := byName(ids)
	out := map[kafkawire.TopicPartition]Offset{}
	err := withCoordinator(ctx, cl, groupID, func(ctx context.Context, cn *conn.Conn) error {
		v, err := cn.VersionUpTo(protocol.KeyOffsetFetch, maxV)
		if err != nil {
			return err
		}
		var req protocol.OffsetFetchRequest
		if v >= 8 {
			g := protocol.OffsetFetchRequestGroup{GroupID: groupID, MemberEpoch: -1}
			if gen.KIP848 && gen.ID >= 0 {
				// KIP-848: the coordinator checks a member's epoch, so
				// that a member fenced meanwhile does not read offsets
				// another member is about to commit.
				id := gen.MemberID
				g.MemberID, g.MemberEpoch = &id, gen.ID
			}
			for _, t := range topics {
				g.Topics = append(g.Topics, protocol.OffsetFetchRequestTopics{Name: t, TopicID: ids[t], PartitionIndexes: byTopic[t]})
			}
			req.Groups = []protocol.OffsetFetchRequestGroup{g}
			req.RequireStable = true
		} else {
			req.GroupID = groupID
			for _, t := range topics {
				req.Topics = append(req.Topics, protocol.OffsetFetchRequestTopic{Name: t, PartitionIndexes: byTopic[t]})
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
					name := answerTopic(v, t.Name, t.TopicID, names)
					for _, p := range t.Partitions {
						errs = append(errs, add(name, p.PartitionIndex, p.CommittedOffset, p.CommittedLeaderEpoch, p.Metadata, p.ErrorCode))
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
		return partitionErrors(fmt.Sprintf("kafkawire: fetching offsets of group %q", groupID), errs)
	})
	return out, err
}

// partitionErrors joins the partitions' errors (nil ones skipped) after
// prefix on one line, "prefix: t/0: A; t/1: B", where errors.Join would
// put each on a line of its own; errors.Is and errors.As reach every one.
func partitionErrors(prefix string, errs []error) error {
	errs = slices.DeleteFunc(errs, func(err error) bool { return err == nil })
	if len(errs) == 0 {
		return nil
	}
	format := strings.ReplaceAll(prefix, "%", "%%") + ": %w" + strings.Repeat("; %w", len(errs)-1)
	args := make([]any, len(errs))
	for i, err := range errs {
		args[i] = err
	}
	return fmt.Errorf(format, args...)
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
