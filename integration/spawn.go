package integration

import (
	"os/exec"
	"runtime"
	"sync"
)

// Children started with SysProcAttr.Pdeathsig get that signal when the OS
// thread that forked them exits, not when the process does. The Go runtime
// may retire threads, so every child is started from one goroutine that locks
// its thread and never unlocks or returns: that thread lives exactly as long
// as the process, and the kernel kills the children when the process dies
// however it dies (panic, os.Exit, SIGKILL).

type spawnReq struct {
	cmd  *exec.Cmd
	done chan error
}

var (
	spawnOnce sync.Once
	spawnCh   chan spawnReq
)

func spawnLoop(ch <-chan spawnReq) {
	runtime.LockOSThread() // never unlocked: the thread must outlive every child
	for req := range ch {
		req.done <- req.cmd.Start()
	}
}

// startChild runs cmd.Start on the spawner thread.
func startChild(cmd *exec.Cmd) error {
	spawnOnce.Do(func() {
		spawnCh = make(chan spawnReq)
		go spawnLoop(spawnCh)
	})
	done := make(chan error, 1)
	spawnCh <- spawnReq{cmd, done}
	return <-done
}

// runChild is cmd.Run with the start on the spawner thread.
func runChild(cmd *exec.Cmd) error {
	if err := startChild(cmd); err != nil {
		return err
	}
	return cmd.Wait()
}

// runTracked is runChild for a process that the signal handler must kill
// (it writes into a cluster dir the handler removes).
func runTracked(cmd *exec.Cmd) error {
	if err := startChild(cmd); err != nil {
		return err
	}
	trackPid(cmd.Process.Pid)
	defer untrackPid(cmd.Process.Pid)
	return cmd.Wait()
}
