// Command worker runs one benchmark of one Kafka client and prints one JSON
// result line (see ../../internal/result). The runner starts it once per
// run, so each client has a process of its own: its CPU time and peak RSS
// come from the process's rusage, its allocations from runtime.MemStats.
//
//	worker -client kafkawire|franz|sarama|segmentio -mode produce|consume-direct|consume-group|latency \
//	       -brokers host:port -topic T -partitions N [-records N -size B -acks all|1 -idempotence \
//	       -compression none|lz4|zstd -linger 5ms -batch 16384 -rate 20000 -duration 10s]
//
// Modes:
//   - produce: send -records records (random 16-byte keys, -size random
//     uppercase letters like Kafka's ProducerPerformance) as fast as the
//     client takes them, timed from client creation to the last
//     acknowledgement.
//   - consume-direct / consume-group: read -records records from the
//     earliest offset of a pre-filled topic, by assigning every partition
//     or by joining a fresh group; timed from client creation to the last
//     record.
//     With -defaults only brokers and topic are set; with -send app each
//     send builds a new record struct, as an application does.
//   - latency: produce at -rate records/s for -warmup + -duration while a
//     consumer in the same process reads them; the value carries the send
//     time, the consumer computes end-to-end percentiles of the records
//     sent after the warm-up.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/kafkawire/kafkawire/bench/internal/payload"
	"github.com/kafkawire/kafkawire/bench/internal/result"
)

type options struct {
	client, mode string
	brokers      []string
	topic        string
	partitions   int
	records      int
	size         int
	keySize      int
	acks         string
	idempotence  bool
	compression  string
	linger       time.Duration
	batch        int
	buffer       int
	group        string
	rate         int
	duration     time.Duration
	warmup       time.Duration
	timeout      time.Duration
	// defaults: build the producer with nothing but brokers and topic,
	// every other setting the client's own default.
	defaults bool
	// send is "reuse" (the adapter's usual path: kafkawire reuses one
	// Record) or "app" (a new record struct per send, as an application
	// builds it; segmentio: one WriteMessages call per record), or
	// "txn:N": the usual path, in transactions of N records, each
	// committed before the next begins (kafkawire and franz; the client
	// kafkawire-idem ignores it: the same cell's idempotent baseline).
	send string
	// txn is N of -send txn:N: records per transaction, 0 for none.
	txn int
	// latencyConsumer, when set, reads the latency run back with another
	// client's consumer: to tell producer delay from consumer delay.
	latencyConsumer string
}

// acksAll reports whether the run waits for all in-sync replicas.
func (o *options) acksAll() bool { return o.acks == "all" || o.acks == "-1" }

// producer is what the produce and latency loops need from a client.
type producerAPI interface {
	// send hands one record over; key and value stay untouched until acked.
	send(ctx context.Context, key, value []byte) error
	// flush returns once every record sent so far is acknowledged.
	flush(ctx context.Context) error
	close() error
}

// consumer reads records and hands each to s until ctx ends.
type consumerAPI interface {
	run(ctx context.Context, s *sink) error
	close() error
}

type client struct {
	newProducer func(o *options, acked *counter) (producerAPI, error)
	newConsumer func(o *options, group bool) (consumerAPI, error)
}

var clients = map[string]client{
	"kafkawire": {newKafkawireProducer, newKafkawireConsumer},
	// kafkawire-idem: kafkawire's idempotent producer in a transactional
	// cell (it ignores -send txn:N), for the ratio transactional /
	// idempotent measured in the same cell.
	"kafkawire-idem": {newKafkawireIdemProducer, newKafkawireConsumer},
	"franz":          {newFranzProducer, newFranzConsumer},
	"sarama":         {newSaramaProducer, newSaramaConsumer},
	"segmentio":      {newSegmentioProducer, newSegmentioConsumer},
}

func main() {
	var o options
	var brokers, cpuprofile, memprofile string
	flag.StringVar(&o.client, "client", "kafkawire", "kafkawire, franz, sarama or segmentio")
	flag.StringVar(&o.mode, "mode", "produce", "produce, consume-direct, consume-group or latency")
	flag.StringVar(&brokers, "brokers", os.Getenv("KAFKA_BROKERS"), "bootstrap host:port list, comma-separated")
	flag.StringVar(&o.topic, "topic", "", "topic (must exist)")
	flag.IntVar(&o.partitions, "partitions", 1, "the topic's partition count")
	flag.IntVar(&o.records, "records", 100000, "records to produce or consume")
	flag.IntVar(&o.size, "size", 100, "value size in bytes")
	flag.IntVar(&o.keySize, "key-size", 16, "key size in bytes (random keys)")
	flag.StringVar(&o.acks, "acks", "all", "all or 1")
	flag.BoolVar(&o.idempotence, "idempotence", true, "idempotent producer, where the client has one (acks=all only)")
	flag.StringVar(&o.compression, "compression", "none", "none, lz4 or zstd")
	flag.DurationVar(&o.linger, "linger", 5*time.Millisecond, "producer linger")
	flag.IntVar(&o.batch, "batch", 16384, "producer batch size in bytes")
	flag.IntVar(&o.buffer, "buffer", 32<<20, "producer buffer bound in bytes (Java buffer.memory)")
	flag.StringVar(&o.group, "group", "", "consumer group id (consume-group; default derived from the topic)")
	flag.IntVar(&o.rate, "rate", 20000, "latency: offered records per second")
	flag.DurationVar(&o.duration, "duration", 10*time.Second, "latency: measured sending time")
	flag.DurationVar(&o.warmup, "warmup", 2*time.Second, "latency: unmeasured sending time first")
	flag.StringVar(&o.latencyConsumer, "latency-consumer", "", "latency: read back with this client's consumer (default: -client's)")
	flag.DurationVar(&o.timeout, "timeout", 5*time.Minute, "give up after this long")
	flag.BoolVar(&o.defaults, "defaults", false, "produce with the client's defaults: only brokers and topic are set (-acks, -compression, -linger, -batch, -buffer are ignored)")
	flag.StringVar(&o.send, "send", "reuse", "reuse (the usual adapter path), app (a new record struct per send) or txn:N (the usual path in transactions of N records)")
	flag.StringVar(&cpuprofile, "cpuprofile", "", "write a CPU profile of the timed section here")
	flag.StringVar(&memprofile, "memprofile", "", "write an allocation profile at the end here")
	flag.Parse()
	o.brokers = strings.Split(brokers, ",")
	// Sarama's go-metrics collection is on by default; the matched cells
	// turn it off with its documented switch, the defaults cell leaves it.
	saramaMetrics(o.defaults)
	if memprofile != "" {
		runtime.MemProfileRate = 4096 // fine-grained enough to count allocations per record
	}

	res := result.Result{Client: o.client, Mode: o.mode}
	err := run(&o, &res, cpuprofile)
	if memprofile != "" {
		if f, ferr := os.Create(memprofile); ferr == nil {
			_ = pprof.Lookup("allocs").WriteTo(f, 0)
			f.Close()
		}
	}
	if err != nil {
		res.Error = err.Error()
	}
	line, _ := json.Marshal(res)
	fmt.Println(string(line))
	if err != nil {
		fmt.Fprintln(os.Stderr, "worker:", err)
		os.Exit(1)
	}
}

func run(o *options, res *result.Result, cpuprofile string) error {
	c, ok := clients[o.client]
	if !ok {
		return fmt.Errorf("unknown -client %q", o.client)
	}
	if o.topic == "" || o.brokers[0] == "" {
		return errors.New("-topic and -brokers (or KAFKA_BROKERS) are required")
	}
	if err := parseSend(o); err != nil {
		return err
	}
	if o.group == "" {
		o.group = o.topic + "-" + o.client + "-group"
	}
	ctx, cancel := context.WithTimeout(context.Background(), o.timeout)
	defer cancel()

	// Payloads are made before the clock and the allocation counters start.
	var pl *payload.Ring
	switch o.mode {
	case "produce":
		pl = payload.NewRing(min(o.records, payload.RingSize), o.keySize, o.size)
	case "consume-direct", "consume-group", "latency":
	default:
		return fmt.Errorf("unknown -mode %q", o.mode)
	}
	runtime.GC()
	if cpuprofile != "" {
		f, err := os.Create(cpuprofile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer func() { pprof.StopCPUProfile(); f.Close() }()
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	var err error
	switch o.mode {
	case "produce":
		err = runProduce(ctx, o, c, pl, res)
	case "consume-direct", "consume-group":
		err = runConsume(ctx, o, c, o.mode == "consume-group", res)
	case "latency":
		err = runLatency(ctx, o, c, res)
	}
	runtime.ReadMemStats(&after)
	res.Mallocs = after.Mallocs - before.Mallocs
	res.AllocBytes = after.TotalAlloc - before.TotalAlloc
	if res.Records > 0 {
		res.MallocsPerRecord = float64(res.Mallocs) / float64(res.Records)
	}
	if res.Seconds > 0 {
		res.RPS = float64(res.Records) / res.Seconds
		res.MBps = float64(res.Bytes) / res.Seconds / 1e6
	}
	return err
}

func runProduce(ctx context.Context, o *options, c client, pl *payload.Ring, res *result.Result) error {
	var acked counter
	start := time.Now()
	p, err := c.newProducer(o, &acked)
	if err != nil {
		return err
	}
	mask := len(pl.Keys) - 1
	for i := 0; i < o.records; i++ {
		if err := p.send(ctx, pl.Keys[i&mask], pl.Values[i&mask]); err != nil {
			p.close()
			return fmt.Errorf("send %d: %w", i, err)
		}
	}
	if err := p.flush(ctx); err != nil {
		p.close()
		return fmt.Errorf("flush: %w", err)
	}
	res.Seconds = time.Since(start).Seconds()
	n := acked.n.Load()
	res.Records = n
	res.Bytes = n * int64(o.keySize+o.size)
	cerr := p.close()
	if err := acked.firstErr(); err != nil {
		return fmt.Errorf("%d records failed, first: %w", acked.errs.Load(), err)
	}
	if n != int64(o.records) {
		return fmt.Errorf("%d of %d records acknowledged", n, o.records)
	}
	return cerr
}

func runConsume(ctx context.Context, o *options, c client, group bool, res *result.Result) error {
	s := newSink(int64(o.records), nil)
	start := time.Now()
	cons, err := c.newConsumer(o, group)
	if err != nil {
		return err
	}
	cctx, cancel := context.WithCancel(ctx)
	errc := make(chan error, 1)
	go func() { errc <- cons.run(cctx, s) }()
	select {
	case <-s.done:
	case err = <-errc:
		if err == nil {
			err = errors.New("consumer stopped early")
		}
	case <-ctx.Done():
		err = fmt.Errorf("timed out with %d of %d records", s.n.Load(), o.records)
	}
	end := s.doneAt()
	if end.IsZero() {
		end = time.Now()
	}
	res.Seconds = end.Sub(start).Seconds()
	res.Records = min(s.n.Load(), int64(o.records))
	res.Bytes = s.bytes.Load() * res.Records / max(s.n.Load(), 1)
	cancel()
	if err == nil {
		if rerr := <-errc; rerr != nil && !errors.Is(rerr, context.Canceled) {
			err = rerr
		}
	}
	if cerr := cons.close(); err == nil && cerr != nil && !errors.Is(cerr, context.Canceled) {
		err = cerr
	}
	if err == nil && s.n.Load() > int64(o.records) {
		res.Note = fmt.Sprintf("read %d records (some past the target in the last batch)", s.n.Load())
	}
	return err
}

// parseSend checks -send and sets o.txn from "txn:N".
func parseSend(o *options) error {
	switch {
	case o.send == "reuse" || o.send == "app":
		return nil
	case strings.HasPrefix(o.send, "txn:"):
		n, err := strconv.Atoi(strings.TrimPrefix(o.send, "txn:"))
		if err != nil || n <= 0 {
			return fmt.Errorf("-send %q: want txn:N with N > 0 records per transaction", o.send)
		}
		if o.mode != "produce" {
			return fmt.Errorf("-send %q: transactions are for -mode produce only", o.send)
		}
		switch o.client {
		case "kafkawire", "franz", "kafkawire-idem":
		default:
			return fmt.Errorf("-send %q: client %s has no transactional adapter", o.send, o.client)
		}
		if !o.acksAll() || o.defaults {
			return fmt.Errorf("-send %q needs -acks all and no -defaults", o.send)
		}
		o.txn = n
		return nil
	}
	return fmt.Errorf("unknown -send %q", o.send)
}
