// consume_auto_commit joins a consumer group and prints every record as
// topic:partition:offset: key=... value=..., committing positions
// automatically; iteration ends after 1 s without records
// (consumer_timeout_ms=1000), as in the seed.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	"github.com/kafkawire/kafkawire/consumer"
)

func main() {
	brokers := flag.String("brokers", envOr("KAFKA_BROKERS", "127.0.0.1:9092"), "bootstrap brokers, comma-separated")
	topic := flag.String("topic", "seed-demo", "topic")
	groupID := flag.String("group", "seed-demo-auto", "consumer group")
	earliest := flag.Bool("earliest", true, "start at the earliest offset when the group has no commit (auto_offset_reset)")
	flag.Parse()

	reset := consumer.ResetLatest
	if *earliest {
		reset = consumer.ResetEarliest
	}
	c, err := consumer.New(consumer.Config{
		Brokers:         strings.Split(*brokers, ","),
		GroupID:         *groupID,
		AutoOffsetReset: reset,
		IdleTimeout:     time.Second, // consumer_timeout_ms=1000
	})
	if err != nil {
		log.Fatal(err)
	}
	if err := c.Subscribe(*topic); err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	n := 0
	// The first iteration waits for the group to form; later ones end after
	// one idle second, as consumer_timeout_ms does.
	for round := 0; round < 20 && (n == 0 || round < 2); round++ {
		for rec, err := range c.Records(ctx) {
			if err != nil {
				log.Printf("poll: %v", err)
				continue
			}
			n++
			fmt.Printf("%s:%d:%d: key=%s value=%s\n", rec.Topic, rec.Partition, rec.Offset, rec.Key, rec.Value)
		}
	}
	fmt.Printf("consumed %d records\n", n)
	if err := c.Close(context.Background()); err != nil {
		log.Fatal(err)
	}
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}
