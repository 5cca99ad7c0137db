package properties

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/kafkawire/kafkawire/conn"
)

// tlsSettings gathers the ssl.* keys. Truststores may be PEM, JKS or
// PKCS12, and so may client keystores (Java stores are read by hand,
// keystore.go).
type tlsSettings struct {
	trustFile, trustType, trustPEM     string
	trustPassword                      string
	keyStoreFile, keyStoreType         string
	certPEM, keyPEM, certFile, keyFile string
	keyStorePassword, keyPassword      string
	noHostCheck, noVerify              bool
	minVersion, maxVersion             uint16
}

func (t *tlsSettings) setProtocols(v string) error {
	versions := map[string]uint16{"TLSV1.2": tls.VersionTLS12, "TLSV1.3": tls.VersionTLS13}
	t.minVersion, t.maxVersion = 0, 0
	for _, p := range List(v) {
		ver, ok := versions[strings.ToUpper(p)]
		if !ok {
			return fmt.Errorf("%s is not supported (TLSv1.2, TLSv1.3)", p)
		}
		if t.minVersion == 0 || ver < t.minVersion {
			t.minVersion = ver
		}
		t.maxVersion = max(t.maxVersion, ver)
	}
	return nil
}

func (t *tlsSettings) build() (*tls.Config, error) {
	caFile, stored, err := t.truststore()
	if err != nil {
		return nil, err
	}
	ksFile, p12, err := t.keystore()
	if err != nil {
		return nil, err
	}
	if t.keyPassword != "" && p12 == nil {
		return nil, &Error{Key: "ssl.key.password", Msg: "encrypted PEM private keys are not supported: decrypt the key (openssl pkcs8 -in key.pem -out plain.pem) and leave ssl.key.password out"}
	}
	certFile, keyFile, certKey := t.certFile, t.keyFile, "ssl.certificate.location"
	if ksFile != "" {
		// A PEM keystore holds the certificate chain and the key in one file.
		certFile, keyFile, certKey = ksFile, ksFile, "ssl.keystore.location"
	}
	if (certFile == "") != (keyFile == "") {
		return nil, &Error{Key: "ssl.certificate.location", Msg: "and ssl.key.location go together: give both or neither"}
	}
	// Trust and client certificate are loaded apart so that an error
	// names the key whose file is at fault.
	cfg, err := conn.TLSFiles(caFile, "", "")
	if err != nil {
		return nil, &Error{Key: "ssl.truststore.location", Msg: err.Error()}
	}
	if certFile != "" {
		client, err := conn.TLSFiles("", certFile, keyFile)
		if err != nil {
			return nil, &Error{Key: certKey, Msg: err.Error()}
		}
		cfg.Certificates = client.Certificates
	}
	if stored != nil {
		cfg.RootCAs = stored
	}
	if p12 != nil {
		cfg.Certificates = []tls.Certificate{*p12}
	}
	if t.trustPEM != "" {
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM([]byte(t.trustPEM)) {
			return nil, &Error{Key: "ssl.truststore.certificates", Msg: "holds no PEM certificate"}
		}
		cfg.RootCAs = pool
	}
	if t.certPEM != "" || t.keyPEM != "" {
		cert, err := tls.X509KeyPair([]byte(t.certPEM), []byte(t.keyPEM))
		if err != nil {
			return nil, &Error{Key: "ssl.keystore.certificate.chain", Msg: "with ssl.keystore.key: " + err.Error()}
		}
		cfg.Certificates = []tls.Certificate{cert}
	}
	if t.minVersion != 0 {
		cfg.MinVersion, cfg.MaxVersion = t.minVersion, t.maxVersion
	}
	switch {
	case t.noVerify:
		cfg.InsecureSkipVerify = true
	case t.noHostCheck:
		// Java's empty ssl.endpoint.identification.algorithm: the chain is
		// still verified, only the host name is not. crypto/tls can only
		// skip both, so we verify the chain ourselves.
		roots := cfg.RootCAs
		cfg.InsecureSkipVerify = true
		cfg.VerifyConnection = func(cs tls.ConnectionState) error {
			if len(cs.PeerCertificates) == 0 {
				return errors.New("tls: broker sent no certificate")
			}
			inter := x509.NewCertPool()
			for _, c := range cs.PeerCertificates[1:] {
				inter.AddCert(c)
			}
			_, err := cs.PeerCertificates[0].Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter})
			return err
		}
	}
	return cfg, nil
}

// truststore reads ssl.truststore.location: a PEM file is returned by
// name (for conn.TLSFiles), a JKS or PKCS12 store as the pool of its
// trusted certificates. Java's default type is JKS; with no type given,
// the file's first bytes tell.
func (t *tlsSettings) truststore() (string, *x509.CertPool, error) {
	const key = "ssl.truststore.location"
	if t.trustFile == "" {
		return "", nil, nil
	}
	switch t.trustType {
	case "PEM":
		return t.trustFile, nil, nil
	case "", "JKS", "PKCS12":
	default:
		return "", nil, &Error{Key: "ssl.truststore.type", Msg: t.trustType + " is not a truststore type (PEM, JKS, PKCS12)"}
	}
	data, err := os.ReadFile(t.trustFile)
	if err != nil {
		return "", nil, &Error{Key: key, Msg: err.Error()}
	}
	if bytes.HasPrefix(bytes.TrimSpace(data), []byte("-----BEGIN")) {
		return t.trustFile, nil, nil
	}
	certs, err := trustFromStore(data, t.trustPassword)
	if err != nil {
		return "", nil, &Error{Key: key, Msg: err.Error()}
	}
	if len(certs) == 0 {
		return "", nil, &Error{Key: key, Msg: "holds no trusted certificate entry"}
	}
	pool := x509.NewCertPool()
	for _, c := range certs {
		pool.AddCert(c)
	}
	return "", pool, nil
}

// keystore reads ssl.keystore.location: a PEM file is returned by name
// (chain and key in one file, for conn.TLSFiles), a JKS or PKCS12 store as
// its client certificate, decrypted with ssl.key.password or else
// ssl.keystore.password (keytool gives both the same). With no type, the
// file's first bytes tell.
func (t *tlsSettings) keystore() (string, *tls.Certificate, error) {
	const key = "ssl.keystore.location"
	if t.keyStoreFile == "" {
		return "", nil, nil
	}
	switch t.keyStoreType {
	case "PEM":
		return t.keyStoreFile, nil, nil
	case "", "PKCS12", "JKS":
	default:
		return "", nil, &Error{Key: "ssl.keystore.type", Msg: t.keyStoreType + " is not a keystore type (PEM, JKS, PKCS12)"}
	}
	data, err := os.ReadFile(t.keyStoreFile)
	if err != nil {
		return "", nil, &Error{Key: key, Msg: err.Error()}
	}
	if bytes.HasPrefix(bytes.TrimSpace(data), []byte("-----BEGIN")) {
		return t.keyStoreFile, nil, nil
	}
	keyPassword := t.keyPassword
	if keyPassword == "" {
		keyPassword = t.keyStorePassword
	}
	read := clientCertFromPKCS12
	if bytes.HasPrefix(data, []byte{0xfe, 0xed, 0xfe, 0xed}) {
		read = clientCertFromJKS
	}
	cert, err := read(data, t.keyStorePassword, keyPassword)
	if err != nil {
		return "", nil, &Error{Key: key, Msg: err.Error()}
	}
	return "", &cert, nil
}
