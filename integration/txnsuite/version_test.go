package txnsuite

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kafkawire/kafkawire/integration/suitekit"
)

// TestTxnVersionFeature: the broker under test offers the transaction
// version the suite claims to exercise: Kafka 4.x clusters formatted by the
// harness (StorageTool format at the release's default metadata version)
// finalize transaction.version 2 (KIP-890), Kafka 3.9 finalizes none (v1
// only). Without this, "both versions" would rest on an assumption.
func TestTxnVersionFeature(t *testing.T) {
	tc := sharedCluster(t)
	v := tc.Options().Version
	tv := brokerTxnVersion(t, tc.Bootstrap())
	major, _ := strconv.Atoi(strings.SplitN(v, ".", 2)[0])
	switch {
	case major >= 4 && tv < 2:
		t.Errorf("Kafka %s finalizes transaction.version=%d; want 2 (format with --feature transaction.version=2?)", v, tv)
	case major < 4 && tv != 0:
		t.Errorf("Kafka %s finalizes transaction.version=%d; want none (v1 only)", v, tv)
	}
	t.Logf("Kafka %s: finalized transaction.version=%d", v, tv)
}

// txnVersionRE finds the transaction version our producer says (at debug
// level, after InitProducerId) it uses: "producer: transaction version"
// with version=N (beside the broker's finalized_transaction_version=).
var txnVersionRE = regexp.MustCompile(`producer: transaction version\b.* version=(\d+)`)

// assertTxnVersion checks, from the producer's captured logs, that it used
// transaction version 2 if and only if the broker finalized it.
func assertTxnVersion(t testing.TB, brokers []string, logs *suitekit.Capture) {
	t.Helper()
	want := 1
	if brokerTxnVersion(t, brokers) >= 2 {
		want = 2
	}
	for _, l := range logs.Lines() {
		m := txnVersionRE.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		got := m[1]
		if got != strconv.Itoa(want) {
			t.Errorf("producer used transaction version %s, want %d (the broker's): %q", got, want, l)
		} else {
			t.Logf("producer: %s", l)
		}
		return
	}
	t.Errorf("the producer's debug log names no transaction version (want %d); %d log lines", want, len(logs.Lines()))
}
