package txnsuite

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/admin"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/integration"
	"github.com/kafkawire/kafkawire/integration/suitekit"
	"github.com/kafkawire/kafkawire/producer"
)

// eosRecords is the input record count of the exactly-once tests.
func eosRecords(def int) int {
	if v, err := strconv.Atoi(os.Getenv("KAFKAWIRE_EOS_RECORDS")); err == nil && v > 0 {
		return v
	}
	return def
}

// eosSeed seeds the random kill points; KAFKAWIRE_EOS_SEED replays a run.
func eosSeed(t testing.TB) uint64 {
	seed := uint64(time.Now().UnixNano())
	if v, err := strconv.ParseUint(os.Getenv("KAFKAWIRE_EOS_SEED"), 10, 64); err == nil {
		seed = v
	}
	t.Logf("kill points seeded with %d (KAFKAWIRE_EOS_SEED=%d replays them)", seed, seed)
	return seed
}

const eosPartitions = 6

// eosScenario is one exactly-once run.
type eosScenario struct {
	tc      *integration.TestCluster
	records int
	rf      int16
	configs map[string]string
	// procKills is how many times eosproc is SIGKILLed.
	procKills int
	// killCoordinator SIGKILLs the transaction coordinator of eosproc's
	// transactional id once, and restarts it a few seconds later.
	killCoordinator bool
	// strictExits fails the test if eosproc exits by itself (an error it
	// could not handle) rather than only logging it.
	strictExits bool
	timeout     time.Duration
}

// produceInput writes n records round-robin over the partitions of topic with
// our idempotent producer, and returns the high watermarks.
func produceInput(t testing.TB, brokers []string, topic string, n int) map[int32]int64 {
	t.Helper()
	start := time.Now()
	p := suitekit.NewProducer(t, producer.Config{Brokers: brokers, Idempotence: producer.Enabled, Partitioner: producer.RoundRobinPartitioner()})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	errc := make(chan error, 1)
	for i := range n {
		rec := &kafkawire.Record{Topic: topic, Key: []byte("k" + strconv.Itoa(i)), Value: fmt.Appendf(nil, "input-%08d-%s", i, strings.Repeat("x", 60))}
		if err := p.SendFunc(ctx, rec, func(_ producer.Result, err error) {
			if err != nil {
				select {
				case errc <- err:
				default:
				}
			}
		}); err != nil {
			t.Fatalf("producing input record %d: %v", i, err)
		}
	}
	if err := p.Flush(ctx); err != nil {
		t.Fatalf("flushing input: %v", err)
	}
	select {
	case err := <-errc:
		t.Fatalf("producing input: %v", err)
	default:
	}
	hw := suitekit.EndOffsets(t, brokers, topic, eosPartitions, suitekit.ReadUncommitted)
	total := int64(0)
	for _, o := range hw {
		total += o
	}
	if total != int64(n) {
		t.Fatalf("input topic holds %d records (%v), want %d", total, hw, n)
	}
	t.Logf("input: %d records on %d partitions by our idempotent producer in %v", n, eosPartitions, time.Since(start).Round(time.Millisecond))
	return hw
}

func (s eosScenario) run(t *testing.T) {
	tc := s.tc
	brokers := tc.Bootstrap()
	in := suitekit.CreateTopic(t, brokers, admin.TopicSpec{Name: suite.Uniq("eos-in"), Partitions: eosPartitions, ReplicationFactor: s.rf, Configs: s.configs})
	out := suitekit.CreateTopic(t, brokers, admin.TopicSpec{Name: suite.Uniq("eos-out"), Partitions: eosPartitions, ReplicationFactor: s.rf, Configs: s.configs})
	end := produceInput(t, brokers, in, s.records)
	rng := rand.New(rand.NewPCG(eosSeed(t), 0x7478))

	// Kill points: fractions of the input committed, then a random delay
	// (so the kill lands anywhere in a transaction).
	var killAt []int
	for range s.procKills {
		killAt = append(killAt, int(float64(s.records)*(0.05+0.6*rng.Float64())))
	}
	slices.Sort(killAt)
	for i := 1; i < len(killAt); i++ {
		killAt[i] = max(killAt[i], killAt[i-1]+s.records/20) // each run gets some work done
	}
	killDelay := make([]time.Duration, s.procKills)
	for i := range killDelay {
		killDelay[i] = time.Duration(rng.IntN(250)) * time.Millisecond
	}
	brokerKillAt := int(float64(s.records) * (0.3 + 0.3*rng.Float64()))
	if s.killCoordinator {
		t.Logf("eosproc kills after %v committed records (+ %v); coordinator kill after %d", killAt, killDelay, brokerKillAt)
	} else {
		t.Logf("eosproc kills after %v committed records (+ %v)", killAt, killDelay)
	}

	groupID, txnID := suite.Uniq("eos-group"), suite.Uniq("eos-txn")
	args := []string{"-brokers", tc.BootstrapString(), "-in", in, "-out", out, "-group", groupID, "-txnid", txnID, "-txnsize", "500"}
	if os.Getenv("KAFKAWIRE_DEBUG") != "" {
		args = append(args, "-debug")
	}
	committed := map[int32]int64{} // the highest offsets any run committed
	progress := func() int {
		n := int64(0)
		for _, o := range committed {
			n += o
		}
		return int(n)
	}
	finished := func() bool {
		for p, e := range end {
			if committed[p] < e {
				return false
			}
		}
		return true
	}
	start := time.Now()
	if d, err := time.ParseDuration(os.Getenv("KAFKAWIRE_EOS_TIMEOUT")); err == nil && d > 0 {
		s.timeout = d
	}
	deadline := start.Add(s.timeout)
	// merge takes in what run p committed so far (a killed run's last
	// lines too) and returns its transaction count.
	var runs int
	merge := func(p *eosProc) int {
		c, n, _ := p.snapshot()
		for pp, o := range c {
			if o < committed[pp] {
				t.Errorf("run %d committed offset %d on partition %d, below %d committed earlier", runs, o, pp, committed[pp])
			}
			committed[pp] = max(committed[pp], o)
		}
		return n
	}
	var (
		kills, selfExits, txns int
		brokerKilled           bool
		brokerDown             int32 = -1
		brokerRestartAt        time.Time
		// The restart runs beside the loop: it blocks for seconds, during
		// which a run could commit the rest of the input before the loop
		// reached its next kill point (seen once in CI: killed 2 times of 3).
		restarted chan error
		lastProc  *eosProc
	)
	for !finished() {
		runs++
		p := startEosproc(t, args...)
		lastProc = p
		var stderrTail string
		for {
			if time.Now().After(deadline) {
				c, _, errs := p.snapshot()
				dumpStuck(t, p)
				t.Fatalf("after %v: %d of %d input records committed (%v of %v), %d runs, %d kills; last run's errors %v; stderr:\n%s",
					s.timeout, progress(), s.records, c, end, runs, kills, errs, integration.Tail(p.Stderr(), 4000))
			}
			n := merge(p)
			if brokerDown >= 0 && time.Now().After(brokerRestartAt) {
				t.Logf("restarting broker %d (at %d committed records)", brokerDown, progress())
				restarted = make(chan error, 1)
				go func(id int32, done chan<- error) { done <- tc.Cluster.StartBroker(id) }(brokerDown, restarted)
				brokerDown = -1
			}
			select {
			case err := <-restarted:
				if err != nil {
					t.Fatalf("restarting the broker: %v", err)
				}
				restarted = nil
			default:
			}
			if s.killCoordinator && !brokerKilled && progress() >= brokerKillAt {
				id := txnCoordinator(t, brokers, txnID)
				t.Logf("SIGKILL broker %d, the transaction coordinator of %s (at %d committed records)", id, txnID, progress())
				tc.KillBroker(id)
				brokerKilled, brokerDown, brokerRestartAt = true, id, time.Now().Add(5*time.Second)
			}
			if finished() {
				txns += n
				break
			}
			if p.Exited() {
				n := merge(p)
				_, _, errs := p.snapshot()
				txns += n
				selfExits++
				stderrTail = integration.Tail(p.Stderr(), 3000)
				msg := fmt.Sprintf("eosproc run %d exited by itself (%v) after %d transactions: %v\nstderr:\n%s", runs, p.ExitErr(), n, errs, stderrTail)
				if s.strictExits {
					t.Error(msg)
				} else {
					t.Log(msg)
				}
				if selfExits > 10 {
					t.Fatalf("eosproc exited by itself %d times; giving up", selfExits)
				}
				break
			}
			// A kill waits for the run to commit once, so that each run gets
			// work done; the random delay puts it anywhere in a transaction.
			if kills < len(killAt) && progress() >= killAt[kills] && n > 0 {
				time.Sleep(killDelay[kills])
				p.Kill()
				n := merge(p)
				txns += n
				kills++
				t.Logf("SIGKILL eosproc run %d at %d committed records (+%v, after %v); it committed %d transactions", runs, progress(), killDelay[kills-1], time.Since(start).Round(time.Millisecond), n)
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	lastProc.Stop(t)
	if restarted != nil {
		if err := <-restarted; err != nil {
			t.Fatalf("restarting the broker: %v", err)
		}
	}
	if brokerDown >= 0 {
		tc.StartBroker(brokerDown)
	}
	elapsed := time.Since(start)
	if kills != s.procKills {
		t.Errorf("eosproc was killed %d times, want %d (it finished first: lower the kill points)", kills, s.procKills)
	}
	if s.killCoordinator && !brokerKilled {
		t.Errorf("the transaction coordinator was never killed")
	}

	// Count the output with Java's read_committed consumer.
	recs := javaReadCommitted(t, tc, out, 3*time.Minute)
	seen := map[tpo]int{}
	var dups, bad []string
	for _, r := range recs {
		var ip int32
		var io int64
		if _, err := fmt.Sscanf(r.Value, "in=%d:%d ", &ip, &io); err != nil {
			bad = append(bad, fmt.Sprintf("%v=%q", r.tpo, integration.Tail(r.Value[:min(len(r.Value), 40)], 40)))
			continue
		}
		k := tpo{P: ip, O: io}
		seen[k]++
		if seen[k] == 2 {
			dups = append(dups, k.String())
		}
		if ip != r.P {
			bad = append(bad, fmt.Sprintf("input %v written to partition %d", k, r.P))
		}
		if !strings.Contains(r.Value, " input-") {
			bad = append(bad, fmt.Sprintf("%v: value %q lost its input value", k, integration.Tail(r.Value[:min(len(r.Value), 40)], 40)))
		}
	}
	var missing []string
	for p := range int32(eosPartitions) {
		for o := range end[p] {
			if seen[tpo{P: p, O: o}] == 0 {
				missing = append(missing, tpo{P: p, O: o}.String())
			}
		}
	}
	extra := 0
	for k := range seen {
		if k.P < 0 || k.P >= eosPartitions || k.O >= end[k.P] {
			extra++
		}
	}
	t.Logf("EOSCOUNT records=%d output=%d distinct=%d dup=%d missing=%d bad=%d runs=%d kills=%d selfexits=%d txns=%d coordinatorkill=%t secs=%.1f",
		s.records, len(recs), len(seen), len(dups), len(missing), len(bad), runs, kills, selfExits, txns, brokerKilled, elapsed.Seconds())
	if len(dups) > 0 {
		t.Errorf("%d input records were written more than once, e.g. %v", len(dups), suitekit.First(dups, 20))
	}
	if len(missing) > 0 {
		t.Errorf("%d input records were never written, e.g. %v", len(missing), suitekit.First(missing, 20))
	}
	if len(bad) > 0 || extra > 0 {
		t.Errorf("%d malformed output records (e.g. %v), %d naming no input record", len(bad), suitekit.First(bad, 10), extra)
	}
	if len(recs) != s.records {
		t.Errorf("Java read %d committed output records, want exactly %d", len(recs), s.records)
	}
}

// txnCoordinator is the node id of the transaction coordinator of txnID
// (FindCoordinator, key type 1).
func txnCoordinator(t testing.TB, brokers []string, txnID string) int32 {
	t.Helper()
	ctx, cl, done := suitekit.Direct(t, brokers)
	defer done()
	cn, err := cl.Coordinator(ctx, conn.TransactionCoordinator, txnID)
	if err != nil {
		t.Fatalf("finding the transaction coordinator of %s: %v", txnID, err)
	}
	return cn.NodeID()
}

// TestExactlyOnceKill9: eosproc (our group consumer and our transactional
// producer, transactions of 500 records with their offsets committed by
// SendOffsetsToTransaction) copies 100,000 input records one-for-one to an
// output topic; it is SIGKILLed 3 times at random points and restarted.
// Java's read_committed consumer then reads exactly 100,000 output records:
// each input record (named in its output value) exactly once, none missing,
// each on its input's partition.
func TestExactlyOnceKill9(t *testing.T) {
	eosScenario{
		tc:          sharedCluster(t),
		records:     eosRecords(100000),
		procKills:   3,
		strictExits: true,
		timeout:     4 * time.Minute,
	}.run(t)
}

// TestExactlyOnceKill9ThreeNodes: the same on 3 nodes, topics at
// replication 3 with min.insync.replicas 2 (the transaction log too, as
// the harness sets it for 3 nodes), and the transaction coordinator of
// eosproc's transactional id SIGKILLed once mid-run and restarted 5 s
// later.
func TestExactlyOnceKill9ThreeNodes(t *testing.T) {
	props := brokerProps()
	props["min.insync.replicas"] = "2"
	tc := integration.Start(t, integration.Options{Brokers: 3, Faults: true, BrokerProps: props})
	eosScenario{
		tc:              tc,
		records:         eosRecords(100000),
		rf:              3,
		configs:         map[string]string{"min.insync.replicas": "2"},
		procKills:       3,
		killCoordinator: true,
		timeout:         6 * time.Minute,
	}.run(t)
}

// dumpStuck makes a stuck eosproc print its goroutines (SIGQUIT) and keeps
// its whole stderr in a file named in the test log.
func dumpStuck(t testing.TB, p *eosProc) {
	p.Signal(syscall.SIGQUIT)
	select {
	case <-p.Done():
	case <-time.After(10 * time.Second):
	}
	f, err := os.CreateTemp("", "eosproc-stuck-*.log")
	if err != nil {
		t.Logf("keeping the stuck eosproc's stderr: %v", err)
		return
	}
	defer f.Close()
	_, _ = f.WriteString(p.Stderr())
	t.Logf("the stuck eosproc's stderr (goroutine dump at the end): %s", f.Name())
}
