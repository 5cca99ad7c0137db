package properties

import (
	"bytes"
	"crypto/x509"
)

// Java stores are read here by hand: Go's standard library reads neither
// JKS nor PKCS12, and the project takes no dependency for them.
// Truststores and client keystores may each be JKS or PKCS12 (keytool's
// default since Java 9).

// maxStoreCerts bounds the certificates one store may list, so a lying
// count cannot make us loop or allocate for long.
const maxStoreCerts = 10000

// trustFromStore returns the trusted certificates of a JKS or PKCS12
// truststore; the type is read from the file's first bytes.
func trustFromStore(data []byte, password string) ([]*x509.Certificate, error) {
	if bytes.HasPrefix(data, []byte{0xfe, 0xed, 0xfe, 0xed}) {
		return trustFromJKS(data, password)
	}
	return trustFromPKCS12(data, password)
}
