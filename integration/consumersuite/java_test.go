package consumersuite

import (
	"path/filepath"
	"strconv"
	"testing"

	"github.com/kafkawire/kafkawire/integration"
	"github.com/kafkawire/kafkawire/integration/javatool"
	"github.com/kafkawire/kafkawire/integration/suitekit"
)

// The Java side: java/KwGroup.java, compiled once per test binary against
// the jars of the Kafka version under test.
var kwGroup = javatool.New("KwGroup", filepath.Join("java", "KwGroup.java"))

// startJavaMember runs KwGroup's group member (Java KafkaConsumer, classic
// protocol) with the named assignor class; stop it with proc.Stop.
func startJavaMember(t testing.TB, tc *integration.TestCluster, name, topic, groupID, assignorClass string) *proc {
	t.Helper()
	kwGroup.Compile(t, tc)
	cmd := kwGroup.Command(nil, 256, "group", tc.BootstrapString(), topic, groupID, assignorClass,
		strconv.FormatInt(sessionTimeout.Milliseconds(), 10), strconv.FormatInt(heartbeatInterval.Milliseconds(), 10))
	return startCmd(t, name, cmd)
}

// javaTxProduce runs KwGroup txproduce with the transaction specs
// ("abort:5", "commit:5", ...) and returns what it sent.
func javaTxProduce(t testing.TB, tc *integration.TestCluster, topic string, specs ...string) []suitekit.TxSent {
	t.Helper()
	return suitekit.JavaTxProduce(t, kwGroup, tc, 256, false, append([]string{tc.BootstrapString(), topic, suite.Uniq("tx")}, specs...)...)
}
