// consume_auto_commit joins a consumer group and prints every record as
// topic:partition:offset: key=... value=..., committing positions
// automatically; iteration ends after 1 s without records
// (consumer_timeout_ms=1000), as in the seed. At the end it prints the
// positions the group committed: run it again with the same group and it
// reads only what was written since.
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
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/consumer"
	"github.com/kafkawire/kafkawire/group"
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
	// An iteration ends after one second without records (the idle time
	// counts once the group has given this consumer its partitions, so
	// joining does not use it up). As in the seed, iterate again; stop when
	// an iteration brings nothing new.
	for round := 1; ctx.Err() == nil; round++ {
		got := 0
		for rec, err := range c.Records(ctx) {
			if err != nil {
				log.Printf("poll: %v", err)
				continue
			}
			got++
			fmt.Printf("%s:%d:%d: key=%s value=%s\n", rec.Topic, rec.Partition, rec.Offset, rec.Key, rec.Value)
		}
		fmt.Printf("iteration %d: %d records, then 1 s without any (consumer_timeout_ms)\n", round, got)
		n += got
		if got == 0 {
			break
		}
	}
	fmt.Printf("consumed %d records\n", n)
	assigned := c.Assignment()
	if err := c.Close(context.Background()); err != nil { // commits the final positions
		log.Fatal(err)
	}
	printCommitted(strings.Split(*brokers, ","), *groupID, assigned)
}

// printCommitted prints the group's committed offsets: where a member of
// the group will start reading next.
func printCommitted(brokers []string, groupID string, tps []kafkawire.TopicPartition) {
	cl, err := conn.NewCluster(conn.ClusterConfig{Bootstrap: brokers})
	if err != nil {
		log.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	offsets, err := group.FetchOffsets(ctx, cl, groupID, tps)
	if err != nil {
		log.Fatalf("reading the group's commits: %v", err)
	}
	slices.SortFunc(tps, func(a, b kafkawire.TopicPartition) int { return int(a.Partition - b.Partition) })
	var parts []string
	for _, tp := range tps {
		if o, ok := offsets[tp]; ok {
			parts = append(parts, fmt.Sprintf("partition %d at offset %d", tp.Partition, o.Offset))
		}
	}
	fmt.Printf("group %s committed (auto commit, and on Close): %s\n", groupID, strings.Join(parts, ", "))
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}
