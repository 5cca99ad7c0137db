package conn

import (
	"context"
	"fmt"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/protocol"
)

// Special timestamps for ListOffsets.
const (
	OffsetLatest   int64 = -1 // the offset after the last record (the high watermark, or LSO for read_committed)
	OffsetEarliest int64 = -2 // the oldest retained offset
)

// ListedOffset is one partition's answer to ListOffsets.
type ListedOffset struct {
	Offset      int64 // -1 when no record has a timestamp at or after the one asked for
	Timestamp   int64
	LeaderEpoch int32
}

// ListOffsets asks each partition's leader for the offset at a timestamp
// (or OffsetLatest / OffsetEarliest), retrying leader moves within ctx.
// isolation is 0 for read_uncommitted, 1 for read_committed.
func (c *Cluster) ListOffsets(ctx context.Context, isolation int8, at map[kafkawire.TopicPartition]int64) (map[kafkawire.TopicPartition]ListedOffset, error) {
	out := make(map[kafkawire.TopicPartition]ListedOffset, len(at))
	err := Retry(ctx, c.backoff, func(ctx context.Context) error {
		byLeader := map[int32][]kafkawire.TopicPartition{}
		for tp := range at {
			if _, done := out[tp]; done {
				continue
			}
			leader, _, err := c.Leader(ctx, tp.Topic, tp.Partition)
			if err != nil {
				return err
			}
			byLeader[leader] = append(byLeader[leader], tp)
		}
		var errs []error
		for leader, tps := range byLeader {
			if err := c.listOffsetsAt(ctx, leader, isolation, tps, at, out); err != nil {
				errs = append(errs, err)
			}
		}
		if len(errs) == 0 {
			return nil
		}
		err := joinLine("", errs...)
		if IsRetriable(err) {
			// A leader may have moved: learn where before the retry.
			if _, rerr := c.Refresh(ctx); rerr != nil {
				return joinLine("", err, rerr)
			}
		}
		return err
	})
	return out, err
}

func (c *Cluster) listOffsetsAt(ctx context.Context, leader int32, isolation int8, tps []kafkawire.TopicPartition, at map[kafkawire.TopicPartition]int64, out map[kafkawire.TopicPartition]ListedOffset) error {
	cn, err := c.Broker(ctx, leader, PurposeAdmin)
	if err != nil {
		return err
	}
	req := protocol.ListOffsetsRequest{ReplicaID: -1, IsolationLevel: isolation}
	for _, tp := range tps {
		var t *protocol.ListOffsetsRequestTopic
		for i := range req.Topics {
			if req.Topics[i].Name == tp.Topic {
				t = &req.Topics[i]
			}
		}
		if t == nil {
			req.Topics = append(req.Topics, protocol.ListOffsetsRequestTopic{Name: tp.Topic})
			t = &req.Topics[len(req.Topics)-1]
		}
		t.Partitions = append(t.Partitions, protocol.ListOffsetsRequestPartition{PartitionIndex: tp.Partition, CurrentLeaderEpoch: -1, Timestamp: at[tp]})
	}
	var resp protocol.ListOffsetsResponse
	if err := cn.RoundTrip(ctx, &req, &resp); err != nil {
		return err
	}
	var errs []error
	for _, t := range resp.Topics {
		for _, p := range t.Partitions {
			tp := kafkawire.TopicPartition{Topic: t.Name, Partition: p.PartitionIndex}
			if err := kafkawire.ErrorForCode(p.ErrorCode); err != nil {
				errs = append(errs, fmt.Errorf("kafkawire: ListOffsets %s/%d: %w", tp.Topic, tp.Partition, err))
				continue
			}
			out[tp] = ListedOffset{Offset: p.Offset, Timestamp: p.Timestamp, LeaderEpoch: p.LeaderEpoch}
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return joinLine("", errs...)
}
