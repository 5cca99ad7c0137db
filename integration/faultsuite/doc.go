// Package faultsuite runs kafkawire's producer and group consumer against a
// real broker reached only through a fault-injecting TCP proxy
// (integration/faultproxy): latency, connection resets, a black hole and
// sliced writes. What the clients did is counted by an independent reader,
// kcat (librdkafka) on the broker's direct listener, never by our own
// consumer's say-so. Each scenario logs one line:
//
//	FAULTCOUNT fault=producer/latency sent=200000 acked=200000 read=200000 lost=0 dup=0 reorder=0 secs=12.3 ...
//
// For the producer, sent counts the records handed to SendFunc, acked those
// acknowledged, read what kcat read (lost: acknowledged but not read; dup:
// read more than once; reorder: out of send order within a partition). For
// the consumer, sent is the pre-produced topic's record count (known from
// kcat), acked the sum of the group's committed offsets at the end, read what
// Poll returned; dup counts redeliveries, all of which must be at or after
// the last successful commit of their partition (below_commit counts those
// that are not).
//
// Everything is in _test.go files:
//
//	cd integration && go test -race -count=1 -v ./faultsuite/ | grep FAULTCOUNT
//
// KAFKAWIRE_FAULT_RECORDS overrides the records per scenario (default 200000).
package faultsuite
