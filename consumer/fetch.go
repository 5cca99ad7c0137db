package consumer

import (
	"context"
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
		if ps.paused || ps.inFlight || ps.resolving {
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
		leader, epoch := leaderOf(meta, ps.tp)
		if leader < 0 {
			needMeta = true
			continue
		}
		if c.fetching[leader] {
			continue
		}
		plan[leader] = append(plan[leader], fetchItem{ps: ps, gen: ps.gen, offset: ps.fetchOffset, epoch: epoch})
	}
	for broker, items := range plan {
		c.fetching[broker] = true
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
		c.refreshAsync()
		wait = min(wait, c.s.RetryBackoff)
	}
	return wait
}

func leaderOf(m *conn.Metadata, tp kafkawire.TopicPartition) (int32, int32) {
	t := m.Topics[tp.Topic]
	if t == nil || int(tp.Partition) >= len(t.Partitions) {
		return -1, -1
	}
	p := t.Partitions[tp.Partition]
	if p.Err != nil {
		return -1, -1
	}
	return p.Leader, p.LeaderEpoch
}

// fetch runs one Fetch request and turns its answer into chunks.
func (c *Consumer) fetch(broker int32, items []fetchItem) {
	defer c.wg.Done()
	resp, version, err := c.fetchRequest(broker, items)
	c.mu.Lock()
	defer func() {
		c.fetching[broker] = false
		c.mu.Unlock()
		nudge(c.wake)
	}()
	for _, it := range items {
		it.ps.inFlight = false
	}
	if err != nil {
		if c.bgCtx.Err() == nil {
			c.s.Logger.Debug("consumer: fetch failed", "broker", broker, "err", err)
			for _, it := range items {
				it.ps.backoff = time.Now().Add(c.s.RetryBackoff)
			}
			c.refreshAsync() // the leader may have moved
		}
		return
	}
	if err := kafkawire.ErrorForCode(resp.ErrorCode); err != nil {
		c.s.Logger.Debug("consumer: fetch error", "broker", broker, "err", err)
		for _, it := range items {
			it.ps.backoff = time.Now().Add(c.s.RetryBackoff)
		}
		return
	}
	byTP := map[kafkawire.TopicPartition]*protocol.FetchResponsePartition{}
	meta := c.cluster.Metadata()
	for i := range resp.Responses {
		t := &resp.Responses[i]
		name := t.Topic
		if version >= 13 {
			name = topicNameByID(meta, t.TopicId)
		}
		for j := range t.Partitions {
			byTP[kafkawire.TopicPartition{Topic: name, Partition: t.Partitions[j].PartitionIndex}] = &t.Partitions[j]
		}
	}
	added := false
	for _, it := range items {
		pd := byTP[it.ps.tp]
		if pd == nil || c.parts[it.ps.tp] != it.ps || it.ps.gen != it.gen {
			continue // not answered, or seeked/revoked meanwhile: stale
		}
		if c.handlePartition(it, pd) {
			added = true
		}
	}
	if added {
		nudge(c.dataReady)
	}
}

func topicNameByID(m *conn.Metadata, id protocol.UUID) string {
	for name, t := range m.Topics {
		if t.ID == id {
			return name
		}
	}
	return ""
}

func (c *Consumer) fetchRequest(broker int32, items []fetchItem) (*protocol.FetchResponse, int16, error) {
	ctx, cancel := context.WithTimeout(c.bgCtx, c.s.FetchMaxWait+c.s.RequestTimeout)
	defer cancel()
	cn, err := c.cluster.Broker(ctx, broker, conn.PurposeFetch)
	if err != nil {
		return nil, 0, err
	}
	version, ok := cn.Version(protocol.KeyFetch)
	if !ok {
		return nil, 0, &conn.UnsupportedError{Broker: cn.Addr(), APIKey: protocol.KeyFetch}
	}
	req := &protocol.FetchRequest{
		ReplicaId:      -1,
		MaxWaitMs:      int32(c.s.FetchMaxWait / time.Millisecond),
		MinBytes:       int32(c.s.FetchMinBytes),
		MaxBytes:       int32(c.s.FetchMaxBytes),
		IsolationLevel: int8(c.s.Isolation),
		SessionId:      0,
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
				ft.TopicId = t.ID
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
		return nil, version, err
	}
	return &resp, version, nil
}

// handlePartition applies one partition's answer; it reports whether
// records were buffered. Called with c.mu held.
func (c *Consumer) handlePartition(it fetchItem, pd *protocol.FetchResponsePartition) bool {
	ps := it.ps
	err := kafkawire.ErrorForCode(pd.ErrorCode)
	switch {
	case err == nil:
	case errors.Is(err, kafkawire.ErrOffsetOutOfRange):
		c.s.Logger.Info("consumer: offset out of range", "topic", ps.tp.Topic, "partition", ps.tp.Partition, "offset", it.offset)
		if c.s.AutoOffsetReset == ResetNone {
			c.pollErr = append(c.pollErr, &OffsetResetError{Partition: ps.tp, Offset: it.offset})
			ps.backoff = time.Now().Add(time.Hour) // until the user seeks
			nudge(c.dataReady)
			return false
		}
		ps.gen++
		c.discardLocked(ps)
		ps.position, ps.fetchOffset = -1, -1
		ps.resetOnly = true
		return false
	default:
		c.s.Logger.Debug("consumer: partition fetch error", "topic", ps.tp.Topic, "partition", ps.tp.Partition, "err", err)
		ps.backoff = time.Now().Add(c.s.RetryBackoff)
		if conn.IsRetriable(err) {
			c.refreshAsync()
			return false
		}
		c.pollErr = append(c.pollErr, err)
		nudge(c.dataReady)
		return false
	}
	ps.hw = pd.HighWatermark
	if len(pd.Records) == 0 {
		return false
	}
	recs, next, err := decodeRecords(pd, ps.tp, it.offset, c.s.Isolation == ReadCommitted, c.s.FetchMaxBytes)
	if err != nil {
		// A corrupt batch is never handed out: report it, and retry the
		// fetch after a backoff (a broker hiccup can garble one response).
		c.pollErr = append(c.pollErr, err)
		ps.backoff = time.Now().Add(c.s.RetryBackoffMax)
		nudge(c.dataReady)
		return false
	}
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
	c.chunks = append(c.chunks, &chunk{part: ps, gen: ps.gen, recs: recs, bytes: size})
	c.buffered += size
	ps.bufBytes += size
	return true
}

// refreshAsync refreshes metadata in the background (never under c.mu's
// watch: a metadata request must not hold up Poll) and then nudges the
// fetch loop. Close waits for it.
func (c *Consumer) refreshAsync() {
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		ctx, cancel := context.WithTimeout(c.bgCtx, c.s.RequestTimeout)
		defer cancel()
		c.cluster.Refresh(ctx)
		nudge(c.wake)
	}()
}

// prefetchPerPartition is how many fetches' worth of a partition may wait in
// the buffer: enough that the next fetch is in flight while the application
// works through the last one, so fetching and processing overlap.
const prefetchPerPartition = 4
