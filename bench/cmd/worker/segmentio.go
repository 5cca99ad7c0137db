package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/segmentio/kafka-go"
)

// segmentioChunk is how many messages go to one WriteMessages call when
// producing flat out: the writer is built around batches handed in by the
// caller, and one call per message costs a lock and a partition lookup
// each. The latency mode writes each message at once.
const segmentioChunk = 100

// segmentio/kafka-go: an Async Writer with a Completion callback, fed 100
// messages per WriteMessages call (-send app: one per call, a new
// kafka.Message each, as an application that has one at a time). The
// writer buffers without bound in async mode, so the adapter stops sending
// while more than -buffer bytes are unacknowledged (Java's buffer.memory,
// kafkawire's MaxBufferedBytes).
type segmentioProducer struct {
	w           *kafka.Writer
	acked       *counter
	buf         []kafka.Message
	app         bool // -send app: one WriteMessages call per message
	sent        int64
	maxInFlight int64
}

func newSegmentioProducer(o *options, acked *counter) (producerAPI, error) {
	p := &segmentioProducer{
		acked:       acked,
		app:         o.send == "app",
		maxInFlight: int64(max(o.buffer/(o.keySize+o.size), segmentioChunk)),
	}
	chunk := segmentioChunk
	if o.mode == "latency" || p.app {
		chunk = 1 // at a steady rate a chunk would hold records back before the writer sees them
	}
	p.buf = make([]kafka.Message, 0, chunk)
	if o.defaults {
		// kafka.Writer's defaults: RequiredAcks RequireNone (acks=0: the
		// Completion runs once the request is written), round-robin
		// balancer (keys ignored), batches of 100 messages or 1 MiB,
		// BatchTimeout 1s, no compression. Async and Completion are how
		// the adapter sends (as in every cell), not tuning.
		p.w = &kafka.Writer{
			Addr:       kafka.TCP(o.brokers...),
			Topic:      o.topic,
			Async:      true,
			Completion: func(msgs []kafka.Message, err error) { acked.add(int64(len(msgs)), err) },
		}
		return p, nil
	}
	w := &kafka.Writer{
		Addr:     kafka.TCP(o.brokers...),
		Topic:    o.topic,
		Balancer: &kafka.Murmur2Balancer{}, // the Java client's key hashing
		// The batch closes at BatchBytes (batch.size) or BatchTimeout
		// (linger.ms); BatchSize, a record count, is set to twice what
		// fits in BatchBytes, out of the way (kafka-go sizes buffers by it).
		BatchBytes:   int64(o.batch),
		BatchSize:    max(2*o.batch/(o.keySize+o.size), 2),
		BatchTimeout: o.linger,
		RequiredAcks: kafka.RequireOne,
		Async:        true,
		Completion:   func(msgs []kafka.Message, err error) { acked.add(int64(len(msgs)), err) },
	}
	if o.acksAll() {
		w.RequiredAcks = kafka.RequireAll // no idempotent producer in kafka-go
	}
	switch o.compression {
	case "none":
	case "lz4":
		w.Compression = kafka.Lz4
	case "zstd":
		w.Compression = kafka.Zstd
	default:
		return nil, fmt.Errorf("unknown -compression %q", o.compression)
	}
	p.w = w
	return p, nil
}

func (p *segmentioProducer) send(ctx context.Context, key, value []byte) error {
	if p.app {
		// As an application hands over each message as it has it.
		if err := p.acked.waitAtLeast(ctx, p.sent+1-p.maxInFlight); err != nil {
			return err
		}
		p.sent++
		return p.w.WriteMessages(ctx, kafka.Message{Key: key, Value: value})
	}
	p.buf = append(p.buf, kafka.Message{Key: key, Value: value})
	if len(p.buf) == cap(p.buf) {
		return p.write(ctx)
	}
	return nil
}

func (p *segmentioProducer) write(ctx context.Context) error {
	if len(p.buf) == 0 {
		return nil
	}
	if err := p.acked.waitAtLeast(ctx, p.sent+int64(len(p.buf))-p.maxInFlight); err != nil {
		return err
	}
	// Async: WriteMessages copies the messages into its batches and returns.
	err := p.w.WriteMessages(ctx, p.buf...)
	p.sent += int64(len(p.buf))
	p.buf = p.buf[:0]
	return err
}

func (p *segmentioProducer) flush(ctx context.Context) error {
	if err := p.write(ctx); err != nil {
		return err
	}
	return p.acked.waitAtLeast(ctx, p.sent)
}

func (p *segmentioProducer) close() error { return p.w.Close() }

type segmentioConsumer struct {
	readers []*kafka.Reader
}

func newSegmentioConsumer(o *options, group bool) (consumerAPI, error) {
	base := kafka.ReaderConfig{
		Brokers: o.brokers,
		Topic:   o.topic,
		MaxWait: 500 * time.Millisecond,
	}
	c := &segmentioConsumer{}
	if group {
		cfg := base
		cfg.GroupID = o.group
		cfg.StartOffset = kafka.FirstOffset
		cfg.CommitInterval = 5 * time.Second
		c.readers = append(c.readers, kafka.NewReader(cfg))
		return c, nil
	}
	// Without a group a Reader reads one partition: one per partition.
	for i := range o.partitions {
		cfg := base
		cfg.Partition = i
		r := kafka.NewReader(cfg)
		if err := r.SetOffset(kafka.FirstOffset); err != nil {
			c.close()
			return nil, err
		}
		c.readers = append(c.readers, r)
	}
	return c, nil
}

func (c *segmentioConsumer) run(ctx context.Context, s *sink) error {
	var wg sync.WaitGroup
	errc := make(chan error, len(c.readers))
	for _, r := range c.readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				m, err := r.ReadMessage(ctx)
				if err != nil {
					if ctx.Err() == nil {
						errc <- err
					}
					return
				}
				s.add(m.Key, m.Value)
			}
		}()
	}
	wg.Wait()
	close(errc)
	return <-errc
}

func (c *segmentioConsumer) close() error {
	var errs []error
	for _, r := range c.readers {
		errs = append(errs, r.Close())
	}
	return errors.Join(errs...)
}
