package main

import (
	"context"
	"strings"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/consumer"
	"github.com/kafkawire/kafkawire/internal/fakebroker"
)

// TestGroupConsumeCommitsOnRevocation: when a second member joins and the
// group takes a partition from kw, kw commits what it printed of it before
// it goes, not only at its periodic commit (made an hour here), so the
// next owner does not print it again. (The fake's KIP-848 coordinator
// runs groups of several members; its classic one only groups of one.)
func TestGroupConsumeCommitsOnRevocation(t *testing.T) {
	defer func(d time.Duration) { commitEvery = d }(commitEvery)
	commitEvery = time.Hour
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 2)
	fc.EnableConsumerProtocol()
	for _, p := range []string{"0", "1"} {
		if code, _, stderr := kwFake(t, fc, strings.Repeat("v\n", 10), "produce", "-t", "t", "-p", p, "-X", "linger.ms=0"); code != 0 {
			t.Fatalf("produce: exit %d: %s", code, stderr)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb lockedBuffer
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"-b", fc.Addrs()[0], "consume", "-G", "g", "-t", "t", "-o", "beginning"}, strings.NewReader(""), &out, &errb, false)
	}()
	defer func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("kw consume: exit %d: %s", code, errb.String())
		}
	}()
	waitFor(t, 15*time.Second, func() bool { return strings.Count(out.String(), "\n") == 20 }, "kw to print the 20 records")

	other, err := consumer.New(consumer.Config{Brokers: fc.Addrs(), GroupID: "g"})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close(context.Background())
	if err := other.Subscribe("t"); err != nil {
		t.Fatal(err)
	}
	pctx, pcancel := context.WithCancel(context.Background())
	defer pcancel()
	go func() {
		for pctx.Err() == nil {
			other.Poll(pctx) // joins the group; nothing is left to read
		}
	}()
	var moved []kafkawire.TopicPartition
	waitFor(t, 15*time.Second, func() bool { moved = other.Assignment(); return len(moved) > 0 }, "the group to give the new member a partition")
	waitFor(t, 15*time.Second, func() bool {
		for _, tp := range moved {
			if fc.Committed("g", "t", tp.Partition) != fc.Records("t", tp.Partition) {
				return false
			}
		}
		return true
	}, "kw to commit what it printed of the partitions the join took from it")
}

func waitFor(t *testing.T, d time.Duration, cond func() bool, what string) {
	t.Helper()
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Helper()
	t.Fatalf("waited %v for %s", d, what)
}
