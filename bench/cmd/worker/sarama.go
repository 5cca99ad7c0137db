package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/IBM/sarama"
	metrics "github.com/rcrowley/go-metrics"
)

// saramaMetrics sets sarama's go-metrics collection, before any sarama
// client exists. Off (its documented switch, metrics.UseNilMetrics) in the
// matched cells: it is on by default and costs CPU on every request, and
// kafkawire and franz-go collect nothing unless hooks are installed. On,
// sarama's default, in the defaults cell.
func saramaMetrics(on bool) { metrics.UseNilMetrics = !on }

func saramaConfig(o *options) (*sarama.Config, error) {
	cfg := sarama.NewConfig()
	cfg.Version = sarama.V4_1_0_0
	cfg.ClientID = "bench-sarama"
	switch o.compression {
	case "none":
		cfg.Producer.Compression = sarama.CompressionNone
	case "lz4":
		cfg.Producer.Compression = sarama.CompressionLZ4
	case "zstd":
		cfg.Producer.Compression = sarama.CompressionZSTD
	default:
		return nil, fmt.Errorf("unknown -compression %q", o.compression)
	}
	return cfg, nil
}

// sarama: the AsyncProducer, one *ProducerMessage per record on Input(),
// successes and errors drained by two goroutines. That is already how an
// application sends, so -send app changes nothing.
type saramaProducer struct {
	ap    sarama.AsyncProducer
	acked *counter
	sent  int64
	topic string
	wg    sync.WaitGroup
}

func newSaramaProducer(o *options, acked *counter) (producerAPI, error) {
	if o.defaults {
		// sarama.NewConfig's defaults: acks=1 (WaitForLocal), no
		// idempotence, no compression, no flush thresholds (a request
		// whenever the broker is free), 5 requests in flight, FNV-1a hash
		// partitioner, Version V2_8_0_0, go-metrics on. Return.Successes is
		// the one setting changed: without it the harness cannot count
		// acknowledgements.
		cfg := sarama.NewConfig()
		cfg.Producer.Return.Successes = true
		return startSaramaProducer(o, cfg, acked)
	}
	cfg, err := saramaConfig(o)
	if err != nil {
		return nil, err
	}
	cfg.Producer.Return.Successes = true
	cfg.Producer.Return.Errors = true
	// Sarama's batch limits are per broker request, not per partition:
	// MaxMessageBytes bounds one partition's batch (a request is sent when
	// one would overflow, like batch.size), Flush.Bytes triggers a request
	// once the partitions together hold a batch.size each, and
	// Flush.Frequency plays linger.ms.
	cfg.Producer.MaxMessageBytes = o.batch
	cfg.Producer.Flush.Bytes = o.batch * o.partitions
	cfg.Producer.Flush.Frequency = o.linger
	cfg.Producer.Partitioner = sarama.NewHashPartitioner
	if o.acksAll() {
		cfg.Producer.RequiredAcks = sarama.WaitForAll
		if o.idempotence {
			// Sarama refuses idempotence with more than one request in flight.
			cfg.Producer.Idempotent = true
			cfg.Net.MaxOpenRequests = 1
		}
	} else {
		cfg.Producer.RequiredAcks = sarama.WaitForLocal
	}
	return startSaramaProducer(o, cfg, acked)
}

func startSaramaProducer(o *options, cfg *sarama.Config, acked *counter) (producerAPI, error) {
	ap, err := sarama.NewAsyncProducer(o.brokers, cfg)
	if err != nil {
		return nil, err
	}
	p := &saramaProducer{ap: ap, acked: acked, topic: o.topic}
	p.wg.Add(2)
	go func() {
		defer p.wg.Done()
		for range ap.Successes() {
			acked.add(1, nil)
		}
	}()
	go func() {
		defer p.wg.Done()
		for e := range ap.Errors() {
			acked.add(1, e.Err)
		}
	}()
	return p, nil
}

func (p *saramaProducer) send(ctx context.Context, key, value []byte) error {
	m := &sarama.ProducerMessage{Topic: p.topic, Key: sarama.ByteEncoder(key), Value: sarama.ByteEncoder(value)}
	select {
	case p.ap.Input() <- m:
		p.sent++
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// flush waits for every sent record's success or error: sarama's
// AsyncProducer has no flush of its own short of closing.
func (p *saramaProducer) flush(ctx context.Context) error {
	return p.acked.waitAtLeast(ctx, p.sent)
}

func (p *saramaProducer) close() error {
	p.ap.AsyncClose()
	p.wg.Wait()
	return nil
}

type saramaConsumer struct {
	o      *options
	group  sarama.ConsumerGroup
	client sarama.Client // direct mode
	direct sarama.Consumer
	parts  []sarama.PartitionConsumer
}

func newSaramaConsumer(o *options, group bool) (consumerAPI, error) {
	cfg, err := saramaConfig(o)
	if err != nil {
		return nil, err
	}
	cfg.Consumer.Offsets.Initial = sarama.OffsetOldest
	cfg.Consumer.Offsets.AutoCommit.Interval = 5 * time.Second
	cfg.Consumer.MaxWaitTime = 500 * time.Millisecond
	c := &saramaConsumer{o: o}
	if group {
		c.group, err = sarama.NewConsumerGroup(o.brokers, o.group, cfg)
		return c, err
	}
	client, err := sarama.NewClient(o.brokers, cfg)
	if err != nil {
		return nil, err
	}
	c.direct, err = sarama.NewConsumerFromClient(client)
	if err != nil {
		client.Close()
		return nil, err
	}
	c.client = client
	for i := range o.partitions {
		pc, err := c.direct.ConsumePartition(o.topic, int32(i), sarama.OffsetOldest)
		// On a topic just created, sarama's metadata may not have the
		// leader yet: refresh and retry for a while, as an application would.
		for try := 0; err != nil && try < 20 && retriableSarama(err); try++ {
			time.Sleep(100 * time.Millisecond)
			_ = client.RefreshMetadata(o.topic)
			pc, err = c.direct.ConsumePartition(o.topic, int32(i), sarama.OffsetOldest)
		}
		if err != nil {
			c.close()
			return nil, err
		}
		c.parts = append(c.parts, pc)
	}
	return c, nil
}

func retriableSarama(err error) bool {
	var kerr sarama.KError
	if !errors.As(err, &kerr) {
		return false
	}
	switch kerr {
	case sarama.ErrNotLeaderForPartition, sarama.ErrLeaderNotAvailable, sarama.ErrUnknownTopicOrPartition:
		return true
	}
	return false
}

type saramaHandler struct{ s *sink }

func (saramaHandler) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (saramaHandler) Cleanup(sarama.ConsumerGroupSession) error { return nil }
func (h saramaHandler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for m := range claim.Messages() {
		h.s.add(m.Key, m.Value)
		sess.MarkMessage(m, "")
	}
	return nil
}

func (c *saramaConsumer) run(ctx context.Context, s *sink) error {
	if c.group != nil {
		for ctx.Err() == nil {
			if err := c.group.Consume(ctx, []string{c.o.topic}, saramaHandler{s}); err != nil {
				if ctx.Err() != nil || errors.Is(err, sarama.ErrClosedConsumerGroup) {
					return nil
				}
				return err
			}
		}
		return nil
	}
	var wg sync.WaitGroup
	for _, pc := range c.parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case m, ok := <-pc.Messages():
					if !ok {
						return
					}
					s.add(m.Key, m.Value)
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	wg.Wait()
	return nil
}

func (c *saramaConsumer) close() error {
	var errs []error
	for _, pc := range c.parts {
		pc.AsyncClose()
	}
	if c.direct != nil {
		errs = append(errs, c.direct.Close())
	}
	if c.client != nil {
		errs = append(errs, c.client.Close())
	}
	if c.group != nil {
		errs = append(errs, c.group.Close())
	}
	return errors.Join(errs...)
}
