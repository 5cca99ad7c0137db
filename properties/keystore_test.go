package properties

import (
	"os"
	"strings"
	"testing"
)

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestTruststores reads the trusted certificates of stores keytool and
// OpenSSL wrote (testdata/README.md): exactly the CA, never a key's own
// certificate.
func TestTruststores(t *testing.T) {
	for _, name := range []string{"truststore.jks", "truststore.p12", "keystore.jks", "keystore.p12", "openssl.p12"} {
		for _, password := range []string{"changeit", ""} {
			if password == "" && strings.HasSuffix(name, ".p12") {
				continue // PKCS12 contents are encrypted with the password
			}
			certs, err := trustFromStore(readTestdata(t, name), password)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if len(certs) != 1 || certs[0].Subject.CommonName != "kafkawire-test-ca" {
				t.Fatalf("%s: %d certificates, first %v", name, len(certs), certs)
			}
		}
	}
}

func TestTruststoreErrors(t *testing.T) {
	for _, tc := range []struct {
		name, password, want string
	}{
		{"truststore.jks", "wrong", "JKS store integrity check failed: wrong store password"},
		{"truststore.p12", "wrong", "does not decrypt: wrong ssl.truststore.password?"},
		{"legacy.p12", "changeit", "only PBES2"},
		{"ca.pem", "", "neither a JKS nor a PKCS12 store"},
	} {
		_, err := trustFromStore(readTestdata(t, tc.name), tc.password)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
	}
	jks := readTestdata(t, "truststore.jks")
	for _, cut := range []int{10, 40, len(jks) - 21} {
		if _, err := trustFromStore(jks[:cut], ""); err == nil {
			t.Errorf("JKS cut at %d accepted", cut)
		}
	}
	bad := append([]byte{}, jks...)
	bad[7] = 3 // version
	if _, err := trustFromStore(bad, ""); err == nil || !strings.Contains(err.Error(), "version 3") {
		t.Errorf("JKS version 3: %v", err)
	}
	bad = append([]byte{}, jks...)
	bad[8], bad[9] = 0x7f, 0xff // entry count
	if _, err := trustFromStore(bad, ""); err == nil || !strings.Contains(err.Error(), "claims") {
		t.Errorf("JKS huge count: %v", err)
	}
	bad = append([]byte{}, jks...)
	bad[15] = 9 // first entry's tag
	if _, err := trustFromStore(bad, ""); err == nil || !strings.Contains(err.Error(), "unknown tag 9") {
		t.Errorf("JKS bad tag: %v", err)
	}
}

// TestApplyJavaTruststores: ssl.truststore.location takes a JKS or PKCS12
// store, typed or not, with its password; a keystore with only a key is
// no truststore.
func TestApplyJavaTruststores(t *testing.T) {
	base := func(kv ...string) Properties {
		p := Properties{"bootstrap.servers": "b:9092", "security.protocol": "SSL", "ssl.truststore.password": "changeit"}
		for i := 0; i < len(kv); i += 2 {
			p[kv[i]] = kv[i+1]
		}
		return p
	}
	for _, p := range []Properties{
		base("ssl.truststore.location", "testdata/truststore.jks"),
		base("ssl.truststore.location", "testdata/truststore.jks", "ssl.truststore.type", "JKS"),
		base("ssl.truststore.location", "testdata/truststore.p12", "ssl.truststore.type", "PKCS12"),
		base("ssl.truststore.location", "testdata/ca.pem", "ssl.truststore.type", "JKS"), // a PEM file is plainly PEM
	} {
		conn, _, err := apply(t, p)
		if err != nil || conn.TLS.RootCAs == nil {
			t.Fatalf("%v: %v", p, err)
		}
	}
	for _, tc := range []struct {
		p    Properties
		want string
	}{
		{base("ssl.truststore.location", "testdata/keyonly.p12"), "ssl.truststore.location: holds no trusted certificate entry"},
		{base("ssl.truststore.location", "testdata/truststore.p12", "ssl.truststore.password", "nope"), "wrong ssl.truststore.password"},
		{base("ssl.truststore.location", "testdata/truststore.jks", "ssl.truststore.type", "BKS"), "ssl.truststore.type: BKS is not a truststore type"},
		{base("ssl.truststore.location", "testdata/missing.jks"), "ssl.truststore.location: open testdata/missing.jks"},
	} {
		_, _, err := apply(t, tc.p)
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "changeit") {
			t.Errorf("got %v, want %q", err, tc.want)
		}
	}
}

// TestApplyKeystores: ssl.keystore.location takes keytool's PKCS12 and JKS
// keystores: the one key and that key's certificate, never the CA beside it.
func TestApplyKeystores(t *testing.T) {
	base := func(kv ...string) Properties {
		p := Properties{"bootstrap.servers": "b:9092", "security.protocol": "SSL", "ssl.keystore.password": "changeit"}
		for i := 0; i < len(kv); i += 2 {
			p[kv[i]] = kv[i+1]
		}
		return p
	}
	for _, p := range []Properties{
		base("ssl.keystore.location", "testdata/keystore.p12"),
		base("ssl.keystore.location", "testdata/keystore.p12", "ssl.keystore.type", "PKCS12", "ssl.key.password", "changeit"),
		base("ssl.keystore.location", "testdata/keyonly.p12"),
		base("ssl.keystore.location", "testdata/keystore.jks"),
		base("ssl.keystore.location", "testdata/keystore.jks", "ssl.keystore.type", "JKS", "ssl.key.password", "changeit"),
	} {
		conn, _, err := apply(t, p)
		if err != nil {
			t.Fatalf("%v: %v", p, err)
		}
		if certs := conn.TLS.Certificates; len(certs) != 1 || certs[0].Leaf.Subject.CommonName != "client" || len(certs[0].Certificate) != 1 || certs[0].PrivateKey == nil {
			t.Fatalf("%v: certificates %+v", p, certs)
		}
	}
	for _, tc := range []struct {
		p    Properties
		want string
	}{
		{base("ssl.keystore.location", "testdata/keystore.p12", "ssl.key.password", "nope"), "ssl.keystore.location: private key: PKCS12 store does not decrypt"},
		{base("ssl.keystore.location", "testdata/keystore.p12", "ssl.keystore.password", "nope"), "does not decrypt"},
		{base("ssl.keystore.location", "testdata/truststore.p12"), "ssl.keystore.location: PKCS12 keystore holds no private key"},
		{base("ssl.keystore.location", "testdata/keystore.p12", "ssl.keystore.type", "BKS"), "ssl.keystore.type: BKS is not a keystore type"},
		{base("ssl.keystore.location", "testdata/keystore.jks", "ssl.key.password", "nope"), "ssl.keystore.location: JKS private key does not decrypt: wrong ssl.key.password?"},
		{base("ssl.keystore.location", "testdata/keystore.jks", "ssl.keystore.password", "nope"), "ssl.keystore.location: JKS store integrity check failed"},
		{base("ssl.keystore.location", "testdata/truststore.jks"), "JKS keystore holds no private key"},
		{base("ssl.keystore.location", "testdata/missing.p12"), "ssl.keystore.location: open testdata/missing.p12"},
	} {
		_, _, err := apply(t, tc.p)
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "changeit") {
			t.Errorf("got %v, want %q", err, tc.want)
		}
	}
}
