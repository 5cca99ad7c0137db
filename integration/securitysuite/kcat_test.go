package securitysuite

import (
	"context"
	"fmt"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/consumer"
	"github.com/kafkawire/kafkawire/integration"
	"github.com/kafkawire/kafkawire/integration/suitekit"
	"github.com/kafkawire/kafkawire/producer"
)

// kcatMechanism is the SASL mechanism kcat uses: SCRAM-SHA-512, unless its
// librdkafka predates 2.6.1 and the broker is Kafka 4.x. Those librdkafka
// versions repeat the client nonce in the SCRAM client-final message, which
// Kafka 4.x rejects ("invalid credentials", confluentinc/librdkafka#4895;
// Debian 12 ships 2.0.2): PLAIN then.
func kcatMechanism(t *testing.T, kcat string, tc *integration.TestCluster) string {
	out, _ := exec.Command(kcat, "-V").CombinedOutput()
	m := regexp.MustCompile(`librdkafka (\d+)\.(\d+)\.(\d+)`).FindStringSubmatch(string(out))
	if m == nil {
		return "SCRAM-SHA-512"
	}
	v := [3]int{}
	for i := range v {
		v[i], _ = strconv.Atoi(m[i+1])
	}
	oldRdkafka := v[0] < 2 || v[0] == 2 && (v[1] < 6 || v[1] == 6 && v[2] < 1)
	if oldRdkafka && !strings.HasPrefix(tc.Options().Version, "3.") {
		t.Logf("kcat: librdkafka %s.%s.%s fails SCRAM against Kafka %s (fixed in librdkafka 2.6.1): using PLAIN", m[1], m[2], m[3], tc.Options().Version)
		return "PLAIN"
	}
	return "SCRAM-SHA-512"
}

// TestKcatSASLSSL: librdkafka (kcat) on the SASL_SSL listener reads exactly
// what our producer wrote there, and our group consumer reads exactly what
// kcat wrote.
func TestKcatSASLSSL(t *testing.T) {
	t.Parallel()
	kcat := suitekit.Kcat(t, "needed for the librdkafka interop test")
	tc := sharedCluster(t)
	sec := tc.Security()
	mech := kcatMechanism(t, kcat, tc)
	e := findEndpoint(t, tc, "SASL_SSL/"+mech)
	kargs := func(args ...string) []string {
		return append([]string{"-b", strings.Join(e.brokers(tc), ","),
			"-X", "security.protocol=SASL_SSL", "-X", "sasl.mechanisms=" + mech,
			"-X", "sasl.username=" + sec.User, "-X", "sasl.password=" + sec.Password,
			"-X", "ssl.ca.location=" + sec.CAFile}, args...)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	const n = 300
	var want []string
	for i := range n {
		want = append(want, fmt.Sprintf("key-%d\tvalue-%d-%s", i, i, strings.Repeat("xyz", i%30)))
	}

	// Ours -> kcat.
	topic := suite.NewTopic(t, tc.Bootstrap(), "kcat-in", 1)
	p := newProducer(t, tc, e, producer.Config{})
	for _, line := range want {
		k, v, _ := strings.Cut(line, "\t")
		if err := p.SendFunc(ctx, &kafkawire.Record{Topic: topic, Key: []byte(k), Value: []byte(v)}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	out, err := exec.CommandContext(ctx, kcat, kargs("-C", "-t", topic, "-p", "0", "-o", "beginning", "-e", "-q", "-f", `%k\t%s\n`)...).CombinedOutput()
	if err != nil {
		t.Fatalf("kcat -C: %v\n%s", err, out)
	}
	if got := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n"); !slices.Equal(got, want) {
		t.Fatalf("kcat read %d records, we wrote %d; first lines: %q", len(got), n, suitekit.First(got, 3))
	}

	// kcat -> ours.
	topic2 := suite.NewTopic(t, tc.Bootstrap(), "kcat-out", 1)
	cmd := exec.CommandContext(ctx, kcat, kargs("-P", "-t", topic2, "-p", "0", "-K", "\t")...)
	cmd.Stdin = strings.NewReader(strings.Join(want, "\n") + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("kcat -P: %v\n%s", err, out)
	}
	c := newConsumer(t, tc, e, consumer.Config{GroupID: topic2 + "-g", AutoOffsetReset: consumer.ResetEarliest})
	if err := c.Subscribe(topic2); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range suitekit.PollN(ctx, t, c, n, "Poll") {
		got = append(got, string(r.Key)+"\t"+string(r.Value))
	}
	if !slices.Equal(got, want) {
		t.Fatalf("we read %d records, kcat wrote %d; first lines: %q", len(got), n, suitekit.First(got, 3))
	}
	t.Logf("KCAT listener=SASL_SSL mech=%s records=%d each way, identical", mech, n)
}
