package sasl_test

import (
	"context"
	"log"
	"os"

	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/consumer"
	"github.com/kafkawire/kafkawire/producer"
	"github.com/kafkawire/kafkawire/sasl"
)

// SCRAM over TLS: Java's security.protocol=SASL_SSL,
// sasl.mechanism=SCRAM-SHA-512, ssl.truststore.location; librdkafka's
// security.protocol=sasl_ssl, sasl.mechanisms=SCRAM-SHA-512,
// sasl.username, sasl.password, ssl.ca.location.
func ExampleScram() {
	tlsCfg, err := conn.TLSFiles("/etc/kafka/ca.pem", "", "")
	if err != nil {
		log.Fatal(err)
	}
	p, err := producer.New(producer.Config{
		Brokers: []string{"kafka-1.example.com:9093"},
		TLS:     tlsCfg,
		SASL:    sasl.Scram{Hash: sasl.SHA512, User: "alice", Password: os.Getenv("KAFKA_PASSWORD")},
	})
	if err != nil {
		log.Fatal(err)
	}
	defer p.Close(context.Background())
}

// PLAIN (send it over TLS only): Java's sasl.mechanism=PLAIN with
// PlainLoginModule in sasl.jaas.config; librdkafka's sasl.mechanisms=PLAIN.
func ExamplePlain() {
	tlsCfg, err := conn.TLSFiles("", "", "") // the system's roots
	if err != nil {
		log.Fatal(err)
	}
	c, err := consumer.New(consumer.Config{
		Brokers: []string{"broker.example.com:9092"},
		GroupID: "billing",
		TLS:     tlsCfg,
		SASL:    sasl.Plain{User: "api-key", Password: os.Getenv("KAFKA_API_SECRET")},
	})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close(context.Background())
}

// OAUTHBEARER: Token is called for every connection and re-authentication,
// so it can hand out refreshed tokens. Java: sasl.mechanism=OAUTHBEARER
// with sasl.login.callback.handler.class; librdkafka:
// sasl.mechanisms=OAUTHBEARER with an oauthbearer token refresh callback.
func ExampleOAuthBearer() {
	m := sasl.OAuthBearer{Token: func(ctx context.Context) (sasl.Token, error) {
		tok, err := os.ReadFile("/var/run/secrets/kafka-token") // refreshed by a sidecar
		return sasl.Token{Value: string(tok), Extensions: map[string]string{"logicalCluster": "lkc-1"}}, err
	}}
	tlsCfg, err := conn.TLSFiles("/etc/kafka/ca.pem", "", "")
	if err != nil {
		log.Fatal(err)
	}
	p, err := producer.New(producer.Config{Brokers: []string{"kafka.example.com:9093"}, TLS: tlsCfg, SASL: m})
	if err != nil {
		log.Fatal(err)
	}
	defer p.Close(context.Background())
}

// Mutual TLS (no SASL): Java's security.protocol=SSL with
// ssl.keystore.location; librdkafka's ssl.certificate.location and
// ssl.key.location.
func Example_mutualTLS() {
	tlsCfg, err := conn.TLSFiles("/etc/kafka/ca.pem", "/etc/kafka/client.pem", "/etc/kafka/client.key")
	if err != nil {
		log.Fatal(err)
	}
	p, err := producer.New(producer.Config{Brokers: []string{"kafka.example.com:9094"}, TLS: tlsCfg})
	if err != nil {
		log.Fatal(err)
	}
	defer p.Close(context.Background())
}
