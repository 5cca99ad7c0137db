// consume_manual_commit processes records in batches of more than 10 and
// commits asynchronously after each batch: at-least-once delivery, as in the
// seed. A crash between processing and commit redelivers the batch; nothing
// is lost. It prints each commit as the broker confirms it.
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

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/consumer"
)

func main() {
	brokers := flag.String("brokers", envOr("KAFKA_BROKERS", "127.0.0.1:9092"), "bootstrap brokers, comma-separated")
	topic := flag.String("topic", "seed-demo", "topic")
	groupID := flag.String("group", "seed-demo-manual", "consumer group")
	printRecords := flag.Bool("records", true, "print every record (else only the commits)")
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
			if *printRecords {
				fmt.Printf("%s:%d:%d: key=%s value=%s\n", r.Topic, r.Partition, r.Offset, r.Key, r.Value)
			}
		}
		total += len(batch)
		// Commit exactly what was processed: Poll may have returned more.
		n := len(batch)
		c.CommitOffsetsAsync(consumer.ProcessedOffsets(batch), func(offsets map[kafkawire.TopicPartition]kafkawire.Offset, err error) {
			if err != nil {
				log.Printf("commit failed (the batch will be redelivered): %v", err)
				return
			}
			fmt.Printf("processed %d records, committed: %s\n", n, describe(offsets))
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
	if err := c.Close(context.Background()); err != nil { // waits for the commits under way
		log.Fatal(err)
	}
	fmt.Printf("processed %d records\n", total)
}

// describe lists committed offsets by partition: the next offset to read.
func describe(offsets map[kafkawire.TopicPartition]kafkawire.Offset) string {
	var parts []string
	for tp, o := range offsets {
		parts = append(parts, fmt.Sprintf("partition %d up to offset %d", tp.Partition, o.Offset))
	}
	slices.Sort(parts)
	return strings.Join(parts, ", ")
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}
