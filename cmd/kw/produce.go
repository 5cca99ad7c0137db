package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/producer"
)

func init() {
	register(command{name: "produce", summary: "send lines from stdin or files as records (kcat -P)", run: runProduce})
}

// headerFlags collects repeated -H name=value flags.
type headerFlags []kafkawire.Header

func (h *headerFlags) String() string { return fmt.Sprint(len(*h), " headers") }
func (h *headerFlags) Set(v string) error {
	k, val, ok := strings.Cut(v, "=")
	if !ok || k == "" {
		return errors.New("want name=value")
	}
	*h = append(*h, kafkawire.Header{Key: k, Value: []byte(val)})
	return nil
}

// flushTimeout bounds the flush after the input ends or Ctrl-C.
const flushTimeout = 2 * time.Minute

func runProduce(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "produce", "-t topic [flags] [file...]  (lines from the files, or stdin)")
	topic := fs.String("t", "", "topic (required)")
	partition := fs.Int("p", -1, "partition; -1 lets the partitioner choose (murmur2 of the key, as Java)")
	keyDelim := fs.String("K", "", "key delimiter: a line's text before its first occurrence is the key")
	delim := fs.String("D", `\n`, "record delimiter")
	var headers headerFlags
	fs.Var(&headers, "H", "header name=value added to every record (repeatable)")
	codec := fs.String("z", "", "compression: none, gzip, snappy, lz4, zstd (default: compression.type, or none)")
	acks := fs.String("acks", "", "acks: all, 1 or 0 (default: acks, or all)")
	nullEmpty := fs.Bool("Z", false, "send an empty key or value as null")
	if err := parseFlagsAndArgs(fs, args); err != nil {
		return err
	}
	if *topic == "" {
		return usagef("produce: -t topic is required")
	}
	if *partition < -1 {
		return usagef("produce: -p %d: want a partition number, or -1", *partition)
	}
	sep := unescapeFormat(*delim)
	if len(sep) == 0 {
		return usagef("produce: -D must not be empty")
	}
	keySep := unescapeFormat(*keyDelim)
	// The flags are properties too, so they are checked in one place.
	if *codec != "" {
		e.props["compression.type"] = *codec
	}
	if *acks != "" {
		e.props["acks"] = *acks
	}
	p, err := e.producer(func(c *producer.Config) {
		if *partition >= 0 {
			c.Partitioner = producer.ManualPartitioner()
		}
	})
	if err != nil {
		return err
	}
	inputs, total, err := openInputs(e, fs.Args())
	if err != nil {
		p.Close(context.Background())
		return err
	}
	defer func() {
		for _, in := range inputs {
			if c, ok := in.(io.Closer); ok {
				c.Close()
			}
		}
	}()

	prog := startProgress(e, "records produced", total)
	s := &sender{p: p, topic: *topic, partition: int32(*partition), headers: headers, keySep: keySep, nullEmpty: *nullEmpty, prog: prog}
	var readErr error
	for _, in := range inputs {
		if readErr = s.sendAll(ctx, in, sep); readErr != nil {
			break
		}
	}
	// Whatever ended the input (its end, Ctrl-C, an error), what was sent
	// is flushed before exiting, within its own deadline.
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), flushTimeout)
	defer cancel()
	flushErr := p.Flush(fctx)
	closeErr := p.Close(fctx)
	prog.finish()
	if errors.Is(readErr, context.Canceled) {
		readErr = nil // Ctrl-C: what was read is flushed; a clean exit
	}
	var failed error
	if n := s.failed.Load(); n > 0 {
		failed = fmt.Errorf("produce: %d of %d records failed; the first: %w", n, s.sent, s.firstErr())
	}
	return errors.Join(readErr, failed, flushErr, closeErr)
}

// openInputs returns the readers to produce from and, when they are all
// regular files, their total size (for the ETA).
func openInputs(e *env, paths []string) ([]io.Reader, int64, error) {
	if len(paths) == 0 {
		var size int64
		if f, ok := e.in.(*os.File); ok {
			if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
				size = st.Size()
			}
		}
		return []io.Reader{e.in}, size, nil
	}
	var ins []io.Reader
	var total int64
	for _, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			for _, in := range ins {
				in.(io.Closer).Close()
			}
			return nil, 0, fmt.Errorf("produce: %w", err)
		}
		if st, err := f.Stat(); err == nil {
			total += st.Size()
		}
		ins = append(ins, f)
	}
	return ins, total, nil
}

// sender turns input lines into records.
type sender struct {
	p         *producer.Producer
	topic     string
	partition int32
	headers   []kafkawire.Header
	keySep    []byte
	nullEmpty bool
	prog      *progress

	sent   int64
	failed atomic.Int64
	mu     sync.Mutex
	first  error
}

func (s *sender) firstErr() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.first
}

func (s *sender) done(_ producer.Result, err error) {
	if err == nil {
		s.prog.add(1, 0)
		return
	}
	if s.failed.Add(1) == 1 {
		s.mu.Lock()
		s.first = err
		s.mu.Unlock()
	}
}

// sendAll sends every record of in, separated by sep. Empty records are
// skipped, as kcat does.
func (s *sender) sendAll(ctx context.Context, in io.Reader, sep []byte) error {
	sc := bufio.NewScanner(newCtxReader(ctx, in))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	sc.Split(splitOn(sep))
	rec := kafkawire.Record{Topic: s.topic, Partition: s.partition, Headers: s.headers}
	for sc.Scan() {
		line := sc.Bytes()
		s.prog.add(0, int64(len(line)+len(sep)))
		if len(line) == 0 {
			continue
		}
		rec.Key, rec.Value = nil, line
		if len(s.keySep) > 0 {
			if k, v, ok := bytes.Cut(line, s.keySep); ok {
				rec.Key, rec.Value = k, v
				if s.nullEmpty && len(k) == 0 {
					rec.Key = nil
				}
				if s.nullEmpty && len(v) == 0 {
					rec.Value = nil
				}
			}
		}
		if err := s.p.SendFunc(ctx, &rec, s.done); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("produce: record %d refused: %w", s.sent+1, err)
		}
		s.sent++
	}
	if err := sc.Err(); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("produce: reading input: %w", err)
	}
	return ctx.Err()
}

// splitOn is a bufio.SplitFunc splitting at sep; a last record without a
// separator counts.
func splitOn(sep []byte) bufio.SplitFunc {
	return func(data []byte, atEOF bool) (int, []byte, error) {
		if i := bytes.Index(data, sep); i >= 0 {
			return i + len(sep), data[:i], nil
		}
		if atEOF && len(data) > 0 {
			return len(data), data, nil
		}
		return 0, nil, nil
	}
}
