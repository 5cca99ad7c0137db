package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// franz-go (pkg/kgo): one *kgo.Record per Produce with a shared promise, as
// its docs show; the client keeps the key and value slices until the
// promise runs.
//
// With -send txn:N (o.txn > 0) the records go in transactions of N: the
// first produce of each calls BeginTransaction, the N-th Flush and then
// EndTransaction(TryCommit) (kgo needs every record flushed before a
// commit), and flush commits the last, partial one.
type franzProducer struct {
	cl      *kgo.Client
	topic   string
	app     bool
	promise func(*kgo.Record, error)
	txn     int // records per transaction; 0: none
	inTxn   int // records produced in the open transaction
}

func franzCodec(name string) (kgo.CompressionCodec, error) {
	switch name {
	case "none":
		return kgo.NoCompression(), nil
	case "lz4":
		return kgo.Lz4Compression(), nil
	case "zstd":
		return kgo.ZstdCompression(), nil
	}
	return kgo.CompressionCodec{}, fmt.Errorf("unknown -compression %q", name)
}

func newFranzProducer(o *options, acked *counter) (producerAPI, error) {
	promise := func(_ *kgo.Record, err error) { acked.add(1, err) }
	if o.defaults {
		// kgo's defaults: acks=all with idempotence (5 requests in
		// flight), linger 10ms, batches up to 1,000,012 bytes, snappy,
		// 50,000 buffered records and no byte bound, the sticky
		// uniform-bytes partitioner (murmur2 for keys).
		cl, err := kgo.NewClient(kgo.SeedBrokers(o.brokers...), kgo.DefaultProduceTopic(o.topic))
		if err != nil {
			return nil, err
		}
		return &franzProducer{cl: cl, topic: o.topic, app: o.send == "app", promise: promise}, nil
	}
	codec, err := franzCodec(o.compression)
	if err != nil {
		return nil, err
	}
	opts := []kgo.Opt{
		kgo.SeedBrokers(o.brokers...),
		kgo.DefaultProduceTopic(o.topic),
		kgo.ProducerLinger(o.linger),
		kgo.ProducerBatchMaxBytes(int32(o.batch)),
		kgo.ProducerBatchCompression(codec),
		kgo.MaxBufferedBytes(o.buffer),
	}
	if o.acksAll() {
		opts = append(opts, kgo.RequiredAcks(kgo.AllISRAcks()))
		if !o.idempotence {
			opts = append(opts, kgo.DisableIdempotentWrite(), kgo.MaxProduceRequestsInflightPerBroker(5))
		}
	} else {
		// Leader acks need idempotence off; franz-go then defaults to one
		// request in flight: 5 matches the Java client's default.
		opts = append(opts, kgo.RequiredAcks(kgo.LeaderAck()), kgo.DisableIdempotentWrite(),
			kgo.MaxProduceRequestsInflightPerBroker(5))
	}
	if o.txn > 0 {
		// One id per run (the topic is the run's own); kgo's transactions
		// are idempotent, acks=all.
		opts = append(opts, kgo.TransactionalID(fmt.Sprintf("bench-%s-%d", o.topic, os.Getpid())))
	}
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		return nil, err
	}
	return &franzProducer{cl: cl, topic: o.topic, app: o.send == "app", promise: promise, txn: o.txn}, nil
}

func (f *franzProducer) sendTxn(ctx context.Context, key, value []byte) error {
	if f.inTxn == 0 {
		if err := f.cl.BeginTransaction(); err != nil {
			return fmt.Errorf("BeginTransaction: %w", err)
		}
	}
	f.cl.Produce(ctx, &kgo.Record{Key: key, Value: value}, f.promise)
	f.inTxn++
	if f.inTxn == f.txn {
		return f.commit(ctx)
	}
	return nil
}

func (f *franzProducer) commit(ctx context.Context) error {
	f.inTxn = 0
	if err := f.cl.Flush(ctx); err != nil {
		return fmt.Errorf("flush before commit: %w", err)
	}
	if err := f.cl.EndTransaction(ctx, kgo.TryCommit); err != nil {
		return fmt.Errorf("EndTransaction: %w", err)
	}
	return nil
}

// send: kgo keeps the record until its promise runs, so even the usual
// path builds one per send; -send app also names the topic on the record,
// as an application writing to several topics does.
func (f *franzProducer) send(ctx context.Context, key, value []byte) error {
	if f.txn > 0 {
		return f.sendTxn(ctx, key, value)
	}
	if f.app {
		f.cl.Produce(ctx, &kgo.Record{Topic: f.topic, Key: key, Value: value}, f.promise)
		return nil
	}
	f.cl.Produce(ctx, &kgo.Record{Key: key, Value: value}, f.promise)
	return nil
}

func (f *franzProducer) flush(ctx context.Context) error {
	if f.inTxn > 0 {
		return f.commit(ctx)
	}
	return f.cl.Flush(ctx)
}

func (f *franzProducer) close() error { f.cl.Close(); return nil }

type franzConsumer struct{ cl *kgo.Client }

func newFranzConsumer(o *options, group bool) (consumerAPI, error) {
	opts := []kgo.Opt{
		kgo.SeedBrokers(o.brokers...),
		kgo.FetchMaxWait(500 * time.Millisecond),
	}
	if group {
		opts = append(opts,
			kgo.ConsumerGroup(o.group),
			kgo.ConsumeTopics(o.topic),
			kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
			kgo.AutoCommitInterval(5*time.Second))
	} else {
		parts := map[int32]kgo.Offset{}
		for i := range o.partitions {
			parts[int32(i)] = kgo.NewOffset().AtStart()
		}
		opts = append(opts, kgo.ConsumePartitions(map[string]map[int32]kgo.Offset{o.topic: parts}))
	}
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		return nil, err
	}
	return &franzConsumer{cl: cl}, nil
}

func (f *franzConsumer) run(ctx context.Context, s *sink) error {
	for {
		fs := f.cl.PollFetches(ctx)
		if fs.IsClientClosed() || ctx.Err() != nil {
			return nil
		}
		for _, e := range fs.Errors() {
			if !errors.Is(e.Err, context.Canceled) {
				return fmt.Errorf("fetch %s/%d: %w", e.Topic, e.Partition, e.Err)
			}
		}
		fs.EachRecord(func(r *kgo.Record) { s.add(r.Key, r.Value) })
	}
}

func (f *franzConsumer) close() error { f.cl.Close(); return nil }
