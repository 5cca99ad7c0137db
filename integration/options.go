package integration

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// DefaultVersion is the Apache Kafka version used when neither
// Options.Version nor KAFKA_VERSION says otherwise.
const DefaultVersion = "4.1.1"

// StartTimeout bounds how long brokers may take to start (not counting the
// one-time jar download); KAFKAWIRE_START_TIMEOUT (a Go duration) overrides
// it for slow machines.
const StartTimeout = 60 * time.Second

func startTimeout() time.Duration {
	if d, err := time.ParseDuration(os.Getenv("KAFKAWIRE_START_TIMEOUT")); err == nil && d > 0 {
		return d
	}
	return StartTimeout
}

// Options describe the cluster a test needs.
type Options struct {
	// Brokers is 1 (a single KRaft combined-mode node, the default) or 3.
	Brokers int
	// Version is the Apache Kafka version; empty means $KAFKA_VERSION or
	// DefaultVersion.
	Version string
	// Faults says the test stops, restarts or kills brokers: the cluster is
	// then always started from local jars (never Docker).
	Faults bool
	// ProxyPorts, if set, has one port per broker (in id order): each broker
	// gets a second client listener, PROXIED, whose Metadata advertises
	// 127.0.0.1:<that port> instead of the listener's own address. A client
	// bootstrapping at that port then reaches the brokers only through what
	// listens there (a fault-injecting proxy forwarding to
	// Cluster.ProxiedAddr). Bootstrap still names the direct listeners.
	// Local jars only.
	ProxyPorts []int
	// Secure adds, beside PLAINTEXT (which controller and inter-broker
	// traffic keep using), the client listeners SSL, MTLS (SSL with
	// ssl.client.auth=required), SASL_PLAINTEXT and SASL_SSL, with
	// certificates from a CA generated for the cluster and a SASL user for
	// every mechanism of SASLMechanisms. Cluster.Security says how to reach
	// them. Local jars only.
	Secure bool
	// BrokerProps are extra server.properties lines (they override the
	// harness's own), e.g. "connections.max.reauth.ms": "10000". Local
	// jars only.
	BrokerProps map[string]string
	// ClientPort, if set, is the client (PLAINTEXT) port broker 1 gets when
	// it is free, e.g. 9092 for `kafkaharness up`, so that the README's
	// snippets reach it; when it is taken (or 0, as tests leave it) a random
	// free port is used. Local jars only.
	ClientPort int
}

func (o Options) normalized(getenv func(string) string) (Options, error) {
	if o.Brokers == 0 {
		o.Brokers = 1
	}
	if o.Brokers != 1 && o.Brokers != 3 {
		return o, fmt.Errorf("Options.Brokers=%d: the harness runs 1 or 3 brokers", o.Brokers)
	}
	if o.ClientPort < 0 || o.ClientPort > 65535 {
		return o, fmt.Errorf("Options.ClientPort=%d is not a TCP port (1-65535, or 0 for a random one)", o.ClientPort)
	}
	if len(o.ProxyPorts) > 0 && len(o.ProxyPorts) != o.Brokers {
		return o, fmt.Errorf("Options.ProxyPorts has %d ports for %d brokers; give one per broker", len(o.ProxyPorts), o.Brokers)
	}
	if o.Version == "" {
		o.Version = strings.TrimSpace(getenv("KAFKA_VERSION"))
	}
	if o.Version == "" {
		o.Version = DefaultVersion
	}
	return o, checkVersion(o.Version)
}

func (o Options) key() string {
	k := fmt.Sprintf("brokers=%d version=%s faults=%t", o.Brokers, o.Version, o.Faults)
	if len(o.ProxyPorts) > 0 {
		k += fmt.Sprintf(" proxy=%v", o.ProxyPorts)
	}
	if o.Secure {
		k += " secure"
	}
	if len(o.BrokerProps) > 0 {
		k += fmt.Sprintf(" props=%v", o.BrokerProps) // fmt sorts map keys
	}
	return k
}

var versionRE = regexp.MustCompile(`^(\d+)\.(\d+)\.(\d+)$`)

// needsJars says why opts can only be served by brokers the harness
// configures itself (local jars), or "" if any backend will do.
func (o Options) needsJars() string {
	switch {
	case len(o.ProxyPorts) > 0:
		return "a proxied listener (Options.ProxyPorts)"
	case o.Secure:
		return "TLS and SASL listeners (Options.Secure)"
	case len(o.BrokerProps) > 0:
		return "broker properties of its own (Options.BrokerProps)"
	}
	return ""
}

// checkVersion accepts Kafka 3.7.x and later release numbers: KRaft without
// ZooKeeper with a static controller.quorum.voters, the configuration this
// harness writes, which 3.7 and 3.8 brokers run as well (the client
// negotiates their older API versions).
func checkVersion(v string) error {
	m := versionRE.FindStringSubmatch(v)
	if m == nil {
		return fmt.Errorf("KAFKA_VERSION=%s is not a Kafka release number; use e.g. 4.1.1 or 3.9.1", v)
	}
	major, _ := strconv.Atoi(m[1])
	minor, _ := strconv.Atoi(m[2])
	if major < 3 || (major == 3 && minor < 7) {
		return fmt.Errorf("KAFKA_VERSION=%s is older than the harness supports (3.7.0); use e.g. 4.1.1 or 3.9.1", v)
	}
	return nil
}

// CacheDir is ${KAFKAWIRE_CACHE:-$HOME/.cache/kafkawire}.
func CacheDir() string {
	if d := os.Getenv("KAFKAWIRE_CACHE"); d != "" {
		return d
	}
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return filepath.Join(os.TempDir(), "kafkawire-cache")
	}
	return filepath.Join(home, ".cache", "kafkawire")
}

// runDir holds pid files and the state of a detached cluster.
func runDir() string { return filepath.Join(CacheDir(), "run") }

// DefaultStatePath is where `kafkaharness up` records the detached cluster.
func DefaultStatePath() string { return filepath.Join(runDir(), "state.json") }

func ciMode(getenv func(string) string) bool {
	return strings.EqualFold(strings.TrimSpace(getenv("CI")), "true")
}
