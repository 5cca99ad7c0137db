package admin

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/protocol"
)

// lastNamedVersion caps OffsetCommit and OffsetFetch below v10, which names
// topics by id only (see group.lastNamedVersion: the same reason).
const lastNamedVersion = 9

// GroupOffset is a group's committed offset of one partition.
type GroupOffset struct {
	Offset      int64 // the next record the group will read
	LeaderEpoch int32 // -1 when unknown
	Metadata    string
	Err         error // *ItemError, e.g. wrapping kafkawire.ErrUnstableOffsetCommit
}

// ListGroupOffsets returns every committed offset of a group. With
// requireStable the broker reports UNSTABLE_OFFSET_COMMIT for partitions
// with an offset commit pending in an open transaction (what a
// read_committed consumer waits for) instead of the last stable one.
//
// An unstable offset is asked again, with backoff, for up to the request
// timeout (a transaction usually ends within milliseconds); one still
// unstable then is an *ItemError wrapping kafkawire.ErrUnstableOffsetCommit.
func (a *Client) ListGroupOffsets(ctx context.Context, group string, requireStable bool) (map[kafkawire.TopicPartition]GroupOffset, error) {
	deadline := time.Now().Add(a.timeout)
	for attempt := 0; ; attempt++ {
		out, err := a.listGroupOffsets(ctx, group, requireStable)
		if out == nil || !errors.Is(err, kafkawire.ErrUnstableOffsetCommit) || time.Now().After(deadline) {
			return out, err
		}
		if conn.Sleep(ctx, a.cl.Backoff().Delay(attempt)) != nil {
			return out, err
		}
	}
}

func (a *Client) listGroupOffsets(ctx context.Context, group string, requireStable bool) (map[kafkawire.TopicPartition]GroupOffset, error) {
	out := map[kafkawire.TopicPartition]GroupOffset{}
	var errs []error
	err := a.coordinator(ctx, group, func(ctx context.Context, cn *conn.Conn) error {
		clear(out)
		errs = errs[:0]
		v, err := cn.VersionUpTo(protocol.KeyOffsetFetch, lastNamedVersion)
		if err != nil {
			return err
		}
		req := protocol.OffsetFetchRequest{GroupID: group, RequireStable: requireStable} // nil Topics: all of them
		if v >= 8 {
			req = protocol.OffsetFetchRequest{Groups: []protocol.OffsetFetchRequestGroup{{GroupID: group, MemberEpoch: -1}}, RequireStable: requireStable}
		}
		var resp protocol.OffsetFetchResponse
		if err := cn.RoundTripVersion(ctx, &req, &resp, v); err != nil {
			return err
		}
		add := func(topic string, p int32, off int64, epoch int32, meta *string, code int16) {
			tp := kafkawire.TopicPartition{Topic: topic, Partition: p}
			o := GroupOffset{Offset: off, LeaderEpoch: epoch}
			if meta != nil {
				o.Metadata = *meta
			}
			if err := kafkawire.ErrorForCode(code); err != nil {
				o.Err = itemErr("fetching the offset of", tpString(tp), err)
				errs = append(errs, o.Err)
			} else if off < 0 {
				return // no commit
			}
			out[tp] = o
		}
		if v < 8 {
			for _, t := range resp.Topics {
				for _, p := range t.Partitions {
					add(t.Name, p.PartitionIndex, p.CommittedOffset, p.CommittedLeaderEpoch, p.Metadata, p.ErrorCode)
				}
			}
			return kafkawire.ErrorForCode(resp.ErrorCode)
		}
		for _, g := range resp.Groups {
			if err := kafkawire.ErrorForCode(g.ErrorCode); err != nil {
				return err
			}
			for _, t := range g.Topics {
				for _, p := range t.Partitions {
					add(t.Name, p.PartitionIndex, p.CommittedOffset, p.CommittedLeaderEpoch, p.Metadata, p.ErrorCode)
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("admin: fetching offsets of group %q: %w", group, err)
	}
	return out, joinItems(errs...)
}

// AlterGroupOffsets commits offsets for a group that has no active members
// (the broker refuses commits from outside a live generation, with
// UNKNOWN_MEMBER_ID). The error joins one *ItemError per partition that
// failed; the others are committed.
func (a *Client) AlterGroupOffsets(ctx context.Context, group string, offsets map[kafkawire.TopicPartition]int64) error {
	if len(offsets) == 0 {
		return nil
	}
	req := protocol.OffsetCommitRequest{GroupID: group, GenerationIDOrMemberEpoch: -1, RetentionTimeMs: -1}
	for topic, parts := range byTopic(sortedTPs(offsets)) {
		t := protocol.OffsetCommitRequestTopic{Name: topic}
		for _, p := range parts {
			empty := ""
			t.Partitions = append(t.Partitions, protocol.OffsetCommitRequestPartition{PartitionIndex: p, CommittedLeaderEpoch: -1,
				CommittedOffset: offsets[kafkawire.TopicPartition{Topic: topic, Partition: p}], CommittedMetadata: &empty})
		}
		req.Topics = append(req.Topics, t)
	}
	var errs []error
	err := a.coordinator(ctx, group, func(ctx context.Context, cn *conn.Conn) error {
		errs = errs[:0]
		v, err := cn.VersionUpTo(protocol.KeyOffsetCommit, lastNamedVersion)
		if err != nil {
			return err
		}
		var resp protocol.OffsetCommitResponse
		if err := cn.RoundTripVersion(ctx, &req, &resp, v); err != nil {
			return err
		}
		var coordErr error
		for _, t := range resp.Topics {
			for _, p := range t.Partitions {
				err := kafkawire.ErrorForCode(p.ErrorCode)
				if conn.IsCoordinatorError(err) || errors.Is(err, kafkawire.ErrCoordinatorLoadInProgress) {
					coordErr = err // the whole group moved: retry it all
				}
				errs = append(errs, itemErr("committing the offset of", tpString(kafkawire.TopicPartition{Topic: t.Name, Partition: p.PartitionIndex}), err))
			}
		}
		return coordErr
	})
	if err != nil {
		return fmt.Errorf("admin: altering offsets of group %q: %w", group, err)
	}
	return joinItems(errs...)
}

// DeleteGroupOffsets deletes a group's committed offsets of partitions (of
// topics the group is not subscribed to: the broker refuses the others
// with GROUP_SUBSCRIBED_TO_TOPIC). The error joins one *ItemError per
// partition that failed.
func (a *Client) DeleteGroupOffsets(ctx context.Context, group string, tps ...kafkawire.TopicPartition) error {
	req := protocol.OffsetDeleteRequest{GroupID: group}
	for topic, parts := range byTopic(tps) {
		req.Topics = append(req.Topics, protocol.OffsetDeleteRequestTopic{Name: topic, Partitions: parts})
	}
	var errs []error
	err := a.coordinator(ctx, group, func(ctx context.Context, cn *conn.Conn) error {
		errs = errs[:0]
		var resp protocol.OffsetDeleteResponse
		if err := cn.RoundTrip(ctx, &req, &resp); err != nil {
			return err
		}
		if err := kafkawire.ErrorForCode(resp.ErrorCode); err != nil {
			return err
		}
		for _, t := range resp.Topics {
			for _, p := range t.Partitions {
				errs = append(errs, itemErr("deleting the offset of", tpString(kafkawire.TopicPartition{Topic: t.Name, Partition: p.PartitionIndex}), kafkawire.ErrorForCode(p.ErrorCode)))
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("admin: deleting offsets of group %q: %w", group, err)
	}
	return joinItems(errs...)
}

// ResetTo says where ResetGroupOffsets moves a group: exactly one of
// Earliest, Latest, a Timestamp (Unix ms) or an Offset.
type ResetTo struct {
	Earliest  bool
	Latest    bool
	Timestamp *int64 // the first offset at or after it; the end when none
	Offset    *int64 // clamped to the partition's [earliest, latest], as Java's tool does
}

func (r ResetTo) validate() error {
	n := 0
	for _, set := range []bool{r.Earliest, r.Latest, r.Timestamp != nil, r.Offset != nil} {
		if set {
			n++
		}
	}
	if n != 1 {
		return errors.New("admin: ResetTo: set exactly one of Earliest, Latest, Timestamp, Offset")
	}
	return nil
}

// PlanReset computes where a reset would move the group on each partition,
// without committing anything (Java's tool's --dry-run). A partition whose
// offsets cannot be listed is an *ItemError in the error and absent from
// the plan.
func (a *Client) PlanReset(ctx context.Context, tps []kafkawire.TopicPartition, to ResetTo) (map[kafkawire.TopicPartition]int64, error) {
	if err := to.validate(); err != nil {
		return nil, err
	}
	at := func(ts int64) map[kafkawire.TopicPartition]int64 {
		m := make(map[kafkawire.TopicPartition]int64, len(tps))
		for _, tp := range tps {
			m[tp] = ts
		}
		return m
	}
	// Item errors are per partition, each reported once (by the first
	// lookup that failed it).
	earliest, _ := a.ListOffsets(ctx, at(OffsetEarliest))
	latest, _ := a.ListOffsets(ctx, at(OffsetLatest))
	byTime := map[kafkawire.TopicPartition]ListedOffset{}
	if to.Timestamp != nil {
		byTime, _ = a.ListOffsets(ctx, at(*to.Timestamp))
	}
	plan := map[kafkawire.TopicPartition]int64{}
	var errs []error
	for _, tp := range tps {
		lo, hi, t := earliest[tp], latest[tp], byTime[tp]
		if err := cmp.Or(lo.Err, hi.Err, t.Err); err != nil {
			errs = append(errs, err)
			continue
		}
		switch {
		case to.Earliest:
			plan[tp] = lo.Offset
		case to.Latest:
			plan[tp] = hi.Offset
		case to.Timestamp != nil:
			plan[tp] = t.Offset
			if t.Offset < 0 { // no record at or after it
				plan[tp] = hi.Offset
			}
		default:
			plan[tp] = min(max(*to.Offset, lo.Offset), hi.Offset)
		}
	}
	return plan, joinItems(errs...)
}

// ResetGroupOffsets moves an inactive group's committed offsets of tps as to
// says and returns where they went.
func (a *Client) ResetGroupOffsets(ctx context.Context, group string, tps []kafkawire.TopicPartition, to ResetTo) (map[kafkawire.TopicPartition]int64, error) {
	plan, perr := a.PlanReset(ctx, tps, to)
	if plan == nil {
		return nil, perr
	}
	return plan, joinItems(perr, a.AlterGroupOffsets(ctx, group, plan))
}

// PartitionLag is a group's lag on one partition.
type PartitionLag struct {
	kafkawire.TopicPartition
	Committed int64  // -1: no commit
	End       int64  // the log end offset (high watermark; LSO with ReadCommitted); -1 when unknown
	Lag       int64  // End - Committed; -1 when either is unknown
	MemberID  string // the member it is assigned to; "" when none
	ClientID  string
	Host      string
	Err       error // *ItemError: the committed or end offset could not be read
}

// GroupLag returns, in one call, the lag of a consumer group on every
// partition it has committed offsets for or is assigned, sorted by topic
// and partition, as `kafka-consumer-groups.sh --describe` computes it
// (committed offset vs log end offset). With ReadCommitted, committed offsets
// are read stable and the end is the last stable offset.
func (a *Client) GroupLag(ctx context.Context, group string, iso Isolation) ([]PartitionLag, error) {
	descs, err := a.DescribeGroups(ctx, group)
	if err != nil {
		return nil, err
	}
	committed, cerr := a.ListGroupOffsets(ctx, group, iso == ReadCommitted)
	if committed == nil {
		return nil, cerr
	}
	rows := map[kafkawire.TopicPartition]*PartitionLag{}
	row := func(tp kafkawire.TopicPartition) *PartitionLag {
		if r := rows[tp]; r != nil {
			return r
		}
		r := &PartitionLag{TopicPartition: tp, Committed: -1, End: -1, Lag: -1}
		rows[tp] = r
		return r
	}
	for _, m := range descs[0].Members {
		for _, tp := range m.Assignment {
			r := row(tp)
			r.MemberID, r.ClientID, r.Host = m.MemberID, m.ClientID, m.Host
		}
	}
	for tp, o := range committed {
		r := row(tp)
		if o.Err != nil {
			r.Err = o.Err
			continue
		}
		r.Committed = o.Offset
	}
	at := make(map[kafkawire.TopicPartition]int64, len(rows))
	for tp := range rows {
		at[tp] = OffsetLatest
	}
	ends, eerr := a.ListOffsetsIsolation(ctx, iso, at)
	out := make([]PartitionLag, 0, len(rows))
	for _, tp := range sortedTPs(rows) {
		r := rows[tp]
		if e := ends[tp]; e.Err != nil {
			if r.Err == nil {
				r.Err = e.Err
			}
		} else {
			r.End = e.Offset
		}
		if r.Committed >= 0 && r.End >= 0 {
			r.Lag = r.End - r.Committed // not clamped: Java's tool shows a negative lag too
		}
		out = append(out, *r)
	}
	return out, joinItems(cerr, eerr)
}
