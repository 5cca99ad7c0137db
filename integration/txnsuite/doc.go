// Package txnsuite holds the live-broker acceptance tests of kafkawire's
// transactions (issue 13): interop both ways with Apache Kafka's Java
// clients (our transactional producer read by Java's read_committed
// consumer, Java's transactional producer read by ours), exactly-once
// consume-transform-produce under kill -9 (one node, and three nodes with
// the transaction coordinator killed once), zombie fencing, the broker's
// abort of a timed-out transaction, and which transaction version
// (KIP-890 v2 on Kafka 4.x, v1 on 3.9.x) the producer used.
//
// Everything is in _test.go files, except two helpers: cmd/eosproc, the
// consume-transform-produce process (built by the tests with go build) that
// the tests SIGKILL and restart, and java/KwTxn.java, compiled at test time
// against the harness's Kafka jars.
//
//	cd integration && go test -race -count=1 -p 1 ./txnsuite/
//	cd integration && KAFKA_VERSION=3.9.1 go test -race -count=1 -p 1 ./txnsuite/
//
// KAFKAWIRE_DEBUG=1 sends the clients' debug logs to stderr.
// KAFKAWIRE_EOS_RECORDS sets the exactly-once tests' input record count
// (default 100000); KAFKAWIRE_EOS_SEED fixes their random kill points;
// KAFKAWIRE_EOS_LOGDIR keeps every eosproc run's stderr in a file there;
// KAFKAWIRE_EOS_TIMEOUT (a Go duration) replaces their time limit.
package txnsuite
