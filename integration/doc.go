// Package integration runs kafkawire against real Apache Kafka brokers.
//
// It gives tests a live cluster in one of three ways (see README.md for the
// order in which they are chosen):
//
//   - a cluster named by KAFKA_BROKERS (host:port,...), used as is;
//   - a single broker in Docker (apache/kafka:<version>) through testcontainers-go,
//     when built with -tags docker and a Docker engine answers;
//   - one KRaft combined-mode node or a three-node cluster on 127.0.0.1, run from
//     the Apache Kafka jars that Maven fetches once into
//     ${KAFKAWIRE_CACHE:-$HOME/.cache/kafkawire}/kafka-<version>/libs.
//
// Tests call Start (a cluster of their own, stopped by t.Cleanup) or Shared (one
// cluster per Options for the whole test binary, stopped by Main in TestMain).
// Brokers started for a test die with the test process, however it ends.
package integration
