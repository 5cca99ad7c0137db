package sasl

import (
	"context"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"fmt"
	"hash"
	"strconv"
	"strings"
)

// Scram is SCRAM-SHA-256 or SCRAM-SHA-512 (RFC 5802, RFC 7677): the
// password never crosses the wire, and the broker proves it knows the
// salted password too. Java: sasl.mechanism=SCRAM-SHA-256 with
// ScramLoginModule; librdkafka: sasl.mechanisms=SCRAM-SHA-256,
// sasl.username, sasl.password.
type Scram struct {
	// Hash is SHA256 or SHA512.
	Hash           ScramHash
	User, Password string
	// nonce, when set, replaces the random client nonce (tests only).
	nonce string
}

// ScramHash selects the SCRAM variant.
type ScramHash int8

const (
	SHA256 ScramHash = iota
	SHA512
)

// minIterations is the smallest iteration count we accept from a broker;
// Kafka never issues fewer (RFC 7677 asks for at least 4096), and a lower
// one would make the exchanged proof cheap to brute-force.
const minIterations = 4096

func (s Scram) Name() string {
	if s.Hash == SHA512 {
		return "SCRAM-SHA-512"
	}
	return "SCRAM-SHA-256"
}

func (s Scram) newHash() func() hash.Hash {
	if s.Hash == SHA512 {
		return sha512.New
	}
	return sha256.New
}

// Format prints the mechanism without its password, whatever the verb.
func (s Scram) Format(f fmt.State, _ rune) {
	fmt.Fprintf(f, "sasl.Scram{%s, User: %q, Password: %s}", s.Name(), s.User, redacted)
}

func (s Scram) Start(context.Context) (Session, []byte, error) {
	if s.User == "" || s.Password == "" {
		return nil, nil, fmt.Errorf("sasl: %s needs User and Password", s.Name())
	}
	if s.Hash != SHA256 && s.Hash != SHA512 {
		return nil, nil, fmt.Errorf("sasl: unknown SCRAM hash %d", s.Hash)
	}
	nonce := s.nonce
	if nonce == "" {
		var b [24]byte
		rand.Read(b[:])
		nonce = base64.RawStdEncoding.EncodeToString(b[:])
	}
	// RFC 5802 5.1: "=" and "," in the name are escaped.
	user := strings.NewReplacer("=", "=3D", ",", "=2C").Replace(s.User)
	sess := &scramSession{s: s, nonce: nonce, clientFirstBare: "n=" + user + ",r=" + nonce}
	return sess, []byte("n,," + sess.clientFirstBare), nil
}

type scramSession struct {
	s               Scram
	nonce           string
	clientFirstBare string
	serverSignature []byte // set once the client's proof is sent
}

func (ss *scramSession) Next(_ context.Context, challenge []byte) (bool, []byte, error) {
	if ss.serverSignature == nil {
		msg, err := ss.clientFinal(string(challenge))
		return false, msg, err
	}
	return true, nil, ss.verifyServerFinal(string(challenge))
}

// clientFinal answers the server-first message with the client's proof.
func (ss *scramSession) clientFinal(serverFirst string) ([]byte, error) {
	attrs, err := scramAttrs(serverFirst)
	if err != nil {
		return nil, err
	}
	nonce, salt64, iterStr := attrs["r"], attrs["s"], attrs["i"]
	if !strings.HasPrefix(nonce, ss.nonce) || len(nonce) == len(ss.nonce) {
		return nil, fmt.Errorf("sasl: %s: the broker's nonce does not extend ours", ss.s.Name())
	}
	salt, err := base64.StdEncoding.DecodeString(salt64)
	if err != nil || len(salt) == 0 {
		return nil, fmt.Errorf("sasl: %s: bad salt in the broker's first message", ss.s.Name())
	}
	iter, err := strconv.Atoi(iterStr)
	if err != nil || iter < minIterations {
		return nil, fmt.Errorf("sasl: %s: iteration count %q below %d", ss.s.Name(), iterStr, minIterations)
	}
	h := ss.s.newHash()
	salted, err := pbkdf2.Key(h, ss.s.Password, salt, iter, h().Size())
	if err != nil {
		return nil, fmt.Errorf("sasl: %s: %w", ss.s.Name(), err)
	}
	clientKey := hmacOf(h, salted, "Client Key")
	stored := h()
	stored.Write(clientKey)
	withoutProof := "c=biws,r=" + nonce // biws: base64 of the "n,," header
	authMessage := ss.clientFirstBare + "," + serverFirst + "," + withoutProof
	proof := hmacOf(h, stored.Sum(nil), authMessage)
	for i := range proof {
		proof[i] ^= clientKey[i]
	}
	ss.serverSignature = hmacOf(h, hmacOf(h, salted, "Server Key"), authMessage)
	return []byte(withoutProof + ",p=" + base64.StdEncoding.EncodeToString(proof)), nil
}

func (ss *scramSession) verifyServerFinal(serverFinal string) error {
	attrs, err := scramAttrs(serverFinal)
	if err != nil {
		return err
	}
	if e, ok := attrs["e"]; ok {
		return fmt.Errorf("sasl: %s: the broker refused: %s", ss.s.Name(), e)
	}
	got, err := base64.StdEncoding.DecodeString(attrs["v"])
	if err != nil || !hmac.Equal(got, ss.serverSignature) {
		return fmt.Errorf("sasl: %s: %w", ss.s.Name(), ErrServerProof)
	}
	return nil
}

func hmacOf(h func() hash.Hash, key []byte, msg string) []byte {
	m := hmac.New(h, key)
	m.Write([]byte(msg))
	return m.Sum(nil)
}

// scramAttrs splits "a=1,b=2" into its attributes.
func scramAttrs(msg string) (map[string]string, error) {
	out := map[string]string{}
	for _, part := range strings.Split(msg, ",") {
		k, v, ok := strings.Cut(part, "=")
		if !ok || len(k) != 1 {
			return nil, fmt.Errorf("sasl: SCRAM: malformed broker message attribute %q", part)
		}
		out[k] = v
	}
	return out, nil
}
