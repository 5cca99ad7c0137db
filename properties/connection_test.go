package properties

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kafkawire/kafkawire/internal/testcert"
	"github.com/kafkawire/kafkawire/sasl"
)

// toy is a client table for testing Apply without a real client.
type toy struct{ linger time.Duration }

var toyKeys = []Key[toy]{
	{Name: "linger.ms", Field: "Linger", Set: func(c *toy, v string) (err error) { c.linger, err = Millis(v); return err }},
	{Name: "key.serializer", Ignore: "bytes only"},
}

func apply(t *testing.T, p Properties) (Connection, toy, error) {
	t.Helper()
	var c toy
	conn, err := Apply(p, Producer, toyKeys, &c)
	return conn, c, err
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestApplyConnection(t *testing.T) {
	ca := testcert.New(t)
	caFile := writeFile(t, "ca.pem", ca.PEM)
	conn, c, err := apply(t, Properties{
		"bootstrap.servers":       "b1:9092, b2:9093",
		"client.id":               "app",
		"request.timeout.ms":      "1500",
		"security.protocol":       "SASL_SSL",
		"sasl.mechanism":          "SCRAM-SHA-512",
		"sasl.jaas.config":        `org.apache.kafka.common.security.scram.ScramLoginModule required username="alice" password="hunter2";`,
		"ssl.truststore.location": caFile,
		"ssl.truststore.type":     "PEM",
		"ssl.truststore.password": "hunter3",
		"linger.ms":               "7",
		"key.serializer":          "org.apache.kafka.common.serialization.StringSerializer",
		"metric.reporters":        "",
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(conn.Brokers, ",") != "b1:9092,b2:9093" || conn.ClientID != "app" || conn.RequestTimeout != 1500*time.Millisecond || c.linger != 7*time.Millisecond {
		t.Fatalf("connection %+v, client %+v", conn, c)
	}
	if s, ok := conn.SASL.(sasl.Scram); !ok || s.Hash != sasl.SHA512 || s.User != "alice" || s.Password != "hunter2" {
		t.Fatalf("SASL = %v", conn.SASL)
	}
	if conn.TLS == nil || conn.TLS.RootCAs == nil || conn.TLS.InsecureSkipVerify {
		t.Fatalf("TLS = %+v", conn.TLS)
	}
	if s := fmt.Sprintf("%v %+v", conn, conn); strings.Contains(s, "hunter2") {
		t.Fatalf("connection prints its password: %s", s)
	}
}

func TestApplyLibrdkafkaNames(t *testing.T) {
	ca := testcert.New(t)
	cert, key := ca.Issue(t, true)
	conn, _, err := apply(t, Properties{
		"metadata.broker.list":     "b:9092",
		"security.protocol":        "sasl_ssl",
		"sasl.mechanisms":          "PLAIN",
		"sasl.username":            "bob",
		"sasl.password":            "pw",
		"ssl.ca.location":          writeFile(t, "ca.crt", ca.PEM),
		"ssl.certificate.location": writeFile(t, "c.crt", cert),
		"ssl.key.location":         writeFile(t, "c.key", key),
		"ssl.enabled.protocols":    "TLSv1.3",
	})
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := conn.SASL.(sasl.Plain); !ok || p.User != "bob" || p.Password != "pw" {
		t.Fatalf("SASL = %v", conn.SASL)
	}
	if len(conn.TLS.Certificates) != 1 || conn.TLS.MinVersion != tls.VersionTLS13 {
		t.Fatalf("TLS = %+v", conn.TLS)
	}
}

func TestApplyPEMKeystoreAndInline(t *testing.T) {
	ca := testcert.New(t)
	cert, key := ca.Issue(t, true)
	// A Java PEM keystore: chain and key in one file; no type given, but
	// the file is PEM.
	conn, _, err := apply(t, Properties{
		"bootstrap.servers":       "b:9092",
		"security.protocol":       "SSL",
		"ssl.truststore.location": writeFile(t, "ca.pem", ca.PEM),
		"ssl.keystore.location":   writeFile(t, "ks.pem", append(append([]byte{}, cert...), key...)),
	})
	if err != nil || len(conn.TLS.Certificates) != 1 {
		t.Fatalf("PEM keystore: %v", err)
	}
	conn, _, err = apply(t, Properties{
		"bootstrap.servers":              "b:9092",
		"security.protocol":              "SSL",
		"ssl.truststore.type":            "PEM",
		"ssl.truststore.certificates":    string(ca.PEM),
		"ssl.keystore.type":              "PEM",
		"ssl.keystore.certificate.chain": string(cert),
		"ssl.keystore.key":               string(key),
	})
	if err != nil || len(conn.TLS.Certificates) != 1 || conn.TLS.RootCAs == nil {
		t.Fatalf("inline PEM: %v", err)
	}
}

// TestHostCheckOff checks that an empty
// ssl.endpoint.identification.algorithm skips only the host name check:
// the chain is still verified.
func TestHostCheckOff(t *testing.T) {
	ca, other := testcert.New(t), testcert.New(t)
	certPEM, keyPEM := ca.Issue(t, false) // valid for 127.0.0.1 only
	serverCert, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	handshake := func(props Properties) error {
		conn, _, err := apply(t, props)
		if err != nil {
			t.Fatal(err)
		}
		cfg := conn.TLS.Clone()
		cfg.ServerName = "kafka.example.com" // not what the certificate names
		// Loopback TCP, not net.Pipe: a refused handshake's alert must not
		// block on a peer that is itself writing.
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		go func() {
			if s, err := ln.Accept(); err == nil {
				defer s.Close()
				tls.Server(s, &tls.Config{Certificates: []tls.Certificate{serverCert}}).Handshake()
			}
		}()
		a, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return tls.Client(a, cfg).HandshakeContext(ctx)
	}
	base := func(caPEM []byte, algo string) Properties {
		return Properties{"bootstrap.servers": "b:9092", "security.protocol": "SSL",
			"ssl.truststore.location": writeFile(t, "ca.pem", caPEM), "ssl.endpoint.identification.algorithm": algo}
	}
	if err := handshake(base(ca.PEM, "https")); err == nil {
		t.Fatal("host name check on: a certificate for another host was accepted")
	}
	if err := handshake(base(ca.PEM, "")); err != nil {
		t.Fatalf("host name check off, right CA: %v", err)
	}
	if err := handshake(base(other.PEM, "")); err == nil {
		t.Fatal("host name check off: a certificate from an unknown CA was accepted")
	}
}

func TestApplyErrors(t *testing.T) {
	ca := testcert.New(t)
	jks := writeFile(t, "truststore.jks", []byte{0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2})
	jaas := func(module, user, pass string) string {
		return fmt.Sprintf(`org.apache.kafka.common.security.%s required username="%s" password="%s";`, module, user, pass)
	}
	base := func(kv ...string) Properties {
		p := Properties{"bootstrap.servers": "b:9092"}
		for i := 0; i < len(kv); i += 2 {
			p[kv[i]] = kv[i+1]
		}
		return p
	}
	for _, tc := range []struct {
		name  string
		props Properties
		want  string
	}{
		{"typo", base("bootstrap.server", "x:1"), `bootstrap.server: unknown key (did you mean "bootstrap.servers"?)`},
		{"typo of client key", base("linger.msx", "1"), `did you mean "linger.ms"?`},
		{"unknown", base("zzz.totally.unknown", "1"), "zzz.totally.unknown: unknown key"},
		{"other client", base("group.id", "g"), "group.id: belongs to the consumer, not the producer"},
		{"unsupported", base("interceptor.classes", "com.example.Interceptor"), "interceptor.classes: is not supported"},
		{"bad value", base("linger.ms", "soon"), `linger.ms: "soon": want a whole number of milliseconds`},
		{"broker without port", base("bootstrap.servers", "kafka"), `"kafka" needs a port`},
		{"bad protocol", base("security.protocol", "TLS"), "security.protocol"},
		{"ssl under plaintext", base("ssl.truststore.location", "/ca.pem"), "ssl.truststore.location: is set but security.protocol is PLAINTEXT"},
		{"sasl under ssl", base("security.protocol", "SSL", "sasl.mechanism", "PLAIN"), "sasl.mechanism: is set but security.protocol is SSL"},
		{"cut jks truststore", base("security.protocol", "SSL", "ssl.truststore.location", jks), "ssl.truststore.location: JKS store is cut short"},
		{"cut jks keystore", base("security.protocol", "SSL", "ssl.keystore.location", jks, "ssl.keystore.type", "PKCS12"), "ssl.keystore.location: JKS store is cut short"},
		{"missing truststore", base("security.protocol", "SSL", "ssl.truststore.location", "/nonexistent/ca.pem"), "ssl.truststore.location"},
		{"cert without key", base("security.protocol", "SSL", "ssl.certificate.location", writeFile(t, "c.pem", ca.PEM)), "give both or neither"},
		{"encrypted key", base("security.protocol", "SSL", "ssl.key.password", "hunter2"), "ssl.key.password: encrypted PEM private keys are not supported"},
		{"bad client cert", base("security.protocol", "SSL", "ssl.certificate.location", writeFile(t, "c.pem", []byte("junk")), "ssl.key.location", writeFile(t, "k.pem", []byte("junk"))), "ssl.certificate.location: kafkawire: TLS client certificate"},
		{"bad pem keystore", base("security.protocol", "SSL", "ssl.keystore.type", "PEM", "ssl.keystore.location", writeFile(t, "ks.pem", ca.PEM)), "ssl.keystore.location: kafkawire: TLS client certificate"},
		{"bad ca file", base("security.protocol", "SSL", "ssl.truststore.type", "PEM", "ssl.truststore.location", writeFile(t, "ca.pem", []byte("junk"))), "ssl.truststore.location: kafkawire: TLS CA file"},
		{"bad inline keystore", base("security.protocol", "SSL", "ssl.keystore.certificate.chain", string(ca.PEM), "ssl.keystore.key", "junk"), "ssl.keystore.certificate.chain: with ssl.keystore.key"},
		{"keystore missing", base("security.protocol", "SSL", "ssl.keystore.location", "/nonexistent/ks.pem"), "ssl.keystore.location: open /nonexistent/ks.pem"},
		{"bad inline ca", base("security.protocol", "SSL", "ssl.truststore.certificates", "junk"), "ssl.truststore.certificates: holds no PEM"},
		{"bad tls version", base("security.protocol", "SSL", "ssl.enabled.protocols", "TLSv1.1"), "TLSv1.1 is not supported"},
		{"bad endpoint algo", base("security.protocol", "SSL", "ssl.endpoint.identification.algorithm", "dns"), "want https or empty"},
		{"no mechanism", base("security.protocol", "SASL_PLAINTEXT", "sasl.jaas.config", jaas("plain.PlainLoginModule", "u", "hunter2")), "sasl.mechanism: is not set (Java's default, GSSAPI"},
		{"gssapi", base("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "GSSAPI"), `"GSSAPI" is not built in`},
		{"oauth", base("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "OAUTHBEARER"), "OAUTHBEARER needs a token source"},
		{"module mismatch", base("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "SCRAM-SHA-256", "sasl.jaas.config", jaas("plain.PlainLoginModule", "u", "hunter2")), "names login module org.apache.kafka.common.security.plain.PlainLoginModule, but sasl.mechanism SCRAM-SHA-256 needs"},
		{"no password", base("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN", "sasl.username", "u"), "needs a username and a password"},
		{"both jaas and username", base("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN", "sasl.username", "u", "sasl.jaas.config", jaas("plain.PlainLoginModule", "u", "hunter2")), "give one or the other"},
		{"unterminated jaas", base("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN", "sasl.jaas.config", `x required password="hunter2`), "sasl.jaas.config: has an unterminated quoted value"},
		{"jaas no flag", base("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN", "sasl.jaas.config", `x password="hunter2";`), "control flag"},
		{"jaas not kv", base("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN", "sasl.jaas.config", `x required hunter2;`), "option 1 is not key=value"},
		{"jaas two entries", base("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN", "sasl.jaas.config", `x required a=b; y required c=hunter2;`), "more than one login module"},
		{"jaas empty", base("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN", "sasl.jaas.config", `x`), "want `<LoginModule class>"},
		{"bad bool", base("security.protocol", "SSL", "enable.ssl.certificate.verification", "maybe"), "want true or false"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := apply(t, tc.props)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want it to contain %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "hunter") || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error holds a secret or a newline: %v", err)
			}
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error is a %T, want *Error", err)
			}
		})
	}
}

func TestApplyAcceptsDefaultsOfUnsupportedKeys(t *testing.T) {
	_, _, err := apply(t, Properties{"bootstrap.servers": "b:9092", "interceptor.classes": "", "partitioner.ignore.keys": "false"})
	if err != nil {
		t.Fatal(err)
	}
}

func TestFor(t *testing.T) {
	p := Properties{"bootstrap.servers": "b:1", "group.id": "g", "acks": "all", "x.unknown": "1"}
	if got := p.For(Producer); got["group.id"] != "" || got["acks"] != "all" || got["x.unknown"] != "1" || got["bootstrap.servers"] != "b:1" {
		t.Fatalf("For(Producer) = %v", got)
	}
	if got := p.For(Admin); len(got) != 2 {
		t.Fatalf("For(Admin) = %v", got)
	}
	if BelongsTo("group.id") != Consumer || BelongsTo("nope") != 0 {
		t.Fatal("BelongsTo")
	}
	if (Producer | Consumer).String() != "producer and the consumer" {
		t.Fatal((Producer | Consumer).String())
	}
}
