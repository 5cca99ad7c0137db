package producersuite

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/integration"
	"github.com/kafkawire/kafkawire/integration/suitekit"
	"github.com/kafkawire/kafkawire/producer"
)

// Volume test sizes; the environment may override them (see doc.go).
const (
	defaultVolume        = 1_000_000
	defaultRestartVolume = 1_000_000
	defaultKillVolume    = 300_000
	volumeKeys           = 1000
	volumePartitions     = 6
)

// TestVolumeOrderJavaReader: N records with random keys from a set of
// 1000 (value = key:per-key sequence), acks=all, idempotent, 6 partitions;
// Apache Kafka's Java consumer reads exactly N back, no duplicate, and each
// key's records in send order.
func TestVolumeOrderJavaReader(t *testing.T) {
	tc := sharedCluster(t)
	n := suitekit.EnvInt("KAFKAWIRE_PRODUCER_VOLUME", defaultVolume)
	runVolume(t, tc, n, nil, nil)
}

// TestVolumeOrderBrokerRestart is the same with the broker stopped
// (cleanly) and started again a third of the way through. MaxBufferedBytes
// is 4 MiB so that Send blocks while the broker is down and sending resumes
// after the restart: records are sent before, during and after the outage.
func TestVolumeOrderBrokerRestart(t *testing.T) {
	tc := faultCluster(t)
	n := suitekit.EnvInt("KAFKAWIRE_PRODUCER_RESTART_VOLUME", defaultRestartVolume)
	runVolumeWithOutage(t, tc, n, false)
}

// TestVolumeOrderBrokerKill is the same with the broker SIGKILLed (no
// clean shutdown: requests in flight are lost mid-way, the broker recovers
// its log and producer state on restart).
func TestVolumeOrderBrokerKill(t *testing.T) {
	tc := faultCluster(t)
	n := suitekit.EnvInt("KAFKAWIRE_PRODUCER_KILL_VOLUME", defaultKillVolume)
	runVolumeWithOutage(t, tc, n, true)
}

func runVolumeWithOutage(t *testing.T, tc *integration.TestCluster, n int, kill bool) {
	id := tc.IDs()[0]
	how := "stopping"
	if kill {
		how = "killing"
	}
	var (
		once                           sync.Once
		sent                           atomic.Int64
		atStop, atStopped, atRestarted atomic.Int64
	)
	done := make(chan struct{})
	outage := func(i int) {
		sent.Store(int64(i))
		if i < n/3 {
			return
		}
		once.Do(func() {
			go func() {
				defer close(done)
				t0 := time.Now()
				atStop.Store(sent.Load())
				var err error
				if kill {
					err = tc.Cluster.KillBroker(id)
				} else {
					err = tc.Cluster.StopBroker(id)
				}
				if err != nil {
					t.Errorf("%s broker %d: %v", how, id, err)
					return
				}
				t1 := time.Now()
				atStopped.Store(sent.Load())
				time.Sleep(time.Second)
				if err := tc.Cluster.StartBroker(id); err != nil {
					t.Errorf("starting broker %d: %v", id, err)
					return
				}
				atRestarted.Store(sent.Load())
				t.Logf("outage: %s broker %d at record %d, down after %v (record %d), down %v, serving again at +%v (record %d)",
					how, id, atStop.Load(), t1.Sub(t0).Round(time.Millisecond), atStopped.Load(), time.Since(t1).Round(time.Millisecond),
					time.Since(t0).Round(time.Millisecond), atRestarted.Load())
			}()
		})
	}
	runVolume(t, tc, n, func(c *producer.Config) { c.MaxBufferedBytes = 4 << 20 }, outage)
	<-done
	if t.Failed() {
		return
	}
	if after := int64(n) - atRestarted.Load(); after <= 0 {
		t.Errorf("no record was sent after the broker came back (restarted at record %d of %d)", atRestarted.Load(), n)
	} else {
		t.Logf("records handed to Send: %d before the outage, %d while the broker was down, %d after it was back",
			atStop.Load(), atRestarted.Load()-atStop.Load(), after)
	}
}

func runVolume(t *testing.T, tc *integration.TestCluster, n int, cfgMod func(*producer.Config), onSent func(sent int)) {
	brokers := tc.Bootstrap()
	topic := suite.NewTopic(t, brokers, "volume", volumePartitions)
	kwTool.Compile(t, tc) // not inside the timed part
	cfg := producer.Config{Brokers: brokers, Acks: producer.AcksAll}
	if cfgMod != nil {
		cfgMod(&cfg)
	}
	p := suitekit.NewProducer(t, cfg)

	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 42))
	t.Logf("volume: %d records, %d keys, %d partitions, acks=all, idempotent, rand seed %d", n, volumeKeys, volumePartitions, seed)

	var (
		acked, failed atomic.Int64
		firstErr      atomic.Pointer[error]
		duplicates    atomic.Int64 // acknowledged with offset -1 (a retry the broker recognised)
	)
	cb := func(res producer.Result, err error) {
		if err != nil {
			failed.Add(1)
			e := err // a copy, so that only failures allocate
			firstErr.CompareAndSwap(nil, &e)
			return
		}
		if res.Offset < 0 {
			duplicates.Add(1)
		}
		acked.Add(1)
	}
	keys := make([][]byte, volumeKeys)
	for i := range keys {
		keys[i] = fmt.Appendf(nil, "key-%04d", i)
	}
	seq := make([]int, volumeKeys)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	start := time.Now()
	var val []byte
	rec := kafkawire.Record{Topic: topic}
	for i := range n {
		k := rng.IntN(volumeKeys)
		val = append(append(append(val[:0], keys[k]...), ':'), strconv.Itoa(seq[k])...)
		seq[k]++
		rec.Key, rec.Value = keys[k], val
		if err := p.SendFunc(ctx, &rec, cb); err != nil {
			t.Fatalf("SendFunc record %d: %v", i, err)
		}
		if onSent != nil {
			onSent(i + 1)
		}
	}
	sendTook := time.Since(start)
	if err := p.Flush(ctx); err != nil {
		t.Fatalf("Flush: %v (acked %d, failed %d of %d)", err, acked.Load(), failed.Load(), n)
	}
	took := time.Since(start)
	t.Logf("produced %d records: Send loop %v, all acknowledged after %v: %.0f records/s (acked %d, failed %d, acked as duplicates %d)",
		n, sendTook.Round(time.Millisecond), took.Round(time.Millisecond), float64(n)/took.Seconds(), acked.Load(), failed.Load(), duplicates.Load())
	if e := firstErr.Load(); e != nil {
		t.Fatalf("%d records failed; first: %v", failed.Load(), *e)
	}
	if acked.Load() != int64(n) {
		t.Fatalf("acked %d of %d", acked.Load(), n)
	}

	// Read back with Apache Kafka's consumer and check count, duplicates and order.
	next := make([]int, volumeKeys)
	keyPart := make([]int32, volumeKeys)
	for i := range keyPart {
		keyPart[i] = -1
	}
	lastOffset := map[int32]int64{}
	var total, dups, gaps, badPart, badRec int
	var firstBad []string
	bad := func(format string, args ...any) {
		if len(firstBad) < 10 {
			firstBad = append(firstBad, fmt.Sprintf(format, args...))
		}
	}
	vstart := time.Now()
	javaConsumeFunc(t, tc, 3*time.Minute, func(r javaRecord) {
		total++
		if lo, ok := lastOffset[r.Partition]; ok && r.Offset <= lo {
			bad("partition %d: offset %d after %d", r.Partition, r.Offset, lo)
		}
		lastOffset[r.Partition] = r.Offset
		colon := bytes.IndexByte(r.Value, ':')
		var k, s int
		var err1, err2 error
		if colon < 0 || !bytes.HasPrefix(r.Key, []byte("key-")) {
			err1 = fmt.Errorf("malformed")
		} else {
			k, err1 = strconv.Atoi(string(r.Key[4:]))
			s, err2 = strconv.Atoi(string(r.Value[colon+1:]))
		}
		if err1 != nil || err2 != nil || k < 0 || k >= volumeKeys || !bytes.Equal(r.Value[:colon], r.Key) {
			badRec++
			bad("malformed record %d@%d key %q value %q", r.Partition, r.Offset, r.Key, r.Value)
			return
		}
		if keyPart[k] < 0 {
			keyPart[k] = r.Partition
		} else if keyPart[k] != r.Partition {
			badPart++
			bad("key %s in partitions %d and %d", r.Key, keyPart[k], r.Partition)
		}
		switch {
		case s == next[k]:
			next[k]++
		case s < next[k]:
			dups++
			bad("key %s: sequence %d again (or out of order) at %d@%d, expected %d", r.Key, s, r.Partition, r.Offset, next[k])
		default:
			gaps++
			bad("key %s: sequence %d at %d@%d, expected %d (missing or reordered)", r.Key, s, r.Partition, r.Offset, next[k])
			next[k] = s + 1
		}
	}, topic)
	missing := 0
	for k := range next {
		if next[k] != seq[k] {
			missing += seq[k] - next[k]
		}
	}
	for k, pt := range keyPart {
		if pt >= 0 && pt != producer.KeyPartition(keys[k], volumePartitions) {
			badPart++
			bad("key %s in partition %d, murmur2 says %d", keys[k], pt, producer.KeyPartition(keys[k], volumePartitions))
		}
	}
	t.Logf("read back by the Java consumer: %d records (want %d); duplicates %d, out-of-order/gaps %d, short at the end %d, wrong partition %d, malformed %d; read+check %v",
		total, n, dups, gaps, missing, badPart, badRec, time.Since(vstart).Round(time.Millisecond))
	if total != n || dups != 0 || gaps != 0 || missing != 0 || badPart != 0 || badRec != 0 {
		t.Fatalf("read back %d records, want exactly %d in order; first problems:\n%s", total, n, fmt.Sprint(firstBad))
	}
}
