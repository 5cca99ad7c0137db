package integration

import (
	"context"
	"fmt"
	"os"
	"strings"
)

// impl is what a backend provides.
type impl interface {
	backend() Backend
	bootstrap() []string
	ids() []int32
	addr(id int32) (string, bool)
	describe() string
	stopBroker(id int32) error
	killBroker(id int32) error
	startBroker(ctx context.Context, id int32) error
	stopAll(keepLogs bool) error
}

// Cluster is a running Kafka cluster, whichever backend serves it. Its
// methods return errors; tests usually hold a TestCluster (see Start), whose
// methods fail the test instead.
type Cluster struct {
	impl impl
	opts Options
}

// Launch starts (or, with KAFKA_BROKERS, finds) a cluster as opts asks,
// choosing the backend as README.md describes. The caller must Stop it.
func Launch(ctx context.Context, opts Options) (*Cluster, error) {
	opts, err := opts.normalized(os.Getenv)
	if err != nil {
		return nil, err
	}
	be, err := chooseBackend(os.Getenv, opts, dockerAvailable)
	if err != nil {
		return nil, err
	}
	var im impl
	switch be {
	case BackendExternal:
		im, err = newExternal(ctx, os.Getenv("KAFKA_BROKERS"), opts)
	case BackendDocker:
		im, err = startDocker(ctx, opts)
	default:
		im, err = startLocal(ctx, opts, "", false)
	}
	if err != nil {
		return nil, err
	}
	return &Cluster{impl: im, opts: opts}, nil
}

// Backend says where the brokers come from.
func (c *Cluster) Backend() Backend { return c.impl.backend() }

// Options are the (normalized) options the cluster was started with.
func (c *Cluster) Options() Options { return c.opts }

// Bootstrap lists the brokers' host:port addresses.
func (c *Cluster) Bootstrap() []string { return c.impl.bootstrap() }

// BootstrapString is Bootstrap joined with commas, as KAFKA_BROKERS takes it.
func (c *Cluster) BootstrapString() string { return strings.Join(c.impl.bootstrap(), ",") }

// IDs lists the broker (node) ids, ascending.
func (c *Cluster) IDs() []int32 { return c.impl.ids() }

// Addr is the host:port of broker id, or "" if there is no such broker.
func (c *Cluster) Addr(id int32) string {
	a, _ := c.impl.addr(id)
	return a
}

// ProxiedAddr is the host:port of broker id's PROXIED listener (see
// Options.ProxyPorts), where a proxy in front of it forwards to; "" if the
// cluster has none.
func (c *Cluster) ProxiedAddr(id int32) string {
	lc, ok := c.impl.(*localCluster)
	if !ok {
		return ""
	}
	for _, n := range lc.nodes {
		if int32(n.cfg.ID) == id && n.cfg.ProxiedPort != 0 {
			return fmt.Sprintf("127.0.0.1:%d", n.cfg.ProxiedPort)
		}
	}
	return ""
}

// Security says how to reach the TLS and SASL listeners of a cluster
// started with Options.Secure; nil for any other cluster.
func (c *Cluster) Security() *Security {
	if lc, ok := c.impl.(*localCluster); ok {
		return lc.security
	}
	return nil
}

// ListenerBootstrap lists the host:port of listener l on every broker;
// nil if the cluster has no such listener.
func (c *Cluster) ListenerBootstrap(l Listener) []string {
	if s := c.Security(); s != nil {
		return s.Listeners[l]
	}
	if l == ListenerPlaintext {
		return c.Bootstrap()
	}
	return nil
}

// Describe names the backend, and for local brokers their log files.
func (c *Cluster) Describe() string { return c.impl.describe() }

// StopBroker shuts broker id down cleanly (it keeps its ports and data).
func (c *Cluster) StopBroker(id int32) error { return c.impl.stopBroker(id) }

// KillBroker kills broker id with SIGKILL, as a crash would.
func (c *Cluster) KillBroker(id int32) error { return c.impl.killBroker(id) }

// StartBroker restarts a stopped or killed broker on the same ports and data
// and waits until it is back in the cluster.
func (c *Cluster) StartBroker(id int32) error {
	return c.impl.startBroker(context.Background(), id)
}

// Stop stops every broker the harness started and removes their data.
// For a KAFKA_BROKERS cluster it does nothing.
func (c *Cluster) Stop() error { return c.impl.stopAll(false) }

// stopKeepLogs is Stop but keeps configs and logs (for a failed test).
func (c *Cluster) stopKeepLogs() error { return c.impl.stopAll(true) }

func (c *Cluster) String() string {
	return fmt.Sprintf("%s cluster %s", c.Backend(), c.BootstrapString())
}
