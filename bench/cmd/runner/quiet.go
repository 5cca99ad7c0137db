package main

import (
	"context"
	"os"
	"strconv"
	"strings"
	"time"
)

// quieter holds each run back, within bounds, until the machine is quiet:
// the benchmarks share two cores with the broker and with whatever else
// runs on the machine.
//
// Quiet means the 1-minute load average is at most maxLoad, or, when it is
// higher, that the excess is the bench's own: the load average decays with
// a one-minute time constant, so back to back runs that keep both cores
// busy hold it near 2 for the whole benchmark, and waiting for it to fall
// below 1 would cost most of a minute per run. So above maxLoad the quieter
// measures the load of everything else directly, over a short window while
// the bench runs nothing: the busy CPUs less the brokers' own (see
// recentLoad). At most maxRecent is quiet.
// A run waits for quiet, polling, up to wait, and all runs together up to
// budget; a run that starts without quiet is marked noisy.
type quieter struct {
	maxLoad, maxRecent float64
	window             time.Duration
	wait, budget       time.Duration
	poll               time.Duration
	spent              time.Duration

	// For tests; nil: the real machine.
	load1  func() float64
	recent func(ctx context.Context, window time.Duration) float64
	now    func() time.Time
	sleep  func(ctx context.Context, d time.Duration)
}

type quietResult struct {
	load1  float64       // the last 1-minute load average read
	recent float64       // the last short-window load of others (0: not measured)
	waited time.Duration // time spent waiting
	noisy  bool          // never quiet within the bounds
}

func (q *quieter) defaults() {
	if q.load1 == nil {
		q.load1 = load1
	}
	if q.recent == nil {
		q.recent = recentLoad
	}
	if q.now == nil {
		q.now = time.Now
	}
	if q.sleep == nil {
		q.sleep = func(ctx context.Context, d time.Duration) {
			t := time.NewTimer(d)
			defer t.Stop()
			select {
			case <-t.C:
			case <-ctx.Done():
			}
		}
	}
	if q.poll == 0 {
		q.poll = time.Second
	}
}

// waitQuiet returns once the machine is quiet or the bounds are spent.
func (q *quieter) waitQuiet(ctx context.Context) quietResult {
	q.defaults()
	start := q.now()
	var res quietResult
	for {
		res.load1 = q.load1()
		if res.load1 <= q.maxLoad {
			break
		}
		res.recent = q.recent(ctx, q.window)
		if res.recent <= q.maxRecent {
			break
		}
		waited := q.now().Sub(start)
		if next := waited + q.poll + q.window; next > q.wait || q.spent+next > q.budget || ctx.Err() != nil {
			res.noisy = true
			break
		}
		q.sleep(ctx, q.poll)
	}
	res.waited = q.now().Sub(start)
	q.spent += res.waited
	return res
}

// recentLoad is the load of everything else on the machine over window,
// in busy CPUs: all CPU time less the brokers' (they are part of the
// benchmark, and keep working for a while after each run: flushing, GC),
// less this sampler's. Runnable-task counts cannot tell a broker's threads
// from a stranger's, so only CPU time is measured.
func recentLoad(ctx context.Context, window time.Duration) float64 {
	brokers := brokerPIDs()
	busy0, total0, _ := procStat()
	broker0 := procsCPU(brokers)
	select {
	case <-time.After(window):
	case <-ctx.Done():
	}
	busy1, total1, _ := procStat()
	broker1 := procsCPU(brokers)
	if total1 <= total0 {
		return 0
	}
	others := float64(busy1-busy0) - float64(broker1-broker0)
	return max(others, 0) / float64(total1-total0) * float64(numCPU())
}

// brokerPIDs lists the running Kafka brokers' process ids.
func brokerPIDs() []int {
	entries, _ := os.ReadDir("/proc")
	var out []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		cmd, err := os.ReadFile("/proc/" + e.Name() + "/cmdline")
		if err == nil && strings.Contains(string(cmd), "kafka.Kafka") {
			out = append(out, pid)
		}
	}
	return out
}

// procsCPU is the user+system jiffies the processes used so far.
func procsCPU(pids []int) uint64 {
	var sum uint64
	for _, pid := range pids {
		data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		if err != nil {
			continue
		}
		// Fields after the parenthesised command name: state is field 3,
		// utime and stime are fields 14 and 15.
		rest := string(data)
		if k := strings.LastIndexByte(rest, ')'); k >= 0 {
			rest = rest[k+1:]
		}
		f := strings.Fields(rest)
		if len(f) < 13 {
			continue
		}
		u, _ := strconv.ParseUint(f[11], 10, 64)
		st, _ := strconv.ParseUint(f[12], 10, 64)
		sum += u + st
	}
	return sum
}

// procStat reads /proc/stat: busy and total jiffies of all CPUs, and the
// runnable and blocked tasks now.
func procStat() (busy, total uint64, runnable float64) {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, 0, 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		switch f[0] {
		case "cpu":
			for i, v := range f[1:] {
				x, _ := strconv.ParseUint(v, 10, 64)
				if i >= 8 { // guest, guest_nice: already in user and nice
					break
				}
				total += x
				if i != 3 && i != 4 { // idle, iowait
					busy += x
				}
			}
		case "procs_running", "procs_blocked":
			x, _ := strconv.ParseFloat(f[1], 64)
			runnable += x
		}
	}
	return busy, total, runnable
}

func numCPU() int {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 1
	}
	n := 0
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "cpu") && len(line) > 3 && line[3] >= '0' && line[3] <= '9' {
			n++
		}
	}
	return max(n, 1)
}
