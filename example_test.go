package kafkawire_test

import (
	"errors"
	"fmt"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
)

// A record as a producer takes it: the producer copies Key, Value and
// Headers, so the slices may be reused once Send returns.
func ExampleRecord() {
	rec := kafkawire.Record{
		Topic:     "orders",
		Key:       []byte("customer-42"),
		Value:     []byte(`{"total": 12.5}`),
		Headers:   []kafkawire.Header{{Key: "source", Value: []byte("web")}},
		Timestamp: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC),
	}
	fmt.Printf("%s key=%s value=%s headers=%d\n", rec.Topic, rec.Key, rec.Value, len(rec.Headers))
	// Output: orders key=customer-42 value={"total": 12.5} headers=1
}

// Broker error codes arrive as *kafkawire.Error: branch with errors.Is on
// the named error, or read the code and whether a retry may help.
func ExampleError() {
	msg := "this server is not the leader for that topic-partition"
	err := fmt.Errorf("producing to orders/3: %w", kafkawire.ErrorWithMessage(6, &msg))

	fmt.Println(errors.Is(err, kafkawire.ErrNotLeaderOrFollower))
	var kerr *kafkawire.Error
	if errors.As(err, &kerr) {
		fmt.Println(kerr.Code, kerr.Name, kerr.Retriable)
	}
	// Output:
	// true
	// 6 NOT_LEADER_OR_FOLLOWER true
}

// TopicPartition is a comparable value: use it as a map key.
func ExampleTopicPartition() {
	counts := map[kafkawire.TopicPartition]int{}
	for _, r := range []kafkawire.Record{{Topic: "t", Partition: 0}, {Topic: "t", Partition: 1}, {Topic: "t", Partition: 0}} {
		counts[kafkawire.TopicPartition{Topic: r.Topic, Partition: r.Partition}]++
	}
	fmt.Println(counts[kafkawire.TopicPartition{Topic: "t", Partition: 0}])
	// Output: 2
}
