package properties

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/tls"
	"crypto/x509"
	"encoding/asn1"
	"encoding/binary"
	"errors"
	"fmt"
	"unicode/utf16"
)

// jksEntry is one entry of a JKS store: a trusted certificate, or a
// private key (still encrypted) with its chain, leaf first.
type jksEntry struct {
	cert  *x509.Certificate
	key   []byte // EncryptedPrivateKeyInfo, DER
	chain []*x509.Certificate
}

// readJKS reads a JKS store: magic, version 2, a count, then entries
// (tag 1 private key, tag 2 trusted certificate), each with an alias and a
// timestamp; last, a SHA-1 digest over the password (UTF-16), the phrase
// "Mighty Aphrodite" and everything before it, checked when a password is
// given.
func readJKS(data []byte, password string) ([]jksEntry, error) {
	if len(data) < 12+sha1.Size {
		return nil, errors.New("JKS store is cut short")
	}
	body, digest := data[:len(data)-sha1.Size], data[len(data)-sha1.Size:]
	if password != "" {
		h := sha1.New()
		h.Write(utf16BE(password))
		h.Write([]byte("Mighty Aphrodite"))
		h.Write(body)
		if !hmac.Equal(h.Sum(nil), digest) {
			return nil, errors.New("JKS store integrity check failed: wrong store password, or a damaged file")
		}
	}
	r := storeReader{b: body[4:]}
	if v := r.u32(); v != 2 {
		return nil, fmt.Errorf("JKS store version %d is not supported (2 is)", v)
	}
	n := r.u32()
	if n > maxStoreCerts {
		return nil, fmt.Errorf("JKS store claims %d entries", n)
	}
	var out []jksEntry
	for i := uint32(0); i < n && r.err == nil; i++ {
		tag := r.u32()
		r.utf()    // alias
		r.bytes(8) // timestamp
		var e jksEntry
		switch tag {
		case 1:
			e.key = r.bytes(int(r.u32()))
			chain := r.u32()
			if chain > maxStoreCerts {
				return nil, fmt.Errorf("JKS entry %d claims %d certificates", i+1, chain)
			}
			for c := uint32(0); c < chain && r.err == nil; c++ {
				cert, err := r.cert()
				if err != nil {
					return nil, fmt.Errorf("JKS entry %d: %w", i+1, err)
				}
				e.chain = append(e.chain, cert)
			}
		case 2:
			cert, err := r.cert()
			if err != nil {
				return nil, fmt.Errorf("JKS entry %d: %w", i+1, err)
			}
			e.cert = cert
		default:
			return nil, fmt.Errorf("JKS entry %d has unknown tag %d", i+1, tag)
		}
		out = append(out, e)
	}
	if r.err != nil {
		return nil, r.err
	}
	return out, nil
}

// trustFromJKS returns a JKS store's trusted certificate entries (private
// key entries are not trust anchors, as in Java).
func trustFromJKS(data []byte, password string) ([]*x509.Certificate, error) {
	entries, err := readJKS(data, password)
	if err != nil {
		return nil, err
	}
	var certs []*x509.Certificate
	for _, e := range entries {
		if e.cert != nil {
			certs = append(certs, e.cert)
		}
	}
	return certs, nil
}

// clientCertFromJKS returns the one private key entry of a JKS keystore,
// decrypted with keyPassword.
func clientCertFromJKS(data []byte, password, keyPassword string) (tls.Certificate, error) {
	entries, err := readJKS(data, password)
	if err != nil {
		return tls.Certificate{}, err
	}
	var key *jksEntry
	for i := range entries {
		if entries[i].key != nil {
			if key != nil {
				return tls.Certificate{}, errors.New("JKS keystore holds more than one private key; a client uses one")
			}
			key = &entries[i]
		}
	}
	if key == nil || len(key.chain) == 0 {
		return tls.Certificate{}, errors.New("JKS keystore holds no private key with a certificate")
	}
	pk, err := jksDecryptKey(key.key, keyPassword)
	if err != nil {
		return tls.Certificate{}, err
	}
	cert := tls.Certificate{PrivateKey: pk, Leaf: key.chain[0]}
	for _, c := range key.chain {
		cert.Certificate = append(cert.Certificate, c.Raw)
	}
	return cert, nil
}

var oidJKSKeyProtector = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 42, 2, 17, 1, 1}

// jksDecryptKey undoes Sun's JKS key protection: the encrypted data is a
// 20-byte salt, the key XORed with a keystream of chained SHA-1 digests
// (the first of password||salt, each next of password||previous), and a
// SHA-1 check digest of password||key. The password is UTF-16BE.
func jksDecryptKey(der []byte, password string) (any, error) {
	var epki encryptedPrivateKeyInfo
	if _, err := asn1.Unmarshal(der, &epki); err != nil {
		return nil, fmt.Errorf("JKS private key: %w", err)
	}
	if !epki.Algorithm.Algorithm.Equal(oidJKSKeyProtector) {
		return nil, fmt.Errorf("JKS private key protected with %v, not JKS's own scheme", epki.Algorithm.Algorithm)
	}
	d := epki.Data
	if len(d) < 2*sha1.Size {
		return nil, errors.New("JKS private key is cut short")
	}
	salt, enc, check := d[:sha1.Size], d[sha1.Size:len(d)-sha1.Size], d[len(d)-sha1.Size:]
	pw := utf16BE(password)
	plain := make([]byte, len(enc))
	prev := salt
	for i := 0; i < len(enc); i += sha1.Size {
		h := sha1.Sum(append(append([]byte{}, pw...), prev...))
		for j := 0; j < sha1.Size && i+j < len(enc); j++ {
			plain[i+j] = enc[i+j] ^ h[j]
		}
		prev = h[:]
	}
	if sum := sha1.Sum(append(append([]byte{}, pw...), plain...)); !hmac.Equal(sum[:], check) {
		return nil, errors.New("JKS private key does not decrypt: wrong ssl.key.password?")
	}
	return x509.ParsePKCS8PrivateKey(plain)
}

// storeReader reads big-endian fields, latching the first error.
type storeReader struct {
	b   []byte
	err error
}

func (r *storeReader) bytes(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || n > len(r.b) {
		r.err = errors.New("JKS store is cut short or has a bad length")
		return nil
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *storeReader) u32() uint32 {
	if b := r.bytes(4); b != nil {
		return binary.BigEndian.Uint32(b)
	}
	return 0
}

// cert reads a certificate: its type (X.509), a length, the DER bytes.
func (r *storeReader) cert() (*x509.Certificate, error) {
	typ := r.utf()
	der := r.bytes(int(r.u32()))
	if r.err != nil {
		return nil, r.err
	}
	if typ != "X.509" {
		return nil, fmt.Errorf("a %q certificate, not X.509", typ)
	}
	return x509.ParseCertificate(der)
}

func (r *storeReader) utf() string {
	b := r.bytes(2)
	if b == nil {
		return ""
	}
	return string(r.bytes(int(binary.BigEndian.Uint16(b))))
}

func utf16BE(s string) []byte {
	var out []byte
	for _, u := range utf16.Encode([]rune(s)) {
		out = binary.BigEndian.AppendUint16(out, u)
	}
	return out
}
