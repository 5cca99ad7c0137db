// Package conformance holds no code, only tests: it checks the protocol
// package's codecs against Apache Kafka's own message definitions (the JSON
// in the kafka-clients jar of integration.DefaultVersion) and against the
// golden bodies Kafka's serializers wrote (protocol/testdata/golden).
//
//	cd integration && go test -race -count=1 ./conformance/
package conformance
