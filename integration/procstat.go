package integration

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// procStat reads a process's state letter and start time (clock ticks since
// boot) from /proc; the start time tells a process from a later one that
// reused its pid.
func procStat(pid int) (state byte, start uint64, err error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, 0, err
	}
	s := string(data)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, 0, fmt.Errorf("unexpected /proc/%d/stat", pid)
	}
	fields := strings.Fields(s[i+1:])
	if len(fields) < 20 {
		return 0, 0, fmt.Errorf("short /proc/%d/stat", pid)
	}
	start, err = strconv.ParseUint(fields[19], 10, 64) // field 22 of stat(5)
	return fields[0][0], start, err
}

func procStartTime(pid int) uint64 {
	_, start, _ := procStat(pid)
	return start
}

// procAlive reports whether pid runs and is the process that started at start
// (0: any start time).
func procAlive(pid int, start uint64) bool {
	if pid <= 0 {
		return false
	}
	state, st, err := procStat(pid)
	if err != nil || state == 'Z' || state == 'X' {
		return false
	}
	return start == 0 || st == start
}

func procCmdline(pid int) string {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil {
		return ""
	}
	return strings.ReplaceAll(string(data), "\x00", " ")
}
