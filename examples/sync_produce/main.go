// sync_produce sends one record and blocks for the broker's acknowledgement
// (the seed's send(...).get(timeout=10)), then prints where it landed.
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
	"github.com/kafkawire/kafkawire/producer"
)

func main() {
	brokers := flag.String("brokers", envOr("KAFKA_BROKERS", "127.0.0.1:9092"), "bootstrap brokers, comma-separated")
	topic := flag.String("topic", "seed-demo", "topic")
	flag.Parse()

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

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}
