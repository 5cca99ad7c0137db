// Package kafkawire is the shared vocabulary of the kafkawire Kafka client:
// records, headers, topic-partitions and the typed Kafka error. It holds plain
// types only: no I/O and no goroutines, so every layer (protocol, conn,
// producer, consumer, group) can import it.
package kafkawire
