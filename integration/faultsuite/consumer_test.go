package faultsuite

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/admin"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/consumer"
	"github.com/kafkawire/kafkawire/group"
	"github.com/kafkawire/kafkawire/integration/faultproxy"
	"github.com/kafkawire/kafkawire/producer"
)

// TestConsumerFaults reads a pre-produced topic (records() records, its
// content established by kcat) with a one-member group through the proxy
// under each fault, committing manually twice a second. Nothing may be
// lost or reordered; a record may come twice only if it was at or after
// the partition's last successful commit (the uncommitted window: a
// rejoin restarts there). At the end the group's committed offsets are the
// partitions' end offsets.
func TestConsumerFaults(t *testing.T) {
	r := setup(t)
	src := preproduced(t, r)
	for _, f := range faults {
		t.Run(f.name, func(t *testing.T) {
			res := consumeUnder(t, r, f, src, nil, 0)
			t.Log(res.counts.line("consumer/" + f.name))
			res.check(t)
		})
	}
}

// TestConsumerSessionExpiry black-holes the broker for 13 s, longer than
// the member's 10 s session, while a slow application reads with a small
// prefetch buffer: the coordinator expires the member, which must notice
// once the path heals, rejoin, and read on from the committed offsets.
// Records polled since the last successful commit come again (that is the
// uncommitted window, counted as dup); none below it, none lost.
func TestConsumerSessionExpiry(t *testing.T) {
	r := setup(t)
	src := preproduced(t, r)
	f := fault{"session-expiry", func(ctx context.Context, p *faultproxy.Proxy, progress func() int64, total int) string {
		waitUntil(ctx, func() bool { return progress() > int64(total/4) })
		at := progress()
		p.Blackhole()
		sleepCtx(ctx, 13*time.Second)
		p.Clear()
		return fmt.Sprintf("blackhole_s=13 blackhole_at=%d", at)
	}}
	small := func(c *consumer.Config) { c.MaxBufferedBytes = 1 << 20 }
	res := consumeUnder(t, r, f, src, small, 5*time.Millisecond)
	t.Log(res.counts.line("consumer/" + f.name))
	res.check(t)
	if res.rejoins == 0 {
		t.Errorf("the member never rejoined after its session expired (assigned %d times, lost %d times)", res.assigns, res.losts)
	}
}

func (c consumeResult) check(t *testing.T) {
	t.Helper()
	if c.lost > 0 || c.reorder > 0 || c.badValue > 0 || c.belowCommit > 0 {
		t.Errorf("of %d records: %d lost, %d out of order, %d with a wrong key or value, %d redelivered from below the committed offset",
			c.sent, c.lost, c.reorder, c.badValue, c.belowCommit)
	}
	if c.commitMismatch != "" {
		t.Errorf("committed offsets at the end: %s", c.commitMismatch)
	}
}

// source is the pre-produced topic: seqs[p][o] is the key sequence number
// kcat read at partition p, offset o.
type source struct {
	topic string
	n     int
	seqs  [partitions][]int
}

var pre struct {
	sync.Mutex
	src *source
}

// preproduced produces records() records once per test binary (directly,
// no fault) and has kcat establish what the topic holds.
func preproduced(t *testing.T, r *rig) *source {
	t.Helper()
	pre.Lock()
	defer pre.Unlock()
	if pre.src != nil {
		return pre.src
	}
	n := records()
	topic := newTopic(t, r, "c-src")
	p, err := producer.New(producer.Config{Brokers: r.direct})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close(context.Background())
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	var failed atomic.Int64
	for i := range n {
		if err := p.SendFunc(ctx, &kafkawire.Record{Topic: topic, Key: key(i), Value: value(i)}, func(_ producer.Result, err error) {
			if err != nil {
				failed.Add(1)
			}
		}); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Flush(ctx); err != nil || failed.Load() > 0 {
		t.Fatalf("pre-producing %d records: %d failed, flush: %v", n, failed.Load(), err)
	}
	src := &source{topic: topic, n: n}
	seen := make([]bool, n)
	for _, rec := range kcatRead(t, r, topic) {
		if rec.seq < 0 || rec.seq >= n || seen[rec.seq] || !rec.valueOK || rec.offset != int64(len(src.seqs[rec.partition])) {
			t.Fatalf("pre-produced topic %s: unexpected record at %d/%d (key seq %d)", topic, rec.partition, rec.offset, rec.seq)
		}
		seen[rec.seq] = true
		src.seqs[rec.partition] = append(src.seqs[rec.partition], rec.seq)
	}
	for i, ok := range seen {
		if !ok {
			t.Fatalf("pre-produced topic %s lacks record %d", topic, i)
		}
	}
	pre.src = src
	return src
}

type consumeResult struct {
	counts
	badValue       int
	belowCommit    int // redelivered records below the last successful commit
	commitMismatch string
	assigns, losts int64
	rejoins        int64 // assignments after the first
}

// consumeUnder runs one consumer scenario on src while f acts on the proxy.
// tweak, if not nil, adjusts the config; pause is the application's time
// per Poll (a slow application).
func consumeUnder(t *testing.T, r *rig, f fault, src *source, tweak func(*consumer.Config), pause time.Duration) consumeResult {
	t.Helper()
	groupID := fmt.Sprintf("fs-g-%s-%d", f.name, time.Now().UnixNano())
	logs := newLogCounter()
	var connects, assigns, revokes, losts atomic.Int64
	// The positions we commit: the offset after the last record polled per
	// partition; forgotten when the partition is taken away (its records
	// come again, from the committed offset). epoch counts assignment
	// changes: a Poll that straddles one may hold records of the old
	// assignment, whose positions must not be committed in the new one.
	var (
		mu    sync.Mutex
		next  = map[int32]int64{}
		epoch int
	)
	forget := func(tps []kafkawire.TopicPartition) {
		mu.Lock()
		epoch++
		for _, tp := range tps {
			delete(next, tp.Partition)
		}
		mu.Unlock()
	}
	cfg := consumer.Config{
		Brokers:         r.proxied,
		GroupID:         groupID,
		GroupProtocol:   consumer.GroupProtocolClassic, // the member's own session timeout below is the point
		AutoOffsetReset: consumer.ResetEarliest,
		AutoCommit:      consumer.Disabled,
		// Short enough that a fault could expire the session (a rejoin, then
		// redelivery from the commits), long enough to ride out 3 s.
		SessionTimeout:    10 * time.Second,
		HeartbeatInterval: time.Second,
		Logger:            logs.logger(),
		Hooks:             conn.Hooks{OnConnect: func(string, error) { connects.Add(1) }},
		OnAssigned:        func(context.Context, []kafkawire.TopicPartition) { assigns.Add(1); forget(nil) },
		OnRevoked:         func(_ context.Context, tps []kafkawire.TopicPartition) { revokes.Add(1); forget(tps) },
		OnLost:            func(_ context.Context, tps []kafkawire.TopicPartition) { losts.Add(1); forget(tps) },
	}
	if tweak != nil {
		tweak(&cfg)
	}
	c, err := consumer.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	if err := c.Subscribe(src.topic); err != nil {
		t.Fatal(err)
	}

	var (
		res       = consumeResult{counts: counts{sent: src.n}}
		seen      [partitions][]int8
		maxFirst  [partitions]int64
		committed [partitions]int64
		distinct  atomic.Int64
		pollErrs  errCounter
		commitErr errCounter
		commits   int
		straddled int // Poll results that straddled an assignment change
	)
	for p := range partitions {
		seen[p] = make([]int8, len(src.seqs[p]))
		maxFirst[p] = -1
	}
	commit := func(ctx context.Context) {
		mu.Lock()
		offs := map[kafkawire.TopicPartition]kafkawire.Offset{}
		for p, o := range next {
			offs[kafkawire.TopicPartition{Topic: src.topic, Partition: p}] = kafkawire.Offset{Offset: o, LeaderEpoch: -1}
		}
		mu.Unlock()
		cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if err := c.CommitOffsets(cctx, offs); err != nil {
			commitErr.add(err)
			return
		}
		commits++
		for tp, o := range offs {
			committed[tp.Partition] = max(committed[tp.Partition], o.Offset)
		}
	}

	accepted0 := r.proxy.Accepted()
	start := time.Now()
	fctx, stopFault := context.WithCancel(context.Background())
	faultDone := make(chan string, 1)
	go func() { faultDone <- f.run(fctx, r.proxy, distinct.Load, src.n) }()
	defer stopFault()

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	lastCommit := time.Now()
	// Read until every record came, then a moment more for late duplicates.
	var extraUntil time.Time
	for ctx.Err() == nil && (extraUntil.IsZero() || time.Now().Before(extraUntil)) {
		mu.Lock()
		before := epoch
		mu.Unlock()
		pctx, pcancel := context.WithTimeout(ctx, time.Second)
		recs, err := c.Poll(pctx)
		pcancel()
		if err != nil && !errors.Is(err, context.DeadlineExceeded) {
			pollErrs.add(err)
		}
		for _, rec := range recs {
			p, o := rec.Partition, rec.Offset
			if rec.Topic != src.topic || p < 0 || p >= partitions || o < 0 || o >= int64(len(seen[p])) {
				res.badValue++
				continue
			}
			res.read++
			if s := src.seqs[p][o]; seqOf(rec.Key) != s || string(rec.Value) != string(value(s)) {
				res.badValue++
			}
			if seen[p][o]++; seen[p][o] > 1 {
				res.dup++
				if o < committed[p] {
					res.belowCommit++
					if res.belowCommit <= 5 {
						t.Logf("record %d/%d again, below the committed offset %d", p, o, committed[p])
					}
				}
			} else {
				if o < maxFirst[p] {
					res.reorder++
				}
				maxFirst[p] = max(maxFirst[p], o)
				distinct.Add(1)
			}
		}
		mu.Lock()
		if epoch == before {
			for _, rec := range recs {
				next[rec.Partition] = rec.Offset + 1
			}
		} else if len(recs) > 0 {
			straddled++
		}
		mu.Unlock()
		if pause > 0 && len(recs) > 0 {
			time.Sleep(pause)
		}
		if time.Since(lastCommit) >= 500*time.Millisecond {
			commit(ctx)
			lastCommit = time.Now()
		}
		if extraUntil.IsZero() && distinct.Load() == int64(src.n) {
			extraUntil = time.Now().Add(time.Second)
		}
	}
	res.secs = time.Since(start).Seconds()
	stopFault()
	did := <-faultDone
	commit(context.Background())
	if err := c.Close(context.Background()); err != nil {
		t.Errorf("Close: %v", err)
	}
	res.lost = src.n - int(distinct.Load())
	res.acked = committedTotal(t, r, src, groupID, &res.commitMismatch)
	res.assigns, res.losts = assigns.Load(), losts.Load()
	res.rejoins = max(0, res.assigns-1)
	t.Logf("client logs: %s", logs.summary())
	if pollErrs.n > 0 || commitErr.n > 0 {
		t.Logf("Poll errors: %s; commit errors: %s", pollErrs.String(), commitErr.String())
	}
	res.extra = append(res.extra, did, fmt.Sprintf("below_commit=%d commits=%d commit_errs=%d poll_errs=%d assigns=%d revokes=%d losts=%d straddled=%d conns=%d proxy_accepts=%d",
		res.belowCommit, commits, commitErr.n, pollErrs.n, assigns.Load(), revokes.Load(), losts.Load(), straddled, connects.Load(), r.proxy.Accepted()-accepted0))
	return res
}

// committedTotal reads the group's committed offsets on the direct
// listener and returns their sum; mismatch says how they differ from the
// partitions' end offsets.
func committedTotal(t *testing.T, r *rig, src *source, groupID string, mismatch *string) int {
	t.Helper()
	a, err := admin.New(admin.Config{Brokers: r.direct})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	tps := make([]kafkawire.TopicPartition, partitions)
	for p := range tps {
		tps[p] = kafkawire.TopicPartition{Topic: src.topic, Partition: int32(p)}
	}
	offs, err := group.FetchOffsets(ctx, a.Cluster(), groupID, tps)
	if err != nil {
		*mismatch = fmt.Sprintf("cannot fetch them: %v", err)
		return -1
	}
	total := 0
	for p, tp := range tps {
		o, ok := offs[tp]
		total += int(o.Offset)
		if !ok || o.Offset != int64(len(src.seqs[p])) {
			*mismatch += fmt.Sprintf("partition %d: committed %d (present %t), end offset %d; ", p, o.Offset, ok, len(src.seqs[p]))
		}
	}
	return total
}
