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
//
// On error it returns no records: a corrupt batch is never handed out.
func decodeRecords(pd *protocol.FetchResponsePartition, tp kafkawire.TopicPartition, fetchOffset int64, readCommitted bool, limit int, cutOK bool) ([]kafkawire.Record, int64, error) {
	var d decoder
	return d.decode(pd, tp, fetchOffset, readCommitted, limit, cutOK)
}

// decoder is decodeRecords in two steps, so that the records of a
// partition land in one slice allocated at its final size: growing it
// batch by batch copied and zeroed it over and over (growslice was the
// top of the consume profile), and every copy went through GC write
// barriers. scan walks the entries once, checking CRCs, filtering and
// decompressing, and keeps the batches to decode; build sizes the output
// from their record counts and decodes them. One decoder serves all the
// partitions of a fetch, so its scratch is allocated once per fetch.
type decoder struct {
	entries []entry
	legacy  []kafkawire.Record // decoded magic 0/1 records, copied out by build
}

// entry is a v2 batch to decode (uncompressed by scan), or records of a
// magic 0/1 message set, legacy[from:to].
type entry struct {
	batch    protocol.Batch
	isLegacy bool
	from, to int
}

// codecBits are the compression bits of a batch's attributes (protocol's
// attrCodecMask): scan clears them once it has inflated the records.
const codecBits = 0x07

// minRecordSize is the smallest encoded v2 record (protocol's): no batch
// holds more records than its records section divided by it, which bounds
// the output slice whatever a batch header claims.
const minRecordSize = 7

func (d *decoder) decode(pd *protocol.FetchResponsePartition, tp kafkawire.TopicPartition, fetchOffset int64, readCommitted bool, limit int, cutOK bool) ([]kafkawire.Record, int64, error) {
	s := d.scanPart(pd, tp, fetchOffset, readCommitted, limit, cutOK)
	out, err := d.buildPart(s, tp, fetchOffset)
	d.reset()
	return out, s.next, err
}

// scanned is one partition's answer after scan: the entries build decodes
// (d.entries[from:to]), the offset to fetch next and scan's error.
type scanned struct {
	from, to int
	next     int64
	err      error
}

// scanPart scans one partition's answer, keeping its entries in d for
// buildPart. The consumer scans every partition of a fetch first: scan
// already knows each one's next offset, so the next fetch can start while
// build decodes.
func (d *decoder) scanPart(pd *protocol.FetchResponsePartition, tp kafkawire.TopicPartition, fetchOffset int64, readCommitted bool, limit int, cutOK bool) scanned {
	from := len(d.entries)
	next, err := d.scan(pd, tp, fetchOffset, readCommitted, limit, cutOK)
	return scanned{from: from, to: len(d.entries), next: next, err: err}
}

// buildPart decodes what scanPart kept, even when scan stopped at an
// error: a bad record in an earlier batch is reported before a bad later
// batch, as a single walk would. On error it returns no records.
func (d *decoder) buildPart(s scanned, tp kafkawire.TopicPartition, fetchOffset int64) ([]kafkawire.Record, error) {
	out, err := d.build(d.entries[s.from:s.to], tp, fetchOffset)
	if err == nil {
		err = s.err
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// reset drops the references to a response's buffers, keeping the scratch.
func (d *decoder) reset() {
	clear(d.entries)
	d.entries, d.legacy = d.entries[:0], d.legacy[:0]
}

// scan walks the record set in order and appends to d.entries what build
// must decode, returning the offset to fetch next. It stops at the first
// error.
func (d *decoder) scan(pd *protocol.FetchResponsePartition, tp kafkawire.TopicPartition, fetchOffset int64, readCommitted bool, limit int, cutOK bool) (int64, error) {
	data := pd.Records
	next := fetchOffset
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
			return next, cut(0) // a partial entry at the end of the response
		}
		if magic := int8(data[16]); magic < 2 {
			size := int(int32(binary.BigEndian.Uint32(data[8:12]))) + 12
			if size < 12 {
				return next, fmt.Errorf("message at offset %d: negative size: %w", next, protocol.ErrCorruptBatch)
			}
			if size > len(data) {
				return next, cut(size)
			}
			var err error
			start := len(d.legacy)
			d.legacy, err = protocol.AppendLegacyRecords(d.legacy, data[:size], tp.Topic, tp.Partition, limit)
			if err != nil {
				return next, err
			}
			if limit -= decodedSize(d.legacy[start:]); limit <= 0 {
				return next, fmt.Errorf("messages inflate past the fetch limit: %w", compress.ErrTooLarge)
			}
			if n := len(d.legacy); n > start {
				d.entries = append(d.entries, entry{isLegacy: true, from: start, to: n})
				next = max(next, d.legacy[n-1].Offset+1)
				progressed = progressed || d.legacy[n-1].Offset >= fetchOffset
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
			return next, cut(declared)
		}
		if err != nil {
			return next, fmt.Errorf("batch at offset %d: %w", next, err)
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
		if c := b.Codec(); c != compress.None {
			// One fresh buffer per batch, never reused: records alias it.
			raw, err := compress.Decompress(nil, c, b.RecordsData, limit)
			if err != nil {
				return next, fmt.Errorf("batch at offset %d: %w", b.BaseOffset, err)
			}
			if limit -= len(raw); limit <= 0 {
				return next, fmt.Errorf("compressed batches inflate past the fetch limit: %w", compress.ErrTooLarge)
			}
			b.RecordsData = raw
			b.Attributes &^= codecBits
		}
		d.entries = append(d.entries, entry{batch: b})
	}
	return next, nil
}

// build decodes the entries scan kept into one slice sized for them,
// dropping records before fetchOffset (a batch may straddle it).
func (d *decoder) build(entries []entry, tp kafkawire.TopicPartition, fetchOffset int64) ([]kafkawire.Record, error) {
	n := 0
	for i := range entries {
		e := &entries[i]
		if e.isLegacy {
			n += e.to - e.from
		} else {
			n += min(int(max(e.batch.NumRecords, 0)), len(e.batch.RecordsData)/minRecordSize)
		}
	}
	if n == 0 {
		return nil, nil
	}
	out := make([]kafkawire.Record, 0, n)
	for i := range entries {
		e := &entries[i]
		if e.isLegacy {
			out = append(out, d.legacy[e.from:e.to]...)
			continue
		}
		start := len(out)
		var err error
		// Uncompressed by now: the limit has no bytes left to bound.
		out, err = e.batch.AppendRecords(out, tp.Topic, tp.Partition, 0)
		if err != nil {
			return nil, fmt.Errorf("batch at offset %d: %w", e.batch.BaseOffset, err)
		}
		if k := start; k < len(out) && out[k].Offset < fetchOffset {
			i := k
			for i < len(out) && out[i].Offset < fetchOffset {
				i++
			}
			out = slices.Delete(out, k, i)
		}
	}
	return out, nil
}

// errCutAtLimit: the first batch at the fetch offset was cut where a size
// limit may have cut it; fetching it first next time gets it whole.
var errCutAtLimit = errors.New("first batch cut at a size limit")

// decodedSize is the bytes records hold (keys, values, headers), which is
// what decompression produced for them, give or take framing: the budget
// magic 0/1 message sets use (AppendLegacyRecords does not say what it
// inflated).
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
		a.active[a.pending[0].ProducerID] = true
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
