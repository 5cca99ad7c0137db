package conn

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
)

// TLSFiles builds a TLS configuration from PEM files, as Java's
// ssl.truststore.location / ssl.keystore.location and librdkafka's
// ssl.ca.location / ssl.certificate.location / ssl.key.location do. caFile
// verifies brokers ("" for the system's roots); certFile and keyFile, both
// or neither, are the client certificate for brokers that require one
// (ssl.client.auth=required). The server name checked is each broker's
// host from its address, set at dial time.
func TLSFiles(caFile, certFile, keyFile string) (*tls.Config, error) {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return nil, fmt.Errorf("kafkawire: TLS CA file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("kafkawire: TLS CA file %s holds no PEM certificate", caFile)
		}
		cfg.RootCAs = pool
	}
	switch {
	case certFile != "" && keyFile != "":
		cert, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			return nil, fmt.Errorf("kafkawire: TLS client certificate: %w", err)
		}
		cfg.Certificates = []tls.Certificate{cert}
	case certFile != "" || keyFile != "":
		return nil, errors.New("kafkawire: TLS client certificate needs both certFile and keyFile")
	}
	return cfg, nil
}
