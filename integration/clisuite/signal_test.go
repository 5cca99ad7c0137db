package clisuite

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kafkawire/kafkawire/integration"
)

// TestInterruptFlushesAndExitsCleanly: Ctrl-C (SIGINT) while kw produce
// reads an open pipe flushes what it read and exits 0; during kw consume
// it exits 0 and commits what was printed.
func TestInterruptFlushesAndExitsCleanly(t *testing.T) {
	tc := sharedCluster(t)
	brokers := tc.Bootstrap()
	topic := suite.NewTopic(t, brokers, "sigint", 1)

	cmd := exec.Command(kwBin, "-b", strings.Join(brokers, ","), "produce", "-t", topic, "-acks", "all")
	cmd.Env = append(os.Environ(), "KAFKA_BROKERS=")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	io.WriteString(stdin, "one\ntwo\nthree\n")
	time.Sleep(time.Second) // the lines are read; the pipe stays open
	cmd.Process.Signal(syscall.SIGINT)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("kw produce after SIGINT: %v: %s", err, stderr.String())
		}
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatal("kw produce did not exit within 30s of SIGINT")
	}
	stdin.Close()
	if got := string(kw(t, brokers, nil, "consume", "-t", topic, "-e")); got != "one\ntwo\nthree\n" {
		t.Fatalf("after SIGINT the topic holds %q", got)
	}

	group := "g-" + topic
	cmd = exec.Command(kwBin, "-b", strings.Join(brokers, ","), "consume", "-G", group, "-o", "beginning", topic)
	cmd.Env = append(os.Environ(), "KAFKA_BROKERS=")
	var out integration.LockedBuffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Minute)
	for !strings.Contains(out.String(), "three\n") && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGINT)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil || out.String() != "one\ntwo\nthree\n" {
			t.Fatalf("kw consume after SIGINT: %v, printed %q: %s", err, out.String(), stderr.String())
		}
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatal("kw consume did not exit within 30s of SIGINT")
	}
	// What it printed was committed.
	if got := kw(t, brokers, nil, "consume", "-G", group, "-e", topic); len(got) != 0 {
		t.Fatalf("after SIGINT the group resumes at %q, want the end", got)
	}
}
