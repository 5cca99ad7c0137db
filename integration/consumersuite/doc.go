// Package consumersuite holds the live-broker acceptance tests of
// kafkawire's consumer and consumer groups: partition split and handover
// (graceful Close and a SIGKILLed member), manual commits across a crash,
// mixed groups with Apache Kafka's Java consumer (range and
// cooperative-sticky), cooperative scale-out, read_committed against a
// Java transactional producer, offset reset policies, Seek / Pause /
// Resume / direct mode and the Records iterator, and a consume benchmark.
//
// Everything is in _test.go files, except two helpers: cmd/memberproc, a
// group member run as a separate process (built by the tests with go
// build) so that it can be SIGKILLed, and java/KwGroup.java, compiled at
// test time against the harness's Kafka jars.
//
//	cd integration && go test -race -count=1 ./consumersuite/
//	cd integration && go test -run '^$' -bench Consume100B ./consumersuite/
//
// KAFKAWIRE_DEBUG=1 sends the clients' debug logs to stderr.
// KAFKAWIRE_CONSUMER_BENCH_RECORDS sets the benchmark's pre-filled record
// count (default 200000).
package consumersuite
