// Command runner benchmarks kafkawire against franz-go, IBM/sarama,
// segmentio/kafka-go and Apache Kafka's own perf tools on one broker, and
// writes results/<date>.md, results/<date>.svg and results/<date>.jsonl.
//
//	cd bench && go run ./cmd/runner            # the full run (about 20 minutes)
//	cd bench && go run ./cmd/runner -quick     # a smoke run (a few minutes)
//
// It uses the brokers in KAFKA_BROKERS, or starts one through the
// integration harness (../integration, `kafkaharness up`) and stops it at
// the end, also on failure or interrupt; the three-broker cell gets three
// brokers the same way (or KAFKA_BROKERS_3). Every run of every client is a
// process of its own (the worker binary, built once, or java), on a fresh
// topic, after one untimed warm-up run per cell; clients alternate within
// a cell in ABBA order (A B C D D C B A A B ...).
//
//	go run ./cmd/runner -compare A.jsonl,B.jsonl   # do two runs' headline ratios repeat?
//	go run ./cmd/runner -estimate results/X.jsonl  # how long the plan takes, from X's run times
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/kafkawire/kafkawire/bench/internal/result"
)

type config struct {
	quick     bool
	reps      int
	clients   map[string]bool
	cells     *regexp.Regexp
	out       string
	scale     float64
	batch     int
	linger    time.Duration
	profile   bool
	keepTemp  bool
	brokerDir string // where the brokers' log dirs go
	libs      string // Kafka jars dir, for java
	tmp       string
	worker    string
	replay    string
	harness   string // built kafkaharness binary, if used
	javaNote  string
	timeout   time.Duration
	startedAt time.Time
	rerender  string // -report: a .jsonl to render again
	compare   string // -compare: A.jsonl,B.jsonl
	estimate  string // -estimate: a .jsonl whose run times to plan with

	headlineReps int
	// The quiet check before each run (quiet.go).
	maxLoad, maxRecent     float64
	quietWindow            time.Duration
	quietWait, quietBudget time.Duration
}

func main() {
	var cfg config
	var clients, cells string
	flag.BoolVar(&cfg.quick, "quick", false, "smoke run: two produce cells, fewer records, one repetition")
	flag.IntVar(&cfg.reps, "reps", 0, "timed runs of each client per cell (default 3, 1 with -quick)")
	flag.IntVar(&cfg.headlineReps, "headline-reps", 0, "timed runs of each client in the headline cells (default max(5, -reps), -reps with -quick)")
	flag.Float64Var(&cfg.maxLoad, "max-load", 1.0, "a run starts at once if the 1-minute load average is at most this")
	flag.Float64Var(&cfg.maxRecent, "max-others", 0.5, "above -max-load: a run starts once everything but the bench loads the machine at most this much over -quiet-window")
	flag.DurationVar(&cfg.quietWindow, "quiet-window", 500*time.Millisecond, "how long each check measures the machine's other load")
	flag.DurationVar(&cfg.quietWait, "quiet-wait", time.Minute, "how long one run waits for a quiet machine before it runs anyway, marked noisy (0: never wait)")
	flag.DurationVar(&cfg.quietBudget, "quiet-budget", 2*time.Minute, "how long all runs together may wait for a quiet machine")
	flag.StringVar(&cfg.compare, "compare", "", "A.jsonl,B.jsonl: print whether two runs' headline ratios agree within 15%, run nothing")
	flag.StringVar(&cfg.estimate, "estimate", "", "FILE.jsonl: print the plan's run count and its duration estimated from that file's run times, run nothing")
	flag.StringVar(&clients, "clients", "kafkawire,franz,sarama,segmentio,java,replay,kafkawire-idem", "clients to run (kafkawire-idem: the idempotent baseline of the transactions cell)")
	flag.StringVar(&cells, "cells", "", "regexp: run only cells whose id matches (ids: p-100B-6p-idem-none, p-100B-6p-defaults, p-100B-6p-idem-none-app, p-100B-6p-idem-none-r3, c-direct, c-group, latency, ...)")
	flag.StringVar(&cfg.out, "out", "results", "directory for the report")
	flag.Float64Var(&cfg.scale, "scale", 1, "multiply every record count")
	flag.IntVar(&cfg.batch, "batch", 16384, "batch size in bytes, the same for every client")
	flag.DurationVar(&cfg.linger, "linger", 5*time.Millisecond, "linger, the same for every client")
	flag.BoolVar(&cfg.profile, "profile", false, "write a CPU profile of every Go worker run next to the report")
	flag.BoolVar(&cfg.keepTemp, "keep-temp", false, "keep the temporary directory (binaries, logs)")
	flag.StringVar(&cfg.brokerDir, "broker-dir", defaultBrokerDir(), "directory for the brokers' log dirs (default: /dev/shm where it exists, so the kernel writing earlier runs' data to disk does not slow later runs; else the temp dir)")
	flag.DurationVar(&cfg.timeout, "run-timeout", 4*time.Minute, "kill one run after this long")
	flag.StringVar(&cfg.rerender, "report", "", "render the report again from a results .jsonl (with the same -quick/-reps/-cells), run nothing")
	flag.Parse()
	if cfg.reps == 0 {
		cfg.reps = 3
		if cfg.quick {
			cfg.reps = 1
		}
	}
	if cfg.headlineReps == 0 {
		cfg.headlineReps = max(5, cfg.reps)
		if cfg.quick {
			cfg.headlineReps = cfg.reps
		}
	}
	cfg.clients = map[string]bool{}
	for _, c := range strings.Split(clients, ",") {
		cfg.clients[strings.TrimSpace(c)] = true
	}
	if cells != "" {
		cfg.cells = regexp.MustCompile(cells)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, &cfg)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "runner:", err)
		os.Exit(1)
	}
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
}

func run(ctx context.Context, cfg *config) (err error) {
	cfg.startedAt = time.Now()
	switch {
	case cfg.rerender != "":
		return rerender(cfg)
	case cfg.compare != "":
		return compareFiles(cfg, os.Stdout)
	case cfg.estimate != "":
		return estimateFile(cfg, os.Stdout)
	}
	if _, err := os.Stat("cmd/worker"); err != nil {
		return errors.New("run from the bench directory: cd bench && go run ./cmd/runner")
	}
	cfg.tmp, err = os.MkdirTemp("", "kafkawire-bench-")
	if err != nil {
		return err
	}
	defer func() {
		if cfg.keepTemp || err != nil {
			logf("temporary files (binaries, run logs) kept in %s", cfg.tmp)
			return
		}
		os.RemoveAll(cfg.tmp)
	}()

	logf("building the worker and replay binaries")
	cfg.worker = filepath.Join(cfg.tmp, "worker")
	cfg.replay = filepath.Join(cfg.tmp, "replay")
	for bin, pkg := range map[string]string{cfg.worker: "./cmd/worker", cfg.replay: "./cmd/replay"} {
		if out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, pkg).CombinedOutput(); err != nil {
			return fmt.Errorf("go build %s: %v\n%s", pkg, err, out)
		}
	}

	if cfg.clients["java"] {
		cfg.libs, cfg.javaNote = findJava(ctx, cfg)
		if cfg.libs == "" {
			logf("skipping the Java tools: %s", cfg.javaNote)
		}
	}

	b, err := newBench(cfg)
	if err != nil {
		return err
	}
	defer b.close()
	if err := b.runAll(ctx); err != nil {
		// Write what was measured before the failure, then report it.
		if len(b.results) > 0 {
			if werr := b.report(); werr != nil {
				logf("writing the partial report: %v", werr)
			}
		}
		return err
	}
	return b.report()
}

// defaultBrokerDir is tmpfs where there is one: on disk, the kernel writes
// back each run's hundreds of megabytes some 30 s later, in the middle of
// later runs, and the same client's runs then differed 3x (2.9M against
// 1.0M records/s in one cell, 2026-12-01).
func defaultBrokerDir() string {
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
		return "/dev/shm"
	}
	return os.TempDir()
}

// startBrokers starts n brokers (1 or 3) through the integration harness,
// with a state file of the runner's own (so it never touches a cluster
// someone else started with `kafkaharness up`), and returns their
// addresses and a function that stops them.
func startBrokers(ctx context.Context, cfg *config, n int) (string, func(), error) {
	if err := buildHarness(ctx, cfg); err != nil {
		return "", nil, err
	}
	// The harness puts the cluster's dirs next to its state file.
	dir, err := os.MkdirTemp(cfg.brokerDir, "kafkawire-bench-brokers-")
	if err != nil {
		return "", nil, err
	}
	state := filepath.Join(dir, fmt.Sprintf("kafkaharness-%d.json", n))
	logf("starting %d broker(s): kafkaharness up -brokers %d (the first time, Maven fetches the Kafka jars)", n, n)
	// Every run's topic is deleted after it; a broker keeps deleted
	// segments for file.delete.delay.ms (60 s by default), which at
	// several hundred MB a run would fill a tmpfs broker dir.
	up := exec.CommandContext(ctx, cfg.harness, "up", "-brokers", strconv.Itoa(n), "-state", state,
		"-prop", "file.delete.delay.ms=1000")
	up.Dir = "../integration"
	up.Stderr = os.Stderr
	out, err := up.Output()
	down := func() {
		logf("stopping the %d broker(s): kafkaharness down", n)
		cmd := exec.Command(cfg.harness, "down", "-state", state)
		cmd.Dir = "../integration"
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			logf("kafkaharness down: %v", err)
			return // keep what the harness may still need to find its brokers
		}
		os.RemoveAll(dir)
	}
	if err != nil {
		down() // it may have started part of the way
		return "", nil, fmt.Errorf("kafkaharness up -brokers %d: %v", n, err)
	}
	var brokers string
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "KAFKA_BROKERS="); ok {
			brokers = v
		}
	}
	if brokers == "" {
		down()
		return "", nil, fmt.Errorf("kafkaharness up printed no KAFKA_BROKERS= line: %q", out)
	}
	logf("brokers up: %s", brokers)
	return brokers, down, nil
}

func buildHarness(ctx context.Context, cfg *config) error {
	if cfg.harness != "" {
		return nil
	}
	logf("building the integration harness (../integration/cmd/kafkaharness)")
	bin := filepath.Join(cfg.tmp, "kafkaharness")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/kafkaharness")
	build.Dir = "../integration"
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("building kafkaharness: %v\n%s", err, out)
	}
	cfg.harness = bin
	return nil
}

// findJava returns the Kafka libs dir for the Java perf tools, or "" and
// why not: $KAFKA_LIBS, else the harness's cache, else `kafkaharness
// classpath` (which fetches the jars).
func findJava(ctx context.Context, cfg *config) (string, string) {
	if _, err := exec.LookPath("java"); err != nil {
		return "", "java is not on PATH"
	}
	hasTools := func(dir string) bool {
		m, _ := filepath.Glob(filepath.Join(dir, "kafka-tools-*.jar"))
		return len(m) > 0
	}
	if d := os.Getenv("KAFKA_LIBS"); d != "" {
		if hasTools(d) {
			return d, ""
		}
		return "", "KAFKA_LIBS has no kafka-tools jar"
	}
	version := os.Getenv("KAFKA_VERSION")
	if version == "" {
		version = "4.1.1"
	}
	cache := os.Getenv("KAFKAWIRE_CACHE")
	if cache == "" {
		if home, err := os.UserHomeDir(); err == nil {
			cache = filepath.Join(home, ".cache", "kafkawire")
		}
	}
	if d := filepath.Join(cache, "kafka-"+version, "libs"); hasTools(d) {
		return d, ""
	}
	if err := buildHarness(ctx, cfg); err != nil {
		return "", err.Error()
	}
	cmd := exec.CommandContext(ctx, cfg.harness, "classpath")
	cmd.Dir = "../integration"
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Sprintf("kafkaharness classpath: %v", err)
	}
	d := strings.TrimSuffix(strings.TrimSpace(string(out)), string(filepath.Separator)+"*")
	if !hasTools(d) {
		return "", "no kafka-tools jar in " + d
	}
	return d, ""
}

// medianOf is the median of xs (the mean of the middle two for even counts).
func medianOf(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func okResults(rs []result.Result) []result.Result {
	var out []result.Result
	for _, r := range rs {
		if r.Error == "" {
			out = append(out, r)
		}
	}
	return out
}

// loadResults reads a results .jsonl.
func loadResults(path string) ([]result.Result, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []result.Result
	for i, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		var r result.Result
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, i+1, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// offlineBench is a bench over earlier results: every client counts, and
// the cells are those of the plan (-quick: the quick plan) that the
// results have.
func offlineBench(cfg *config, results []result.Result) *bench {
	cfg.clients = map[string]bool{"kafkawire": true, "franz": true, "sarama": true, "segmentio": true, "java": true, "replay": true, "kafkawire-idem": true}
	cfg.libs = "(from the results)"
	has := map[string]bool{}
	for _, r := range results {
		has[r.Cell] = true
	}
	b := &bench{cfg: cfg, results: results}
	for _, c := range selectCells(plan(cfg.quick, cfg.scale), cfg.cells) {
		if has[c.ID] { // the cells the file has, in plan order
			b.cells = append(b.cells, c)
		}
	}
	return b
}

// rerender writes the report of an earlier run from its .jsonl.
func rerender(cfg *config) error {
	rs, err := loadResults(cfg.rerender)
	if err != nil {
		return err
	}
	b := offlineBench(cfg, rs)
	if st, err := os.Stat(cfg.rerender); err == nil {
		cfg.startedAt = st.ModTime()
	}
	if base := strings.TrimSuffix(filepath.Base(cfg.rerender), ".jsonl"); len(base) >= 10 {
		if t, err := time.Parse("2006-01-02", base[:10]); err == nil {
			cfg.startedAt = t
		}
	}
	return b.report()
}
