package securitysuite

import (
	"context"
	"math/rand/v2"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/integration"
	"github.com/kafkawire/kafkawire/producer"
	"github.com/kafkawire/kafkawire/sasl"
)

// TestMeasureTLSThroughput logs the producer's throughput over SSL against
// PLAINTEXT on the same broker with the same settings (200k records of
// 100 random bytes, no compression, acks=all, idempotent). It checks only
// that both runs succeed: the ratio is for the log.
func TestMeasureTLSThroughput(t *testing.T) {
	tc := sharedCluster(t)
	plain := endpoint{name: "PLAINTEXT", listener: integration.ListenerPlaintext}
	ssl := findEndpoint(t, tc, "SSL")
	const n, size = 200_000, 100
	produce(t, tc, plain, n/10, size) // warm the broker up
	plainRate := produce(t, tc, plain, n, size)
	sslRate := produce(t, tc, ssl, n, size)
	t.Logf("TLSTHROUGHPUT records=%d size=%d plaintext_rps=%.0f ssl_rps=%.0f ratio=%.2f", n, size, plainRate, sslRate, sslRate/plainRate)
}

// produce sends n records of size random bytes through e and returns the
// records per second, Send to the last acknowledgement.
func produce(t *testing.T, tc *integration.TestCluster, e endpoint, n, size int) float64 {
	t.Helper()
	topic := suite.NewTopic(t, tc.Bootstrap(), "rate", 3)
	p := newProducer(t, tc, e, producer.Config{Acks: producer.AcksAll, Compression: producer.CompressionNone})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	val := make([]byte, size)
	for i := range val {
		val[i] = byte(rand.N(256))
	}
	// One record first, so that metadata and connections are not timed.
	if _, err := p.SendSync(ctx, &kafkawire.Record{Topic: topic, Value: val}); err != nil {
		t.Fatal(err)
	}
	var failed atomic.Pointer[error]
	start := time.Now()
	rec := kafkawire.Record{Topic: topic, Value: val}
	for range n {
		if err := p.SendFunc(ctx, &rec, func(_ producer.Result, err error) {
			if err != nil {
				failed.CompareAndSwap(nil, &err)
			}
		}); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if err := failed.Load(); err != nil {
		t.Fatal(*err)
	}
	return float64(n) / time.Since(start).Seconds()
}

// TestMeasureHandshakes logs the median time of conn.Dial (TCP, TLS,
// ApiVersions, SASL) on each listener and mechanism, over 21 dials, and
// its extra cost over a PLAINTEXT dial: the TLS handshake, the SASL
// exchange.
func TestMeasureHandshakes(t *testing.T) {
	tc := sharedCluster(t)
	const dials = 21
	eps := append([]endpoint{{name: "PLAINTEXT", listener: integration.ListenerPlaintext}}, endpoints(t, tc)...)
	var base time.Duration
	for _, e := range eps {
		cfg := conn.ConnConfig{TLS: e.tls, Auth: sasl.Authenticator(e.mech)}
		addr := e.brokers(tc)[0]
		times := make([]time.Duration, 0, dials)
		for range dials {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			start := time.Now()
			c, err := conn.Dial(ctx, addr, -1, cfg)
			took := time.Since(start)
			cancel()
			if err != nil {
				t.Fatalf("%s: %v", e.name, err)
			}
			c.Close()
			times = append(times, took)
		}
		slices.Sort(times)
		med := times[dials/2]
		if base == 0 {
			base = med
		}
		t.Logf("HANDSHAKE endpoint=%s median_ms=%.2f p90_ms=%.2f extra_over_plaintext_ms=%.2f",
			e.name, ms(med), ms(times[dials*9/10]), ms(med-base))
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
