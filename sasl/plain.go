package sasl

import (
	"context"
	"fmt"
)

// Plain is SASL PLAIN (RFC 4616): the user name and password go to the
// broker as they are, so use it over TLS only. Java:
// sasl.mechanism=PLAIN with PlainLoginModule; librdkafka:
// sasl.mechanisms=PLAIN, sasl.username, sasl.password.
type Plain struct {
	User, Password string
	// AuthzID, if set, asks to act as this identity (brokers must allow it).
	AuthzID string
}

func (Plain) Name() string { return "PLAIN" }

func (p Plain) Start(context.Context) (Session, []byte, error) {
	if p.User == "" || p.Password == "" {
		return nil, nil, fmt.Errorf("sasl: PLAIN needs User and Password")
	}
	msg := make([]byte, 0, len(p.AuthzID)+len(p.User)+len(p.Password)+2)
	msg = append(msg, p.AuthzID...)
	msg = append(msg, 0)
	msg = append(msg, p.User...)
	msg = append(msg, 0)
	msg = append(msg, p.Password...)
	return doneSession{}, msg, nil
}

// Format prints the mechanism without its password, whatever the verb.
func (p Plain) Format(f fmt.State, _ rune) {
	fmt.Fprintf(f, "sasl.Plain{User: %q, Password: %s}", p.User, redacted)
}

// doneSession ends an exchange of one client message.
type doneSession struct{}

func (doneSession) Next(context.Context, []byte) (bool, []byte, error) { return true, nil, nil }
