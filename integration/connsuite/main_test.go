// Package connsuite runs the conn, admin and producer packages against live
// Apache Kafka brokers (integration harness): version negotiation, topic
// lifecycle on one and three brokers, broker restarts and crashes, many
// concurrent requests on one connection, cancellation, and a live
// round-trip benchmark.
//
//	cd integration && go test -race -count=1 ./connsuite/
//	cd integration && go test -run '^$' -bench RoundTripLive -count=1 ./connsuite/
package connsuite

import (
	"testing"

	"github.com/kafkawire/kafkawire/integration/suitekit"
)

func TestMain(m *testing.M) { suitekit.Run(m) }
