package integration

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// localNode is one KRaft combined-mode broker of a local cluster.
type localNode struct {
	cfg        nodeConfig
	dir        string // <cluster>/node-<id>
	propsPath  string
	stdoutPath string // the JVM's stdout and stderr
	logsDir    string // kafka.logs.dir: server.log
	proc       *brokerProc
}

type brokerProc struct {
	cmd   *exec.Cmd
	pid   int
	start uint64
	done  chan struct{}
	err   error // the Wait result, once done is closed
}

func (p *brokerProc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

func newLocalNode(clusterDir string, cfg nodeConfig) *localNode {
	dir := filepath.Join(clusterDir, "node-"+strconv.Itoa(cfg.ID))
	return &localNode{
		cfg:        cfg,
		dir:        dir,
		propsPath:  filepath.Join(dir, "server.properties"),
		stdoutPath: filepath.Join(dir, "stdout.log"),
		logsDir:    filepath.Join(dir, "logs"),
	}
}

func (n *localNode) addr() string { return fmt.Sprintf("127.0.0.1:%d", n.cfg.ClientPort) }

func (n *localNode) serverLog() string { return filepath.Join(n.logsDir, "server.log") }

func (n *localNode) paths() string {
	return fmt.Sprintf("broker %d (%s): stdout+stderr %s, server log %s", n.cfg.ID, n.addr(), n.stdoutPath, n.serverLog())
}

// failure describes a broker that did not come up, with its log paths and
// the last lines of its output.
func (n *localNode) failure(what string) string {
	return fmt.Sprintf("broker %d (%s) %s\n  stdout+stderr: %s\n  server log: %s\n  last lines of %s:\n%s\n  last lines of %s:\n%s",
		n.cfg.ID, n.addr(), what, n.stdoutPath, n.serverLog(),
		n.stdoutPath, indent(tailFile(n.stdoutPath, 15), "    "),
		n.serverLog(), indent(tailRecords(n.serverLog(), 15), "    "))
}

func (c *localCluster) startNode(n *localNode) error {
	out, err := os.OpenFile(n.stdoutPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	defer out.Close()
	fmt.Fprintf(out, "=== kafkawire harness: starting broker %d at %s\n", n.cfg.ID, time.Now().Format(time.RFC3339Nano))
	cmd := exec.Command(c.java, javaArgs(c.jvmFlags, c.libs, c.logs, n.logsDir, c.dir, "kafka.Kafka", n.propsPath)...)
	cmd.Dir = n.dir
	cmd.Stdout, cmd.Stderr = out, out
	if c.detached {
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	} else {
		cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	}
	if err := startChild(cmd); err != nil {
		return fmt.Errorf("starting broker %d: %v", n.cfg.ID, err)
	}
	p := &brokerProc{cmd: cmd, pid: cmd.Process.Pid, start: procStartTime(cmd.Process.Pid), done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	n.proc = p
	trackPid(p.pid)
	if !c.detached {
		_ = writePidFile(c.pidDir, pidRecord{
			Pid: p.pid, Start: p.start, Marker: c.dir,
			OwnerPid: os.Getpid(), OwnerStart: procStartTime(os.Getpid()), ClusterDir: c.dir,
		})
	}
	return nil
}

// signalNode sends sig to the broker and waits up to grace for it to exit,
// then kills it.
func (c *localCluster) signalNode(n *localNode, sig syscall.Signal, grace time.Duration) {
	p := n.proc
	if p == nil {
		return
	}
	_ = p.cmd.Process.Signal(sig)
	select {
	case <-p.done:
	case <-time.After(grace):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
	n.proc = nil
	untrackPid(p.pid)
	if !c.detached {
		removePidFile(c.pidDir, p.pid)
	}
}
