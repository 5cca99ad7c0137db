// Package securitysuite holds the live-broker tests of kafkawire's TLS,
// mTLS and SASL support, against brokers the harness starts with
// integration.Options.Secure (listeners SSL, MTLS, SASL_PLAINTEXT and
// SASL_SSL; PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 and OAUTHBEARER): every
// client over every listener and mechanism, a three-broker SASL_SSL volume
// test read back by Apache Kafka's Java consumer, kcat (librdkafka) both
// ways, 40 s of produce and consume across re-authentications
// (connections.max.reauth.ms=10000), fast typed failures for bad
// credentials and certificates, and logged figures: TLS throughput against
// PLAINTEXT, handshake costs per listener and mechanism.
//
// Everything is in _test.go files; the Java helper (java/KwSecure.java) is
// compiled at test time against the harness's Kafka jars.
//
//	cd integration && go test -race -count=1 -v ./securitysuite/ | grep -E 'FAILFAST|HANDSHAKE|TLSTHROUGHPUT|REAUTH|VOLUME|KCAT'
//
// KAFKAWIRE_SECURE_VOLUME overrides the volume test's record count (200,000).
package securitysuite
