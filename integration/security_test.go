package integration

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"
)

func TestServerPropertiesSecure(t *testing.T) {
	sec := &Security{CAFile: "/t/ca.pem", BrokerKeystore: "/t/ks.pem", User: "alice", Password: "pw"}
	n := nodeConfig{ID: 1, ClientPort: 1, ControllerPort: 2, SecurePorts: []int{11, 12, 13, 14}, Security: sec,
		Props: map[string]string{"connections.max.reauth.ms": "10000", "broker.session.timeout.ms": "9000"}, DataDir: "/d"}
	p := props(renderServerProperties(n, []nodeConfig{n}))
	for k, v := range map[string]string{
		"listeners":                                                   "PLAINTEXT://127.0.0.1:1,CONTROLLER://127.0.0.1:2,SSL://127.0.0.1:11,MTLS://127.0.0.1:12,SASL_PLAINTEXT://127.0.0.1:13,SASL_SSL://127.0.0.1:14",
		"advertised.listeners":                                        "PLAINTEXT://127.0.0.1:1,SSL://127.0.0.1:11,MTLS://127.0.0.1:12,SASL_PLAINTEXT://127.0.0.1:13,SASL_SSL://127.0.0.1:14",
		"listener.security.protocol.map":                              "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SSL:SSL,MTLS:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL",
		"inter.broker.listener.name":                                  "PLAINTEXT",
		"ssl.keystore.type":                                           "PEM",
		"ssl.keystore.location":                                       "/t/ks.pem",
		"ssl.truststore.location":                                     "/t/ca.pem",
		"listener.name.mtls.ssl.client.auth":                          "required",
		"sasl.enabled.mechanisms":                                     "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512,OAUTHBEARER",
		"listener.name.sasl_ssl.plain.sasl.jaas.config":               `org.apache.kafka.common.security.plain.PlainLoginModule required user_alice="pw";`,
		"listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config": "org.apache.kafka.common.security.scram.ScramLoginModule required;",
		"connections.max.reauth.ms":                                   "10000",
	} {
		if p[k] != v {
			t.Errorf("%s = %q, want %q", k, p[k], v)
		}
	}
	// A BrokerProps line comes after the harness's own, so it wins.
	text := renderServerProperties(n, []nodeConfig{n})
	if strings.LastIndex(text, "broker.session.timeout.ms=9000") < strings.Index(text, "broker.session.timeout.ms=4000") {
		t.Error("BrokerProps do not override the harness's lines")
	}
	if got := scramFormatArgs(sec); strings.Join(got, " ") != "--add-scram SCRAM-SHA-256=[name=alice,password=pw] --add-scram SCRAM-SHA-512=[name=alice,password=pw]" {
		t.Errorf("scram format args: %q", got)
	}
}

func TestSecurityFiles(t *testing.T) {
	sec, err := writeSecurityFiles(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	caPEM, _ := os.ReadFile(sec.CAFile)
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(caPEM) {
		t.Fatal("no CA certificate")
	}
	broker, err := tls.LoadX509KeyPair(sec.BrokerKeystore, sec.BrokerKeystore)
	if err != nil {
		t.Fatalf("broker keystore: %v", err)
	}
	leaf, _ := x509.ParseCertificate(broker.Certificate[0])
	if _, err := leaf.Verify(x509.VerifyOptions{Roots: roots, DNSName: "127.0.0.1"}); err != nil {
		t.Errorf("broker certificate for 127.0.0.1: %v", err)
	}
	client, err := tls.LoadX509KeyPair(sec.CertFile, sec.KeyFile)
	if err != nil {
		t.Fatalf("client certificate: %v", err)
	}
	leaf, _ = x509.ParseCertificate(client.Certificate[0])
	if _, err := leaf.Verify(x509.VerifyOptions{Roots: roots, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}); err != nil {
		t.Errorf("client certificate: %v", err)
	}
	if sec.User == "" || len(sec.Password) < 12 {
		t.Errorf("user %q password %q", sec.User, sec.Password)
	}
}

func TestUnsecuredJWT(t *testing.T) {
	exp := time.Now().Add(-time.Minute).Truncate(time.Second)
	parts := strings.Split(UnsecuredJWT("bob", exp), ".")
	if len(parts) != 3 || parts[2] != "" {
		t.Fatalf("not header.payload.(empty): %q", parts)
	}
	var hdr map[string]string
	var claims map[string]any
	h, _ := base64.RawURLEncoding.DecodeString(parts[0])
	c, _ := base64.RawURLEncoding.DecodeString(parts[1])
	if json.Unmarshal(h, &hdr) != nil || json.Unmarshal(c, &claims) != nil {
		t.Fatalf("undecodable: %s %s", h, c)
	}
	if hdr["alg"] != "none" || claims["sub"] != "bob" || int64(claims["exp"].(float64)) != exp.Unix() ||
		int64(claims["iat"].(float64)) >= exp.Unix() {
		t.Errorf("header %v claims %v", hdr, claims)
	}
}

func TestOptionsNeedJars(t *testing.T) {
	never := func() bool { t.Fatal("asked Docker"); return false }
	for _, o := range []Options{{Brokers: 1, Secure: true}, {Brokers: 1, BrokerProps: map[string]string{"a": "b"}}} {
		if be, err := chooseBackend(func(string) string { return "" }, o, never); be != BackendJars || err != nil {
			t.Errorf("%+v: backend %s, %v", o, be, err)
		}
		if _, err := newExternal(t.Context(), "127.0.0.1:1", o); err == nil || !strings.Contains(err.Error(), "unset KAFKA_BROKERS") {
			t.Errorf("%+v with KAFKA_BROKERS: %v", o, err)
		}
	}
	a := Options{Brokers: 1, Secure: true, BrokerProps: map[string]string{"x": "1"}}
	b := Options{Brokers: 1, Secure: true, BrokerProps: map[string]string{"x": "2"}}
	if a.key() == b.key() || a.key() == (Options{Brokers: 1}).key() {
		t.Errorf("keys do not tell the options apart: %q %q", a.key(), b.key())
	}
}
