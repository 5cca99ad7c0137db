package main

import (
	"context"
	"strings"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/internal/fakebroker"
	"github.com/kafkawire/kafkawire/protocol"
)

// kwFake runs kw in-process against a fake cluster.
func kwFake(t *testing.T, fc *fakebroker.Cluster, stdin string, args ...string) (int, string, string) {
	t.Helper()
	return kw(t, stdin, append([]string{"-b", strings.Join(fc.Addrs(), ",")}, args...)...)
}

// TestProduceConsumeFake runs produce, then consume and metadata, on the
// fake broker: records, keys, headers and partitions survive the trip.
func TestProduceConsumeFake(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 2)
	code, _, stderr := kwFake(t, fc, "k1=v1\nk2=v2\nnokey\n\n", "produce", "-t", "t", "-p", "1", "-K", "=", "-H", "h=1", "-X", "linger.ms=0")
	if code != 0 {
		t.Fatalf("produce: exit %d: %s", code, stderr)
	}
	code, out, stderr := kwFake(t, fc, "", "consume", "-t", "t", "-e", "-f", `%p %o %K %k %s %h\n`)
	if code != 0 || out != "1 0 2 k1 v1 h=1\n1 1 2 k2 v2 h=1\n1 2 -1  nokey h=1\n" {
		t.Fatalf("consume: exit %d, %q, %s", code, out, stderr)
	}
	code, out, _ = kwFake(t, fc, "", "consume", "-t", "t", "-p", "1", "-o", "-1", "-e", "-K", ":")
	if code != 0 || out != ":nokey\n" {
		t.Fatalf("consume -o -1: exit %d, %q", code, out)
	}
	code, out, stderr = kwFake(t, fc, "", "metadata")
	if code != 0 || !strings.Contains(out, `topic "t" with 2 partitions:`) || !strings.Contains(out, " 1 brokers:") {
		t.Fatalf("metadata: exit %d, %q, %s", code, out, stderr)
	}
}

// TestProduceDeliveryFailure: records the broker refuses make produce
// exit 1, naming how many failed and the first cause.
func TestProduceDeliveryFailure(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	fc.Handle(protocol.KeyProduce, func(r *fakebroker.Request) fakebroker.Action {
		return fakebroker.ErrorReply(r, kafkawire.ErrRecordListTooLarge.Code)
	})
	code, _, stderr := kwFake(t, fc, "a\nb\nc\n", "produce", "-t", "t", "-X", "linger.ms=0")
	if code != 1 || !strings.Contains(stderr, "produce: 3 of 3 records failed; the first: ") || !strings.Contains(stderr, "RECORD_LIST_TOO_LARGE") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if strings.Count(stderr, "\n") != 1 {
		t.Fatalf("error is not one line: %q", stderr)
	}
}

// TestLookupTimeout: a broker that never answers fails a lookup within
// -timeout, naming the cause.
func TestLookupTimeout(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.Handle(protocol.KeyMetadata, func(*fakebroker.Request) fakebroker.Action { return fakebroker.Silence() })
	start := time.Now()
	code, _, stderr := kwFake(t, fc, "", "-timeout", "500ms", "metadata")
	if code != 1 || !strings.Contains(stderr, "metadata: ") || time.Since(start) > 20*time.Second {
		t.Fatalf("exit %d after %v: %s", code, time.Since(start), stderr)
	}
	code, _, stderr = kwFake(t, fc, "", "-timeout", "500ms", "consume", "-t", "t")
	if code != 1 || !strings.Contains(stderr, `consume: topic "t"`) {
		t.Fatalf("consume: exit %d: %s", code, stderr)
	}
	if code, _, stderr = kwFake(t, fc, "", "-timeout", "0s", "metadata"); code != 2 || !strings.Contains(stderr, "-timeout 0s") {
		t.Fatalf("-timeout 0: exit %d: %s", code, stderr)
	}
}

// TestConsumeInterrupted: a consume with no end stops cleanly (exit 0)
// when its context ends, as on Ctrl-C.
func TestConsumeInterrupted(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	time.AfterFunc(500*time.Millisecond, cancel) // Ctrl-C
	var out, errb lockedBuffer
	code := run(ctx, []string{"-b", fc.Addrs()[0], "consume", "-t", "t"}, strings.NewReader(""), &out, &errb, false)
	if ctx.Err() == nil {
		t.Fatal("consume returned before its context ended")
	}
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}

}

// TestProgressOnTerminal: with stderr a terminal, produce and consume -e
// leave their progress line (count, rate; share and ETA when the total is
// known) on stderr, and stdout holds only the records.
func TestProgressOnTerminal(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	var in strings.Builder
	for i := 0; i < 2000; i++ {
		in.WriteString("line\n")
	}
	var out, errb lockedBuffer
	code := run(context.Background(), []string{"-b", fc.Addrs()[0], "produce", "-t", "t"}, strings.NewReader(in.String()), &out, &errb, true)
	if code != 0 || !strings.Contains(errb.String(), "records produced 2,000, ") || out.String() != "" {
		t.Fatalf("produce: exit %d, stdout %q, stderr %q", code, out.String(), errb.String())
	}
	var out2, errb2 lockedBuffer
	code = run(context.Background(), []string{"-b", fc.Addrs()[0], "consume", "-t", "t", "-e"}, strings.NewReader(""), &out2, &errb2, true)
	if code != 0 || !strings.Contains(errb2.String(), "records consumed 2,000, ") || !strings.Contains(errb2.String(), "100%, ETA 0s") ||
		strings.Count(out2.String(), "line\n") != 2000 {
		t.Fatalf("consume: exit %d, stderr %q", code, errb2.String())
	}
}
