package sasl

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// RFC 7677 section 3: the SCRAM-SHA-256 example exchange, byte for byte,
// including the server signature we verify.
func TestScramSHA256RFC7677(t *testing.T) {
	m := Scram{Hash: SHA256, User: "user", Password: "pencil", nonce: "rOprNGfwEbeRWgbNEkqO"}
	sess, first, err := m.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(first), "n,,n=user,r=rOprNGfwEbeRWgbNEkqO"; got != want {
		t.Fatalf("client-first %q, want %q", got, want)
	}
	done, final, err := sess.Next(context.Background(), []byte("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"))
	if err != nil || done {
		t.Fatalf("client-final: done=%v err=%v", done, err)
	}
	if got, want := string(final), "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="; got != want {
		t.Fatalf("client-final %q, want %q", got, want)
	}
	done, _, err = sess.Next(context.Background(), []byte("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="))
	if err != nil || !done {
		t.Fatalf("server-final: done=%v err=%v", done, err)
	}
}

// A server signature that does not verify fails the exchange.
func TestScramRejectsBadServerSignature(t *testing.T) {
	m := Scram{Hash: SHA256, User: "user", Password: "pencil", nonce: "rOprNGfwEbeRWgbNEkqO"}
	sess, _, _ := m.Start(context.Background())
	if _, _, err := sess.Next(context.Background(), []byte("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")); err != nil {
		t.Fatal(err)
	}
	_, _, err := sess.Next(context.Background(), []byte("v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="))
	if !errors.Is(err, ErrServerProof) {
		t.Fatalf("got %v, want ErrServerProof", err)
	}
}

// A broker that does not extend our nonce, or asks for too few
// iterations, is refused before any proof is computed.
func TestScramRejectsBadServerFirst(t *testing.T) {
	for _, serverFirst := range []string{
		"r=someoneelse,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
		"r=rOprNGfwEbeRWgbNEkqOxyz,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=1",
		"r=rOprNGfwEbeRWgbNEkqOxyz,s=!!,i=4096",
		"garbage",
	} {
		m := Scram{Hash: SHA512, User: "user", Password: "pencil", nonce: "rOprNGfwEbeRWgbNEkqO"}
		sess, _, _ := m.Start(context.Background())
		if _, _, err := sess.Next(context.Background(), []byte(serverFirst)); err == nil {
			t.Errorf("server-first %q accepted", serverFirst)
		}
	}
}

// Printing a mechanism never shows its secret, whatever the verb.
func TestMechanismsRedactSecrets(t *testing.T) {
	for _, m := range []Mechanism{
		Plain{User: "alice", Password: "s3cr3t-pw"},
		Scram{Hash: SHA512, User: "alice", Password: "s3cr3t-pw"},
		OAuthBearer{Token: StaticToken("s3cr3t-pw")},
	} {
		cfg := struct{ SASL Mechanism }{m}
		for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
			if out := fmt.Sprintf(verb, cfg); strings.Contains(out, "s3cr3t") {
				t.Errorf("%s of %T printed the secret: %s", verb, m, out)
			}
		}
	}
}
