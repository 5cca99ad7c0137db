package securitysuite

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/admin"
	"github.com/kafkawire/kafkawire/integration"
	"github.com/kafkawire/kafkawire/integration/javatool"
	"github.com/kafkawire/kafkawire/integration/suitekit"
	"github.com/kafkawire/kafkawire/producer"
)

// kwSecure is the Java consumer (java/KwSecure.java), compiled once per
// test binary against the jars of the Kafka version under test.
var kwSecure = javatool.New("KwSecure", filepath.Join("java", "KwSecure.java"))

// volumeRecords is the size of the 3-broker SASL_SSL volume test;
// KAFKAWIRE_SECURE_VOLUME overrides it.
const volumeRecords = 200_000

// TestVolumeSASLSSLThreeBrokers: 200k records (acks=all, idempotent, 6
// partitions at replication 3) over SASL_SSL with SCRAM-SHA-512 to a
// three-broker cluster; Apache Kafka's Java consumer, over SASL_SSL too
// (PEM truststore), reads back exactly that many, all distinct.
func TestVolumeSASLSSLThreeBrokers(t *testing.T) {
	n := volumeRecords
	if v, err := strconv.Atoi(os.Getenv("KAFKAWIRE_SECURE_VOLUME")); err == nil && v > 0 {
		n = v
	}
	tc := integration.Start(t, integration.Options{Brokers: 3, Secure: true})
	kwSecure.Compile(t, tc)
	sec := tc.Security()
	e := findEndpoint(t, tc, "SASL_SSL/SCRAM-SHA-512")
	topic := suitekit.CreateTopic(t, tc.Bootstrap(), admin.TopicSpec{Name: suite.Uniq("volume"), Partitions: 6, ReplicationFactor: 3})
	p := newProducer(t, tc, e, producer.Config{Acks: producer.AcksAll, Idempotence: producer.Enabled})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	var acked, failed atomic.Int64
	var firstErr atomic.Pointer[error]
	start := time.Now()
	rec := kafkawire.Record{Topic: topic}
	for i := range n {
		rec.Key = fmt.Appendf(rec.Key[:0], "key-%d", i%1000)
		rec.Value = fmt.Appendf(rec.Value[:0], "value-%08d", i)
		if err := p.SendFunc(ctx, &rec, func(_ producer.Result, err error) {
			if err != nil {
				failed.Add(1)
				firstErr.CompareAndSwap(nil, &err)
				return
			}
			acked.Add(1)
		}); err != nil {
			t.Fatalf("SendFunc %d: %v", i, err)
		}
	}
	if err := p.Flush(ctx); err != nil {
		t.Fatalf("Flush: %v", err)
	}
	took := time.Since(start)
	if e := firstErr.Load(); e != nil {
		t.Fatalf("%d records failed; first: %v", failed.Load(), *e)
	}
	if acked.Load() != int64(n) {
		t.Fatalf("acked %d of %d", acked.Load(), n)
	}

	props := fmt.Sprintf("security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n"+
		"sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"%s\" password=\"%s\";\n"+
		"ssl.truststore.type=PEM\nssl.truststore.location=%s\n", sec.User, sec.Password, sec.CAFile)
	propsFile := filepath.Join(t.TempDir(), "client.properties")
	if err := os.WriteFile(propsFile, []byte(props), 0o600); err != nil {
		t.Fatal(err)
	}
	jstart := time.Now()
	stdout := suitekit.RunJava(t, kwSecure, tc, 512, 3*time.Minute, "consume", propsFile, strings.Join(e.brokers(tc), ","), "150000", topic)
	got := strings.TrimSpace(stdout)
	t.Logf("VOLUME listener=SASL_SSL mech=SCRAM-SHA-512 brokers=3 records=%d produce_secs=%.1f rate=%.0f/s java_read=%q java_secs=%.1f",
		n, took.Seconds(), float64(n)/took.Seconds(), got, time.Since(jstart).Seconds())
	if want := fmt.Sprintf("records=%d distinct=%d", n, n); got != want {
		t.Fatalf("the Java consumer read %q, want %q", got, want)
	}
}
