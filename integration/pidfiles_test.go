package integration

import (
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// fakeBroker runs this test binary (see TestMain) with a broker's marker on
// its command line.
func fakeBroker(t *testing.T, marker string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], markerArg(marker), "fake.broker")
	cmd.Env = append(os.Environ(), "KAFKAWIRE_FAKE_BROKER=1")
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := startChild(cmd); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	t.Cleanup(func() { _ = cmd.Process.Kill(); <-done })
	deadline := time.Now().Add(5 * time.Second)
	for procStartTime(cmd.Process.Pid) == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	return cmd
}

func waitGone(pid int, start uint64) bool {
	deadline := time.Now().Add(5 * time.Second)
	for procAlive(pid, start) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	return !procAlive(pid, start)
}

func TestCleanStaleKillsOnlyOrphans(t *testing.T) {
	pids := t.TempDir()
	base := t.TempDir()
	me, meStart := os.Getpid(), procStartTime(os.Getpid())

	orphanDir := filepath.Join(base, clusterDirPrefix+"orphan")
	livingDir := filepath.Join(base, clusterDirPrefix+"living")
	for _, d := range []string{orphanDir, livingDir} {
		if err := os.MkdirAll(filepath.Join(d, "node-1"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	orphan := fakeBroker(t, orphanDir)
	living := fakeBroker(t, livingDir)
	oPid, lPid := orphan.Process.Pid, living.Process.Pid
	oStart, lStart := procStartTime(oPid), procStartTime(lPid)

	// The orphan's owner "started" at another time: a dead process whose pid was reused.
	_ = writePidFile(pids, pidRecord{Pid: oPid, Start: oStart, Marker: orphanDir, OwnerPid: me, OwnerStart: meStart + 1, ClusterDir: orphanDir})
	_ = writePidFile(pids, pidRecord{Pid: lPid, Start: lStart, Marker: livingDir, OwnerPid: me, OwnerStart: meStart, ClusterDir: livingDir})
	// A record whose pid is now someone else's process (wrong start time) must not be killed.
	_ = writePidFile(pids, pidRecord{Pid: me, Start: meStart + 1, Marker: "/nope", OwnerPid: 1 << 30, ClusterDir: "/etc"})

	did := cleanStale(pids)
	if !waitGone(oPid, oStart) {
		t.Fatalf("orphan broker %d still runs; cleanStale did %v", oPid, did)
	}
	if !procAlive(lPid, lStart) {
		t.Fatal("the broker of a living owner was killed")
	}
	if _, err := os.Stat(orphanDir); !os.IsNotExist(err) {
		t.Errorf("orphan cluster dir not removed: %v", err)
	}
	if _, err := os.Stat(livingDir); err != nil {
		t.Errorf("living cluster dir removed: %v", err)
	}
	left, _ := os.ReadDir(pids)
	if len(left) != 1 || left[0].Name() != filepath.Base(pidFilePath(pids, lPid)) {
		t.Errorf("pid files left: %v", left)
	}
}

func TestOwnedClusterDir(t *testing.T) {
	for dir, want := range map[string]bool{
		"/tmp/kafkawire-123": true, "/tmp/other": false, "kafkawire-rel": false, "": false, "/": false,
	} {
		if ownedClusterDir(dir) != want {
			t.Errorf("ownedClusterDir(%q) != %v", dir, want)
		}
	}
}
