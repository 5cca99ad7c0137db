package kafkawire

import "time"

// Header is one record header. Keys are strings as in every Kafka client;
// a nil Value is a null header value.
type Header struct {
	Key   string
	Value []byte
}

// Record is one Kafka record, as produced or as fetched.
//
// On produce, Topic, Key, Value, Headers and optionally Timestamp are read;
// the producer copies Key, Value and Headers into its batch, so the caller
// may reuse them once Send returns. Partition is read only by
// producer.ManualPartitioner (and custom partitioners): since 0 is both the
// zero value and a real partition, the default partitioner never reads it.
// On fetch, every field is filled in.
type Record struct {
	Topic     string
	Partition int32
	Offset    int64
	Key       []byte
	Value     []byte
	Headers   []Header
	// Timestamp is the record's create time, or the broker's log-append time
	// when the topic is configured with it.
	Timestamp time.Time
	// LeaderEpoch is the leader epoch of the batch the record came from
	// (-1 when unknown).
	LeaderEpoch int32
}

// TopicPartition names one partition of a topic.
type TopicPartition struct {
	Topic     string
	Partition int32
}
