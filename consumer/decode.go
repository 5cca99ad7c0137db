package consumer

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/compress"
	"github.com/kafkawire/kafkawire/protocol"
)

// decodeRecords turns one partition's fetched bytes into records at or
// after fetchOffset, and returns the offset to fetch next. Records alias the
// response buffer (or a per-batch decompression buffer), which is never
// reused, so they are safe for the user to keep. With readCommitted it drops
// records of aborted transactions and every control record. limit bounds
// the bytes decompression may produce for the whole partition, so that many
// small compressed bombs cannot add up either.
//
// A batch cut off at the end of the data is the broker's size limit at
// work, and skipped, when it follows a whole batch at or after fetchOffset.
// When it is the first one there, nothing can be read and the next fetch
// would get the same: unless cutOK says a size limit may have cut it (it
// returns errCutAtLimit, and the caller fetches it first next time, when
// the broker returns it whole), that is an error naming the offset.
func decodeRecords(pd *protocol.FetchResponsePartition, tp kafkawire.TopicPartition, fetchOffset int64, readCommitted bool, limit int, cutOK bool) ([]kafkawire.Record, int64, error) {
	data := pd.Records
	next := fetchOffset
	var out []kafkawire.Record
	var aborted abortedSet
	if readCommitted {
		aborted.init(pd.AbortedTransactions)
	}
	progressed := false // a whole entry at or after fetchOffset was read
	cut := func(declared int) error {
		if progressed {
			return nil
		}
		if cutOK {
			return errCutAtLimit
		}
		if declared <= 0 {
			return fmt.Errorf("the answer ends %d bytes into the batch there, and no size limit cut it: %w", len(data), protocol.ErrTruncatedBatch)
		}
		return fmt.Errorf("the batch there declares %d bytes but the answer holds %d, and no size limit cut it: %w", declared, len(data), protocol.ErrTruncatedBatch)
	}
	for len(data) > 0 {
		if len(data) < 17 {
			return out, next, cut(0) // a partial entry at the end of the response
		}
		if magic := int8(data[16]); magic < 2 {
			size := int(int32(binary.BigEndian.Uint32(data[8:12]))) + 12
			if size < 12 {
				return nil, next, fmt.Errorf("message at offset %d: negative size: %w", next, protocol.ErrCorruptBatch)
			}
			if size > len(data) {
				return out, next, cut(size)
			}
			var err error
			start := len(out)
			out, err = protocol.AppendLegacyRecords(out, data[:size], tp.Topic, tp.Partition, limit)
			if err != nil {
				return nil, next, err
			}
			if limit -= decodedSize(out[start:]); limit <= 0 {
				return nil, next, fmt.Errorf("messages inflate past the fetch limit: %w", compress.ErrTooLarge)
			}
			if len(out) > start {
				next = max(next, out[len(out)-1].Offset+1)
				progressed = progressed || out[len(out)-1].Offset >= fetchOffset
			}
			data = data[size:]
			continue
		}
		b, rest, err := protocol.NextBatch(data)
		if errors.Is(err, protocol.ErrTruncatedBatch) {
			// Brokers cut the last batch at the fetch size limit.
			declared := 0
			if len(data) >= 12 {
				declared = int(int32(binary.BigEndian.Uint32(data[8:12]))) + 12
			}
			return out, next, cut(declared)
		}
		if err != nil {
			return nil, next, fmt.Errorf("batch at offset %d: %w", next, err)
		}
		data = rest
		if b.LastOffset() < fetchOffset {
			continue // wholly before our position (brokers return whole batches)
		}
		progressed = true
		next = max(next, b.LastOffset()+1)
		if readCommitted {
			aborted.advance(b.LastOffset())
			if b.IsControl() {
				aborted.control(&b)
				continue
			}
			if b.IsTransactional() && aborted.has(b.ProducerID) {
				continue
			}
		} else if b.IsControl() {
			continue
		}
		start := len(out)
		out, err = b.AppendRecords(out, tp.Topic, tp.Partition, limit)
		if err != nil {
			return nil, next, fmt.Errorf("batch at offset %d: %w", b.BaseOffset, err)
		}
		if b.Codec() != 0 {
			limit -= decodedSize(out[start:])
			if limit <= 0 {
				return nil, next, fmt.Errorf("compressed batches inflate past the fetch limit: %w", compress.ErrTooLarge)
			}
		}
		// Drop records before the fetch offset (a batch may straddle it).
		if k := start; k < len(out) && out[k].Offset < fetchOffset {
			i := k
			for i < len(out) && out[i].Offset < fetchOffset {
				i++
			}
			out = slices.Delete(out, k, i)
		}
	}
	return out, next, nil
}

// errCutAtLimit: the first batch at the fetch offset was cut where a size
// limit may have cut it; fetching it first next time gets it whole.
var errCutAtLimit = errors.New("first batch cut at a size limit")

// decodedSize is the bytes records hold (keys, values, headers), which is
// what decompression produced for them, give or take framing.
func decodedSize(recs []kafkawire.Record) int {
	n := 0
	for i := range recs {
		n += len(recs[i].Key) + len(recs[i].Value)
		for _, h := range recs[i].Headers {
			n += len(h.Key) + len(h.Value)
		}
	}
	return n
}

// abortedSet tracks, while walking batches in offset order, which producers
// are inside an aborted transaction (KIP-98's consumer algorithm): a
// producer enters when its aborted transaction's first offset is reached,
// and leaves at its abort marker.
type abortedSet struct {
	pending []protocol.FetchResponseAbortedTransaction // sorted by FirstOffset
	active  map[int64]bool
}

func (a *abortedSet) init(txns []protocol.FetchResponseAbortedTransaction) {
	a.pending = slices.Clone(txns)
	slices.SortFunc(a.pending, func(x, y protocol.FetchResponseAbortedTransaction) int {
		switch {
		case x.FirstOffset < y.FirstOffset:
			return -1
		case x.FirstOffset > y.FirstOffset:
			return 1
		}
		return 0
	})
	a.active = map[int64]bool{}
}

func (a *abortedSet) advance(lastOffset int64) {
	for len(a.pending) > 0 && a.pending[0].FirstOffset <= lastOffset {
		a.active[a.pending[0].ProducerId] = true
		a.pending = a.pending[1:]
	}
}

func (a *abortedSet) has(producerID int64) bool { return a.active[producerID] }

// control handles a control batch: an abort marker ends its producer's
// aborted transaction.
func (a *abortedSet) control(b *protocol.Batch) {
	recs, err := b.AppendRecords(nil, "", 0, 1<<20)
	if err != nil || len(recs) == 0 {
		return
	}
	if typ, err := protocol.ParseControlRecord(recs[0].Key); err == nil && typ == protocol.ControlAbort {
		delete(a.active, b.ProducerID)
	}
}
