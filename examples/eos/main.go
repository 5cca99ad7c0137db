// eos is a consume-transform-produce loop with exactly-once semantics: it
// reads records from an input topic in a consumer group, writes one
// upper-cased record per input to an output topic, and commits the input
// offsets in the same transaction as the output. A crash anywhere leaves
// either both (the output and the offsets) or neither: a restarted process
// resumes from the last committed transaction, and read_committed readers
// of the output never see a record twice.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"strings"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/consumer"
	"github.com/kafkawire/kafkawire/producer"
)

func main() {
	brokers := flag.String("brokers", envOr("KAFKA_BROKERS", "127.0.0.1:9092"), "bootstrap brokers, comma-separated")
	in := flag.String("in", "eos-in", "input topic")
	out := flag.String("out", "eos-out", "output topic")
	groupID := flag.String("group", "eos-demo", "consumer group")
	// One transactional id per instance (per input partition set, say): a
	// restarted instance with the same id fences its predecessor.
	txnID := flag.String("txn-id", "eos-demo-1", "transactional id")
	idle := flag.Duration("idle", 5*time.Second, "stop after this long without input")
	flag.Parse()
	list := strings.Split(*brokers, ",")

	c, err := consumer.New(consumer.Config{
		Brokers:         list,
		GroupID:         *groupID,
		AutoCommit:      consumer.Disabled,      // offsets go through the transaction
		Isolation:       consumer.ReadCommitted, // read only committed upstream writes
		AutoOffsetReset: consumer.ResetEarliest,
	})
	if err != nil {
		log.Fatal(err)
	}
	if err := c.Subscribe(*in); err != nil {
		log.Fatal(err)
	}
	p, err := producer.New(producer.Config{Brokers: list, TransactionalID: *txnID})
	if err != nil {
		log.Fatal(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	total, lastInput := 0, time.Now()
	for ctx.Err() == nil && time.Since(lastInput) < *idle {
		pctx, cancel := context.WithTimeout(ctx, time.Second)
		recs, err := c.Poll(pctx)
		cancel()
		if err != nil && !errors.Is(err, context.DeadlineExceeded) {
			log.Printf("poll: %v", err)
			continue
		}
		if len(recs) == 0 {
			continue
		}
		lastInput = time.Now()
		err = transform(ctx, p, c, recs, *out)
		var te *producer.TxnError
		switch {
		case err == nil:
			total += len(recs)
		case errors.Is(err, producer.ErrProducerFenced) || errors.As(err, &te) && te.Fatal:
			// Another instance took over this transactional id: stop, and
			// leave the partitions to it.
			log.Printf("fenced, exiting: %v", err)
			c.Close(context.Background())
			p.Close(context.Background())
			os.Exit(1)
		default:
			// Abortable (or the commit ran out of time: abort then). The
			// output is discarded and the offsets stay where the last
			// commit left them, so rewind to the start of this batch: its
			// records are processed again in the next transaction.
			log.Printf("transaction failed, aborting and retrying the batch: %v", err)
			if aerr := p.AbortTransaction(ctx); aerr != nil {
				log.Printf("abort: %v", aerr)
			}
			for tp, off := range firstOffsets(recs) {
				c.Seek(tp, off)
			}
		}
	}
	fmt.Printf("transformed %d records\n", total)
	if err := p.Close(context.Background()); err != nil {
		log.Print(err)
	}
	if err := c.Close(context.Background()); err != nil {
		log.Print(err)
	}
}

// transform runs one transaction: the output records of a poll batch and
// the consumer's offsets past them.
func transform(ctx context.Context, p *producer.Producer, c *consumer.Consumer, recs []kafkawire.Record, out string) error {
	if err := p.BeginTransaction(); err != nil {
		return err
	}
	for _, r := range recs {
		o := &kafkawire.Record{Topic: out, Key: r.Key, Value: bytes.ToUpper(r.Value)}
		if err := p.SendFunc(ctx, o, nil); err != nil {
			return err // a failed record also makes CommitTransaction fail
		}
	}
	// The group metadata (generation, member id) lets the coordinator
	// refuse offsets from an instance the group has moved on from.
	if err := p.SendOffsetsToTransaction(ctx, consumer.ProcessedOffsets(recs), c.GroupMetadata()); err != nil {
		return err
	}
	for {
		cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		err := p.CommitTransaction(cctx)
		cancel()
		// Neither abortable nor fatal: the commit's outcome is unknown
		// (its context ended while it was retried). Only committing again
		// can settle it; AbortTransaction refuses meanwhile.
		var te *producer.TxnError
		if err == nil || !errors.As(err, &te) || te.Abortable || te.Fatal || ctx.Err() != nil {
			return err
		}
		log.Printf("commit outcome unknown, committing again: %v", err)
	}
}

// firstOffsets is, per partition, the offset of the batch's first record:
// where the last committed transaction left the group's offsets.
func firstOffsets(recs []kafkawire.Record) map[kafkawire.TopicPartition]int64 {
	first := map[kafkawire.TopicPartition]int64{}
	for _, r := range recs {
		tp := kafkawire.TopicPartition{Topic: r.Topic, Partition: r.Partition}
		if o, ok := first[tp]; !ok || r.Offset < o {
			first[tp] = r.Offset
		}
	}
	return first
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}
