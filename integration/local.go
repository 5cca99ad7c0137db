package integration

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"
)

const clusterDirPrefix = "kafkawire-"

// localCluster runs brokers from the fetched jars with the local java.
type localCluster struct {
	mu        sync.Mutex
	version   string
	java      string
	libs      string
	dir       string // per-cluster dir: logging configs and node-<id>/
	clusterID string
	logs      logConfigs
	jvmFlags  []string
	detached  bool   // started for `kafkaharness up`: no Pdeathsig, no pid files
	pidDir    string // pid files of a test process's brokers
	nodes     []*localNode
	security  *Security // nil unless Options.Secure
	stopped   bool
}

var errPortClash = errors.New("a port was taken before the broker could bind it")

var staleOnce sync.Once

// startLocal fetches the jars if needed, then formats and starts a cluster of
// opts.Brokers nodes under a new dir in baseDir ("" = the temp dir), retrying
// with new ports if one was taken meanwhile.
func startLocal(ctx context.Context, opts Options, baseDir string, detached bool) (*localCluster, error) {
	java, err := findJava()
	if err != nil {
		return nil, err
	}
	libs, err := Fetch(ctx, opts.Version)
	if err != nil {
		return nil, err
	}
	staleOnce.Do(func() {
		for _, s := range cleanStale(pidFileDir()) {
			fmt.Fprintln(os.Stderr, "kafkawire harness:", s)
		}
	})
	flags := testJVMFlags
	if detached {
		flags = detachedJVMFlags
	}
	for attempt := 1; ; attempt++ {
		c := &localCluster{version: opts.Version, java: java, libs: libs, jvmFlags: flags,
			detached: detached, pidDir: pidFileDir()}
		err := c.start(ctx, opts, baseDir)
		if err == nil {
			return c, nil
		}
		if !errors.Is(err, errPortClash) || attempt == 3 {
			return nil, err
		}
		_ = os.RemoveAll(c.dir) // a fresh dir and fresh ports next time
	}
}

func newClusterID() string {
	for {
		var b [16]byte
		_, _ = rand.Read(b[:])
		id := base64.RawURLEncoding.EncodeToString(b[:])
		if id[0] != '-' { // would read as an option on the StorageTool command line
			return id
		}
	}
}

func (c *localCluster) start(ctx context.Context, opts Options, baseDir string) error {
	brokers, proxyPorts := opts.Brokers, opts.ProxyPorts
	if baseDir != "" {
		if err := os.MkdirAll(baseDir, 0o755); err != nil {
			return err
		}
	}
	dir, err := os.MkdirTemp(baseDir, clusterDirPrefix)
	if err != nil {
		return fmt.Errorf("cannot create a cluster dir: %v", err)
	}
	c.dir, c.clusterID = dir, newClusterID()
	trackDir(dir)
	if c.logs, err = writeLogConfigs(dir); err != nil {
		return err
	}
	if opts.Secure {
		if c.security, err = writeSecurityFiles(dir); err != nil {
			return fmt.Errorf("generating certificates: %v", err)
		}
		c.security.Listeners = map[Listener][]string{}
	}
	per := 2
	if len(proxyPorts) > 0 {
		per++
	}
	if opts.Secure {
		per += len(SecureListeners)
	}
	ports, err := freePorts(per * brokers)
	if err != nil {
		return err
	}
	if p := opts.ClientPort; p != 0 && !slices.Contains(ports, p) && portsFree(map[string]int{"client": p}) == nil {
		ports[0] = p
	}
	cfgs := make([]nodeConfig, brokers)
	for i := range cfgs {
		p := ports[per*i : per*(i+1)]
		cfgs[i] = nodeConfig{ID: i + 1, ClientPort: p[0], ControllerPort: p[1],
			DataDir: filepath.Join(dir, fmt.Sprintf("node-%d", i+1), "data"), Props: opts.BrokerProps}
		p = p[2:]
		if len(proxyPorts) > 0 {
			cfgs[i].ProxiedPort, cfgs[i].ProxyPort = p[0], proxyPorts[i]
			p = p[1:]
		}
		if opts.Secure {
			cfgs[i].SecurePorts, cfgs[i].Security = p, c.security
			c.security.Listeners[ListenerPlaintext] = append(c.security.Listeners[ListenerPlaintext], fmt.Sprintf("127.0.0.1:%d", cfgs[i].ClientPort))
			for j, l := range SecureListeners {
				c.security.Listeners[l] = append(c.security.Listeners[l], fmt.Sprintf("127.0.0.1:%d", p[j]))
			}
		}
	}
	for _, cfg := range cfgs {
		n := newLocalNode(dir, cfg)
		if err := os.MkdirAll(n.logsDir, 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(n.propsPath, []byte(renderServerProperties(cfg, cfgs)), 0o644); err != nil {
			return err
		}
		c.nodes = append(c.nodes, n)
	}
	if err := c.format(ctx); err != nil {
		c.stop(true)
		return err
	}
	for _, n := range c.nodes {
		if err := c.startNode(n); err != nil {
			c.stop(true)
			return err
		}
	}
	ctx, cancel := context.WithTimeout(ctx, startTimeout())
	defer cancel()
	if err := c.waitReady(ctx, c.nodes, c.nodes); err != nil {
		c.stop(true)
		return err
	}
	return nil
}

// format runs Kafka's StorageTool for every node, in parallel.
func (c *localCluster) format(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, startTimeout())
	defer cancel()
	errs := make([]error, len(c.nodes))
	var wg sync.WaitGroup
	for i, n := range c.nodes {
		wg.Go(func() { errs[i] = c.formatNode(ctx, n) })
	}
	wg.Wait()
	return errors.Join(errs...)
}

func (c *localCluster) formatNode(ctx context.Context, n *localNode) error {
	logPath := filepath.Join(n.dir, "format.log")
	out, err := os.Create(logPath)
	if err != nil {
		return err
	}
	defer out.Close()
	flags := []string{"-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"}
	args := []string{"format", "-t", c.clusterID, "-c", n.propsPath}
	if c.security != nil {
		args = append(args, scramFormatArgs(c.security)...)
	}
	cmd := exec.CommandContext(ctx, c.java, javaArgs(flags, c.libs, c.logs, n.logsDir, c.dir,
		"kafka.tools.StorageTool", args...)...)
	cmd.Dir = n.dir
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := runTracked(cmd); err != nil {
		return fmt.Errorf("formatting the storage of broker %d failed (%v); see %s:\n%s",
			n.cfg.ID, err, logPath, indent(tailFile(logPath, 10), "    "))
	}
	return nil
}

// waitReady waits until every node of check answers Metadata listing every
// node of want, failing early when a broker exits.
func (c *localCluster) waitReady(ctx context.Context, check, want []*localNode) error {
	tick := time.NewTicker(150 * time.Millisecond)
	defer tick.Stop()
	var lastErr error
	for {
		ready := true
		for _, n := range check {
			if p := n.proc; p == nil || p.exited() {
				err := fmt.Errorf("%s", n.failure(fmt.Sprintf("exited during start (%v)", exitText(p))))
				if bindFailure(tailFile(n.stdoutPath, 200) + tailFile(n.serverLog(), 200)) {
					return fmt.Errorf("%w: %v", errPortClash, err)
				}
				return err
			}
			if ok, err := nodeSees(ctx, n, want); !ok {
				ready, lastErr = false, err
			}
		}
		if ready {
			return nil
		}
		select {
		case <-ctx.Done():
			var b strings.Builder
			fmt.Fprintf(&b, "Kafka %s cluster in %s not ready within %s (last check: %v); a slow machine may need KAFKAWIRE_START_TIMEOUT=2m", c.version, c.dir, startTimeout(), lastErr)
			for _, n := range check {
				b.WriteString("\n" + n.failure("at the timeout:"))
			}
			return errors.New(b.String())
		case <-tick.C:
		}
	}
}

func exitText(p *brokerProc) string {
	if p == nil {
		return "not running"
	}
	if p.err == nil {
		return "exit status 0"
	}
	return p.err.Error()
}

// nodeSees reports whether n's Metadata lists every broker of want.
func nodeSees(ctx context.Context, n *localNode, want []*localNode) (bool, error) {
	brokers, err := metadataBrokers(ctx, n.addr())
	if err != nil {
		return false, fmt.Errorf("broker %d: %v", n.cfg.ID, err)
	}
	seen := map[int32]bool{}
	for _, b := range brokers {
		seen[b.ID] = true
	}
	for _, w := range want {
		if !seen[int32(w.cfg.ID)] {
			return false, fmt.Errorf("broker %d lists %d of %d brokers", n.cfg.ID, len(brokers), len(want))
		}
	}
	return true, nil
}

// stop kills every broker and removes the cluster dir; with keepLogs it
// removes only the data dirs, keeping configs and logs for a post-mortem.
func (c *localCluster) stop(keepLogs bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stopped {
		return
	}
	c.stopped = true
	for _, n := range c.nodes {
		c.signalNode(n, syscall.SIGKILL, 10*time.Second)
	}
	untrackDir(c.dir)
	if keepLogs {
		for _, n := range c.nodes {
			_ = os.RemoveAll(n.cfg.DataDir)
		}
		return
	}
	_ = os.RemoveAll(c.dir)
}
