package consumer_test

import (
	"context"
	"fmt"
	"log"
	"maps"
	"slices"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/consumer"
)

// A bad configuration is refused by New, with a message naming the field.
func ExampleNew_invalidConfig() {
	_, err := consumer.New(consumer.Config{Brokers: []string{"127.0.0.1:9092"}, AutoCommit: consumer.Enabled})
	fmt.Println(err)
	_, err = consumer.New(consumer.Config{Brokers: []string{"127.0.0.1:9092"}, MaxPollRecords: -1})
	fmt.Println(err)
	// Output:
	// consumer: Config.AutoCommit is Enabled but Config.GroupID is empty; commits need a group
	// consumer: Config.MaxPollRecords must be in [1, 16777216], got -1
}

// ProcessedOffsets turns the records you processed into the offsets to
// commit: per partition, the offset after the last one.
func ExampleProcessedOffsets() {
	batch := []kafkawire.Record{
		{Topic: "orders", Partition: 0, Offset: 41},
		{Topic: "orders", Partition: 0, Offset: 42},
		{Topic: "orders", Partition: 1, Offset: 7},
	}
	offsets := consumer.ProcessedOffsets(batch)
	tps := slices.SortedFunc(maps.Keys(offsets), func(a, b kafkawire.TopicPartition) int { return int(a.Partition - b.Partition) })
	for _, tp := range tps {
		fmt.Printf("%s/%d: commit %d\n", tp.Topic, tp.Partition, offsets[tp].Offset)
	}
	// Output:
	// orders/0: commit 43
	// orders/1: commit 8
}

// A group member with automatic commits, reading from the earliest offset
// when the group has none, and ending an iteration after one idle second
// (kafka-python's consumer_timeout_ms=1000). Needs a broker.
func ExampleConsumer_Records() {
	c, err := consumer.New(consumer.Config{
		Brokers:         []string{"127.0.0.1:9092"},
		GroupID:         "billing",
		AutoOffsetReset: consumer.ResetEarliest,
		IdleTimeout:     time.Second,
	})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close(context.Background()) // commits what was consumed, leaves the group
	if err := c.Subscribe("orders"); err != nil {
		log.Fatal(err)
	}
	for rec, err := range c.Records(context.Background()) {
		if err != nil {
			log.Print(err) // transient ones: iteration goes on
			continue
		}
		fmt.Printf("%s:%d:%d: key=%s value=%s\n", rec.Topic, rec.Partition, rec.Offset, rec.Key, rec.Value)
	}
}

// At-least-once with manual commits: process a batch, then commit exactly
// what was processed, asynchronously. Needs a broker.
func ExampleConsumer_CommitOffsetsAsync() {
	c, err := consumer.New(consumer.Config{
		Brokers:    []string{"127.0.0.1:9092"},
		GroupID:    "billing",
		AutoCommit: consumer.Disabled, // kafka-python: enable_auto_commit=False
	})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close(context.Background())
	if err := c.Subscribe("orders"); err != nil {
		log.Fatal(err)
	}
	var batch []kafkawire.Record
	for rec, err := range c.Records(context.Background()) {
		if err != nil {
			log.Print(err)
			continue
		}
		batch = append(batch, rec)
		if len(batch) >= 10 {
			// process(batch) ...
			c.CommitOffsetsAsync(consumer.ProcessedOffsets(batch), func(_ map[kafkawire.TopicPartition]kafkawire.Offset, err error) {
				if err != nil {
					log.Printf("commit failed; the batch will be read again: %v", err)
				}
			})
			batch = batch[:0]
		}
	}
}

// Direct assignment: no group, you choose the partitions and where to
// start. Needs a broker.
func ExampleConsumer_Assign() {
	c, err := consumer.New(consumer.Config{Brokers: []string{"127.0.0.1:9092"}})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close(context.Background())
	tp := kafkawire.TopicPartition{Topic: "orders", Partition: 0}
	if err := c.Assign(tp); err != nil {
		log.Fatal(err)
	}
	if err := c.Seek(tp, 1000); err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	recs, err := c.Poll(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(recs), "records; next offset", c.Position(tp))
}
