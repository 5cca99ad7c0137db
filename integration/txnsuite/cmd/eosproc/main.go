// Command eosproc is a kafkawire consume-transform-produce process run by
// the transaction suite, so that a test can SIGKILL it at any point and
// start it again: exactly-once copying from an input topic to an output
// topic of as many partitions.
//
// It consumes -in in group -group (read_committed, no auto commit) and, for
// each batch of up to -txnsize records, in one transaction of its
// transactional producer (-txnid, the same for every run): writes one output
// record per input record to the same partition of -out, key unchanged and
// value "in=P:O <input value>", commits the batch's offsets with
// SendOffsetsToTransaction (the consumer's GroupMetadata), and commits the
// transaction. It writes to stdout, one line each, written whole after the
// fact:
//
//	ready                  the consumer and producer exist
//	txn N P:O,...          a transaction of N records committed; P:O are
//	                       the offsets committed with it
//	error ERR              a transactional call failed; the process exits 3
//	                       (after trying to abort) and is to be restarted
//	closed                 after a graceful stop (stdin EOF, SIGTERM)
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/consumer"
	"github.com/kafkawire/kafkawire/integration/suitekit/child"
	"github.com/kafkawire/kafkawire/producer"
)

func main() {
	var (
		brokers   = flag.String("brokers", "", "bootstrap brokers, comma-separated")
		in        = flag.String("in", "", "input topic")
		out       = flag.String("out", "", "output topic (as many partitions as -in)")
		groupID   = flag.String("group", "", "group id")
		txnID     = flag.String("txnid", "", "transactional id")
		txnSize   = flag.Int("txnsize", 500, "input records per transaction (at most)")
		txTimeout = flag.Duration("txtimeout", 30*time.Second, "TransactionTimeout")
		session   = flag.Duration("session", 6*time.Second, "session timeout")
		heartbeat = flag.Duration("heartbeat", time.Second, "heartbeat interval")
		debug     = flag.Bool("debug", false, "debug logs to stderr (else info)")
	)
	flag.Parse()
	if *brokers == "" || *in == "" || *out == "" || *groupID == "" || *txnID == "" {
		fmt.Fprintln(os.Stderr, "eosproc: -brokers, -in, -out, -group and -txnid are required")
		os.Exit(2)
	}
	logger := child.Logger(*debug)
	bs := strings.Split(*brokers, ",")

	c, err := consumer.New(consumer.Config{
		Brokers:           bs,
		ClientID:          "eosproc",
		GroupID:           *groupID,
		GroupProtocol:     consumer.GroupProtocolClassic, // -session and -heartbeat are classic settings
		AutoCommit:        consumer.Disabled,
		AutoOffsetReset:   consumer.ResetEarliest,
		Isolation:         consumer.ReadCommitted,
		MaxPollRecords:    *txnSize,
		SessionTimeout:    *session,
		HeartbeatInterval: *heartbeat,
		Logger:            logger.With("client", "consumer"),
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "eosproc: consumer:", err)
		os.Exit(2)
	}
	p, err := producer.New(producer.Config{
		Brokers:            bs,
		ClientID:           "eosproc",
		TransactionalID:    *txnID,
		TransactionTimeout: *txTimeout,
		Partitioner:        producer.ManualPartitioner(),
		Logger:             logger.With("client", "producer"),
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "eosproc: producer:", err)
		os.Exit(2)
	}
	if err := c.Subscribe(*in); err != nil {
		fmt.Fprintln(os.Stderr, "eosproc: subscribe:", err)
		os.Exit(2)
	}
	child.Emit("ready")

	// A graceful stop: stdin EOF or SIGTERM/SIGINT ends the loop between
	// transactions.
	stop := child.StopContext().Done()

	fail := func(what string, err error) {
		child.Emit("error " + child.OneLine(fmt.Errorf("%s: %w", what, err)))
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = p.AbortTransaction(ctx)
		_ = p.Close(ctx)
		_ = c.Close(ctx)
		os.Exit(3)
	}

	for {
		select {
		case <-stop:
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			_ = p.Close(ctx)
			_ = c.Close(ctx)
			cancel()
			child.Emit("closed")
			return
		default:
		}
		// Gather up to txnSize records: poll until there are that many, or
		// there are some and nothing more came for 100ms.
		var batch []kafkawire.Record
		gather := time.Now().Add(2 * time.Second)
		for len(batch) < *txnSize {
			wait := time.Until(gather)
			if len(batch) > 0 {
				wait = min(wait, 100*time.Millisecond)
			}
			if wait <= 0 {
				break
			}
			ctx, cancel := context.WithTimeout(context.Background(), wait)
			recs, err := c.Poll(ctx)
			cancel()
			if err != nil {
				if errors.Is(err, context.DeadlineExceeded) {
					break
				}
				if errors.Is(err, consumer.ErrClosed) {
					return
				}
				fail("poll", err)
			}
			batch = append(batch, recs...)
		}
		if len(batch) == 0 {
			if *debug {
				var pos []string
				for _, tp := range c.Assignment() {
					pos = append(pos, fmt.Sprintf("%d:%d", tp.Partition, c.Position(tp)))
				}
				logger.Debug("eosproc: nothing polled", "positions", strings.Join(pos, ","))
			}
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		if err := p.BeginTransaction(); err != nil {
			fail("BeginTransaction", err)
		}
		var sendErr error
		var errMu sync.Mutex
		for i := range batch {
			r := &batch[i]
			v := fmt.Appendf(nil, "in=%d:%d ", r.Partition, r.Offset)
			v = append(v, r.Value...)
			err := p.SendFunc(ctx, &kafkawire.Record{Topic: *out, Partition: r.Partition, Key: r.Key, Value: v}, func(_ producer.Result, err error) {
				if err != nil {
					errMu.Lock()
					if sendErr == nil {
						sendErr = err
					}
					errMu.Unlock()
				}
			})
			if err != nil {
				fail("send", err)
			}
		}
		offs := consumer.ProcessedOffsets(batch)
		if err := p.SendOffsetsToTransaction(ctx, offs, c.GroupMetadata()); err != nil {
			fail("SendOffsetsToTransaction", err)
		}
		if err := p.CommitTransaction(ctx); err != nil {
			fail("CommitTransaction", err)
		}
		errMu.Lock()
		se := sendErr
		errMu.Unlock()
		if se != nil {
			// The commit must have failed if a send did.
			fail("send result after a successful commit", se)
		}
		cancel()
		child.Emit(fmt.Sprintf("txn %d %s", len(batch), child.OffList(offs)))
	}
}
