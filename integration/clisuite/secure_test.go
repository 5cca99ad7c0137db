package clisuite

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kafkawire/kafkawire/integration"
	"github.com/kafkawire/kafkawire/integration/suitekit"
)

// TestPropertiesFileSASLSSL: a Java properties file for SASL_SSL with
// SCRAM-SHA-512 (JAAS line) and a PEM truststore, and a librdkafka-style
// one for the mTLS listener, take kw to a secured broker.
func TestPropertiesFileSASLSSL(t *testing.T) {
	tc := integration.Shared(t, integration.Options{Brokers: 1, Secure: true})
	sec := tc.Security()
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	java := write("java.properties", fmt.Sprintf(`bootstrap.servers=%s
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \
  username="%s" \
  password="%s";
ssl.truststore.location=%s
ssl.truststore.type=PEM
ssl.endpoint.identification.algorithm=https
acks=all
group.id=secure-group
`, strings.Join(tc.ListenerBootstrap(integration.ListenerSASLSSL), ","), sec.User, sec.Password, sec.CAFile))
	rdkafka := write("rdkafka.properties", fmt.Sprintf(`metadata.broker.list=%s
security.protocol=ssl
ssl.ca.location=%s
ssl.certificate.location=%s
ssl.key.location=%s
`, strings.Join(tc.ListenerBootstrap(integration.ListenerMTLS), ","), sec.CAFile, sec.CertFile, sec.KeyFile))

	plain := tc.ListenerBootstrap(integration.ListenerPlaintext)
	topic := suite.NewTopic(t, plain, "secure", 1)
	suitekit.MustRunCmd(t, time.Minute, []byte("over SASL_SSL\n"), kwBin, "-F", java, "produce", "-t", topic)
	suitekit.MustRunCmd(t, time.Minute, []byte("over mTLS\n"), kwBin, "-F", rdkafka, "produce", "-t", topic)
	for _, file := range []string{java, rdkafka} {
		got := suitekit.MustRunCmd(t, time.Minute, nil, kwBin, "-F", file, "consume", "-t", topic, "-e")
		if string(got) != "over SASL_SSL\nover mTLS\n" {
			t.Fatalf("-F %s read %q", filepath.Base(file), got)
		}
	}
	// Java truststores as keytool writes them, JKS and PKCS12, trust the
	// same CA.
	keytool, err := exec.LookPath("keytool")
	if err != nil {
		t.Fatalf("keytool (from the JDK the brokers run on) is needed to write Java truststores: %v", err)
	}
	for _, typ := range []string{"JKS", "PKCS12"} {
		store := filepath.Join(dir, "truststore."+strings.ToLower(typ))
		suitekit.MustRunCmd(t, time.Minute, nil, keytool, "-importcert", "-noprompt", "-alias", "ca", "-file", sec.CAFile,
			"-keystore", store, "-storetype", typ, "-storepass", "changeit")
		props := write("java-"+typ+".properties", strings.Replace(strings.Replace(readFile(t, java),
			"ssl.truststore.location="+sec.CAFile, "ssl.truststore.location="+store, 1),
			"ssl.truststore.type=PEM", "ssl.truststore.type="+typ+"\nssl.truststore.password=changeit", 1))
		if text := readFile(t, props); !strings.Contains(text, "ssl.truststore.location="+store+"\n") || !strings.Contains(text, "ssl.truststore.type="+typ+"\n") {
			t.Fatalf("the %s properties file does not name the store:\n%s", typ, text)
		}
		got := suitekit.MustRunCmd(t, time.Minute, nil, kwBin, "-F", props, "consume", "-t", topic, "-e")
		if string(got) != "over SASL_SSL\nover mTLS\n" {
			t.Fatalf("%s truststore: read %q", typ, got)
		}
	}

	// mTLS as a Java user configures it: a PKCS12 keystore (here exported
	// by OpenSSL 3 from the harness's PEM files) or a JKS one (converted
	// by keytool), and a JKS truststore.
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		t.Fatalf("openssl is needed to write a PKCS12 keystore: %v", err)
	}
	p12 := filepath.Join(dir, "client.p12")
	suitekit.MustRunCmd(t, time.Minute, nil, openssl, "pkcs12", "-export", "-in", sec.CertFile, "-inkey", sec.KeyFile,
		"-name", "client", "-out", p12, "-passout", "pass:changeit")
	jks := filepath.Join(dir, "client.jks")
	suitekit.MustRunCmd(t, time.Minute, nil, keytool, "-importkeystore", "-noprompt", "-srckeystore", p12, "-srcstoretype", "PKCS12",
		"-srcstorepass", "changeit", "-destkeystore", jks, "-deststoretype", "JKS", "-deststorepass", "changeit")
	for _, ks := range []struct{ typ, file string }{{"PKCS12", p12}, {"JKS", jks}} {
		javaMTLS := write("java-mtls-"+ks.typ+".properties", fmt.Sprintf(`bootstrap.servers=%s
security.protocol=SSL
ssl.keystore.type=%s
ssl.keystore.location=%s
ssl.keystore.password=changeit
ssl.key.password=changeit
ssl.truststore.location=%s
ssl.truststore.password=changeit
`, strings.Join(tc.ListenerBootstrap(integration.ListenerMTLS), ","), ks.typ, ks.file, filepath.Join(dir, "truststore.jks")))
		if got := suitekit.MustRunCmd(t, time.Minute, nil, kwBin, "-F", javaMTLS, "consume", "-t", topic, "-e"); string(got) != "over SASL_SSL\nover mTLS\n" {
			t.Fatalf("%s keystore over mTLS: read %q", ks.typ, got)
		}
	}

	// A wrong password fails at once, with the broker's refusal, and never
	// prints the password.
	bad := write("bad.properties", strings.Replace(readFile(t, java), sec.Password, "wrong-"+sec.Password, 1))
	r := suitekit.RunCmd(t, time.Minute, nil, kwBin, "-F", bad, "metadata")
	if r.Code != 1 || !strings.Contains(string(r.Stderr), "authentication") || strings.Contains(string(r.Stderr), sec.Password) {
		t.Fatalf("wrong password: exit %d, %s", r.Code, r.Stderr)
	}
	if r.Took > 30*time.Second {
		t.Fatalf("wrong password took %v to fail", r.Took)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
