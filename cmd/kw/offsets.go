package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
)

// startAt is where -o starts: a special position, an offset, the last n
// records, or a timestamp.
type startAt struct {
	kind  byte // 'b' beginning, 'e' end, 's' stored, 'o' offset, 't' tail, '@' timestamp
	value int64
}

func parseOffset(s string) (startAt, error) {
	switch s {
	case "beginning":
		return startAt{kind: 'b'}, nil
	case "end":
		return startAt{kind: 'e'}, nil
	case "stored":
		return startAt{kind: 's'}, nil
	}
	if ts, ok := strings.CutPrefix(s, "s@"); ok {
		n, err := strconv.ParseInt(ts, 10, 64)
		if err != nil || n < 0 {
			return startAt{}, fmt.Errorf("-o %s: want s@<milliseconds since the epoch>", s)
		}
		return startAt{kind: '@', value: n}, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return startAt{}, fmt.Errorf("-o %s: want beginning, end, stored, an offset, -<count from the end> or s@<timestamp ms>", s)
	}
	if n < 0 {
		return startAt{kind: 't', value: -n}, nil
	}
	return startAt{kind: 'o', value: n}, nil
}

// partitions lists the partitions direct mode reads.
func (r *reader) partitions(ctx context.Context, cl *conn.Cluster) ([]kafkawire.TopicPartition, error) {
	var tps []kafkawire.TopicPartition
	ctx, cancel := r.e.withTimeout(ctx)
	defer cancel()
	for _, name := range r.o.topics {
		t, err := cl.TopicMetadata(ctx, name)
		if err != nil {
			return nil, fmt.Errorf("consume: topic %q: %w", name, err)
		}
		if r.o.partition >= len(t.Partitions) {
			return nil, fmt.Errorf("consume: topic %q has %d partitions, no partition %d", name, len(t.Partitions), r.o.partition)
		}
		for _, p := range t.Partitions {
			if r.o.partition < 0 || int(p.Partition) == r.o.partition {
				tps = append(tps, kafkawire.TopicPartition{Topic: name, Partition: p.Partition})
			}
		}
	}
	return tps, nil
}

// startOffsets resolves -o for each partition with ListOffsets.
func (r *reader) startOffsets(ctx context.Context, cl *conn.Cluster, tps []kafkawire.TopicPartition) (map[kafkawire.TopicPartition]int64, error) {
	ctx, cancel := r.e.withTimeout(ctx)
	defer cancel()
	ask := func(at int64) (map[kafkawire.TopicPartition]int64, error) {
		q := make(map[kafkawire.TopicPartition]int64, len(tps))
		for _, tp := range tps {
			q[tp] = at
		}
		res, err := cl.ListOffsets(ctx, r.isolation(), q)
		if err != nil {
			return nil, fmt.Errorf("consume: listing offsets: %w", err)
		}
		out := make(map[kafkawire.TopicPartition]int64, len(res))
		for tp, lo := range res {
			out[tp] = lo.Offset
		}
		return out, nil
	}
	switch r.o.start.kind {
	case 'b':
		return ask(conn.OffsetEarliest)
	case 'e':
		return ask(conn.OffsetLatest)
	case 'o':
		out := map[kafkawire.TopicPartition]int64{}
		for _, tp := range tps {
			out[tp] = r.o.start.value
		}
		return out, nil
	case 't':
		first, err := ask(conn.OffsetEarliest)
		if err != nil {
			return nil, err
		}
		last, err := ask(conn.OffsetLatest)
		if err != nil {
			return nil, err
		}
		for tp := range last {
			last[tp] = max(last[tp]-r.o.start.value, first[tp])
		}
		return last, nil
	}
	at, err := ask(r.o.start.value) // a timestamp
	if err != nil {
		return nil, err
	}
	var late map[kafkawire.TopicPartition]int64
	for tp, off := range at {
		if off < 0 { // no record that late: start at the end
			if late == nil {
				if late, err = ask(conn.OffsetLatest); err != nil {
					return nil, err
				}
			}
			at[tp] = late[tp]
		}
	}
	return at, nil
}

func (r *reader) isolation() int8 {
	if strings.EqualFold(strings.TrimSpace(r.e.props["isolation.level"]), "read_committed") {
		return 1
	}
	return 0
}

// endOffsets records, for -e, where tps end now.
func (r *reader) endOffsets(ctx context.Context, tps []kafkawire.TopicPartition) error {
	q := map[kafkawire.TopicPartition]int64{}
	for _, tp := range tps {
		if _, ok := r.ends[tp]; !ok {
			q[tp] = conn.OffsetLatest
		}
	}
	if len(q) == 0 {
		return nil
	}
	ctx, cancel := r.e.withTimeout(ctx)
	defer cancel()
	res, err := r.a.Cluster().ListOffsets(ctx, r.isolation(), q)
	if err != nil {
		return fmt.Errorf("consume: listing end offsets: %w", err)
	}
	for tp, lo := range res {
		r.ends[tp] = lo.Offset
	}
	return nil
}

// atEnd reports, for -e, whether every assigned partition has reached its
// end. In group mode, before the first assignment nothing is at its end.
func (r *reader) atEnd(ctx context.Context) (bool, error) {
	tps := r.c.Assignment()
	if len(tps) == 0 {
		return false, nil
	}
	if err := r.endOffsets(ctx, tps); err != nil {
		return false, err
	}
	for _, tp := range tps {
		if pos := r.c.Position(tp); pos < 0 || pos < r.ends[tp] {
			return false, nil
		}
	}
	return true, nil
}
