package properties

import (
	"bytes"
	"crypto"
	"crypto/aes"
	"crypto/cipher"
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/tls"
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"fmt"
	"hash"
)

var (
	oidData           = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidEncryptedData  = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 6}
	oidCertBag        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 3}
	oidX509Cert       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 22, 1}
	oidLocalKeyID     = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 21}
	oidShroudedKeyBag = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 2}
	oidPBES2          = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 13}
	oidPBKDF2         = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 12}
	oidHMACSHA1       = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 7}
	oidHMACSHA256     = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 9}
	oidHMACSHA512     = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 11}
	oidAES128CBC      = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 2}
	oidAES256CBC      = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 42}
)

// The PKCS #12 structures (RFC 7292) we walk, as far as certificates go.
type pfx struct {
	Version  int
	AuthSafe contentInfo
	MacData  asn1.RawValue `asn1:"optional"`
}

type contentInfo struct {
	ContentType asn1.ObjectIdentifier
	Content     asn1.RawValue `asn1:"tag:0,explicit,optional"`
}

type encryptedData struct {
	Version int
	Info    encryptedContentInfo
}

type encryptedContentInfo struct {
	ContentType asn1.ObjectIdentifier
	Algorithm   algorithmIdentifier
	Content     []byte `asn1:"tag:0,optional"`
}

type algorithmIdentifier struct {
	Algorithm  asn1.ObjectIdentifier
	Parameters asn1.RawValue `asn1:"optional"`
}

type safeBag struct {
	ID         asn1.ObjectIdentifier
	Value      asn1.RawValue `asn1:"tag:0,explicit"`
	Attributes asn1.RawValue `asn1:"optional"`
}

type certBag struct {
	ID    asn1.ObjectIdentifier
	Value []byte `asn1:"tag:0,explicit"`
}

type encryptedPrivateKeyInfo struct {
	Algorithm algorithmIdentifier
	Data      []byte
}

type pbes2Params struct {
	KDF algorithmIdentifier
	Enc algorithmIdentifier
}

type pbkdf2Params struct {
	Salt       []byte
	Iterations int
	KeyLength  int                 `asn1:"optional"`
	PRF        algorithmIdentifier `asn1:"optional"`
}

// pkcs12Bag is one bag of a PKCS #12 store that matters here.
type pkcs12Bag struct {
	cert  *x509.Certificate // a certificate bag's
	key   any               // a key bag's (decrypted), a crypto.PrivateKey
	keyID []byte            // localKeyID: ties a key and its certificates
}

// readPKCS12 walks a PKCS #12 store's bags: plain safe contents, or ones
// encrypted with PBES2 (PBKDF2 and AES-CBC: what keytool and OpenSSL 3
// write), with password. With keys, shrouded key bags are decrypted with
// keyPassword; without, they are skipped.
// The store's MAC is not checked (a wrong password shows as a failure to
// decrypt): whoever can rewrite the store can rewrite this configuration
// too.
func readPKCS12(data []byte, password string, keys bool, keyPassword string) ([]pkcs12Bag, error) {
	var p pfx
	if rest, err := asn1.Unmarshal(data, &p); err != nil || len(rest) > 0 {
		return nil, errors.New("neither a JKS nor a PKCS12 store")
	}
	if !p.AuthSafe.ContentType.Equal(oidData) {
		return nil, errors.New("PKCS12 store is signed, not password-protected: not supported")
	}
	var authSafe []byte
	if _, err := asn1.Unmarshal(p.AuthSafe.Content.Bytes, &authSafe); err != nil {
		return nil, fmt.Errorf("PKCS12 store: %w", err)
	}
	var infos []contentInfo
	if _, err := asn1.Unmarshal(authSafe, &infos); err != nil {
		return nil, fmt.Errorf("PKCS12 store: %w", err)
	}
	var out []pkcs12Bag
	for _, ci := range infos {
		var contents []byte
		switch {
		case ci.ContentType.Equal(oidData):
			if _, err := asn1.Unmarshal(ci.Content.Bytes, &contents); err != nil {
				return nil, fmt.Errorf("PKCS12 store: %w", err)
			}
		case ci.ContentType.Equal(oidEncryptedData):
			var ed encryptedData
			if _, err := asn1.Unmarshal(ci.Content.Bytes, &ed); err != nil {
				return nil, fmt.Errorf("PKCS12 store: %w", err)
			}
			var err error
			if contents, err = decryptPBES2(ed.Info.Algorithm, ed.Info.Content, password); err != nil {
				return nil, err
			}
		default:
			continue
		}
		var bags []safeBag
		if _, err := asn1.Unmarshal(contents, &bags); err != nil {
			return nil, fmt.Errorf("PKCS12 store contents: %w", err)
		}
		for _, b := range bags {
			bag := pkcs12Bag{keyID: localKeyID(b.Attributes)}
			switch {
			case b.ID.Equal(oidCertBag):
				var cb certBag
				if _, err := asn1.Unmarshal(b.Value.Bytes, &cb); err != nil {
					return nil, fmt.Errorf("PKCS12 certificate bag: %w", err)
				}
				if !cb.ID.Equal(oidX509Cert) {
					continue
				}
				c, err := x509.ParseCertificate(cb.Value)
				if err != nil {
					return nil, fmt.Errorf("PKCS12 certificate: %w", err)
				}
				bag.cert = c
			case b.ID.Equal(oidShroudedKeyBag) && keys:
				var epki encryptedPrivateKeyInfo
				if _, err := asn1.Unmarshal(b.Value.Bytes, &epki); err != nil {
					return nil, fmt.Errorf("PKCS12 key bag: %w", err)
				}
				der, err := decryptPBES2(epki.Algorithm, epki.Data, keyPassword)
				if err != nil {
					return nil, fmt.Errorf("private key: %w", err)
				}
				if bag.key, err = x509.ParsePKCS8PrivateKey(der); err != nil {
					return nil, fmt.Errorf("PKCS12 private key: %w", err)
				}
			default:
				continue // secrets, CRLs
			}
			if len(out) == maxStoreCerts {
				return nil, errors.New("PKCS12 store holds too many entries")
			}
			out = append(out, bag)
		}
	}
	return out, nil
}

// trustFromPKCS12 returns the certificates of a PKCS #12 store that are
// not tied to a private key: a key's own certificates are a
// PrivateKeyEntry in Java, which Java does not take as trust anchors
// either. Key bags are not decrypted.
func trustFromPKCS12(data []byte, password string) ([]*x509.Certificate, error) {
	bags, err := readPKCS12(data, password, false, "")
	if err != nil {
		return nil, err
	}
	var certs []*x509.Certificate
	for _, b := range bags {
		if b.cert != nil && b.keyID == nil {
			certs = append(certs, b.cert)
		}
	}
	return certs, nil
}

// clientCertFromPKCS12 returns the one private key of a PKCS #12 keystore
// with its certificate chain (the certificates sharing its localKeyID,
// the key's own first).
func clientCertFromPKCS12(data []byte, password, keyPassword string) (tls.Certificate, error) {
	bags, err := readPKCS12(data, password, true, keyPassword)
	if err != nil {
		return tls.Certificate{}, err
	}
	var key *pkcs12Bag
	for i := range bags {
		if bags[i].key != nil {
			if key != nil {
				return tls.Certificate{}, errors.New("PKCS12 keystore holds more than one private key; a client uses one")
			}
			key = &bags[i]
		}
	}
	if key == nil {
		return tls.Certificate{}, errors.New("PKCS12 keystore holds no private key")
	}
	pub, ok := key.key.(interface{ Public() crypto.PublicKey })
	if !ok {
		return tls.Certificate{}, errors.New("PKCS12 private key of an unknown type")
	}
	cert := tls.Certificate{PrivateKey: key.key}
	var rest [][]byte
	for _, b := range bags {
		if b.cert == nil || !bytes.Equal(b.keyID, key.keyID) {
			continue
		}
		if k, ok := b.cert.PublicKey.(interface{ Equal(crypto.PublicKey) bool }); ok && k.Equal(pub.Public()) && cert.Leaf == nil {
			cert.Leaf = b.cert
			continue
		}
		rest = append(rest, b.cert.Raw)
	}
	if cert.Leaf == nil {
		return tls.Certificate{}, errors.New("PKCS12 keystore holds no certificate for its private key")
	}
	cert.Certificate = append([][]byte{cert.Leaf.Raw}, rest...)
	return cert, nil
}

type bagAttribute struct {
	ID     asn1.ObjectIdentifier
	Values asn1.RawValue
}

// localKeyID returns a bag's localKeyID attribute, nil when it has none.
func localKeyID(attrs asn1.RawValue) []byte {
	if len(attrs.FullBytes) == 0 {
		return nil
	}
	var as []bagAttribute
	if _, err := asn1.UnmarshalWithParams(attrs.FullBytes, &as, "set"); err != nil {
		return nil
	}
	for _, a := range as {
		var ids [][]byte
		if a.ID.Equal(oidLocalKeyID) {
			if _, err := asn1.UnmarshalWithParams(a.Values.FullBytes, &ids, "set"); err == nil && len(ids) > 0 && ids[0] != nil {
				return ids[0]
			}
			return []byte{}
		}
	}
	return nil
}

// decryptPBES2 decrypts PBES2 content (RFC 8018): PBKDF2 with HMAC-SHA1,
// -SHA256 or -SHA512, then AES-128 or AES-256 in CBC mode.
func decryptPBES2(alg algorithmIdentifier, ct []byte, password string) ([]byte, error) {
	if !alg.Algorithm.Equal(oidPBES2) {
		return nil, fmt.Errorf("PKCS12 store encrypted with %v: only PBES2 (keytool's and OpenSSL 3's default) is supported; re-create it with keytool or convert it to PEM", alg.Algorithm)
	}
	var params pbes2Params
	if _, err := asn1.Unmarshal(alg.Parameters.FullBytes, &params); err != nil {
		return nil, fmt.Errorf("PKCS12 PBES2 parameters: %w", err)
	}
	if !params.KDF.Algorithm.Equal(oidPBKDF2) {
		return nil, errors.New("PKCS12 PBES2 key derivation is not PBKDF2")
	}
	var kdf pbkdf2Params
	if _, err := asn1.Unmarshal(params.KDF.Parameters.FullBytes, &kdf); err != nil {
		return nil, fmt.Errorf("PKCS12 PBKDF2 parameters: %w", err)
	}
	var prf func() hash.Hash
	switch p := kdf.PRF.Algorithm; {
	case len(p) == 0 || p.Equal(oidHMACSHA1):
		prf = sha1.New
	case p.Equal(oidHMACSHA256):
		prf = sha256.New
	case p.Equal(oidHMACSHA512):
		prf = sha512.New
	default:
		return nil, fmt.Errorf("PKCS12 PBKDF2 with PRF %v is not supported", p)
	}
	keyLen := 0
	switch {
	case params.Enc.Algorithm.Equal(oidAES256CBC):
		keyLen = 32
	case params.Enc.Algorithm.Equal(oidAES128CBC):
		keyLen = 16
	default:
		return nil, fmt.Errorf("PKCS12 store cipher %v is not supported (AES-128-CBC, AES-256-CBC)", params.Enc.Algorithm)
	}
	var iv []byte
	if _, err := asn1.Unmarshal(params.Enc.Parameters.FullBytes, &iv); err != nil || len(iv) != aes.BlockSize {
		return nil, errors.New("PKCS12 store has a bad AES IV")
	}
	if kdf.Iterations < 1 || kdf.Iterations > 1_000_000 {
		return nil, fmt.Errorf("PKCS12 store asks for %d PBKDF2 iterations", kdf.Iterations)
	}
	key, err := pbkdf2.Key(prf, password, kdf.Salt, kdf.Iterations, keyLen)
	if err != nil {
		return nil, fmt.Errorf("PKCS12 key derivation: %w", err)
	}
	if len(ct) == 0 || len(ct)%aes.BlockSize != 0 {
		return nil, errors.New("PKCS12 encrypted content is not whole AES blocks")
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	out := make([]byte, len(ct))
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(out, ct)
	pad := int(out[len(out)-1])
	if pad < 1 || pad > aes.BlockSize || !bytes.Equal(out[len(out)-pad:], bytes.Repeat([]byte{byte(pad)}, pad)) {
		return nil, errors.New("PKCS12 store does not decrypt: wrong ssl.truststore.password?")
	}
	return out[:len(out)-pad], nil
}
