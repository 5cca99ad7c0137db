package producer_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/producer"
)

// A bad configuration is refused by New, with a message naming the field;
// nothing is dialed until the first send.
func ExampleNew_invalidConfig() {
	_, err := producer.New(producer.Config{Brokers: []string{"127.0.0.1:9092"}, Acks: producer.AcksLeader, Idempotence: producer.Enabled})
	fmt.Println(err)
	_, err = producer.New(producer.Config{})
	fmt.Println(err)
	// Output:
	// producer: Config.Idempotence is Enabled but Config.Acks is 1; idempotence needs AcksAll
	// producer: Config.Brokers must list at least one host:port
}

// Records with the same key always land in the same partition: the
// default partitioner hashes keys with murmur2 as the Java client (and
// kafka-python, and librdkafka's murmur2 partitioners) do, so all of them
// agree on where a key goes.
func ExampleKeyPartition() {
	fmt.Println(producer.KeyPartition([]byte("customer-42"), 6))
	fmt.Println(producer.KeyPartition([]byte("customer-42"), 6))
	// Output:
	// 3
	// 3
}

// A serializer turns application values into bytes once, where the
// producer is built (kafka-python's value_serializer).
func ExampleJSON() {
	type order struct {
		ID    int     `json:"id"`
		Total float64 `json:"total"`
	}
	b, err := producer.JSON[order]()(order{ID: 7, Total: 12.5})
	fmt.Println(string(b), err)
	// Output: {"id":7,"total":12.5} <nil>
}

// Synchronous send: block for the broker's acknowledgement, with a
// timeout (kafka-python's send(...).get(timeout=10)). Needs a broker.
func ExampleProducer_SendSync() {
	p, err := producer.New(producer.Config{Brokers: []string{"127.0.0.1:9092"}})
	if err != nil {
		log.Fatal(err)
	}
	defer p.Close(context.Background())

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res, err := p.SendSync(ctx, &kafkawire.Record{Topic: "events", Key: []byte("k"), Value: []byte("v")})
	if err != nil {
		var kerr *kafkawire.Error
		if errors.As(err, &kerr) {
			log.Fatalf("broker refused the record: %s (retriable %v)", kerr.Name, kerr.Retriable)
		}
		log.Fatal(err)
	}
	fmt.Println(res.Topic, res.Partition, res.Offset)
}

// Asynchronous, batched send: records wait in their partition's batch
// until it holds BatchSize bytes or has waited Linger; Flush sends what is
// left and waits for every outcome. Needs a broker.
func ExampleProducer_SendFunc() {
	p, err := producer.New(producer.Config{
		Brokers:   []string{"127.0.0.1:9092"},
		Linger:    100 * time.Millisecond, // kafka-python: linger_ms=100
		BatchSize: 16384,                  // kafka-python: batch_size=16384
	})
	if err != nil {
		log.Fatal(err)
	}
	defer p.Close(context.Background())

	ctx := context.Background()
	for i := range 100 {
		rec := &kafkawire.Record{Topic: "events", Value: fmt.Appendf(nil, "event %d", i)}
		err := p.SendFunc(ctx, rec, func(r producer.Result, err error) {
			if err != nil {
				log.Printf("record %d failed: %v", i, err)
			}
		})
		if err != nil {
			log.Fatal(err) // refused before it was buffered (closed producer, record too large...)
		}
	}
	if err := p.Flush(ctx); err != nil {
		log.Fatal(err)
	}
}

// Typed sends: keys and values go through serializers given once. Needs a
// broker.
func ExampleNewTyped() {
	type order struct {
		ID int `json:"id"`
	}
	p, err := producer.New(producer.Config{Brokers: []string{"127.0.0.1:9092"}})
	if err != nil {
		log.Fatal(err)
	}
	defer p.Close(context.Background())
	orders, err := producer.NewTyped(p, producer.String(), producer.JSON[order]())
	if err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := orders.SendSync(ctx, "orders", "customer-42", order{ID: 7}); err != nil {
		log.Fatal(err)
	}
}
