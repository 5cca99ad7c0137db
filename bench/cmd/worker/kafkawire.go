package main

import (
	"context"
	"fmt"
	"os"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/consumer"
	"github.com/kafkawire/kafkawire/producer"
)

// kafkawire: the zero-allocation SendFunc path with one reused Record (the
// producer copies key and value into its batch); with -send app a new
// *kafkawire.Record per send, through the same SendFunc and callback.
//
// With -send txn:N (o.txn > 0) the records go in transactions of N: the
// first send of each calls BeginTransaction, the N-th CommitTransaction
// (which waits for every record of the transaction), and flush commits the
// last, partial one.
type kwProducer struct {
	p     *producer.Producer
	rec   kafkawire.Record
	topic string
	app   bool
	cb    func(producer.Result, error)
	txn   int // records per transaction; 0: none
	inTxn int // records sent in the open transaction
}

// newKafkawireIdemProducer is the idempotent baseline of a transactional
// cell: the same producer without transactions.
func newKafkawireIdemProducer(o *options, acked *counter) (producerAPI, error) {
	oo := *o
	oo.txn = 0
	return newKafkawireProducer(&oo, acked)
}

func newKafkawireProducer(o *options, acked *counter) (producerAPI, error) {
	if o.defaults {
		// producer.Config's defaults: AcksAll with idempotence, Linger 5ms,
		// BatchSize 256 KiB, MaxBufferedBytes 32 MiB, MaxInFlight 5, no compression,
		// murmur2 partitioner.
		return newKwProducer(producer.Config{Brokers: o.brokers}, o, acked)
	}
	cfg := producer.Config{
		Brokers:          o.brokers,
		Acks:             producer.AcksLeader,
		Idempotence:      producer.Disabled,
		Linger:           o.linger,
		BatchSize:        o.batch,
		MaxBufferedBytes: o.buffer,
	}
	if o.acksAll() {
		cfg.Acks = producer.AcksAll
		if o.idempotence {
			cfg.Idempotence = producer.Enabled
		}
	}
	switch o.compression {
	case "none":
		cfg.Compression = producer.CompressionNone
	case "lz4":
		cfg.Compression = producer.CompressionLZ4
	case "zstd":
		cfg.Compression = producer.CompressionZstd
	default:
		return nil, fmt.Errorf("unknown -compression %q", o.compression)
	}
	if o.linger == 0 {
		cfg.Linger = producer.NoLinger
	}
	if o.txn > 0 {
		// One id per run (the topic is the run's own); TransactionalID
		// implies idempotence.
		cfg.TransactionalID = fmt.Sprintf("bench-%s-%d", o.topic, os.Getpid())
	}
	return newKwProducer(cfg, o, acked)
}

func newKwProducer(cfg producer.Config, o *options, acked *counter) (producerAPI, error) {
	p, err := producer.New(cfg)
	if err != nil {
		return nil, err
	}
	kp := &kwProducer{p: p, rec: kafkawire.Record{Topic: o.topic}, topic: o.topic, app: o.send == "app", txn: o.txn}
	kp.cb = func(_ producer.Result, err error) { acked.add(1, err) }
	return kp, nil
}

func (k *kwProducer) send(ctx context.Context, key, value []byte) error {
	if k.txn > 0 {
		return k.sendTxn(ctx, key, value)
	}
	if k.app {
		return k.p.SendFunc(ctx, &kafkawire.Record{Topic: k.topic, Key: key, Value: value}, k.cb)
	}
	k.rec.Key, k.rec.Value = key, value
	return k.p.SendFunc(ctx, &k.rec, k.cb)
}

func (k *kwProducer) sendTxn(ctx context.Context, key, value []byte) error {
	if k.inTxn == 0 {
		if err := k.p.BeginTransaction(); err != nil {
			return fmt.Errorf("BeginTransaction: %w", err)
		}
	}
	k.rec.Key, k.rec.Value = key, value
	if err := k.p.SendFunc(ctx, &k.rec, k.cb); err != nil {
		return err
	}
	k.inTxn++
	if k.inTxn == k.txn {
		k.inTxn = 0
		if err := k.p.CommitTransaction(ctx); err != nil {
			return fmt.Errorf("CommitTransaction: %w", err)
		}
	}
	return nil
}

func (k *kwProducer) flush(ctx context.Context) error {
	if k.inTxn > 0 {
		k.inTxn = 0
		if err := k.p.CommitTransaction(ctx); err != nil {
			return fmt.Errorf("CommitTransaction: %w", err)
		}
	}
	return k.p.Flush(ctx)
}

func (k *kwProducer) close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return k.p.Close(ctx)
}

type kwConsumer struct {
	c *consumer.Consumer
}

func newKafkawireConsumer(o *options, group bool) (consumerAPI, error) {
	cfg := consumer.Config{
		Brokers:         o.brokers,
		AutoOffsetReset: consumer.ResetEarliest,
		FetchMaxWait:    500 * time.Millisecond,
	}
	if group {
		cfg.GroupID = o.group
	}
	c, err := consumer.New(cfg)
	if err != nil {
		return nil, err
	}
	if group {
		err = c.Subscribe(o.topic)
	} else {
		tps := make([]kafkawire.TopicPartition, o.partitions)
		for i := range tps {
			tps[i] = kafkawire.TopicPartition{Topic: o.topic, Partition: int32(i)}
		}
		err = c.Assign(tps...)
	}
	if err != nil {
		c.Close(context.Background())
		return nil, err
	}
	return &kwConsumer{c: c}, nil
}

func (k *kwConsumer) run(ctx context.Context, s *sink) error {
	for {
		recs, err := k.c.Poll(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		for i := range recs {
			s.add(recs[i].Key, recs[i].Value)
		}
	}
}

func (k *kwConsumer) close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return k.c.Close(ctx)
}
