package admin_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/kafkawire/kafkawire/admin"
)

// Create a topic and wait for the broker's answer. Needs a broker.
func ExampleClient_CreateTopics() {
	a, err := admin.New(admin.Config{Brokers: []string{"127.0.0.1:9092"}})
	if err != nil {
		log.Fatal(err)
	}
	defer a.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err = a.CreateTopics(ctx, admin.TopicSpec{
		Name:              "orders",
		Partitions:        6,
		ReplicationFactor: 3,
		Configs:           map[string]string{"retention.ms": "604800000"},
	})
	if err != nil {
		log.Fatal(err)
	}
}

// Describe the cluster: its brokers and which one is the controller. Needs
// a broker.
func ExampleClient_DescribeCluster() {
	a, err := admin.New(admin.Config{Brokers: []string{"127.0.0.1:9092"}})
	if err != nil {
		log.Fatal(err)
	}
	defer a.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	info, err := a.DescribeCluster(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%+v\n", info)
}
