// consume_manual_commit processes records in batches of more than 10 and
// commits asynchronously after each batch: at-least-once delivery, as in the
// seed. A crash between processing and commit redelivers the batch; nothing
// is lost.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/consumer"
)

func main() {
	brokers := flag.String("brokers", envOr("KAFKA_BROKERS", "127.0.0.1:9092"), "bootstrap brokers, comma-separated")
	topic := flag.String("topic", "seed-demo", "topic")
	groupID := flag.String("group", "seed-demo-manual", "consumer group")
	flag.Parse()

	c, err := consumer.New(consumer.Config{
		Brokers:         strings.Split(*brokers, ","),
		GroupID:         *groupID,
		AutoCommit:      consumer.Disabled, // enable_auto_commit=False
		AutoOffsetReset: consumer.ResetEarliest,
		IdleTimeout:     3 * time.Second,
	})
	if err != nil {
		log.Fatal(err)
	}
	if err := c.Subscribe(*topic); err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var batch []kafkawire.Record
	total := 0
	process := func() {
		for _, r := range batch {
			fmt.Printf("%s:%d:%d: key=%s value=%s\n", r.Topic, r.Partition, r.Offset, r.Key, r.Value)
		}
		total += len(batch)
		// Commit exactly what was processed: Poll may have returned more.
		c.CommitOffsetsAsync(consumer.ProcessedOffsets(batch), func(_ map[kafkawire.TopicPartition]kafkawire.Offset, err error) {
			if err != nil {
				log.Printf("commit failed (the batch will be redelivered): %v", err)
			}
		})
		batch = batch[:0]
	}
	for rec, err := range c.Records(ctx) {
		if err != nil {
			log.Printf("poll: %v", err)
			continue
		}
		batch = append(batch, rec)
		if len(batch) > 10 {
			process()
		}
	}
	if len(batch) > 0 {
		process()
	}
	fmt.Printf("processed %d records\n", total)
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
