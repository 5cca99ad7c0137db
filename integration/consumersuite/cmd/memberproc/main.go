// Command memberproc is a kafkawire consumer-group member run as its own
// process by the consumer suite, so that a test can SIGKILL it mid-stream
// (a member that dies without leaving the group) and start it again.
//
// It subscribes to one topic and writes what it does to stdout, one event
// per line, each line written whole after the fact it reports:
//
//	assigned 0,1,2       partitions added (OnAssigned)
//	revoked 0,1          partitions revoked (OnRevoked)
//	lost 0,1             partitions lost (OnLost)
//	assignment 0,1,2     the full assignment after each of the above
//	rec P O              record at partition P, offset O processed
//	committed P:O,...    offsets committed (after CommitOffsets succeeded)
//	regress P:OLD>NEW    a later commit stored a lower offset than an earlier one
//	commitfail ERR       a commit failed
//	closed               after a graceful Close (SIGTERM, SIGINT or stdin EOF)
//
// With -commit sync or async it processes each polled batch (printing its
// rec lines, then sleeping -delay), then commits ProcessedOffsets(batch)
// with CommitOffsets or CommitOffsetsAsync: at-least-once. With -commit
// auto it relies on the consumer's auto commit.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/consumer"
	"github.com/kafkawire/kafkawire/integration/suitekit/child"
)

func main() {
	var (
		brokers   = flag.String("brokers", "", "bootstrap brokers, comma-separated")
		topic     = flag.String("topic", "", "topic to subscribe to")
		groupID   = flag.String("group", "", "group id")
		commit    = flag.String("commit", "sync", "sync, async or auto")
		session   = flag.Duration("session", 6*time.Second, "session timeout")
		heartbeat = flag.Duration("heartbeat", time.Second, "heartbeat interval")
		assignors = flag.String("assignors", "", "assignors, comma-separated (default: the consumer's)")
		reset     = flag.String("reset", "earliest", "earliest, latest or none")
		maxPoll   = flag.Int("maxpoll", 0, "MaxPollRecords (0: default)")
		delay     = flag.Duration("delay", 0, "processing time per batch")
		debug     = flag.Bool("debug", false, "debug logs to stderr (else info)")
	)
	flag.Parse()
	if *brokers == "" || *topic == "" || *groupID == "" {
		fmt.Fprintln(os.Stderr, "memberproc: -brokers, -topic and -group are required")
		os.Exit(2)
	}
	logger := child.Logger(*debug)

	cfg := consumer.Config{
		Brokers:           strings.Split(*brokers, ","),
		ClientID:          "memberproc",
		GroupID:           *groupID,
		GroupProtocol:     consumer.GroupProtocolClassic, // the suite's classic groups, with its session timings
		SessionTimeout:    *session,
		HeartbeatInterval: *heartbeat,
		MaxPollRecords:    *maxPoll,
		Logger:            logger,
	}
	switch *reset {
	case "earliest":
		cfg.AutoOffsetReset = consumer.ResetEarliest
	case "latest":
		cfg.AutoOffsetReset = consumer.ResetLatest
	case "none":
		cfg.AutoOffsetReset = consumer.ResetNone
	default:
		fmt.Fprintf(os.Stderr, "memberproc: -reset %q\n", *reset)
		os.Exit(2)
	}
	switch *commit {
	case "sync", "async":
		cfg.AutoCommit = consumer.Disabled
	case "auto":
		cfg.AutoCommit = consumer.Enabled
	default:
		fmt.Fprintf(os.Stderr, "memberproc: -commit %q\n", *commit)
		os.Exit(2)
	}
	if *assignors != "" {
		cfg.Assignors = strings.Split(*assignors, ",")
	}
	var c *consumer.Consumer
	report := func(kind string, tps []kafkawire.TopicPartition) {
		child.Emit(kind+" "+child.PartList(tps), "assignment "+child.PartList(c.Assignment()))
	}
	cfg.OnAssigned = func(_ context.Context, tps []kafkawire.TopicPartition) { report("assigned", tps) }
	cfg.OnRevoked = func(_ context.Context, tps []kafkawire.TopicPartition) {
		// OnRevoked runs before the partitions are dropped: the assignment
		// reported is what remains.
		child.Emit("revoked "+child.PartList(tps), "assignment "+child.PartList(minus(c.Assignment(), tps)))
	}
	cfg.OnLost = func(_ context.Context, tps []kafkawire.TopicPartition) {
		child.Emit("lost "+child.PartList(tps), "assignment "+child.PartList(minus(c.Assignment(), tps)))
	}
	var err error
	c, err = consumer.New(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "memberproc:", err)
		os.Exit(1)
	}
	if err := c.Subscribe(*topic); err != nil {
		fmt.Fprintln(os.Stderr, "memberproc:", err)
		os.Exit(1)
	}

	ctx := child.StopContext()

	// Commit bookkeeping: what the group last stored per partition, to
	// report a commit that went backwards (commits applied out of order).
	var cmu sync.Mutex
	stored := map[int32]int64{}
	committed := func(offs map[kafkawire.TopicPartition]kafkawire.Offset, err error) {
		if err != nil {
			child.Emit("commitfail " + child.OneLine(err))
			return
		}
		cmu.Lock()
		var regress []string
		for tp, o := range offs {
			if prev, ok := stored[tp.Partition]; ok && o.Offset < prev {
				regress = append(regress, fmt.Sprintf("%d:%d>%d", tp.Partition, prev, o.Offset))
			}
			stored[tp.Partition] = o.Offset
		}
		lines := []string{"committed " + child.OffList(offs)}
		for _, r := range regress {
			lines = append(lines, "regress "+r)
		}
		child.Emit(lines...)
		cmu.Unlock()
	}

	var line []byte
	for ctx.Err() == nil {
		recs, err := c.Poll(ctx)
		if err != nil {
			if ctx.Err() != nil || errors.Is(err, consumer.ErrClosed) {
				break
			}
			logger.Warn("memberproc: poll", "err", err)
			continue
		}
		line = line[:0]
		for _, r := range recs {
			line = fmt.Appendf(line, "rec %d %d\n", r.Partition, r.Offset)
		}
		child.Write(line)
		if *delay > 0 {
			time.Sleep(*delay)
		}
		offs := consumer.ProcessedOffsets(recs)
		switch *commit {
		case "sync":
			cctx, ccancel := context.WithTimeout(context.Background(), 30*time.Second)
			err := c.CommitOffsets(cctx, offs)
			ccancel()
			committed(offs, err)
		case "async":
			c.CommitOffsetsAsync(offs, committed)
		}
	}
	cctx, ccancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer ccancel()
	if err := c.Close(cctx); err != nil {
		logger.Warn("memberproc: close", "err", err)
	}
	child.Emit("closed")
}

func minus(a, b []kafkawire.TopicPartition) []kafkawire.TopicPartition {
	var out []kafkawire.TopicPartition
	for _, tp := range a {
		if !slices.Contains(b, tp) {
			out = append(out, tp)
		}
	}
	return out
}
