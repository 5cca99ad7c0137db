// async_produce sends 100 JSON records without waiting for each one: the
// producer groups them into a batch per partition and sends a batch when it
// holds batch_size bytes or has waited linger_ms (3 s here), whichever comes
// first; flush() sends what is left at once and waits for every
// acknowledgement (the seed's asynchronous scenario, with a JSON
// value_serializer). It prints when the batches went out, so you can see
// linger hold them, and which partition each key went to.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/kafkawire/kafkawire/producer"
)

type event struct {
	ID   int    `json:"id"`
	Note string `json:"note"`
}

func main() {
	brokers := flag.String("brokers", envOr("KAFKA_BROKERS", "127.0.0.1:9092"), "bootstrap brokers, comma-separated")
	topic := flag.String("topic", "seed-demo", "topic")
	linger := flag.Duration("linger", 3*time.Second, "how long a batch waits for more records (linger_ms)")
	flag.Parse()

	p, err := producer.New(producer.Config{
		Brokers:   strings.Split(*brokers, ","),
		Linger:    *linger, // linger_ms=3000
		BatchSize: 16384,   // batch_size
	})
	if err != nil {
		log.Fatal(err)
	}
	typed, err := producer.NewTyped(p, producer.String(), producer.JSON[event]())
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	start := time.Now()
	since := func() time.Duration { return time.Since(start).Round(time.Millisecond) }

	type sent struct {
		key string
		f   *producer.Future
	}
	send := func(from, to int) []sent {
		var out []sent
		for i := from; i < to; i++ {
			key := fmt.Sprintf("key-%d", i%10)
			out = append(out, sent{key, typed.Send(ctx, *topic, key, event{ID: i, Note: "async"})})
		}
		return out
	}
	partitionsOf := map[string][]int32{} // key -> the partitions its records went to
	waitAll := func(recs []sent) (failed int) {
		for _, r := range recs {
			res, err := r.f.Wait(ctx)
			if err != nil {
				failed++
				log.Printf("record failed: %v", err)
				continue
			}
			if !slices.Contains(partitionsOf[r.key], res.Partition) {
				partitionsOf[r.key] = append(partitionsOf[r.key], res.Partition)
			}
		}
		return failed
	}

	// The first 50 records: nothing forces their batches out, so they wait
	// for the linger.
	first := send(0, 50)
	fmt.Printf("t=%v: queued records 0-49 without waiting (the producer holds them in batches)\n", since())
	failed := waitAll(first)
	fmt.Printf("t=%v: records 0-49 acknowledged: their batches went out when the %v linger ran out\n", since(), *linger)

	// The next 50, then flush: Flush sends them at once instead of waiting.
	mark := time.Now()
	rest := send(50, 100)
	fmt.Printf("t=%v: queued records 50-99, calling Flush\n", since())
	if err := p.Flush(ctx); err != nil {
		log.Fatal(err)
	}
	failed += waitAll(rest)
	fmt.Printf("t=%v: Flush returned after %v: records 50-99 acknowledged without waiting for the linger\n",
		since(), time.Since(mark).Round(time.Millisecond))

	if err := p.Close(ctx); err != nil {
		log.Fatal(err)
	}
	var keys []string
	for k, ps := range partitionsOf {
		keys = append(keys, fmt.Sprintf("%s->%v", k, ps))
	}
	slices.Sort(keys)
	fmt.Printf("each key went to one partition (the key's hash picks it): %s\n", strings.Join(keys, " "))
	fmt.Printf("%d acknowledged, %d failed\n", 100-failed, failed)
	if failed > 0 {
		os.Exit(1)
	}
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}
