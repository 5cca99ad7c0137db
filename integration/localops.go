package integration

import (
	"context"
	"fmt"
	"sort"
	"syscall"
	"time"
)

// The impl interface (see cluster.go) for local clusters.

func (c *localCluster) backend() Backend { return BackendJars }

func (c *localCluster) bootstrap() []string {
	addrs := make([]string, len(c.nodes))
	for i, n := range c.nodes {
		addrs[i] = n.addr()
	}
	return addrs
}

func (c *localCluster) ids() []int32 {
	ids := make([]int32, len(c.nodes))
	for i, n := range c.nodes {
		ids[i] = int32(n.cfg.ID)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}

func (c *localCluster) addr(id int32) (string, bool) {
	for _, n := range c.nodes {
		if int32(n.cfg.ID) == id {
			return n.addr(), true
		}
	}
	return "", false
}

func (c *localCluster) describe() string {
	s := fmt.Sprintf("Kafka %s, %d broker(s), cluster dir %s", c.version, len(c.nodes), c.dir)
	for _, n := range c.nodes {
		s += "\n  " + n.paths()
	}
	return s
}

func (c *localCluster) node(id int32) (*localNode, error) {
	if c.stopped {
		return nil, fmt.Errorf("the cluster in %s is stopped", c.dir)
	}
	for _, n := range c.nodes {
		if int32(n.cfg.ID) == id {
			return n, nil
		}
	}
	return nil, fmt.Errorf("no broker %d: the cluster has brokers %v", id, c.ids())
}

// stopBroker shuts a broker down cleanly (SIGTERM), killing it after 30 s.
func (c *localCluster) stopBroker(id int32) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	n, err := c.node(id)
	if err != nil {
		return err
	}
	if n.proc == nil {
		return fmt.Errorf("broker %d is not running", id)
	}
	c.signalNode(n, syscall.SIGTERM, 30*time.Second)
	return nil
}

// killBroker kills a broker with SIGKILL (a crash: no clean shutdown).
func (c *localCluster) killBroker(id int32) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	n, err := c.node(id)
	if err != nil {
		return err
	}
	if n.proc == nil {
		return fmt.Errorf("broker %d is not running", id)
	}
	c.signalNode(n, syscall.SIGKILL, 10*time.Second)
	return nil
}

// startBroker restarts a stopped or killed broker on its old ports and data,
// and waits until it lists every running broker.
func (c *localCluster) startBroker(ctx context.Context, id int32) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	n, err := c.node(id)
	if err != nil {
		return err
	}
	if n.proc != nil {
		if !n.proc.exited() {
			return fmt.Errorf("broker %d is already running", id)
		}
		c.signalNode(n, syscall.SIGKILL, time.Second) // it died on its own: forget it
	}
	ports := map[string]int{"client": n.cfg.ClientPort, "controller": n.cfg.ControllerPort, "proxied": n.cfg.ProxiedPort}
	for i, p := range n.cfg.SecurePorts {
		ports[string(SecureListeners[i])] = p
	}
	if err := portsFree(ports); err != nil {
		return fmt.Errorf("broker %d cannot restart on its ports: %v; free the port or start a new cluster", id, err)
	}
	if err := c.startNode(n); err != nil {
		return err
	}
	var running []*localNode
	for _, o := range c.nodes {
		if o.proc != nil {
			running = append(running, o)
		}
	}
	ctx, cancel := context.WithTimeout(ctx, startTimeout())
	defer cancel()
	if err := c.waitReady(ctx, []*localNode{n}, running); err != nil {
		c.signalNode(n, syscall.SIGKILL, 10*time.Second)
		return fmt.Errorf("restarting broker %d: %w", id, err)
	}
	return nil
}

func (c *localCluster) stopAll(keepLogs bool) error {
	c.stop(keepLogs)
	return nil
}

// running reports whether broker id runs (started and not exited).
func (c *localCluster) running(id int32) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	n, err := c.node(id)
	return err == nil && n.proc != nil && !n.proc.exited()
}
