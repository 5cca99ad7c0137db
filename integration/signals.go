package integration

import (
	"fmt"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

// Brokers and cluster dirs that must not outlive this process are registered
// here. On SIGINT, SIGTERM or SIGHUP the brokers are killed and the dirs
// removed, then the signal is re-raised so the process ends as it would have.
// (Pdeathsig covers the brokers on every other kind of exit; pid files cover
// the dirs.) The registry is separate from the clusters' own state so the
// handler never waits for a cluster that is busy starting.
var (
	liveMu   sync.Mutex
	livePids = map[int]struct{}{}
	liveDirs = map[string]struct{}{}
	dying    bool // set by the handler: a broker started after it ran is killed at once
	sigOnce  sync.Once
	sigNames = []os.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP}
)

func trackDir(dir string) {
	sigOnce.Do(installSignalHandler)
	liveMu.Lock()
	liveDirs[dir] = struct{}{}
	liveMu.Unlock()
}

func untrackDir(dir string) {
	liveMu.Lock()
	delete(liveDirs, dir)
	liveMu.Unlock()
}

func trackPid(pid int) {
	sigOnce.Do(installSignalHandler)
	liveMu.Lock()
	defer liveMu.Unlock()
	if dying {
		_ = syscall.Kill(pid, syscall.SIGKILL)
		return
	}
	livePids[pid] = struct{}{}
}

func untrackPid(pid int) {
	liveMu.Lock()
	delete(livePids, pid)
	liveMu.Unlock()
}

// killTracked kills every tracked broker and removes every tracked dir.
func killTracked() (brokers int) {
	liveMu.Lock()
	defer liveMu.Unlock()
	dying = true
	for pid := range livePids {
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
	deadline := time.Now().Add(3 * time.Second)
	for pid := range livePids {
		for procAlive(pid, 0) && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
	}
	for pid := range livePids {
		removePidFile(pidFileDir(), pid)
	}
	for dir := range liveDirs {
		if ownedClusterDir(dir) {
			_ = os.RemoveAll(dir)
		}
	}
	n := len(livePids)
	clear(livePids)
	clear(liveDirs)
	return n
}

func installSignalHandler() {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, sigNames...)
	go func() {
		sig := <-ch
		n := killTracked()
		fmt.Fprintf(os.Stderr, "kafkawire harness: %v: killed %d Kafka process(es)\n", sig, n)
		signal.Reset(sigNames...)
		_ = syscall.Kill(os.Getpid(), sig.(syscall.Signal))
		time.Sleep(2 * time.Second)
		os.Exit(2)
	}()
}
