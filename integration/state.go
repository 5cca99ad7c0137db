package integration

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// State records a detached cluster (kafkaharness up) so that a later
// process can find and stop it.
type State struct {
	Version string      `json:"version"`
	Brokers []string    `json:"brokers"` // bootstrap host:port list
	Dir     string      `json:"dir"`     // cluster dir: configs, logs, data
	Nodes   []StateNode `json:"nodes"`
	Started time.Time   `json:"started"`
	// Security is set for a cluster started with Options.Secure.
	Security *Security `json:"security,omitempty"`
	// Props are the Options.BrokerProps it was started with.
	Props map[string]string `json:"props,omitempty"`
}

// StateNode is one broker of a detached cluster.
type StateNode struct {
	ID     int32  `json:"id"`
	Addr   string `json:"addr"`
	Pid    int    `json:"pid"`
	Start  uint64 `json:"start"` // process start time, to tell a reused pid
	Stdout string `json:"stdout"`
	Log    string `json:"log"`
}

// Alive reports whether the node's broker process still runs.
func (n StateNode) Alive(dir string) bool { return isOurProcess(n.Pid, n.Start, dir) }

// ReadState reads a state file; os.ErrNotExist if there is none.
func ReadState(path string) (*State, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var s State
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("%s is not a harness state file (%v); remove it", path, err)
	}
	return &s, nil
}

func writeState(path string, s *State) error {
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(data, '\n'), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// Up starts a detached local cluster that outlives this process (for humans,
// demos and benchmarks) and records it in statePath. If one is already up
// with the same options it is returned as is.
func Up(ctx context.Context, opts Options, statePath string) (*State, error) {
	return up(ctx, opts, statePath, true)
}

// up is Up; tests pass detached=false so that their brokers still die with
// the test process (the state file and Down work the same).
func up(ctx context.Context, opts Options, statePath string, detached bool) (*State, error) {
	opts, err := opts.normalized(os.Getenv)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(statePath), 0o755); err != nil {
		return nil, err
	}
	unlock, err := lockFile(statePath + ".lock")
	if err != nil {
		return nil, err
	}
	defer unlock()
	if s, err := ReadState(statePath); err == nil {
		alive := 0
		for _, n := range s.Nodes {
			if n.Alive(s.Dir) {
				alive++
			}
		}
		switch {
		case alive == len(s.Nodes) && alive == opts.Brokers && s.Version == opts.Version && (s.Security != nil) == opts.Secure && maps.Equal(s.Props, opts.BrokerProps):
			return s, nil
		case alive > 0:
			return nil, fmt.Errorf("a Kafka %s cluster of %d broker(s) is already up (%s, state %s); run `kafkaharness down` first", s.Version, len(s.Nodes), strings.Join(s.Brokers, ","), statePath)
		}
		downState(s, statePath) // dead leftovers
	}
	c, err := startLocal(ctx, opts, filepath.Dir(statePath), detached)
	if err != nil {
		return nil, err
	}
	s := &State{Version: opts.Version, Brokers: c.bootstrap(), Dir: c.dir, Started: time.Now().UTC(), Security: c.security, Props: opts.BrokerProps}
	for _, n := range c.nodes {
		s.Nodes = append(s.Nodes, StateNode{ID: int32(n.cfg.ID), Addr: n.addr(), Pid: n.proc.pid,
			Start: n.proc.start, Stdout: n.stdoutPath, Log: n.serverLog()})
	}
	if err := writeState(statePath, s); err != nil {
		c.stop(false)
		return nil, err
	}
	// From here on the brokers belong to the state file, not to this process.
	for _, n := range c.nodes {
		untrackPid(n.proc.pid)
	}
	untrackDir(c.dir)
	return s, nil
}

// Down kills the brokers recorded in statePath and removes their dir and the
// state file. It returns a line saying what it did.
func Down(statePath string) (string, error) {
	unlock, err := lockFile(statePath + ".lock")
	if err != nil {
		return "", err
	}
	defer unlock()
	s, err := ReadState(statePath)
	if errors.Is(err, os.ErrNotExist) {
		return "no harness cluster is up (no " + statePath + ")", nil
	}
	if err != nil {
		return "", err
	}
	killed := downState(s, statePath)
	return fmt.Sprintf("stopped %d broker(s) of Kafka %s (%s); removed %s", killed, s.Version, strings.Join(s.Brokers, ","), s.Dir), nil
}

func downState(s *State, statePath string) (killed int) {
	for _, n := range s.Nodes {
		if n.Alive(s.Dir) {
			_ = syscall.Kill(n.Pid, syscall.SIGKILL)
			killed++
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for _, n := range s.Nodes {
		for n.Alive(s.Dir) && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
	}
	for _, n := range s.Nodes {
		removePidFile(pidFileDir(), n.Pid) // written when a test ran up without detaching
	}
	if ownedClusterDir(s.Dir) {
		_ = os.RemoveAll(s.Dir)
	}
	_ = os.Remove(statePath)
	return killed
}
