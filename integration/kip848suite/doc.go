// Package kip848suite tests kafkawire's KIP-848 consumer group protocol
// (consumer.GroupProtocolConsumer and GroupProtocolAuto) against live
// Apache Kafka brokers: $KAFKA_VERSION (default 4.1.1; run it with 4.4.0
// too), plus a 3.9.1 broker of its own for auto's fallback to classic.
//
// The shared broker runs the consumer protocol with a 6 s session and 1 s
// heartbeats (group.consumer.* and their minimums), the timings the
// classic members of the same tests use, so that the two protocols'
// measurements compare. Members run as processes of their own (this test
// binary re-executed, see memberMain; or java/Kw848.java, Apache Kafka's
// KafkaConsumer) so that a test can SIGKILL one. Lines starting MEASURE
// are the measurements the README quotes.
package kip848suite
