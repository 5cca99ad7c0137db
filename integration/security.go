package integration

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Listener names a client listener of a cluster. Every cluster has
// PLAINTEXT; a Secure one (Options.Secure) has the others too.
type Listener string

const (
	ListenerPlaintext     Listener = "PLAINTEXT"      // no TLS, no SASL
	ListenerSSL           Listener = "SSL"            // TLS, no client certificate
	ListenerMTLS          Listener = "MTLS"           // TLS, ssl.client.auth=required
	ListenerSASLPlaintext Listener = "SASL_PLAINTEXT" // SASL without TLS
	ListenerSASLSSL       Listener = "SASL_SSL"       // SASL over TLS
)

// SecureListeners are the listeners Options.Secure adds, in port order.
var SecureListeners = []Listener{ListenerSSL, ListenerMTLS, ListenerSASLPlaintext, ListenerSASLSSL}

// protocol is the listener's security.protocol.
func (l Listener) protocol() string {
	if l == ListenerMTLS {
		return "SSL"
	}
	return string(l)
}

// SASLMechanisms are the mechanisms the SASL listeners of a Secure cluster
// enable.
var SASLMechanisms = []string{"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER"}

// Security is what a client of a Secure cluster needs: the addresses of each
// listener, the PEM files, and a user. The user's password is random per
// cluster; it is valid for PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512 (the SCRAM
// credentials are created when the storage is formatted). OAUTHBEARER takes
// any unsecured JWT (see UnsecuredJWT): the brokers use Kafka's default,
// unsecured, validator.
type Security struct {
	Listeners map[Listener][]string `json:"listeners"` // host:port per broker, in id order
	CAFile    string                `json:"ca_file"`   // the CA that signed every certificate
	CertFile  string                `json:"cert_file"` // a client certificate (for MTLS)
	KeyFile   string                `json:"key_file"`  // its key, PKCS#8
	User      string                `json:"user"`
	Password  string                `json:"password"`
	// BrokerKeystore is the brokers' PEM keystore (key, then certificate):
	// ssl.keystore.type=PEM, ssl.keystore.location.
	BrokerKeystore string `json:"broker_keystore"`
}

// UnsecuredJWT is an unsecured JSON Web Token (RFC 7515 "alg":"none", empty
// signature) for subject sub, issued now and expiring at exp, as Kafka's
// unsecured OAUTHBEARER validator accepts.
func UnsecuredJWT(sub string, exp time.Time) string {
	enc := func(v any) string {
		b, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	now := time.Now()
	if exp.Before(now) {
		now = exp.Add(-time.Minute) // iat must not come after exp
	}
	return enc(map[string]string{"alg": "none"}) + "." +
		enc(map[string]any{"sub": sub, "iat": now.Unix(), "exp": exp.Unix()}) + "."
}

// writeSecurityFiles generates a CA, a broker certificate for 127.0.0.1 and
// localhost and a client certificate, all ECDSA P-256, into dir/tls, and
// picks the test user's password.
func writeSecurityFiles(dir string) (*Security, error) {
	tlsDir := filepath.Join(dir, "tls")
	if err := os.MkdirAll(tlsDir, 0o700); err != nil {
		return nil, err
	}
	s := &Security{
		CAFile:         filepath.Join(tlsDir, "ca.pem"),
		CertFile:       filepath.Join(tlsDir, "client.pem"),
		KeyFile:        filepath.Join(tlsDir, "client-key.pem"),
		BrokerKeystore: filepath.Join(tlsDir, "broker-keystore.pem"),
		User:           "alice",
		Password:       randomSecret(),
	}
	caKey, caCert, caDER, err := newCA("kafkawire test CA")
	if err != nil {
		return nil, err
	}
	brokerKey, brokerDER, err := newLeaf(caKey, caCert, "kafkawire test broker", x509.ExtKeyUsageServerAuth)
	if err != nil {
		return nil, err
	}
	clientKey, clientDER, err := newLeaf(caKey, caCert, "kafkawire-test-client", x509.ExtKeyUsageClientAuth)
	if err != nil {
		return nil, err
	}
	files := []struct {
		path   string
		blocks []*pem.Block
	}{
		{s.CAFile, []*pem.Block{certBlock(caDER)}},
		{s.BrokerKeystore, []*pem.Block{brokerKey, certBlock(brokerDER), certBlock(caDER)}},
		{s.CertFile, []*pem.Block{certBlock(clientDER)}},
		{s.KeyFile, []*pem.Block{clientKey}},
	}
	for _, f := range files {
		var b []byte
		for _, blk := range f.blocks {
			b = append(b, pem.EncodeToMemory(blk)...)
		}
		if err := os.WriteFile(f.path, b, 0o600); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func randomSecret() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func certBlock(der []byte) *pem.Block { return &pem.Block{Type: "CERTIFICATE", Bytes: der} }

func serial() *big.Int {
	n, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	return n
}

// NewTestCA makes a self-signed CA certificate (PEM), for tests that need a
// CA other than the cluster's.
func NewTestCA(name string) ([]byte, error) {
	_, _, der, err := newCA(name)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(certBlock(der)), nil
}

func newCA(name string) (*ecdsa.PrivateKey, *x509.Certificate, []byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: name},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(30 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, nil, err
	}
	cert, err := x509.ParseCertificate(der)
	return key, cert, der, err
}

// newLeaf makes a certificate signed by the CA, valid for 127.0.0.1 and
// localhost, and returns its PKCS#8 key block and DER.
func newLeaf(caKey *ecdsa.PrivateKey, ca *x509.Certificate, name string, usage x509.ExtKeyUsage) (*pem.Block, []byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial(),
		Subject:      pkix.Name{CommonName: name},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(30 * 24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{usage},
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		return nil, nil, err
	}
	pk, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, nil, err
	}
	return &pem.Block{Type: "PRIVATE KEY", Bytes: pk}, der, nil
}

// securityProperties are the server.properties lines of a Secure node:
// TLS from PEM files (KIP-651), client certificates required on MTLS, and
// per listener and mechanism a JAAS configuration.
func securityProperties(s *Security) []string {
	lines := []string{
		"ssl.keystore.type=PEM",
		"ssl.keystore.location=" + s.BrokerKeystore,
		"ssl.truststore.type=PEM",
		"ssl.truststore.location=" + s.CAFile,
		"listener.name.mtls.ssl.client.auth=required",
		"sasl.enabled.mechanisms=" + strings.Join(SASLMechanisms, ","),
	}
	for _, l := range []Listener{ListenerSASLPlaintext, ListenerSASLSSL} {
		prefix := "listener.name." + strings.ToLower(string(l)) + "."
		for _, m := range SASLMechanisms {
			lines = append(lines, prefix+strings.ToLower(m)+".sasl.jaas.config="+jaasConfig(m, s))
		}
	}
	return lines
}

func jaasConfig(mechanism string, s *Security) string {
	switch mechanism {
	case "PLAIN":
		return fmt.Sprintf(`org.apache.kafka.common.security.plain.PlainLoginModule required user_%s="%s";`, s.User, s.Password)
	case "OAUTHBEARER":
		// The broker logs itself in too (a token for its own use).
		return `org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required unsecuredLoginStringClaim_sub="broker";`
	default: // SCRAM: credentials live in the cluster metadata
		return `org.apache.kafka.common.security.scram.ScramLoginModule required;`
	}
}

// scramFormatArgs are the StorageTool arguments that create the test
// user's SCRAM credentials for both hashes.
func scramFormatArgs(s *Security) []string {
	var args []string
	for _, m := range []string{"SCRAM-SHA-256", "SCRAM-SHA-512"} {
		args = append(args, "--add-scram", fmt.Sprintf("%s=[name=%s,password=%s]", m, s.User, s.Password))
	}
	return args
}
