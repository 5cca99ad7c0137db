// Package producer sends records to Kafka: a partitioner, per-partition
// batches closed by size or linger, and a sender that pipelines one Produce
// request per broker with every ready partition. By default it is
// idempotent with acks=all, so retries neither duplicate nor reorder what it
// acknowledges.
package producer

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/protocol"
	"github.com/kafkawire/kafkawire/sasl"
)

// Producer sends records. It is safe for concurrent use. Close it to flush
// what is buffered and release its connections and goroutine.
type Producer struct {
	s       settings
	cluster *conn.Cluster
	mem     *memoryLimit
	sticky  bool        // the partitioner is DefaultPartitioner's: enqueue keeps its state (topics.go)
	txn     *txnManager // nil unless Config.TransactionalID is set (txn.go)

	mu         sync.Mutex
	parts      map[kafkawire.TopicPartition]*partition
	topics     map[string]*topicState // by name: Send's index of parts (topics.go)
	lastTopic  *topicState            // the last topic sent to, which saves the lookup
	brokerBusy map[int32]int          // Produce requests in flight per broker
	flushing   int                    // Flush calls under way: linger is skipped
	closed     bool
	pid        producerID
	bumpNeeded bool
	pidInit    pidState // the InitProducerId attempts behind bumpNeeded
	meta       metaState
	// idleSeq keeps the sequence state of partitions dropped while idle
	// (see dropIdle), for the current producer-id generation only.
	idleSeq   map[kafkawire.TopicPartition]seqState
	idleAfter time.Duration // partitionIdle, read once
	completed []completion  // outcomes to deliver once mu is released
	spare     []completion

	// deliverMu makes runCompletions run one at a time, so callbacks and
	// Futures complete one after another, in the order batches finished.
	deliverMu sync.Mutex
	// settled holds, per broker, a channel closed once the last Produce
	// request dispatched to it is settled: answers are applied in request
	// order, hence a partition's batches finish in send order. writers
	// holds each broker's writer (writer.go). Both are used only by the
	// sender goroutine.
	settled map[int32]chan struct{}
	writers map[int32]chan produceJob

	wake     chan struct{} // nudges the sender; buffered, size 1
	stop     chan struct{} // closed when the sender must exit
	stopped  chan struct{} // closed when the sender exited
	reqWG    sync.WaitGroup
	reqCtx   context.Context // parent of every Produce request
	reqAbort context.CancelFunc
}

// New validates cfg and starts a producer. It does not dial: the first
// Send does, so a wrong address shows up as Send errors.
func New(cfg Config) (*Producer, error) {
	s, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	cl, err := conn.NewCluster(conn.ClusterConfig{
		Bootstrap:        s.Brokers,
		Conn:             conn.ConnConfig{ClientID: s.ClientID, TLS: s.TLS, Auth: sasl.Authenticator(s.SASL), Logger: s.Logger, Hooks: s.Hooks, MaxInFlight: s.MaxInFlight + 1},
		RetryBackoff:     s.RetryBackoff,
		RetryBackoffMax:  s.RetryBackoffMax,
		RequestTimeout:   s.RequestTimeout,
		AutoCreateTopics: true,
	})
	if err != nil {
		return nil, fmt.Errorf("producer: %w", err)
	}
	p := &Producer{
		s:          s,
		cluster:    cl,
		mem:        newMemoryLimit(s.MaxBufferedBytes),
		parts:      map[kafkawire.TopicPartition]*partition{},
		topics:     map[string]*topicState{},
		brokerBusy: map[int32]int{},
		wake:       make(chan struct{}, 1),
		stop:       make(chan struct{}),
		stopped:    make(chan struct{}),
		pid:        producerID{id: -1, epoch: -1},
		idleSeq:    map[kafkawire.TopicPartition]seqState{},
		idleAfter:  partitionIdle,
		settled:    map[int32]chan struct{}{},
		writers:    map[int32]chan produceJob{},
	}
	_, p.sticky = s.Partitioner.(*stickyPartitioner)
	if s.TransactionalID != "" {
		p.txn = newTxnManager(s)
	}
	p.reqCtx, p.reqAbort = context.WithCancel(context.Background())
	p.bumpNeeded = s.idempotent
	go p.sender()
	return p, nil
}

// Send hands a record to the producer and returns at once with a Future
// for its result. ctx bounds only the wait for buffer space and topic
// metadata; once Send returns, the record's fate is reported through the
// Future. Key, Value and Headers are copied: the caller may reuse them.
func (p *Producer) Send(ctx context.Context, rec *kafkawire.Record) *Future {
	f := new(Future)
	if err := p.enqueue(ctx, rec, nil, f); err != nil {
		f.complete(Result{Topic: rec.Topic, Partition: -1, Offset: -1}, err)
	}
	return f
}

// SendFunc is Send with a callback instead of a Future, and allocates
// nothing per record in steady state. cb (which may be nil) runs on the
// producer's goroutine once the record's fate is known: it must be quick.
// If the record is refused before it is buffered, SendFunc returns the
// error and does not call cb.
func (p *Producer) SendFunc(ctx context.Context, rec *kafkawire.Record, cb func(Result, error)) error {
	return p.enqueue(ctx, rec, cb, nil)
}

// SendSync sends one record and waits for its acknowledgement (the seed's
// send(...).get(timeout)).
func (p *Producer) SendSync(ctx context.Context, rec *kafkawire.Record) (Result, error) {
	return p.Send(ctx, rec).Wait(ctx)
}

// SendSyncMany sends records and waits for every acknowledgement. Results
// are in the order of recs; the error joins every record's failure.
func (p *Producer) SendSyncMany(ctx context.Context, recs []kafkawire.Record) ([]Result, error) {
	futs := make([]*Future, len(recs))
	for i := range recs {
		futs[i] = p.Send(ctx, &recs[i])
	}
	out := make([]Result, len(recs))
	var errs []error
	for i, f := range futs {
		r, err := f.Wait(ctx)
		out[i] = r
		if err != nil {
			errs = append(errs, fmt.Errorf("record %d: %w", i, err))
		}
	}
	return out, errors.Join(errs...)
}

// enqueue appends a record to its partition's open batch. The common case
// takes one lock (p.mu) and reads the clock once: memory is taken
// lock-free, the partition count and the partition come from the topic's
// cached state, and the default partitioner's state lives there too. Only
// a topic metadata does not list yet, or a full buffer, takes the slow
// path (reserve), which may wait.
func (p *Producer) enqueue(ctx context.Context, rec *kafkawire.Record, cb func(Result, error), fut *Future) error {
	if rec.Topic == "" {
		return errors.New("producer: record has no Topic")
	}
	if t := p.txn; t != nil && t.load() != txnOpen {
		if err := p.txnSendErr(); err != nil {
			return err // (a Begin since the load lets it through; checked again under p.mu)
		}
	}
	fields := protocol.RecordFieldsSize(rec.Key, rec.Value, rec.Headers)
	size := protocol.MaxRecordSize(fields) // its position in the batch is not known yet
	if size+protocol.BatchHeaderSize > p.s.MaxRequestSize {
		return fmt.Errorf("%w: %d bytes with batch overhead, more than MaxRequestSize %d", ErrRecordTooLarge, size+protocol.BatchHeaderSize, p.s.MaxRequestSize)
	}
	if size > p.s.MaxBufferedBytes {
		return fmt.Errorf("%w: %d bytes, more than MaxBufferedBytes %d", ErrRecordTooLarge, size, p.s.MaxBufferedBytes)
	}
	tsMs := nowMs()
	if !rec.Timestamp.IsZero() {
		tsMs = rec.Timestamp.UnixMilli()
	}
	held := p.mem.tryAcquire(size)
	p.mu.Lock()
	t, n := p.topicLocked(rec.Topic)
	if !held || n == 0 {
		p.mu.Unlock()
		if held {
			p.mem.release(size)
		}
		var err error
		if n, err = p.reserve(ctx, rec.Topic, size); err != nil {
			return err
		}
		if rec.Timestamp.IsZero() {
			tsMs = nowMs() // after the wait, as the Java client stamps it
		}
		p.mu.Lock()
		var listed int32
		if t, listed = p.topicLocked(rec.Topic); listed == 0 {
			// reserve found the topic but the snapshot does not list it
			// (yet): go by reserve's count until the next snapshot.
			t = p.setCountLocked(t, rec.Topic, nil, n)
		}
		n = t.n
	}
	if p.closed {
		p.mu.Unlock()
		p.mem.release(size)
		return ErrClosed
	}
	if tx := p.txn; tx != nil {
		// Checked again under p.mu: Commit and Abort change the state
		// under it, so a record is either in the transaction they end or
		// refused.
		if st := tx.load(); st != txnOpen {
			err := tx.sendErrLocked(st)
			p.mu.Unlock()
			p.mem.release(size)
			return err
		}
	}
	part := p.choosePartition(t, rec)
	if part < 0 || part >= n {
		p.mu.Unlock()
		p.mem.release(size)
		return fmt.Errorf("producer: partition %d of topic %q does not exist (the topic has %d): %w", part, rec.Topic, n, kafkawire.ErrUnknownTopicOrPartition)
	}
	pt := p.partitionLocked(t, part)
	var b *batch
	if k := len(pt.queue); k > 0 && !pt.queue[k-1].full {
		b = pt.queue[k-1]
		if b.builder.Size()+size > p.s.BatchSize && b.builder.Count() > 0 {
			b.full = true
			b = nil
		}
	}
	signal := false
	if b == nil {
		// One time.Now per batch, for its linger and delivery deadlines;
		// records read only the cheaper wall clock (nowMs).
		now := time.Now()
		b = newBatch(pt, now, tsMs, p.s.DeliveryTimeout, batchCap(pt, p.s.BatchSize))
		pt.queue = append(pt.queue, b)
		pt.lastUsed = now
		signal = true // the sender must learn this batch's linger deadline
	}
	b.builder.AppendSized(tsMs, fields, rec.Key, rec.Value, rec.Headers)
	b.recs = append(b.recs, pendingRecord{cb: cb, fut: fut, timestamp: tsMs})
	b.bytes += size
	if b.builder.Size() >= p.s.BatchSize {
		b.full = true
		signal = true
	}
	p.appended(t, part, size)
	p.mu.Unlock()
	if signal || p.s.Linger == 0 {
		p.nudge()
	}
	return nil
}

// reserve is enqueue's slow path, without p.mu: it waits (up to MaxBlock)
// for the topic's metadata and for size bytes of buffer, and returns the
// topic's partition count.
func (p *Producer) reserve(ctx context.Context, topic string, size int) (int32, error) {
	n, err := p.partitionCount(ctx, topic)
	if err != nil {
		return 0, err
	}
	if p.mem.tryAcquire(size) {
		return n, nil
	}
	if p.s.FailWhenFull {
		return 0, ErrBufferFull
	}
	wctx, cancel := context.WithTimeout(ctx, p.s.MaxBlock)
	err = p.mem.acquire(wctx, size)
	cancel()
	if err != nil {
		if ctx.Err() == nil {
			return 0, fmt.Errorf("%w: no room within MaxBlock %v", ErrBufferFull, p.s.MaxBlock)
		}
		return 0, fmt.Errorf("producer: waiting for buffer space: %w", err)
	}
	return n, nil
}

func (p *Producer) nudge() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// partitionCount returns the topic's partition count, waiting up to
// MaxBlock for metadata of a topic not known yet. The error says which
// deadline ended (the caller's or MaxBlock) and why no metadata came: the
// cluster names its latest failure (a refused dial, say) on one line.
func (p *Producer) partitionCount(ctx context.Context, topic string) (int32, error) {
	if t := p.cluster.Metadata().Topic(topic); t != nil && t.Err == nil && len(t.Partitions) > 0 {
		return int32(len(t.Partitions)), nil
	}
	mctx, cancel := context.WithTimeout(ctx, p.s.MaxBlock)
	defer cancel()
	var last error
	for attempt := 0; ; attempt++ {
		t, err := p.cluster.TopicMetadata(mctx, topic)
		if err == nil && len(t.Partitions) > 0 {
			return int32(len(t.Partitions)), nil
		}
		if err == nil {
			err = fmt.Errorf("producer: topic %q has no partitions", topic)
		}
		if mctx.Err() == nil || last == nil {
			last = err // a bare context error must not hide an earlier cause
		}
		if mctx.Err() == nil && !conn.IsRetriable(err) && !errors.Is(err, kafkawire.ErrUnknownTopicOrPartition) {
			return 0, fmt.Errorf("producer: metadata for topic %q: %w", topic, oneLine(err))
		}
		if mctx.Err() != nil || conn.Sleep(mctx, p.cluster.Backoff().Delay(attempt)) != nil {
			if err := ctx.Err(); err != nil {
				if !errors.Is(last, err) {
					last = fmt.Errorf("%w; last failure: %w", err, oneLine(last))
				}
				return 0, fmt.Errorf("producer: no metadata for topic %q: %w", topic, oneLine(last))
			}
			return 0, fmt.Errorf("producer: no metadata for topic %q within MaxBlock %v: %w", topic, p.s.MaxBlock, oneLine(last))
		}
	}
}

// Flush sends every buffered record at once (skipping linger) and waits
// until each has its result, or ctx ends. It returns nil even if some
// records failed: their errors went to their Futures and callbacks.
func (p *Producer) Flush(ctx context.Context) error {
	p.mu.Lock()
	p.flushing++
	var waits []chan struct{}
	for _, pt := range p.parts {
		for _, list := range [][]*batch{pt.queue, pt.inflight, pt.retry} {
			for _, b := range list {
				waits = append(waits, b.done)
			}
		}
	}
	p.mu.Unlock()
	defer func() {
		p.mu.Lock()
		p.flushing--
		p.mu.Unlock()
	}()
	p.nudge()
	for _, w := range waits {
		select {
		case <-w:
		case <-ctx.Done():
			return fmt.Errorf("producer: flush: %w", ctx.Err())
		}
	}
	return nil
}

// Close stops accepting records, flushes what is buffered (bounded by ctx),
// fails what could not be delivered by then, and releases every resource.
// The error says how many records were not delivered.
func (p *Producer) Close(ctx context.Context) error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	p.mu.Unlock()
	abortErr := p.closeTxn(ctx)
	flushErr := p.Flush(ctx)
	close(p.stop)
	p.reqAbort() // requests still in flight fail; the sender stops waiting on brokers
	<-p.stopped
	p.reqWG.Wait()
	failed := p.failAll(ErrClosed)
	p.cluster.Close()
	if failed > 0 {
		return fmt.Errorf("producer: closed with %d records undelivered: %w", failed, oneLine(errors.Join(ErrClosed, flushErr, abortErr)))
	}
	return abortErr
}
