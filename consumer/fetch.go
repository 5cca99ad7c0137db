package consumer

import (
	"errors"
	"math"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/protocol"
)

// fetchLoop is the consumer's fetch scheduler. Each pass it starts one
// Fetch request per broker that has none in flight, for that broker's
// partitions that have a known position, are not paused, and have room in
// the prefetch buffer; it also starts position lookups for partitions that
// need one. Each request runs on its own goroutine.
func (c *Consumer) fetchLoop() {
	defer c.wg.Done()
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		wait := c.schedule()
		timer.Reset(wait)
		select {
		case <-c.wake:
		case <-timer.C:
		case <-c.stop:
			return
		}
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
	}
}

type fetchItem struct {
	ps     *partState
	gen    uint64
	offset int64
	epoch  int32
}

func (c *Consumer) schedule() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return time.Hour
	}
	now := time.Now()
	wait := time.Hour
	meta := c.cluster.Metadata()
	plan := map[int32][]fetchItem{}
	var resolve []*partState
	needMeta := false
	for _, ps := range c.parts {
		if ps.paused || ps.inFlight || ps.resolving || ps.revoking {
			continue
		}
		if now.Before(ps.backoff) {
			wait = min(wait, ps.backoff.Sub(now))
			continue
		}
		if ps.position < 0 {
			ps.resolving = true
			resolve = append(resolve, ps)
			continue
		}
		if c.buffered >= c.s.MaxBufferedBytes || ps.bufBytes >= prefetchPerPartition*c.s.MaxPartitionFetchBytes {
			continue // Poll frees room and nudges us
		}
		leader, epoch, why := meta.Leader(ps.tp)
		if leader < 0 {
			needMeta = true
			ps.failing = true
			c.fails.set(errKey{kind: kindFetch, tp: ps.tp}, &FetchError{Partition: ps.tp, Offset: ps.fetchOffset, Err: why})
			continue
		}
		if !c.broker(leader).canFetch() {
			continue
		}
		if ps.building > 0 && ps.buildOn != leader {
			continue // its records from the old leader are still decoding: keep them first
		}
		it := fetchItem{ps: ps, gen: ps.gen, offset: ps.fetchOffset, epoch: epoch}
		if ps.cutFirst && len(plan[leader]) > 0 {
			// Brokers return the first partition's first batch whole even past
			// the size limits (KIP-74): put the one that was cut first.
			plan[leader] = append([]fetchItem{it}, plan[leader]...)
		} else {
			plan[leader] = append(plan[leader], it)
		}
	}
	for broker, items := range plan {
		c.broker(broker).inFlight = true
		for _, it := range items {
			it.ps.inFlight = true
		}
		c.wg.Add(1)
		go c.fetch(broker, items)
	}
	if len(resolve) > 0 {
		c.wg.Add(1)
		go c.resolvePositions(resolve)
	}
	if needMeta {
		if next := c.refreshLocked(now); next > 0 {
			wait = min(wait, next)
		}
	} else if !c.metaBusy {
		c.metaRetries = 0 // whatever needed a refresh got what it needed
	}
	return wait
}

// brokerFetch is one broker's fetching, guarded by Consumer.mu.
//
// A fetch is two steps: scan (CRC checks, decompression, filtering) tells
// every partition's next offset, then build decodes the records. Once scan
// of an answer of pipelineMinBytes or more is done the broker is released,
// so the next Fetch to it is on the wire while this one decodes: decoding
// was about 40% of the consume time, with the broker idle (a smaller answer
// keeps the broker in flight until it is applied). Answers are applied in the order they were fetched
// (done chains them), so a partition's chunks stay in offset order, and
// at most maxBuilding answers per broker decode at once, which bounds the
// memory fetched ahead of the prefetch buffer's own limit.
type brokerFetch struct {
	inFlight bool          // a Fetch to it is in flight or scanning (or, small, not yet applied)
	building int           // answers being built
	done     chan struct{} // closed when the newest answer was applied
}

const maxBuilding = 2

func (b *brokerFetch) canFetch() bool { return !b.inFlight && b.building < maxBuilding }

// broker returns id's brokerFetch, made on first use. Called with c.mu held.
func (c *Consumer) broker(id int32) *brokerFetch {
	b := c.brokers[id]
	if b == nil {
		b = &brokerFetch{}
		c.brokers[id] = b
	}
	return b
}

// fetch runs one Fetch request and turns its answer into chunks.
func (c *Consumer) fetch(broker int32, items []fetchItem) {
	defer c.wg.Done()
	resp, version, addr, err := c.fetchRequest(broker, items)
	if err == nil {
		err = kafkawire.ErrorForCode(resp.ErrorCode)
	}
	if err != nil {
		c.fetchFailed(broker, items, addr, err)
		return
	}
	// All CPU work (CRC checks, decompression, decoding) runs outside c.mu,
	// so Poll and the other fetches never wait for it; under the lock only
	// positions and generations are checked.
	ans := index(resp, version, c.cluster.Metadata(), c.s.FetchMaxBytes)
	var d decoder // its scratch serves every partition of this answer
	scans := c.scanAnswer(&d, items, ans)
	released, prev, done := c.release(broker, items, ans, scans)
	defer close(done)
	outs := buildAnswer(&d, items, scans)
	if prev != nil {
		<-prev // the answer fetched before this one is applied first
	}
	c.apply(broker, items, addr, ans, outs, released)
}

// fetchFailed applies a failed Fetch request to its partitions.
func (c *Consumer) fetchFailed(broker int32, items []fetchItem, addr string, err error) {
	c.mu.Lock()
	defer func() {
		c.broker(broker).inFlight = false
		c.mu.Unlock()
		nudge(c.wake)
	}()
	for _, it := range items {
		it.ps.inFlight = false
	}
	if c.bgCtx.Err() != nil {
		return // closing
	}
	c.s.Logger.Debug("consumer: fetch failed", "broker", broker, "err", err)
	for _, it := range items {
		if c.parts[it.ps.tp] == it.ps && it.ps.gen == it.gen {
			c.fetchFailedLocked(it, addr, err)
		}
	}
	c.refreshLocked(time.Now()) // the leader may have moved
}

// release moves the fetch offset of every partition scan read cleanly to
// the offset after its answer, and lets the scheduler fetch it and the
// broker again (see brokerFetch); released[i] says items[i] was. A
// partition with an error, or one that was sought or revoked meanwhile,
// stays in flight until apply, and so does everything (released is nil)
// when the answer is small (pipelineMinBytes). prev is closed when the
// answer fetched before this one is applied; the caller closes done after
// applying this.
func (c *Consumer) release(broker int32, items []fetchItem, ans answer, scans []scanned) (released []bool, prev, done chan struct{}) {
	c.mu.Lock()
	defer func() {
		c.mu.Unlock()
		nudge(c.wake)
	}()
	b := c.broker(broker)
	prev, done = b.done, make(chan struct{})
	b.done = done
	b.building++
	if ans.bytes < pipelineMinBytes {
		return nil, prev, done // the broker stays in flight until apply
	}
	b.inFlight = false
	released = make([]bool, len(items))
	for i, it := range items {
		ps, pd := it.ps, ans.byTP[it.ps.tp]
		if pd == nil || pd.ErrorCode != 0 || scans[i].err != nil || c.parts[ps.tp] != ps || ps.gen != it.gen {
			continue
		}
		released[i] = true
		ps.inFlight = false
		ps.building++
		ps.buildOn = broker
		ps.fetchOffset = max(ps.fetchOffset, scans[i].next)
	}
	return released, prev, done
}

// pipelineMinBytes is the smallest answer release hands back before it is
// built. A small answer builds in microseconds, so sending the next Fetch
// early gains nothing, and at low rates it only made fetches smaller and
// more frequent: the end-to-end latency cell's p99.9 was 19-22 ms with
// every answer released early against 14-15 ms without (bench, 20k rec/s,
// 3 runs each).
const pipelineMinBytes = 64 << 10

// apply hands one decoded answer's records to the buffer and its errors to
// the partitions.
func (c *Consumer) apply(broker int32, items []fetchItem, addr string, ans answer, outs []decoded, released []bool) {
	c.mu.Lock()
	defer func() {
		b := c.broker(broker)
		b.building--
		if released == nil {
			b.inFlight = false
		}
		c.mu.Unlock()
		nudge(c.wake)
	}()
	added := false
	for i, it := range items {
		ps := it.ps
		early := released != nil && released[i]
		if early {
			ps.building--
		} else {
			ps.inFlight = false
		}
		if c.parts[ps.tp] != ps || ps.gen != it.gen {
			continue // sought or revoked meanwhile: stale
		}
		pd := ans.byTP[ps.tp]
		if pd == nil {
			c.fetchFailedLocked(it, addr, errNotAnswered)
			continue
		}
		if early && outs[i].err != nil {
			// A record is bad inside a batch whose CRC held, and fetches
			// past it may have started: drop them and what is buffered,
			// and fetch again from the position.
			ps.gen++
			c.discardLocked(ps)
			ps.fetchOffset = ps.position
		}
		if c.handlePartition(it, addr, pd, &outs[i]) {
			added = true
		}
	}
	if added {
		nudge(c.dataReady)
	}
}

// decoded is one partition's answer decoded (see decodeRecords).
type decoded struct {
	recs []kafkawire.Record
	next int64
	err  error
}

// scanAnswer scans every partition answered without error, scans[i] for
// items[i]. It reads only what does not change while the fetch is in
// flight (items, the immutable tp, settings), so it needs no lock; a
// partition sought or revoked meanwhile is dropped after.
func (c *Consumer) scanAnswer(d *decoder, items []fetchItem, ans answer) []scanned {
	scans := make([]scanned, len(items))
	for i, it := range items {
		scans[i].next = it.offset
		pd := ans.byTP[it.ps.tp]
		if pd == nil || len(pd.Records) == 0 || kafkawire.ErrorForCode(pd.ErrorCode) != nil {
			continue
		}
		// Only a size limit may cut a first batch, and never the first
		// partition's with data: brokers return that whole, past every
		// limit (KIP-74).
		cutOK := pd != ans.first && (ans.atLimit || len(pd.Records) >= c.s.MaxPartitionFetchBytes)
		scans[i] = d.scanPart(pd, it.ps.tp, it.offset, c.s.Isolation == ReadCommitted, c.s.FetchMaxBytes, cutOK)
	}
	return scans
}

// buildAnswer decodes what scanAnswer kept, outs[i] for items[i].
func buildAnswer(d *decoder, items []fetchItem, scans []scanned) []decoded {
	outs := make([]decoded, len(items))
	for i, it := range items {
		o := &outs[i]
		o.recs, o.err = d.buildPart(scans[i], it.ps.tp, it.offset)
		o.next = scans[i].next
	}
	d.reset()
	return outs
}

// answer is a Fetch response indexed by partition.
type answer struct {
	byTP    map[kafkawire.TopicPartition]*protocol.FetchResponsePartition
	first   *protocol.FetchResponsePartition // the first partition with data
	atLimit bool                             // the records reach FetchMaxBytes
	bytes   int                              // record bytes in all
}

func index(resp *protocol.FetchResponse, version int16, meta *conn.Metadata, maxBytes int) answer {
	a := answer{byTP: map[kafkawire.TopicPartition]*protocol.FetchResponsePartition{}}
	total := 0
	for i := range resp.Responses {
		t := &resp.Responses[i]
		name := t.Topic
		if version >= 13 {
			name = meta.TopicName(t.TopicID)
		}
		for j := range t.Partitions {
			pd := &t.Partitions[j]
			a.byTP[kafkawire.TopicPartition{Topic: name, Partition: pd.PartitionIndex}] = pd
			if a.first == nil && len(pd.Records) > 0 {
				a.first = pd
			}
			total += len(pd.Records)
		}
	}
	a.atLimit, a.bytes = total >= maxBytes, total
	return a
}

func (c *Consumer) fetchRequest(broker int32, items []fetchItem) (*protocol.FetchResponse, int16, string, error) {
	// A request timeout (not a plain deadline) closes a connection that
	// stopped answering, so the next fetch redials.
	ctx, cancel := conn.WithRequestTimeout(c.bgCtx, c.s.FetchMaxWait+c.s.RequestTimeout)
	defer cancel()
	addr := ""
	if b, ok := c.cluster.Metadata().Brokers[broker]; ok {
		addr = b.Addr()
	}
	cn, err := c.cluster.Broker(ctx, broker, conn.PurposeFetch)
	if err != nil {
		return nil, 0, addr, err
	}
	version, ok := cn.Version(protocol.KeyFetch)
	if !ok {
		return nil, 0, cn.Addr(), &conn.UnsupportedError{Broker: cn.Addr(), APIKey: protocol.KeyFetch}
	}
	req := &protocol.FetchRequest{
		ReplicaID:      -1,
		MaxWaitMs:      int32(c.s.FetchMaxWait / time.Millisecond),
		MinBytes:       int32(c.s.FetchMinBytes),
		MaxBytes:       int32(c.s.FetchMaxBytes),
		IsolationLevel: int8(c.s.Isolation),
		SessionID:      0,
		SessionEpoch:   -1, // a full fetch, no incremental session
	}
	meta := c.cluster.Metadata()
	for _, it := range items {
		var ft *protocol.FetchRequestTopic
		for i := range req.Topics {
			if req.Topics[i].Topic == it.ps.tp.Topic {
				ft = &req.Topics[i]
			}
		}
		if ft == nil {
			req.Topics = append(req.Topics, protocol.FetchRequestTopic{Topic: it.ps.tp.Topic})
			ft = &req.Topics[len(req.Topics)-1]
			if t := meta.Topics[it.ps.tp.Topic]; t != nil {
				ft.TopicID = t.ID
			}
		}
		ft.Partitions = append(ft.Partitions, protocol.FetchRequestPartition{
			Partition:          it.ps.tp.Partition,
			CurrentLeaderEpoch: it.epoch,
			FetchOffset:        it.offset,
			LastFetchedEpoch:   -1,
			LogStartOffset:     -1,
			PartitionMaxBytes:  int32(c.s.MaxPartitionFetchBytes),
			HighWatermark:      math.MaxInt64, // Kafka's default: a consumer sends none
		})
	}
	var resp protocol.FetchResponse
	if err := cn.RoundTripVersion(ctx, req, &resp, version); err != nil {
		return nil, version, cn.Addr(), err
	}
	return &resp, version, cn.Addr(), nil
}

// fetchFailedLocked backs a partition off after a failed fetch, with a
// delay that grows while it keeps failing, and reports the failure: to the
// next Poll if retrying cannot fix it, else as a current failure.
func (c *Consumer) fetchFailedLocked(it fetchItem, addr string, err error) {
	ps := it.ps
	ps.backoff = time.Now().Add(c.retry.Delay(ps.retries))
	ps.retries++
	fe := &FetchError{Partition: ps.tp, Offset: it.offset, Broker: addr, Err: err}
	if conn.IsPermanent(err) {
		c.reportLocked(errKey{kind: kindFetch, tp: ps.tp}, fe)
		return
	}
	ps.failing = true
	c.fails.set(errKey{kind: kindFetch, tp: ps.tp}, fe)
}

// handlePartition applies one partition's answer, its records decoded
// beforehand into out; it reports whether records were buffered. Called
// with c.mu held.
func (c *Consumer) handlePartition(it fetchItem, addr string, pd *protocol.FetchResponsePartition, out *decoded) bool {
	ps := it.ps
	err := kafkawire.ErrorForCode(pd.ErrorCode)
	switch {
	case err == nil:
	case errors.Is(err, kafkawire.ErrOffsetOutOfRange):
		c.s.Logger.Info("consumer: offset out of range", "topic", ps.tp.Topic, "partition", ps.tp.Partition, "offset", it.offset)
		c.fails.clear(errKey{kind: kindFetch, tp: ps.tp})
		if c.s.AutoOffsetReset == ResetNone {
			c.reportLocked(errKey{kind: kindReset, tp: ps.tp}, &OffsetResetError{Partition: ps.tp, Offset: it.offset})
			ps.backoff = time.Now().Add(time.Hour) // until the user seeks
			return false
		}
		ps.gen++
		c.discardLocked(ps)
		ps.position, ps.fetchOffset = -1, -1
		ps.resetOnly = true
		return false
	default:
		c.s.Logger.Debug("consumer: partition fetch error", "topic", ps.tp.Topic, "partition", ps.tp.Partition, "err", err)
		c.fetchFailedLocked(it, addr, err)
		if conn.IsRetriable(err) {
			c.refreshLocked(time.Now()) // the leader may have moved
		}
		return false
	}
	ps.hw = pd.HighWatermark
	ps.cutFirst = false
	if len(pd.Records) == 0 {
		c.fetchOKLocked(ps)
		return false
	}
	recs, next, err := out.recs, out.next, out.err
	if errors.Is(err, errCutAtLimit) {
		ps.cutFirst = true // a size limit cut its first batch: fetch it first next time
		c.fetchOKLocked(ps)
		return false
	}
	if err != nil {
		// A corrupt batch is never handed out: report it, and retry the
		// fetch after a backoff (a broker hiccup can garble one response).
		ps.backoff = time.Now().Add(max(c.s.RetryBackoffMax, c.retry.Delay(ps.retries)))
		ps.retries++
		c.reportLocked(errKey{kind: kindFetch, tp: ps.tp}, &FetchError{Partition: ps.tp, Offset: it.offset, Broker: addr, Err: err})
		return false
	}
	c.fetchOKLocked(ps)
	if next > ps.fetchOffset {
		ps.fetchOffset = next
	}
	if len(recs) == 0 {
		if ps.bufBytes == 0 && next > ps.position {
			ps.position = next // only control or aborted records: skip past them
		}
		return false
	}
	size := len(pd.Records)
	c.chunks = append(c.chunks, &chunk{part: ps, gen: ps.gen, recs: recs, bytes: size, next: next})
	c.buffered += size
	ps.bufBytes += size
	return true
}

func (c *Consumer) fetchOKLocked(ps *partState) {
	ps.retries = 0
	if ps.failing {
		ps.failing = false
		c.fails.clear(errKey{kind: kindFetch, tp: ps.tp})
	}
}

// refreshLocked starts a metadata refresh in the background (never under
// c.mu's watch: a metadata request must not hold up Poll), unless one is
// running or the backoff since the last has not passed; it returns how
// long until one may start (0 when one started or is running). Refreshes
// that keep failing, or keep being needed (a partition still without a
// leader), back off exponentially: a refresh that fails at once must not
// be sent again at once. Called with c.mu held; Close waits for it.
func (c *Consumer) refreshLocked(now time.Time) time.Duration {
	if c.metaBusy || c.closed {
		return 0
	}
	if now.Before(c.metaNext) {
		return c.metaNext.Sub(now)
	}
	c.metaBusy = true
	delay := c.retry.Delay(c.metaRetries)
	c.metaRetries++
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		ctx, cancel := conn.WithRequestTimeout(c.bgCtx, c.s.RequestTimeout)
		_, err := c.cluster.Refresh(ctx)
		cancel()
		c.mu.Lock()
		c.metaBusy = false
		c.metaNext = time.Now().Add(delay)
		c.mu.Unlock()
		if err != nil && c.bgCtx.Err() == nil {
			c.s.Logger.Debug("consumer: metadata refresh failed", "err", err)
			c.fails.set(errKey{kind: kindMeta}, err)
		} else if err == nil {
			c.fails.clear(errKey{kind: kindMeta})
		}
		nudge(c.wake)
	}()
	return 0
}

// prefetchPerPartition is how many fetches' worth of a partition may wait in
// the buffer: enough that the next fetch is in flight while the application
// works through the last one, so fetching and processing overlap.
const prefetchPerPartition = 4
