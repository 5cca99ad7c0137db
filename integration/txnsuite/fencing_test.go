package txnsuite

import (
	"github.com/kafkawire/kafkawire/integration"

	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/integration/suitekit"
	"github.com/kafkawire/kafkawire/producer"
)

// sendAll sends recs (key = value) in p's open transaction and waits for
// them to be acknowledged; the test fails if one is not.
func sendAll(t testing.TB, p *producer.Producer, topic string, values ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for _, v := range values {
		if _, err := p.SendSync(ctx, &kafkawire.Record{Topic: topic, Key: []byte(v), Value: []byte(v)}); err != nil {
			t.Fatalf("sending %q: %v", v, err)
		}
	}
}

func names(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s-%d", prefix, i)
	}
	return out
}

// visibleValues reads topic (one partition) read_committed with our consumer
// and with Java's, checks they agree, and returns the values.
func visibleValues(t *testing.T, topic string) []string {
	t.Helper()
	tc := sharedCluster(t)
	recs, _ := readCommittedAll(t, tc.Bootstrap(), topic, 1, time.Minute)
	var ours []string
	for _, r := range recs {
		ours = append(ours, string(r.Value))
	}
	var java []string
	for _, r := range javaReadCommitted(t, tc, topic, time.Minute) {
		java = append(java, r.Value)
	}
	if strings.Join(ours, ",") != strings.Join(java, ",") {
		t.Errorf("read_committed readers disagree:\n ours: %v\n java: %v", ours, java)
	}
	return ours
}

// TestZombieFencing: two producers with one TransactionalID. The first
// commits a transaction, then opens another and writes to it; the second's
// initialization fences the first (and aborts its open transaction), and
// the second commits a transaction of its own. The first then writes more
// and commits: CommitTransaction fails with errors.Is(err,
// producer.ErrProducerFenced), and a later Send fails with it too. Read
// committed (our consumer and Java's), the topic holds exactly the first's
// transaction from before the fencing and the second's: nothing the first
// wrote in its open transaction or after being fenced.
func TestZombieFencing(t *testing.T) {
	tc := sharedCluster(t)
	brokers := tc.Bootstrap()
	topic := suite.NewTopic(t, brokers, "zombie", 1)
	txnID := suite.Uniq("zombie")
	cfg := producer.Config{Brokers: brokers, TransactionalID: txnID}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	cfg.Logger = integration.TestLogger(t, "older")
	older := suitekit.NewProducer(t, cfg)
	if err := older.BeginTransaction(); err != nil {
		t.Fatal(err)
	}
	sendAll(t, older, topic, names("older-committed", 3)...)
	if err := older.CommitTransaction(ctx); err != nil {
		t.Fatalf("the first producer's first commit: %v", err)
	}
	if err := older.BeginTransaction(); err != nil {
		t.Fatal(err)
	}
	sendAll(t, older, topic, names("older-open", 3)...)

	cfg.Logger = integration.TestLogger(t, "newer")
	newer := suitekit.NewProducer(t, cfg)
	if err := newer.BeginTransaction(); err != nil {
		t.Fatal(err)
	}
	sendAll(t, newer, topic, names("newer", 3)...)
	if err := newer.CommitTransaction(ctx); err != nil {
		t.Fatalf("the second producer's commit: %v", err)
	}

	// The zombie goes on: its sends may fail at once or only at commit.
	var sendErrs []error
	for _, v := range names("older-fenced", 3) {
		if _, err := older.SendSync(ctx, &kafkawire.Record{Topic: topic, Key: []byte(v), Value: []byte(v)}); err != nil {
			sendErrs = append(sendErrs, err)
		}
	}
	err := older.CommitTransaction(ctx)
	if err == nil {
		t.Fatalf("the fenced producer's commit succeeded")
	}
	if !errors.Is(err, producer.ErrProducerFenced) {
		t.Errorf("the fenced producer's commit failed with %v (%T), not one matching producer.ErrProducerFenced", err, err)
	}
	t.Logf("fenced producer: sends after fencing: %d of 3 failed (%v); commit: %v", len(sendErrs), suitekit.First(sendErrs, 1), err)
	if err := older.BeginTransaction(); err == nil {
		// Beginning may be allowed; sending must not be.
		if _, err := older.SendSync(ctx, &kafkawire.Record{Topic: topic, Value: []byte("older-after-commit")}); err == nil {
			t.Errorf("the fenced producer still sends")
		} else if !errors.Is(err, producer.ErrProducerFenced) {
			t.Errorf("the fenced producer's send failed with %v, not one matching producer.ErrProducerFenced", err)
		}
		_ = older.CommitTransaction(ctx)
	} else if !errors.Is(err, producer.ErrProducerFenced) {
		t.Errorf("the fenced producer's BeginTransaction failed with %v, not one matching producer.ErrProducerFenced", err)
	}

	got := visibleValues(t, topic)
	want := append(names("older-committed", 3), names("newer", 3)...)
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("read_committed sees %v, want %v", got, want)
	}
	t.Logf("read_committed sees %v", got)
}

// TestTransactionTimeout: a producer with TransactionTimeout 3s writes
// records in a transaction and leaves it open. The open transaction holds
// the partition's last stable offset back; the broker (checking every
// second, brokerProps) aborts it once 3s passed: the last stable offset
// reaches the high watermark, past an abort marker, while the producer
// made no call. The producer's next call, CommitTransaction, returns a
// Kafka error; read_committed (ours and Java's) sees none of the records;
// a producer with the same id commits afterwards.
func TestTransactionTimeout(t *testing.T) {
	tc := sharedCluster(t)
	brokers := tc.Bootstrap()
	topic := suite.NewTopic(t, brokers, "timeout", 1)
	txnID := suite.Uniq("timeout")
	const timeout = 3 * time.Second
	p := suitekit.NewProducer(t, producer.Config{Brokers: brokers, TransactionalID: txnID, TransactionTimeout: timeout})
	if err := p.BeginTransaction(); err != nil {
		t.Fatal(err)
	}
	began := time.Now()
	sendAll(t, p, topic, names("timed-out", 5)...)
	hw := suitekit.EndOffsets(t, brokers, topic, 1, suitekit.ReadUncommitted)[0]
	lso := suitekit.EndOffsets(t, brokers, topic, 1, suitekit.ReadCommitted)[0]
	if hw != 5 || lso != 0 {
		t.Fatalf("with the transaction open: high watermark %d, last stable offset %d; want 5 and 0", hw, lso)
	}
	var aborted time.Duration
	for {
		hw = suitekit.EndOffsets(t, brokers, topic, 1, suitekit.ReadUncommitted)[0]
		lso = suitekit.EndOffsets(t, brokers, topic, 1, suitekit.ReadCommitted)[0]
		if lso == hw && hw > 5 {
			aborted = time.Since(began)
			break
		}
		if time.Since(began) > 60*time.Second {
			t.Fatalf("60s after the transaction began (timeout %v): high watermark %d, last stable offset %d: the broker did not abort it", timeout, hw, lso)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if aborted < timeout {
		t.Errorf("the transaction ended %v after it began, before its timeout %v", aborted, timeout)
	}
	t.Logf("the broker ended the transaction %v after it began (timeout %v): high watermark %d = last stable offset", aborted.Round(time.Millisecond), timeout, hw)

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	err := p.CommitTransaction(ctx)
	if err == nil {
		t.Fatalf("CommitTransaction of the transaction the broker aborted succeeded")
	}
	var kerr *kafkawire.Error
	if !errors.As(err, &kerr) && !errors.Is(err, producer.ErrProducerFenced) {
		t.Errorf("CommitTransaction failed with %v (%T), which carries no Kafka error", err, err)
	}
	t.Logf("CommitTransaction after the broker's abort: %v", err)
	// What the producer can do next (abortable or fatal) is logged, not
	// asserted.
	if aerr := p.AbortTransaction(ctx); aerr != nil {
		t.Logf("then AbortTransaction: %v", aerr)
	} else if berr := p.BeginTransaction(); berr != nil {
		t.Logf("then AbortTransaction ok, BeginTransaction: %v", berr)
	} else {
		_, serr := p.SendSync(ctx, &kafkawire.Record{Topic: topic, Value: []byte("same-producer-after")})
		cerr := p.CommitTransaction(ctx)
		t.Logf("then AbortTransaction ok; a new transaction: send %v, commit %v", serr, cerr)
	}

	// A producer with the same id starts over and commits.
	p2 := suitekit.NewProducer(t, producer.Config{Brokers: brokers, TransactionalID: txnID})
	if err := p2.BeginTransaction(); err != nil {
		t.Fatal(err)
	}
	sendAll(t, p2, topic, "after")
	if err := p2.CommitTransaction(ctx); err != nil {
		t.Fatalf("a new producer's commit after the timeout: %v", err)
	}
	got := visibleValues(t, topic)
	for _, v := range got {
		if strings.HasPrefix(v, "timed-out") {
			t.Errorf("read_committed sees %q of the timed-out transaction", v)
		}
	}
	if len(got) == 0 || got[len(got)-1] != "after" {
		t.Errorf("read_committed sees %v, want it to end with the later commit \"after\"", got)
	}
	t.Logf("read_committed sees %v", got)
}
