// Package producersuite holds the live-broker acceptance tests of
// kafkawire's producer: seed scenarios, volume and per-key order checked by
// Apache Kafka's own Java consumer (also across a broker restart), partition
// agreement and codec interoperability with the Java producer and consumer,
// linger, backpressure, and a throughput benchmark.
//
// Everything is in _test.go files; the Java helper (java/KwTool.java) is
// compiled at test time against the harness's Kafka jars.
//
//	cd integration && go test -race -count=1 ./producersuite/
//	cd integration && go test -run '^$' -bench Produce100B ./producersuite/
//
// KAFKAWIRE_PRODUCER_VOLUME, KAFKAWIRE_PRODUCER_RESTART_VOLUME and
// KAFKAWIRE_PRODUCER_KILL_VOLUME override the record counts of the three
// volume tests (defaults 1,000,000, 1,000,000 and 300,000).
package producersuite
