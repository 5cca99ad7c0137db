package properties

import (
	"crypto/tls"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kafkawire/kafkawire/sasl"
)

// Connection is what the shared connection keys configure; every client's
// ConfigFromProperties copies it into its Config's fields of the same
// names. Printing it never shows a secret (sasl mechanisms redact
// themselves).
type Connection struct {
	Brokers        []string
	ClientID       string
	TLS            *tls.Config
	SASL           sasl.Mechanism
	RequestTimeout time.Duration
}

// connBuilder gathers the connection keys; build checks them together.
type connBuilder struct {
	c        Connection
	protocol string // security.protocol, upper case; "" is PLAINTEXT
	sasl     saslSettings
	tls      tlsSettings
	// set records which sasl.* and ssl.* keys were given, to refuse them
	// under a security.protocol that does not use them.
	saslKeys, tlsKeys []string
}

type saslSettings struct {
	mechanism, jaas, user, password string
}

func shared(name, field string, set func(b *connBuilder, v string) error) Key[connBuilder] {
	return Key[connBuilder]{Name: name, Field: field, Set: set}
}

func secret(k Key[connBuilder]) Key[connBuilder] { k.Secret = true; return k }

// saslKey and tlsKey wrap a setter so the key is remembered.
func saslKey(name string, set func(s *saslSettings, v string)) Key[connBuilder] {
	return shared(name, "SASL", func(b *connBuilder, v string) error {
		b.saslKeys = append(b.saslKeys, name)
		set(&b.sasl, v)
		return nil
	})
}

func tlsKey(name string, set func(t *tlsSettings, v string) error) Key[connBuilder] {
	return shared(name, "TLS", func(b *connBuilder, v string) error {
		b.tlsKeys = append(b.tlsKeys, name)
		return set(&b.tls, v)
	})
}

// connectionKeys are the keys every client shares: Java's name, and
// librdkafka's where it differs.
var connectionKeys = index([]Key[connBuilder]{
	shared("bootstrap.servers", "Brokers", setBrokers),
	shared("metadata.broker.list", "Brokers", setBrokers), // librdkafka
	shared("client.id", "ClientID", func(b *connBuilder, v string) error { b.c.ClientID = v; return nil }),
	shared("request.timeout.ms", "RequestTimeout", func(b *connBuilder, v string) error {
		d, err := Millis(v)
		b.c.RequestTimeout = d
		return err
	}),
	shared("security.protocol", "TLS", func(b *connBuilder, v string) error {
		switch p := strings.ToUpper(strings.TrimSpace(v)); p {
		case "PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL":
			b.protocol = p
			return nil
		}
		return errors.New("want PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL")
	}),
	saslKey("sasl.mechanism", func(s *saslSettings, v string) { s.mechanism = strings.TrimSpace(v) }),
	saslKey("sasl.mechanisms", func(s *saslSettings, v string) { s.mechanism = strings.TrimSpace(v) }), // librdkafka
	secret(saslKey("sasl.jaas.config", func(s *saslSettings, v string) { s.jaas = v })),
	saslKey("sasl.username", func(s *saslSettings, v string) { s.user = v }), // librdkafka
	secret(saslKey("sasl.password", func(s *saslSettings, v string) { s.password = v })),
	tlsKey("ssl.truststore.location", func(t *tlsSettings, v string) error { t.trustFile = v; return nil }),
	tlsKey("ssl.ca.location", func(t *tlsSettings, v string) error { t.trustFile = v; t.trustType = "PEM"; return nil }), // librdkafka
	tlsKey("ssl.truststore.type", func(t *tlsSettings, v string) error { t.trustType = strings.ToUpper(strings.TrimSpace(v)); return nil }),
	tlsKey("ssl.truststore.certificates", func(t *tlsSettings, v string) error { t.trustPEM = v; return nil }),
	// JKS and PKCS12 truststores use it (a PEM one has none).
	secret(tlsKey("ssl.truststore.password", func(t *tlsSettings, v string) error { t.trustPassword = v; return nil })),
	tlsKey("ssl.keystore.location", func(t *tlsSettings, v string) error { t.keyStoreFile = v; return nil }),
	tlsKey("ssl.keystore.type", func(t *tlsSettings, v string) error {
		t.keyStoreType = strings.ToUpper(strings.TrimSpace(v))
		return nil
	}),
	tlsKey("ssl.keystore.certificate.chain", func(t *tlsSettings, v string) error { t.certPEM = v; return nil }),
	secret(tlsKey("ssl.keystore.key", func(t *tlsSettings, v string) error { t.keyPEM = v; return nil })),
	secret(tlsKey("ssl.keystore.password", func(t *tlsSettings, v string) error { t.keyStorePassword = v; return nil })),
	secret(tlsKey("ssl.key.password", func(t *tlsSettings, v string) error { t.keyPassword = v; return nil })),
	tlsKey("ssl.certificate.location", func(t *tlsSettings, v string) error { t.certFile = v; return nil }), // librdkafka
	tlsKey("ssl.key.location", func(t *tlsSettings, v string) error { t.keyFile = v; return nil }),          // librdkafka
	tlsKey("ssl.endpoint.identification.algorithm", func(t *tlsSettings, v string) error {
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "https":
			t.noHostCheck = false
		case "", "none": // "none" is librdkafka's spelling
			t.noHostCheck = true
		default:
			return errors.New("want https or empty")
		}
		return nil
	}),
	tlsKey("enable.ssl.certificate.verification", func(t *tlsSettings, v string) error { // librdkafka
		on, err := Bool(v)
		t.noVerify = !on
		return err
	}),
	tlsKey("ssl.enabled.protocols", func(t *tlsSettings, v string) error { return t.setProtocols(v) }),
	{Name: "ssl.protocol", Field: "TLS", Ignore: "the SSLContext protocol name of Java's engine; Go's crypto/tls negotiates TLS 1.2 or 1.3 (limit it with ssl.enabled.protocols)"},
	{Name: "ssl.keymanager.algorithm", Field: "TLS", Ignore: "Java key manager internals; Go's crypto/tls is used"},
	{Name: "ssl.trustmanager.algorithm", Field: "TLS", Ignore: "Java trust manager internals; Go's crypto/tls is used"},
	{Name: "ssl.secure.random.implementation", Field: "TLS", Ignore: "Go's crypto/rand is always used"},
})

func index(keys []Key[connBuilder]) map[string]Key[connBuilder] {
	m := make(map[string]Key[connBuilder], len(keys))
	for _, k := range keys {
		m[k.Name] = k
	}
	return m
}

func setBrokers(b *connBuilder, v string) error {
	b.c.Brokers = List(v)
	for _, s := range b.c.Brokers {
		if !strings.Contains(s, ":") {
			return fmt.Errorf("broker %q needs a port (host:port)", s)
		}
	}
	return nil
}

// build checks the keys together and makes the TLS and SASL settings.
func (b *connBuilder) build() (Connection, error) {
	c := b.c
	useTLS := b.protocol == "SSL" || b.protocol == "SASL_SSL"
	useSASL := b.protocol == "SASL_PLAINTEXT" || b.protocol == "SASL_SSL"
	protocol := b.protocol
	if protocol == "" {
		protocol = "PLAINTEXT"
	}
	if !useTLS && len(b.tlsKeys) > 0 {
		return c, &Error{Key: b.tlsKeys[0], Msg: "is set but security.protocol is " + protocol + " (SSL or SASL_SSL use TLS)"}
	}
	if !useSASL && len(b.saslKeys) > 0 {
		return c, &Error{Key: b.saslKeys[0], Msg: "is set but security.protocol is " + protocol + " (SASL_PLAINTEXT or SASL_SSL use SASL)"}
	}
	if useTLS {
		cfg, err := b.tls.build()
		if err != nil {
			return c, err
		}
		c.TLS = cfg
	}
	if useSASL {
		m, err := b.sasl.build()
		if err != nil {
			return c, err
		}
		c.SASL = m
	}
	return c, nil
}

func (s saslSettings) build() (sasl.Mechanism, error) {
	mech := strings.ToUpper(s.mechanism)
	user, password := s.user, s.password
	if s.jaas != "" {
		if s.user != "" || s.password != "" {
			return nil, &Error{Key: "sasl.jaas.config", Msg: "is set together with sasl.username/sasl.password; give one or the other"}
		}
		j, err := parseJAAS(s.jaas)
		if err != nil {
			return nil, &Error{Key: "sasl.jaas.config", Msg: err.Error()}
		}
		want := map[string]string{"PLAIN": plainModule, "SCRAM-SHA-256": scramModule, "SCRAM-SHA-512": scramModule}[mech]
		if want != "" && j.module != want {
			return nil, &Error{Key: "sasl.jaas.config", Msg: fmt.Sprintf("names login module %s, but sasl.mechanism %s needs %s", j.module, mech, want)}
		}
		user, password = j.options["username"], j.options["password"]
	}
	switch mech {
	case "":
		return nil, &Error{Key: "sasl.mechanism", Msg: "is not set (Java's default, GSSAPI, is not built in): set PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512"}
	case "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512":
	case "OAUTHBEARER":
		return nil, &Error{Key: "sasl.mechanism", Msg: "OAUTHBEARER needs a token source: set Config.SASL to a sasl.OAuthBearer in code"}
	default:
		return nil, &Error{Key: "sasl.mechanism", Msg: fmt.Sprintf("%q is not built in (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512; others plug in as a sasl.Mechanism in code)", mech)}
	}
	if user == "" || password == "" {
		return nil, &Error{Key: "sasl.jaas.config", Msg: mech + " needs a username and a password (sasl.jaas.config, or sasl.username and sasl.password)"}
	}
	switch mech {
	case "PLAIN":
		return sasl.Plain{User: user, Password: password}, nil
	case "SCRAM-SHA-256":
		return sasl.Scram{Hash: sasl.SHA256, User: user, Password: password}, nil
	}
	return sasl.Scram{Hash: sasl.SHA512, User: user, Password: password}, nil
}
