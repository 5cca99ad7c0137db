package admin

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/protocol"
)

// Special timestamps for ListOffsets.
const (
	OffsetLatest       = conn.OffsetLatest   // the offset after the last record (high watermark; LSO for read_committed)
	OffsetEarliest     = conn.OffsetEarliest // the oldest retained offset
	OffsetMaxTimestamp = int64(-3)           // the record with the largest timestamp
)

// Isolation selects which end offset ListOffsets reports: ReadUncommitted
// the high watermark, ReadCommitted the last stable offset (before the first
// open transaction). It is kafkawire.IsolationLevel, the consumer's type.
type Isolation = kafkawire.IsolationLevel

const (
	ReadUncommitted = kafkawire.ReadUncommitted
	ReadCommitted   = kafkawire.ReadCommitted
)

// ListedOffset is one partition's answer to ListOffsets.
type ListedOffset struct {
	Offset      int64 // -1 when no record has a timestamp at or after the one asked for
	Timestamp   int64
	LeaderEpoch int32
	Err         error // *ItemError
}

// ListOffsets returns per partition the offset at a timestamp (Unix ms), or
// at OffsetEarliest / OffsetLatest / OffsetMaxTimestamp, read_uncommitted.
func (a *Client) ListOffsets(ctx context.Context, at map[kafkawire.TopicPartition]int64) (map[kafkawire.TopicPartition]ListedOffset, error) {
	return a.ListOffsetsIsolation(ctx, ReadUncommitted, at)
}

// ListOffsetsIsolation is ListOffsets with an isolation level: with
// ReadCommitted, OffsetLatest is the last stable offset.
func (a *Client) ListOffsetsIsolation(ctx context.Context, iso Isolation, at map[kafkawire.TopicPartition]int64) (map[kafkawire.TopicPartition]ListedOffset, error) {
	out := make(map[kafkawire.TopicPartition]ListedOffset, len(at))
	tps := make([]kafkawire.TopicPartition, 0, len(at))
	for tp := range at {
		tps = append(tps, tp)
	}
	errs := a.perLeader(ctx, tps, func(ctx context.Context, cn *conn.Conn, tps []kafkawire.TopicPartition) map[kafkawire.TopicPartition]error {
		req := protocol.ListOffsetsRequest{ReplicaID: -1, IsolationLevel: int8(iso)}
		for topic, parts := range byTopic(tps) {
			t := protocol.ListOffsetsRequestTopic{Name: topic}
			for _, p := range parts {
				t.Partitions = append(t.Partitions, protocol.ListOffsetsRequestPartition{PartitionIndex: p, CurrentLeaderEpoch: -1,
					Timestamp: at[kafkawire.TopicPartition{Topic: topic, Partition: p}]})
			}
			req.Topics = append(req.Topics, t)
		}
		var resp protocol.ListOffsetsResponse
		if err := cn.RoundTrip(ctx, &req, &resp); err != nil {
			return allErr(tps, err)
		}
		res := map[kafkawire.TopicPartition]error{}
		for _, t := range resp.Topics {
			for _, p := range t.Partitions {
				tp := kafkawire.TopicPartition{Topic: t.Name, Partition: p.PartitionIndex}
				if err := kafkawire.ErrorForCode(p.ErrorCode); err != nil {
					res[tp] = err
					continue
				}
				out[tp] = ListedOffset{Offset: p.Offset, Timestamp: p.Timestamp, LeaderEpoch: p.LeaderEpoch}
				res[tp] = nil
			}
		}
		return res
	})
	return out, collect(out, errs, "listing offsets of", func(o *ListedOffset, err error) {
		*o = ListedOffset{Offset: -1, Timestamp: -1, LeaderEpoch: -1, Err: err}
	})
}

// DeletedRecords is one partition's answer to DeleteRecords.
type DeletedRecords struct {
	LowWatermark int64 // the partition's new log start offset
	Err          error // *ItemError
}

// DeleteRecords deletes every record before the given offset of each
// partition (OffsetLatest: everything up to the high watermark).
func (a *Client) DeleteRecords(ctx context.Context, before map[kafkawire.TopicPartition]int64) (map[kafkawire.TopicPartition]DeletedRecords, error) {
	out := make(map[kafkawire.TopicPartition]DeletedRecords, len(before))
	tps := make([]kafkawire.TopicPartition, 0, len(before))
	for tp := range before {
		tps = append(tps, tp)
	}
	errs := a.perLeader(ctx, tps, func(ctx context.Context, cn *conn.Conn, tps []kafkawire.TopicPartition) map[kafkawire.TopicPartition]error {
		req := protocol.DeleteRecordsRequest{TimeoutMs: a.timeoutMs()}
		for topic, parts := range byTopic(tps) {
			t := protocol.DeleteRecordsRequestTopic{Name: topic}
			for _, p := range parts {
				t.Partitions = append(t.Partitions, protocol.DeleteRecordsRequestPartition{PartitionIndex: p, Offset: before[kafkawire.TopicPartition{Topic: topic, Partition: p}]})
			}
			req.Topics = append(req.Topics, t)
		}
		var resp protocol.DeleteRecordsResponse
		if err := cn.RoundTrip(ctx, &req, &resp); err != nil {
			return allErr(tps, err)
		}
		res := map[kafkawire.TopicPartition]error{}
		for _, t := range resp.Topics {
			for _, p := range t.Partitions {
				tp := kafkawire.TopicPartition{Topic: t.Name, Partition: p.PartitionIndex}
				if err := kafkawire.ErrorForCode(p.ErrorCode); err != nil {
					res[tp] = err
					continue
				}
				out[tp] = DeletedRecords{LowWatermark: p.LowWatermark}
				res[tp] = nil
			}
		}
		return res
	})
	return out, collect(out, errs, "deleting records of", func(d *DeletedRecords, err error) { *d = DeletedRecords{LowWatermark: -1, Err: err} })
}

func byTopic(tps []kafkawire.TopicPartition) map[string][]int32 {
	m := map[string][]int32{}
	for _, tp := range tps {
		m[tp.Topic] = append(m[tp.Topic], tp.Partition)
	}
	return m
}

func allErr(tps []kafkawire.TopicPartition, err error) map[kafkawire.TopicPartition]error {
	m := make(map[kafkawire.TopicPartition]error, len(tps))
	for _, tp := range tps {
		m[tp] = err
	}
	return m
}

func tpString(tp kafkawire.TopicPartition) string {
	return fmt.Sprintf("%s/%d", tp.Topic, tp.Partition)
}

// collect stores each failed partition's error in out (through set) as an
// *ItemError and joins them.
func collect[V any](out map[kafkawire.TopicPartition]V, errs map[kafkawire.TopicPartition]error, op string, set func(*V, error)) error {
	var all []error
	for _, tp := range sortedTPs(errs) {
		if errs[tp] == nil {
			continue
		}
		err := itemErr(op, tpString(tp), errs[tp])
		var v V
		set(&v, err)
		out[tp] = v
		all = append(all, err)
	}
	return joinItems(all...)
}

// perLeader runs fn once per leader with that leader's partitions. fn
// returns each partition's error (nil: done). Partitions that failed
// retriably (a leader moved, an election, a connection lost) are retried
// after a metadata refresh, with backoff, for at most the request timeout;
// a topic or partition that metadata does not have fails at once. It
// returns every partition's final error (nil for success).
func (a *Client) perLeader(ctx context.Context, tps []kafkawire.TopicPartition, fn func(context.Context, *conn.Conn, []kafkawire.TopicPartition) map[kafkawire.TopicPartition]error) map[kafkawire.TopicPartition]error {
	res := make(map[kafkawire.TopicPartition]error, len(tps))
	topics := map[string]bool{}
	for _, tp := range tps {
		topics[tp.Topic] = true
		res[tp] = errors.New("not attempted")
	}
	for t := range topics {
		a.cl.Track(t)
	}
	rctx, cancel := context.WithTimeout(ctx, a.timeout)
	defer cancel()
	pending := tps
	for attempt := 0; len(pending) > 0; attempt++ {
		m, err := a.cl.Refresh(rctx)
		if err != nil {
			for _, tp := range pending {
				res[tp] = err
			}
			break
		}
		byLeader := map[int32][]kafkawire.TopicPartition{}
		for _, tp := range pending {
			t := m.Topic(tp.Topic)
			switch {
			case t == nil || errors.Is(t.Err, kafkawire.ErrUnknownTopicOrPartition) || tp.Partition < 0 || int(tp.Partition) >= len(t.Partitions):
				res[tp] = kafkawire.ErrUnknownTopicOrPartition
			case t.Err != nil:
				res[tp] = t.Err
			case t.Partitions[tp.Partition].Leader < 0:
				res[tp] = kafkawire.ErrLeaderNotAvailable
			default:
				byLeader[t.Partitions[tp.Partition].Leader] = append(byLeader[t.Partitions[tp.Partition].Leader], tp)
			}
		}
		for leader, ltps := range byLeader {
			cn, err := a.cl.Broker(rctx, leader, conn.PurposeAdmin)
			var got map[kafkawire.TopicPartition]error
			if err != nil {
				got = allErr(ltps, err)
			} else {
				got = fn(rctx, cn, ltps)
			}
			for _, tp := range ltps {
				e, ok := got[tp]
				if !ok {
					e = fmt.Errorf("the broker's answer lacks %s", tpString(tp))
				}
				res[tp] = e
			}
		}
		pending = pending[:0:0]
		for _, tp := range tps {
			if e := res[tp]; e != nil && conn.IsRetriable(e) && !errors.Is(e, kafkawire.ErrUnknownTopicOrPartition) {
				pending = append(pending, tp)
			}
		}
		if len(pending) == 0 || conn.Sleep(rctx, a.cl.Backoff().Delay(attempt)) != nil {
			break
		}
	}
	for t := range topics {
		if m := a.cl.Metadata().Topic(t); m == nil || m.Err != nil {
			a.cl.Untrack(t)
		}
	}
	return res
}

func sortedTPs[V any](m map[kafkawire.TopicPartition]V) []kafkawire.TopicPartition {
	out := slices.Collect(maps.Keys(m))
	slices.SortFunc(out, kafkawire.CompareTopicPartitions)
	return out
}
