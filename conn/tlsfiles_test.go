package conn

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kafkawire/kafkawire/internal/testcert"
)

// testCA is a CA made for one test, able to issue certificates.
type testCA = testcert.CA

func newTestCA(t *testing.T) *testCA { return testcert.New(t) }

func writeFile(t *testing.T, name string, b []byte) string {
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, b, 0o600))
	return p
}

// tlsServer accepts TLS connections, requiring a client certificate from
// clientCA when it is set, and completes each handshake.
func tlsServer(t *testing.T, ca *testCA, clientCA *testCA) string {
	certPEM, keyPEM := ca.Issue(t, false)
	cert, err := tls.X509KeyPair(certPEM, keyPEM)
	require.NoError(t, err)
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}}
	if clientCA != nil {
		pool := x509.NewCertPool()
		pool.AddCert(clientCA.Cert)
		cfg.ClientCAs, cfg.ClientAuth = pool, tls.RequireAndVerifyClientCert
	}
	ln, err := tls.Listen("tcp", "127.0.0.1:0", cfg)
	require.NoError(t, err)
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				c.(*tls.Conn).Handshake()
				time.Sleep(100 * time.Millisecond)
			}()
		}
	}()
	return ln.Addr().String()
}

func handshake(addr string, cfg *tls.Config) error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	nc, err := (&net.Dialer{}).DialContext(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	defer nc.Close()
	tc := tls.Client(nc, tlsConfigFor(cfg, addr))
	if err := tc.HandshakeContext(ctx); err != nil {
		return err
	}
	// TLS 1.3 reports a refused client certificate on the first read.
	tc.SetReadDeadline(time.Now().Add(time.Second))
	_, err = tc.Read(make([]byte, 1))
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		return nil
	}
	if errors.Is(err, io.EOF) {
		return nil
	}
	return err
}

func TestTLSFiles(t *testing.T) {
	ca, other := newTestCA(t), newTestCA(t)
	caFile := writeFile(t, "ca.PEM", ca.PEM)
	certPEM, keyPEM := ca.Issue(t, true)
	certFile, keyFile := writeFile(t, "client.pem", certPEM), writeFile(t, "client.key", keyPEM)

	addr := tlsServer(t, ca, nil)
	cfg, err := TLSFiles(caFile, "", "")
	require.NoError(t, err)
	require.NoError(t, handshake(addr, cfg), "CA file verifies the broker, server name from the address")

	wrong, err := TLSFiles(writeFile(t, "other.pem", other.PEM), "", "")
	require.NoError(t, err)
	err = handshake(addr, wrong)
	require.ErrorContains(t, err, "x509: certificate signed by unknown authority")

	mtls := tlsServer(t, ca, ca)
	withCert, err := TLSFiles(caFile, certFile, keyFile)
	require.NoError(t, err)
	require.NoError(t, handshake(mtls, withCert), "client certificate accepted")
	require.ErrorContains(t, handshake(mtls, cfg), "certificate required", "no client certificate: refused with the reason")

	_, err = TLSFiles(filepath.Join(t.TempDir(), "missing.pem"), "", "")
	require.ErrorContains(t, err, "missing.pem")
	_, err = TLSFiles(writeFile(t, "junk.pem", []byte("junk")), "", "")
	require.ErrorContains(t, err, "holds no PEM certificate")
	_, err = TLSFiles(caFile, certFile, "")
	require.ErrorContains(t, err, "both certFile and keyFile")
}

// A certificate either side refuses fails the dial with a final AuthError
// naming the reason: retrying cannot help.
func TestTLSRefusalIsFinal(t *testing.T) {
	ca, other := newTestCA(t), newTestCA(t)
	wrongCA, err := TLSFiles(writeFile(t, "other.pem", other.PEM), "", "")
	require.NoError(t, err)
	_, err = Dial(context.Background(), tlsServer(t, ca, nil), -1, ConnConfig{TLS: wrongCA, DialTimeout: 2 * time.Second})
	var ae *AuthError
	require.ErrorAs(t, err, &ae)
	require.ErrorContains(t, err, "x509: certificate signed by unknown authority")
	require.False(t, IsRetriable(err))

	noCert, err := TLSFiles(writeFile(t, "ca.PEM", ca.PEM), "", "")
	require.NoError(t, err)
	_, err = Dial(context.Background(), tlsServer(t, ca, ca), -1, ConnConfig{TLS: noCert, DialTimeout: 2 * time.Second})
	require.ErrorAs(t, err, &ae)
	require.ErrorContains(t, err, "remote error: tls:")
	require.False(t, IsRetriable(err))
}
