package sasl

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// OAuthBearer is SASL OAUTHBEARER (RFC 7628, KIP-255): the client sends a
// bearer token that the broker validates. Token is called for every new
// connection and every re-authentication, so it may refresh tokens. Java:
// sasl.mechanism=OAUTHBEARER with a login callback handler; librdkafka:
// sasl.mechanisms=OAUTHBEARER with an oauthbearer token refresh callback.
type OAuthBearer struct {
	Token func(ctx context.Context) (Token, error)
}

// Token is a bearer token and the SASL extensions sent with it (KIP-342).
type Token struct {
	Value      string
	Extensions map[string]string
}

// StaticToken returns a token source that always yields value.
func StaticToken(value string) func(context.Context) (Token, error) {
	return func(context.Context) (Token, error) { return Token{Value: value}, nil }
}

func (OAuthBearer) Name() string { return "OAUTHBEARER" }

// Format prints the mechanism without any token.
func (OAuthBearer) Format(f fmt.State, _ rune) {
	fmt.Fprintf(f, "sasl.OAuthBearer{Token: %s}", redacted)
}

func (o OAuthBearer) Start(ctx context.Context) (Session, []byte, error) {
	if o.Token == nil {
		return nil, nil, fmt.Errorf("sasl: OAUTHBEARER needs a Token function")
	}
	tok, err := o.Token(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("sasl: OAUTHBEARER token: %w", err)
	}
	if tok.Value == "" {
		return nil, nil, fmt.Errorf("sasl: OAUTHBEARER token is empty")
	}
	// RFC 7628 3.1: gs2 header, then key=value pairs each ended by 0x01,
	// then a final 0x01. Kafka reserves the key "auth" for the token.
	var b strings.Builder
	b.WriteString("n,,\x01auth=Bearer ")
	b.WriteString(tok.Value)
	b.WriteByte(1)
	keys := make([]string, 0, len(tok.Extensions))
	for k := range tok.Extensions {
		if k == "auth" || !validExtensionKey(k) {
			return nil, nil, fmt.Errorf("sasl: OAUTHBEARER extension key %q is not allowed", k)
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		b.WriteString(k + "=" + tok.Extensions[k] + "\x01")
	}
	b.WriteByte(1)
	return &oauthSession{}, []byte(b.String()), nil
}

// validExtensionKey: RFC 7628 key = 1*(ALPHA).
func validExtensionKey(k string) bool {
	if k == "" {
		return false
	}
	for _, c := range k {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// oauthSession: a broker that refuses the token sends an error challenge
// (JSON); RFC 7628 3.2.3 has the client answer it with a single 0x01,
// after which the broker fails the exchange with its message.
type oauthSession struct{ answered bool }

func (s *oauthSession) Next(_ context.Context, challenge []byte) (bool, []byte, error) {
	if len(challenge) == 0 || s.answered {
		return true, nil, nil
	}
	s.answered = true
	return false, []byte{1}, nil
}
