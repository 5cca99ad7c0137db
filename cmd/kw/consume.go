package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"
	"sync"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/admin"
	"github.com/kafkawire/kafkawire/consumer"
)

func init() {
	register(command{name: "consume", summary: "print records, kcat -C style (-f format, -o offset, -G group, -e, -c)", run: runConsume})
}

// consumeOpts are consume's flags.
type consumeOpts struct {
	topics    []string
	partition int
	start     startAt
	group     string
	exitAtEnd bool
	count     int64
	format    *format
}

// failureReportAfter is how long a failure must last, with -e, before
// consume gives up on it (the consumer's default RequestTimeout).
const failureReportAfter = 30 * time.Second

// commitEvery is how often group mode commits what it has printed.
var commitEvery = 5 * time.Second // a variable for the tests

// idleCheck is how long a Poll waits, with -e, before the end is checked
// again (a partition can reach its end with nothing to return: a
// transaction marker, compacted records).
const idleCheck = 500 * time.Millisecond

func runConsume(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "consume", "-t topic [flags]   or   -G group [flags] topic...")
	topic := fs.String("t", "", "topic")
	partition := fs.Int("p", -1, "partition; -1 for all")
	offset := fs.String("o", "", "start: beginning (default), end, stored, <offset>, -<n> (the last n), s@<timestamp ms>; with -G, where a partition without a committed offset starts (default: auto.offset.reset)")
	group := fs.String("G", "", "consume as a member of this group, committing what was printed")
	exitAtEnd := fs.Bool("e", false, "exit when every partition is read to its end (as of when it was reached)")
	count := fs.Int64("c", 0, "exit after this many records")
	formatStr := fs.String("f", "", `output format, kcat's: %t %p %o %k %K %s %S %R %T %h, \n \t (default "%s\n", with -K "%k<K>%s\n")`)
	keyDelim := fs.String("K", "", "print the key and this delimiter before each value (default format only)")
	delim := fs.String("D", `\n`, "record delimiter (default format only)")
	null := fs.Bool("Z", false, "print an empty or null key or value as NULL, as kcat -Z")
	if err := parseFlagsAndArgs(fs, args); err != nil {
		return err
	}
	o := consumeOpts{partition: *partition, group: *group, exitAtEnd: *exitAtEnd, count: *count}
	if *topic != "" {
		o.topics = append(o.topics, *topic)
	}
	if *group != "" {
		o.topics = append(o.topics, fs.Args()...)
	} else if fs.NArg() > 0 {
		return usagef("consume: unexpected argument %q (topics as arguments go with -G)", fs.Arg(0))
	}
	switch {
	case len(o.topics) == 0:
		return usagef("consume: give -t topic (or -G group and topics)")
	case o.group != "" && o.partition != -1:
		return usagef("consume: -p cannot be used with -G: the group assigns partitions")
	case o.count < 0:
		return usagef("consume: -c %d: want a positive count", o.count)
	}
	var err error
	if *offset != "" {
		if o.start, err = parseOffset(*offset); err != nil {
			return usagef("consume: %v", err)
		}
	} else {
		o.start = startAt{kind: 'b'}
		if o.group != "" {
			o.start = startAt{kind: 's'}
		}
	}
	if o.group != "" && o.start.kind != 'b' && o.start.kind != 'e' && o.start.kind != 's' {
		return usagef("consume: with -G, -o is beginning, end or stored (where partitions without a committed offset start)")
	}
	if o.group == "" && o.start.kind == 's' {
		return usagef("consume: -o stored needs -G group")
	}
	fmtSpec := *formatStr
	if fmtSpec == "" {
		fmtSpec = "%s" + escapePercent(*delim)
		if *keyDelim != "" {
			fmtSpec = "%k" + escapePercent(*keyDelim) + fmtSpec
		}
	}
	if o.format, err = parseFormat(fmtSpec); err != nil {
		return usagef("consume: -f: %v", err)
	}
	if *null {
		o.format.null = []byte("NULL")
	}
	return consume(ctx, e, o)
}

// escapePercent makes a delimiter safe to splice into a format.
func escapePercent(s string) string { return strings.ReplaceAll(s, "%", "%%") }

func consume(ctx context.Context, e *env, o consumeOpts) error {
	a, err := e.admin()
	if err != nil {
		return err
	}
	defer a.Close()
	var r *reader // set before Subscribe, the first time OnRevoked may run
	c, err := e.consumer(func(cfg *consumer.Config) {
		cfg.GroupID = o.group
		if o.group != "" {
			// What was printed is committed, not what was fetched: -c
			// may stop inside a Poll's records.
			cfg.AutoCommit = consumer.Disabled
			cfg.OnRevoked = func(ctx context.Context, tps []kafkawire.TopicPartition) { r.commitRevoked(ctx, tps) }
			switch o.start.kind {
			case 'b':
				cfg.AutoOffsetReset = consumer.ResetEarliest
			case 'e':
				cfg.AutoOffsetReset = consumer.ResetLatest
			}
		}
	})
	if err != nil {
		return err
	}
	r = &reader{e: e, o: o, a: a, c: c, ends: map[kafkawire.TopicPartition]int64{}, printed: map[kafkawire.TopicPartition]kafkawire.Offset{}}
	runErr := r.run(ctx)
	// Commit and leave within a deadline of their own: Ctrl-C ends the
	// reading, not the clean exit.
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	var commitErr error
	if mine := r.owned(); o.group != "" && len(mine) > 0 {
		if commitErr = c.CommitOffsets(cctx, mine); commitErr != nil {
			commitErr = fmt.Errorf("consume: committing what was printed: %w", commitErr)
		}
	}
	closeErr := c.Close(cctx)
	r.prog.finish()
	if errors.Is(runErr, context.Canceled) && ctx.Err() != nil {
		runErr = nil // Ctrl-C: a clean exit
	}
	return errors.Join(runErr, commitErr, closeErr)
}

// reader runs one consume.
type reader struct {
	e       *env
	o       consumeOpts
	a       *admin.Client
	c       *consumer.Consumer
	ends    map[kafkawire.TopicPartition]int64 // -e: where each partition ends
	mu      sync.Mutex                         // guards printed: OnRevoked reads it on the group's goroutine
	printed map[kafkawire.TopicPartition]kafkawire.Offset
	n       int64
	prog    *progress
}

func (r *reader) run(ctx context.Context) error {
	cl := r.a.Cluster()
	if r.o.group == "" {
		tps, err := r.partitions(ctx, cl)
		if err != nil {
			return err
		}
		if err := r.c.Assign(tps...); err != nil {
			return err
		}
		starts, err := r.startOffsets(ctx, cl, tps)
		if err != nil {
			return err
		}
		for tp, off := range starts {
			if err := r.c.Seek(tp, off); err != nil {
				return err
			}
		}
		if r.o.exitAtEnd {
			if err := r.endOffsets(ctx, tps); err != nil {
				return err
			}
			var total int64
			for tp, end := range r.ends {
				total += max(end-starts[tp], 0)
			}
			if r.o.count > 0 {
				total = min(total, r.o.count)
			}
			r.prog = startProgress(r.e, "records consumed", total)
		}
	} else if err := r.c.Subscribe(r.o.topics...); err != nil {
		return err
	}
	if r.prog == nil {
		r.prog = startProgress(r.e, "records consumed", r.o.count)
	}
	out := bufio.NewWriterSize(r.e.out, 64<<10)
	defer out.Flush()
	var buf []byte
	lastCommit := time.Now()
	var failingSince time.Time
	for {
		if r.o.exitAtEnd {
			done, err := r.atEnd(ctx)
			if err != nil || done {
				return err
			}
		}
		pctx, cancel := ctx, context.CancelFunc(func() {})
		if r.o.exitAtEnd {
			pctx, cancel = context.WithTimeout(ctx, idleCheck)
		}
		recs, err := r.c.Poll(pctx)
		cancel()
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if pctx.Err() == nil {
				return err
			}
			// -e's idle check ended the Poll. A failure it carries (a
			// broker unreachable...) is reported once it has lasted as
			// long as Poll itself would wait.
			if errors.Is(err, context.DeadlineExceeded) && err != context.DeadlineExceeded {
				if failingSince.IsZero() {
					failingSince = time.Now()
				} else if time.Since(failingSince) > failureReportAfter {
					return err
				}
			}
			continue
		}
		failingSince = time.Time{}
		if r.o.count > 0 {
			recs = recs[:min(int64(len(recs)), r.o.count-r.n)]
		}
		for i := range recs {
			buf = r.o.format.append(buf[:0], &recs[i])
			if _, err := out.Write(buf); err != nil {
				return fmt.Errorf("consume: writing output: %w", err)
			}
		}
		if err := out.Flush(); err != nil {
			return fmt.Errorf("consume: writing output: %w", err)
		}
		r.n += int64(len(recs))
		r.prog.add(int64(len(recs)), int64(len(recs)))
		r.mu.Lock()
		maps.Copy(r.printed, consumer.ProcessedOffsets(recs))
		r.mu.Unlock()
		if r.o.count > 0 && r.n >= r.o.count {
			return nil
		}
		if r.o.group != "" && time.Since(lastCommit) >= commitEvery {
			r.c.CommitOffsetsAsync(r.owned(), nil)
			lastCommit = time.Now()
		}
	}
}

// owned is what was printed of the partitions assigned now: a partition
// the group gave to another member may have moved on there, and our
// commit must not take it back.
func (r *reader) owned() map[kafkawire.TopicPartition]kafkawire.Offset {
	return r.printedOf(r.c.Assignment())
}

func (r *reader) printedOf(tps []kafkawire.TopicPartition) map[kafkawire.TopicPartition]kafkawire.Offset {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := map[kafkawire.TopicPartition]kafkawire.Offset{}
	for _, tp := range tps {
		if off, ok := r.printed[tp]; ok {
			out[tp] = off
		}
	}
	return out
}

// commitRevoked commits what was printed of the partitions the group takes
// away, before they go: their next owner starts after the last record we
// printed, not at our last periodic commit (up to commitEvery before).
func (r *reader) commitRevoked(ctx context.Context, tps []kafkawire.TopicPartition) {
	offs := r.printedOf(tps)
	if len(offs) == 0 {
		return
	}
	if err := r.c.CommitOffsets(ctx, offs); err != nil {
		r.e.logger.Warn("consume: committing what was printed before a revocation failed", "err", err)
	}
}
