// async_produce sends 100 JSON records without waiting, batched by size or
// by a 3 s linger, whichever comes first, then flushes (the seed's
// asynchronous scenario with value_serializer=json).
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"strings"
	"sync/atomic"
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
	flag.Parse()

	p, err := producer.New(producer.Config{
		Brokers:   strings.Split(*brokers, ","),
		Linger:    3 * time.Second, // linger_ms=3000
		BatchSize: 16384,           // batch_size
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
	var failed atomic.Int32
	futures := make([]*producer.Future, 0, 100)
	for i := 0; i < 100; i++ {
		futures = append(futures, typed.Send(ctx, *topic, fmt.Sprintf("key-%d", i%10), event{ID: i, Note: "async"}))
	}
	fmt.Printf("queued 100 records in %v; flushing\n", time.Since(start).Round(time.Millisecond))
	if err := p.Flush(ctx); err != nil {
		log.Fatal(err)
	}
	for _, f := range futures {
		if _, err := f.Result(); err != nil {
			failed.Add(1)
			log.Printf("record failed: %v", err)
		}
	}
	fmt.Printf("flushed after %v: %d acknowledged, %d failed\n", time.Since(start).Round(time.Millisecond), 100-failed.Load(), failed.Load())
	if err := p.Close(ctx); err != nil {
		log.Fatal(err)
	}
	if failed.Load() > 0 {
		os.Exit(1)
	}
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}
