// sync_produce sends one record and blocks for the broker's acknowledgement
// (the seed's send(...).get(timeout=10)), then prints where it landed. With
// -partitions it first creates the topic with that many partitions (if it
// does not exist yet), so that the later scenarios have partitions to
// spread keys and group members over.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/admin"
	"github.com/kafkawire/kafkawire/producer"
)

func main() {
	brokers := flag.String("brokers", envOr("KAFKA_BROKERS", "127.0.0.1:9092"), "bootstrap brokers, comma-separated")
	topic := flag.String("topic", "seed-demo", "topic")
	partitions := flag.Int("partitions", 0, "create the topic with this many partitions first (0: leave it to the broker's auto-creation)")
	flag.Parse()

	if *partitions > 0 {
		createTopic(strings.Split(*brokers, ","), *topic, int32(*partitions))
	}

	p, err := producer.New(producer.Config{Brokers: strings.Split(*brokers, ",")})
	if err != nil {
		log.Fatal(err)
	}
	defer p.Close(context.Background())

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res, err := p.SendSync(ctx, &kafkawire.Record{Topic: *topic, Key: []byte("key-1"), Value: []byte("hello, kafka"), Partition: -1})
	if err != nil {
		var kerr *kafkawire.Error
		if errors.As(err, &kerr) {
			log.Fatalf("broker refused the record: %s (code %d, retriable %v)", kerr.Name, kerr.Code, kerr.Retriable)
		}
		log.Fatalf("send failed: %v", err)
	}
	fmt.Printf("sent to topic=%s partition=%d offset=%d\n", res.Topic, res.Partition, res.Offset)
}

// createTopic creates topic unless it exists.
func createTopic(brokers []string, topic string, partitions int32) {
	a, err := admin.New(admin.Config{Brokers: brokers})
	if err != nil {
		log.Fatal(err)
	}
	defer a.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err = a.CreateTopics(ctx, admin.TopicSpec{Name: topic, Partitions: partitions})
	switch {
	case errors.Is(err, kafkawire.ErrTopicAlreadyExists):
		fmt.Printf("topic %s exists already\n", topic)
	case err != nil:
		log.Fatalf("creating topic %s: %v", topic, err)
	default:
		fmt.Printf("created topic %s with %d partitions\n", topic, partitions)
	}
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}
