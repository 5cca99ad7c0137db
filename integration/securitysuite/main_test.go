package securitysuite

import (
	"context"
	"crypto/tls"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kafkawire/kafkawire/admin"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/consumer"
	"github.com/kafkawire/kafkawire/integration"
	"github.com/kafkawire/kafkawire/integration/suitekit"
	"github.com/kafkawire/kafkawire/producer"
	"github.com/kafkawire/kafkawire/sasl"
)

func TestMain(m *testing.M) { suitekit.Run(m, kwSecure.Cleanup) }

// suite makes the suite's unique topic names ("sec-...").
var suite = suitekit.Namer("sec")

// reauthMs is the session lifetime of the shared cluster's SASL
// connections: every SASL test re-authenticates, the reauth test many times.
const reauthMs = 10000

// sharedCluster is the secured one-broker cluster most tests share.
func sharedCluster(t testing.TB) *integration.TestCluster {
	t.Helper()
	return integration.Shared(t, integration.Options{Brokers: 1, Secure: true,
		BrokerProps: map[string]string{"connections.max.reauth.ms": fmt.Sprint(reauthMs)}})
}

// endpoint is one way in: a listener with the client's TLS and SASL
// settings.
type endpoint struct {
	name     string // listener[/mechanism]
	listener integration.Listener
	tls      *tls.Config
	mech     sasl.Mechanism
}

func (e endpoint) brokers(tc *integration.TestCluster) []string {
	return tc.ListenerBootstrap(e.listener)
}

// tlsConfig is the client TLS configuration trusting the cluster's CA,
// with the client certificate if withCert.
func tlsConfig(t testing.TB, sec *integration.Security, withCert bool) *tls.Config {
	t.Helper()
	cert, key := "", ""
	if withCert {
		cert, key = sec.CertFile, sec.KeyFile
	}
	cfg, err := conn.TLSFiles(sec.CAFile, cert, key)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// oauth gives a fresh unsecured token, valid for an hour, at every
// authentication.
func oauth(sub string) sasl.OAuthBearer {
	return sasl.OAuthBearer{Token: func(context.Context) (sasl.Token, error) {
		return sasl.Token{Value: integration.UnsecuredJWT(sub, time.Now().Add(time.Hour))}, nil
	}}
}

// mechanisms are the four SASL mechanisms with the cluster's user.
func mechanisms(sec *integration.Security) []sasl.Mechanism {
	return []sasl.Mechanism{
		sasl.Plain{User: sec.User, Password: sec.Password},
		sasl.Scram{Hash: sasl.SHA256, User: sec.User, Password: sec.Password},
		sasl.Scram{Hash: sasl.SHA512, User: sec.User, Password: sec.Password},
		oauth(sec.User),
	}
}

// endpoints lists every secured way in: SSL, MTLS, and each mechanism on
// SASL_PLAINTEXT and SASL_SSL.
func endpoints(t testing.TB, tc *integration.TestCluster) []endpoint {
	sec := tc.Security()
	eps := []endpoint{
		{name: "SSL", listener: integration.ListenerSSL, tls: tlsConfig(t, sec, false)},
		{name: "MTLS", listener: integration.ListenerMTLS, tls: tlsConfig(t, sec, true)},
	}
	for _, l := range []integration.Listener{integration.ListenerSASLPlaintext, integration.ListenerSASLSSL} {
		for _, m := range mechanisms(sec) {
			ep := endpoint{name: string(l) + "/" + m.Name(), listener: l, mech: m}
			if l == integration.ListenerSASLSSL {
				ep.tls = tlsConfig(t, sec, false)
			}
			eps = append(eps, ep)
		}
	}
	return eps
}

// findEndpoint is the endpoint of endpoints named name.
func findEndpoint(t testing.TB, tc *integration.TestCluster, name string) endpoint {
	for _, e := range endpoints(t, tc) {
		if e.name == name {
			return e
		}
	}
	t.Fatalf("no endpoint %s", name)
	return endpoint{}
}

func newAdmin(t testing.TB, tc *integration.TestCluster, e endpoint, hooks conn.Hooks) *admin.Client {
	t.Helper()
	a, err := admin.New(admin.Config{Brokers: e.brokers(tc), TLS: e.tls, SASL: e.mech, Hooks: hooks})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func newProducer(t testing.TB, tc *integration.TestCluster, e endpoint, cfg producer.Config) *producer.Producer {
	t.Helper()
	cfg.Brokers, cfg.TLS, cfg.SASL = e.brokers(tc), e.tls, e.mech
	return suitekit.NewProducer(t, cfg)
}

// newConsumer makes a consumer for endpoint e, with cfg's other settings.
func newConsumer(t testing.TB, tc *integration.TestCluster, e endpoint, cfg consumer.Config) *consumer.Consumer {
	t.Helper()
	cfg.Brokers, cfg.TLS, cfg.SASL = e.brokers(tc), e.tls, e.mech
	return suitekit.NewConsumer(t, cfg)
}

// dialCounter counts connection attempts through conn.Hooks.
type dialCounter struct{ dials, failed atomic.Int64 }

func (d *dialCounter) hooks() conn.Hooks {
	return conn.Hooks{OnConnect: func(_ string, err error) {
		d.dials.Add(1)
		if err != nil {
			d.failed.Add(1)
		}
	}}
}
