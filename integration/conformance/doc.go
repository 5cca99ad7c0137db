// Package conformance holds no code, only tests: it checks the protocol
// package's codecs against Apache Kafka's own message definitions (the JSON
// in the kafka-clients jars of integration.DefaultVersion and of
// NewestRelease, fetched like a broker's jars and cached) and against the
// golden bodies Kafka's serializers wrote (protocol/testdata/golden).
//
//	cd integration && go test -race -count=1 ./conformance/
package conformance
