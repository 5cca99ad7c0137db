package sasl

import (
	"context"
	"testing"
)

// RFC 4616: [authzid] NUL authcid NUL passwd.
func TestPlainMessage(t *testing.T) {
	_, msg, err := Plain{User: "alice", Password: "pw"}.Start(context.Background())
	if err != nil || string(msg) != "\x00alice\x00pw" {
		t.Fatalf("got %q, %v", msg, err)
	}
	if _, _, err := (Plain{User: "alice"}).Start(context.Background()); err == nil {
		t.Fatal("PLAIN without a password was accepted")
	}
}

// RFC 7628 3.1 with KIP-342 extensions, sorted by key; a refused token's
// error challenge is answered with a single 0x01 (RFC 7628 3.2.3).
func TestOAuthBearerMessage(t *testing.T) {
	m := OAuthBearer{Token: func(context.Context) (Token, error) {
		return Token{Value: "tok", Extensions: map[string]string{"traceId": "1", "logicalCluster": "lkc"}}, nil
	}}
	sess, msg, err := m.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if want := "n,,\x01auth=Bearer tok\x01logicalCluster=lkc\x01traceId=1\x01\x01"; string(msg) != want {
		t.Fatalf("got %q, want %q", msg, want)
	}
	done, reply, err := sess.Next(context.Background(), []byte(`{"status":"invalid_token"}`))
	if err != nil || done || string(reply) != "\x01" {
		t.Fatalf("error challenge: done=%v reply=%q err=%v", done, reply, err)
	}
	if done, _, _ := sess.Next(context.Background(), nil); !done {
		t.Fatal("exchange not done after the broker's final answer")
	}
	bad := OAuthBearer{Token: func(context.Context) (Token, error) {
		return Token{Value: "tok", Extensions: map[string]string{"auth": "x"}}, nil
	}}
	if _, _, err := bad.Start(context.Background()); err == nil {
		t.Fatal("the reserved extension key auth was accepted")
	}
}
