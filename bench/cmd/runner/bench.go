package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/kafkawire/kafkawire/admin"
	"github.com/kafkawire/kafkawire/bench/internal/result"
)

type bench struct {
	cfg      *config
	nonce    string
	cells    []cell
	results  []result.Result
	clusters map[int]*cluster // by broker count, started on first use
	quiet    *quieter
	cleanups []func() // run by close, last first
	// consumeTopic is the pre-filled topic of the consume cells.
	consumeTopic string
}

// cluster is one set of brokers: the single broker (1) or three (3).
type cluster struct {
	brokers string
	adm     *admin.Client
	stop    func() // nil: not ours to stop
}

func newBench(cfg *config) (*bench, error) {
	b := &bench{cfg: cfg, nonce: strconv.FormatUint(rand.Uint64()%1e6, 36), clusters: map[int]*cluster{},
		quiet: &quieter{maxLoad: cfg.maxLoad, maxRecent: cfg.maxRecent, window: cfg.quietWindow, wait: cfg.quietWait, budget: cfg.quietBudget}}
	b.cells = selectCells(plan(cfg.quick, cfg.scale), cfg.cells)
	if len(b.cells) == 0 {
		return nil, errors.New("-cells matches no cell")
	}
	return b, nil
}

func selectCells(all []cell, re *regexp.Regexp) []cell {
	var out []cell
	for _, c := range all {
		if re == nil || re.MatchString(c.ID) {
			out = append(out, c)
		}
	}
	return out
}

func (b *bench) close() {
	b.dropConsumeTopic()
	for _, n := range []int{3, 1} {
		b.stopCluster(n)
	}
	for i := len(b.cleanups) - 1; i >= 0; i-- {
		b.cleanups[i]()
	}
}

func (b *bench) dropConsumeTopic() {
	if b.consumeTopic != "" && b.clusters[1] != nil {
		b.deleteTopic(b.clusters[1], b.consumeTopic)
	}
	b.consumeTopic = ""
}

func (b *bench) stopCluster(n int) {
	cl := b.clusters[n]
	if cl == nil {
		return
	}
	cl.adm.Close()
	if cl.stop != nil {
		cl.stop()
	}
	delete(b.clusters, n)
}

// cluster returns the brokers of a cell, starting them on first use:
// KAFKA_BROKERS (one broker) or KAFKA_BROKERS_3 (three) if set, else
// through the integration harness.
func (b *bench) cluster(ctx context.Context, n int) (*cluster, error) {
	if cl := b.clusters[n]; cl != nil {
		return cl, nil
	}
	env := "KAFKA_BROKERS"
	if n == 3 {
		env = "KAFKA_BROKERS_3"
	}
	cl := &cluster{brokers: os.Getenv(env)}
	if cl.brokers != "" {
		logf("using %s=%s", env, cl.brokers)
	} else {
		var err error
		cl.brokers, cl.stop, err = startBrokers(ctx, b.cfg, n)
		if err != nil {
			return nil, err
		}
	}
	adm, err := admin.New(admin.Config{Brokers: strings.Split(cl.brokers, ","), ClientID: "bench-runner"})
	if err != nil {
		if cl.stop != nil {
			cl.stop()
		}
		return nil, err
	}
	cl.adm = adm
	b.clusters[n] = cl
	return cl, nil
}

func (b *bench) clientsFor(c cell) []string {
	var out []string
	for _, cl := range clientsFor(c) {
		if !b.cfg.clients[cl] || (cl == "java" && b.cfg.libs == "") {
			continue
		}
		out = append(out, cl)
	}
	return out
}

// repsFor is how many timed runs each client gets in a cell.
func (b *bench) repsFor(c cell) int {
	if c.Headline {
		return b.cfg.headlineReps
	}
	return b.cfg.reps
}

func (b *bench) runAll(ctx context.Context) error {
	total := 0
	for _, c := range b.cells {
		total += len(b.clientsFor(c)) * b.repsFor(c)
	}
	logf("%d cells, %d timed runs (%d per client in the headline cells, %d in the others) plus one warm-up run per cell, clients in ABBA order",
		len(b.cells), total, b.cfg.headlineReps, b.cfg.reps)
	done := 0
	for i, c := range b.cells {
		clients := b.clientsFor(c)
		if len(clients) == 0 {
			continue
		}
		if c.cluster() == 3 && b.clusters[3] == nil && !needsCluster(b.cells[i:], 1) {
			// The single broker is not needed again: stop it (if it is
			// ours) so it does not share the cores with three more.
			b.dropConsumeTopic()
			b.stopCluster(1)
		}
		if _, err := b.cluster(ctx, c.cluster()); err != nil {
			return err
		}
		if strings.HasPrefix(c.Kind, "consume") && b.consumeTopic == "" {
			if err := b.prefill(ctx, c); err != nil {
				return err
			}
		}
		logf("== %s", c.Title())
		// The untimed warm-up run: the broker's first run of a workload
		// (new code paths, page cache, JIT) is not any client's.
		if ctx.Err() != nil {
			return ctx.Err()
		}
		w := b.runOne(ctx, warmupCell(c), clients[0], 0, false)
		w.Warmup = true
		b.results = append(b.results, w)
		if w.Error != "" {
			logf("warm-up (%s) FAILED: %s", clients[0], firstLine(w.Error))
		} else {
			logf("warm-up (%s, untimed) done in %.1fs", clients[0], w.Wall)
		}
		for seq, run := range schedule(clients, b.repsFor(c)) {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			done++
			cl, rep := run.client, run.rep
			r := b.runOne(ctx, c, cl, rep, true)
			r.Seq = seq + 1
			b.results = append(b.results, r)
			if r.Error != "" {
				logf("[%d/%d] %-9s rep %d FAILED: %s", done, total, cl, rep, firstLine(r.Error))
				continue
			}
			q := fmt.Sprintf("load %.1f", r.Load1)
			if r.LoadRecent > 0 {
				q += fmt.Sprintf(" (others %.1f)", r.LoadRecent)
			}
			if r.QuietWait >= 1 {
				q += fmt.Sprintf(", waited %.0fs", r.QuietWait)
			}
			if r.Noisy {
				q += ", NOISY"
			}
			if c.Kind == "latency" {
				logf("[%d/%d] %-9s rep %d: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms (%d records), cpu %.2fs, %s",
					done, total, cl, rep, r.P50Ms, r.P99Ms, r.P999Ms, r.Records, r.CPUSeconds, q)
			} else {
				logf("[%d/%d] %-9s rep %d: %8.0f rec/s %7.1f MB/s in %.2fs, cpu %.2fs, rss %.0f MB, %.2f allocs/rec, %s",
					done, total, cl, rep, r.RPS, r.MBps, r.Seconds, r.CPUSeconds, r.MaxRSSMB, r.MallocsPerRecord, q)
			}
		}
	}
	return nil
}

// needsCluster reports whether any of cells runs on the n-broker cluster.
func needsCluster(cells []cell, n int) bool {
	for _, c := range cells {
		if c.cluster() == n {
			return true
		}
	}
	return false
}

// warmupCell is the cell as its warm-up run does it: the same, except a
// shorter latency run.
func warmupCell(c cell) cell {
	if c.Kind == "latency" {
		c.Duration, c.Warmup = min(c.Duration, 3*time.Second), min(c.Warmup, time.Second)
	}
	return c
}

// topicName is a fresh topic for one run.
func (b *bench) topicName(c cell, client string, rep int) string {
	return fmt.Sprintf("bench-%s-%s-%d-%s", c.ID, client, rep, b.nonce)
}

func (b *bench) createTopic(ctx context.Context, c cell, name string) error {
	cl, err := b.cluster(ctx, c.cluster())
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	spec := admin.TopicSpec{Name: name, Partitions: int32(c.Partitions), ReplicationFactor: int16(max(c.Replication, 1))}
	if c.MinISR > 0 {
		spec.Configs = map[string]string{"min.insync.replicas": strconv.Itoa(c.MinISR)}
	}
	return cl.adm.CreateTopics(ctx, spec)
}

func (b *bench) deleteTopic(cl *cluster, name string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := cl.adm.DeleteTopics(ctx, name); err != nil {
		logf("deleting topic %s: %v", name, err)
	}
}

// prefill writes the consume cells' topic once, with the replay tool (it
// depends on no client's producer).
func (b *bench) prefill(ctx context.Context, c cell) error {
	b.consumeTopic = fmt.Sprintf("bench-consume-%s", b.nonce)
	if err := b.createTopic(ctx, c, b.consumeTopic); err != nil {
		b.consumeTopic = ""
		return fmt.Errorf("creating the consume topic: %w", err)
	}
	logf("pre-filling %s with %d records of %s", b.consumeTopic, c.Records, sizeName(c.Size))
	args := []string{"-brokers", b.clusters[c.cluster()].brokers, "-topic", b.consumeTopic, "-partitions", strconv.Itoa(c.Partitions),
		"-records", strconv.Itoa(c.Records), "-size", strconv.Itoa(c.Size), "-acks", "1", "-compression", "none",
		"-batch", strconv.Itoa(b.cfg.batch)}
	r := b.exec(ctx, "prefill", b.cfg.replay, args, parseJSONLine)
	if r.Error != "" {
		return fmt.Errorf("pre-filling the consume topic: %s", r.Error)
	}
	return nil
}

// runOne is one run of one client; gate: wait for a quiet machine first
// (after the topic exists, so the broker has settled from creating it).
func (b *bench) runOne(ctx context.Context, c cell, client string, rep int, gate bool) result.Result {
	topic := b.consumeTopic
	if c.Kind == "produce" || c.Kind == "latency" {
		topic = b.topicName(c, client, rep)
		if err := b.createTopic(ctx, c, topic); err != nil {
			return result.Result{Client: client, Mode: c.Kind, Cell: c.ID, Rep: rep, Error: "creating topic: " + err.Error()}
		}
		defer b.deleteTopic(b.clusters[c.cluster()], topic)
	}
	var q quietResult
	if gate {
		q = b.quiet.waitQuiet(ctx)
	}
	group := fmt.Sprintf("bench-%s-%s-%d-%s", c.ID, client, rep, b.nonce)
	tag := fmt.Sprintf("%s-%s-%d", c.ID, client, rep)
	var r result.Result
	switch client {
	case "java":
		r = b.runJava(ctx, c, topic, group, tag)
	case "replay":
		r = b.exec(ctx, tag, b.cfg.replay, append(b.commonArgs(c, topic),
			"-records", strconv.Itoa(c.Records*replayFactor)), parseJSONLine)
	default:
		args := append(b.commonArgs(c, topic), "-client", client, "-mode", c.Kind, "-group", group,
			"-linger", b.cfg.linger.String(), "-records", strconv.Itoa(c.Records))
		if c.Kind == "latency" {
			args = append(args, "-rate", strconv.Itoa(c.Rate), "-duration", c.Duration.String(), "-warmup", c.Warmup.String())
		}
		if c.Defaults {
			args = append(args, "-defaults")
		}
		if c.Send != "" {
			args = append(args, "-send", c.Send)
		}
		if b.cfg.profile && rep > 0 {
			args = append(args, "-cpuprofile", filepath.Join(b.cfg.out, "profiles", tag+".pprof"))
			os.MkdirAll(filepath.Join(b.cfg.out, "profiles"), 0o755)
		}
		r = b.exec(ctx, tag, b.cfg.worker, args, parseJSONLine)
	}
	r.Client, r.Cell, r.Rep = client, c.ID, rep
	if r.Mode == "" {
		r.Mode = c.Kind
	}
	r.LoadRecent, r.QuietWait, r.Noisy = q.recent, q.waited.Seconds(), q.noisy
	return r
}

// replayFactor: replay sends this many times the cell's records. It was 2
// when runs lasted about a second; at the present counts a replay run lasts
// seconds already, and twice the records cost twice the memory (replay
// holds every request encoded: 6.5 GB for 2M records of 1 KiB) and the
// time to encode them before the timed part.
const replayFactor = 1

func (b *bench) commonArgs(c cell, topic string) []string {
	return []string{"-brokers", b.clusters[c.cluster()].brokers, "-topic", topic, "-partitions", strconv.Itoa(c.Partitions),
		"-size", strconv.Itoa(c.Size), "-acks", orDefault(c.Acks, "all"), "-idempotence=" + strconv.FormatBool(c.Idempotence),
		"-compression", orDefault(c.Compression, "none"), "-batch", strconv.Itoa(b.cfg.batch)}
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// exec runs one benchmark process and fills in what its rusage tells.
func (b *bench) exec(ctx context.Context, tag, bin string, args []string, parse func(stdout []byte, r *result.Result) error) result.Result {
	var r result.Result
	ctx, cancel := context.WithTimeout(ctx, b.cfg.timeout)
	defer cancel()
	logPath := filepath.Join(b.cfg.tmp, "logs", tag+".log")
	os.MkdirAll(filepath.Dir(logPath), 0o755)
	logFile, err := os.Create(logPath)
	if err != nil {
		r.Error = err.Error()
		return r
	}
	defer logFile.Close()
	fmt.Fprintf(logFile, "$ %s %s\n", bin, strings.Join(args, " "))
	var stdout bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stdout = &stdout
	cmd.Stderr = logFile
	cmd.WaitDelay = 5 * time.Second
	r.Load1 = load1()
	start := time.Now()
	runErr := cmd.Run()
	r.Wall = time.Since(start).Seconds()
	if ps := cmd.ProcessState; ps != nil {
		if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
			r.CPUSeconds = tv(ru.Utime) + tv(ru.Stime)
			r.MaxRSSMB = float64(ru.Maxrss) / 1024 // KiB on Linux
		}
	}
	logFile.Write(stdout.Bytes())
	perr := parse(stdout.Bytes(), &r)
	switch {
	case ctx.Err() != nil:
		r.Error = fmt.Sprintf("killed after %v (log: %s)", b.cfg.timeout, logPath)
	case perr != nil && r.Error == "":
		r.Error = fmt.Sprintf("%v (log: %s)", perr, logPath)
	case runErr != nil && r.Error == "":
		r.Error = fmt.Sprintf("%v (log: %s)", runErr, logPath)
	}
	return r
}

func tv(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }

func load1() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	f, _ := strconv.ParseFloat(strings.Fields(string(b))[0], 64)
	return f
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// parseJSONLine reads the last JSON line a worker or replay printed.
func parseJSONLine(out []byte, r *result.Result) error {
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.HasPrefix(lines[i], "{") {
			return json.Unmarshal([]byte(lines[i]), r)
		}
	}
	return errors.New("no result line")
}

// javaFlags are those kafka-run-class.sh and kafka-*-perf-test.sh pass.
var javaFlags = []string{"-Xmx512M", "-server", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
	"-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent", "-Djava.awt.headless=true"}

func (b *bench) runJava(ctx context.Context, c cell, topic, group, tag string) result.Result {
	brokers := b.clusters[c.cluster()].brokers
	args := append(append([]string{}, javaFlags...), "-cp", filepath.Join(b.cfg.libs, "*"))
	switch c.Kind {
	case "produce":
		args = append(args, "org.apache.kafka.tools.ProducerPerformance",
			"--topic", topic, "--num-records", strconv.Itoa(c.Records), "--record-size", strconv.Itoa(c.Size),
			"--throughput", "-1", "--producer-props")
		args = append(args, javaProducerProps(c, brokers, b.cfg.linger, b.cfg.batch)...)
		return b.exec(ctx, tag, "java", args, func(out []byte, r *result.Result) error { return parseProducerPerf(out, r, c) })
	case "consume-group":
		args = append(args, "org.apache.kafka.tools.ConsumerPerformance",
			"--bootstrap-server", brokers, "--topic", topic, "--messages", strconv.Itoa(c.Records),
			"--group", group, "--timeout", "60000", "--reporting-interval", "1000000")
		return b.exec(ctx, tag, "java", args, parseConsumerPerf)
	}
	return result.Result{Error: "java has no " + c.Kind + " tool"}
}

// javaProducerProps are ProducerPerformance's --producer-props: the
// matched settings, or in the defaults cell only bootstrap.servers (Kafka
// 4.x defaults: acks=all, idempotence, linger.ms=5, batch.size=16384,
// buffer.memory=32 MiB, no compression).
func javaProducerProps(c cell, brokers string, linger time.Duration, batch int) []string {
	if c.Defaults {
		return []string{"bootstrap.servers=" + brokers}
	}
	return []string{
		"bootstrap.servers=" + brokers,
		"acks=" + c.Acks,
		"enable.idempotence=" + strconv.FormatBool(c.Acks == "all" && c.Idempotence),
		"linger.ms=" + strconv.FormatInt(linger.Milliseconds(), 10),
		"batch.size=" + strconv.Itoa(batch),
		"compression.type=" + c.Compression,
		"buffer.memory=33554432",
	}
}

// "500000 records sent, 367647.1 records/sec (35.06 MB/sec), 12.46 ms avg latency, ..."
var producerPerfLine = regexp.MustCompile(`(\d+) records sent, ([\d.]+) records/sec \(([\d.]+) MB/sec\).*50th`)

// parseProducerPerf reads ProducerPerformance's summary line. The tool
// times from before the first send to after close; it sends no key, so its
// bytes are the values only.
func parseProducerPerf(out []byte, r *result.Result, c cell) error {
	m := producerPerfLine.FindSubmatch(out)
	if m == nil {
		return errors.New("no ProducerPerformance summary line")
	}
	n, _ := strconv.ParseInt(string(m[1]), 10, 64)
	rps, _ := strconv.ParseFloat(string(m[2]), 64)
	if n != int64(c.Records) {
		r.Error = fmt.Sprintf("%d of %d records acknowledged", n, c.Records)
	}
	r.Records, r.RPS = n, rps
	if rps > 0 {
		r.Seconds = float64(n) / rps
	}
	r.Bytes = n * int64(c.Size)
	if r.Seconds > 0 {
		r.MBps = float64(r.Bytes) / r.Seconds / 1e6
	}
	r.Note = "no keys (ProducerPerformance sends none)"
	return nil
}

// parseConsumerPerf reads ConsumerPerformance's CSV line: start.time,
// end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec,
// rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec. Its time
// runs from before subscribing to the last record, like the worker's.
func parseConsumerPerf(out []byte, r *result.Result) error {
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Split(line, ",")
		if len(f) < 10 || strings.Contains(line, "start.time") {
			continue
		}
		mb, err1 := strconv.ParseFloat(strings.TrimSpace(f[2]), 64)
		n, err2 := strconv.ParseInt(strings.TrimSpace(f[4]), 10, 64)
		rps, err3 := strconv.ParseFloat(strings.TrimSpace(f[5]), 64)
		if err := errors.Join(err1, err2, err3); err != nil {
			return fmt.Errorf("ConsumerPerformance line %q: %w", line, err)
		}
		r.Records, r.RPS = n, rps
		if rps > 0 {
			r.Seconds = float64(n) / rps
		}
		r.Bytes = int64(mb * 1024 * 1024)
		if r.Seconds > 0 {
			r.MBps = float64(r.Bytes) / r.Seconds / 1e6
		}
		if n == 0 {
			r.Error = "consumed nothing"
		}
		return nil
	}
	return errors.New("no ConsumerPerformance result line")
}
