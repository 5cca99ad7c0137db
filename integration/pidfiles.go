package integration

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// A pid file is written for every broker a test process starts, in
// run/pids/<pid>.json. Brokers die with their test process (Pdeathsig), but
// should one survive, or its data dir stay behind, the next harness run finds
// the record, sees that the owner is gone, and kills only that pid, and only
// if it still is our broker (same start time, our marker on its command
// line). Brokers of a living process (another test binary) are left alone.
type pidRecord struct {
	Pid        int    `json:"pid"`
	Start      uint64 `json:"start"`
	Marker     string `json:"marker"`
	OwnerPid   int    `json:"owner_pid"`
	OwnerStart uint64 `json:"owner_start"`
	ClusterDir string `json:"cluster_dir"`
}

func pidFileDir() string { return filepath.Join(runDir(), "pids") }

func pidFilePath(dir string, pid int) string { return filepath.Join(dir, fmt.Sprintf("%d.json", pid)) }

func writePidFile(dir string, rec pidRecord) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	data, _ := json.Marshal(rec)
	path := pidFilePath(dir, rec.Pid)
	if err := os.WriteFile(path+".tmp", data, 0o644); err != nil { // never read half-written
		return err
	}
	return os.Rename(path+".tmp", path)
}

func removePidFile(dir string, pid int) { _ = os.Remove(pidFilePath(dir, pid)) }

// markerArg is how a broker's command line carries its marker.
func markerArg(marker string) string { return "-Dkafkawire.harness=" + marker }

// isOurProcess reports whether pid is the process recorded (start time) and
// carries marker on its command line.
func isOurProcess(pid int, start uint64, marker string) bool {
	return procAlive(pid, start) && strings.Contains(procCmdline(pid), markerArg(marker)+" ")
}

// cleanStale kills brokers recorded in dir whose owner process is gone and
// removes their cluster dirs; it returns what it did, for the log.
func cleanStale(dir string) []string {
	entries, _ := os.ReadDir(dir)
	var did []string
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		path := filepath.Join(dir, e.Name())
		data, err := os.ReadFile(path)
		var rec pidRecord
		if err != nil || json.Unmarshal(data, &rec) != nil {
			_ = os.Remove(path)
			continue
		}
		if procAlive(rec.OwnerPid, rec.OwnerStart) {
			continue // its test process still runs: not stale
		}
		if isOurProcess(rec.Pid, rec.Start, rec.Marker) {
			_ = syscall.Kill(rec.Pid, syscall.SIGKILL)
			did = append(did, fmt.Sprintf("killed stale broker pid %d (owner pid %d is gone)", rec.Pid, rec.OwnerPid))
		}
		if ownedClusterDir(rec.ClusterDir) {
			if _, err := os.Stat(rec.ClusterDir); err == nil {
				_ = os.RemoveAll(rec.ClusterDir)
				did = append(did, "removed stale cluster dir "+rec.ClusterDir)
			}
		}
		_ = os.Remove(path)
	}
	return did
}

// ownedClusterDir guards RemoveAll: only dirs this harness names.
func ownedClusterDir(dir string) bool {
	return dir != "" && filepath.IsAbs(dir) && strings.HasPrefix(filepath.Base(dir), clusterDirPrefix)
}
