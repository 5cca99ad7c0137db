// Package kafkawire is the shared vocabulary of the kafkawire Kafka client:
// records, headers, topic-partitions and the typed Kafka error. It holds plain
// types only: no I/O and no goroutines, so every layer (protocol, conn,
// producer, consumer, group) can import it.
//
// To talk to Kafka, start from one of the client packages:
//
//   - [github.com/kafkawire/kafkawire/producer]: send records (sync, async,
//     with a callback, typed with serializers; idempotent by default;
//     transactions).
//   - [github.com/kafkawire/kafkawire/consumer]: read records in a consumer
//     group (Subscribe) or from partitions you choose (Assign), with
//     automatic or manual offset commits.
//   - [github.com/kafkawire/kafkawire/admin]: create, delete and list topics,
//     look up offsets, describe the cluster.
//   - [github.com/kafkawire/kafkawire/sasl] and
//     [github.com/kafkawire/kafkawire/conn.TLSFiles]: secured clusters.
//
// The examples/ directory of the repository holds whole programs for the
// common scenarios, and docs/migration-kafka-python.md maps kafka-python's
// calls and options to these packages.
package kafkawire
