package integration

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestUpDown(t *testing.T) {
	skipShort(t)
	statePath := filepath.Join(t.TempDir(), "run", "state.json")
	t.Cleanup(func() { _, _ = Down(statePath) })

	s, err := up(context.Background(), Options{Brokers: 1}, statePath, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Nodes) != 1 || len(s.Brokers) != 1 || !s.Nodes[0].Alive(s.Dir) {
		t.Fatalf("state %+v", s)
	}
	if ids := brokerIDs(t, s.Brokers[0]); len(ids) != 1 {
		t.Fatalf("metadata lists %v", ids)
	}
	read, err := ReadState(statePath)
	if err != nil || read.Nodes[0].Pid != s.Nodes[0].Pid {
		t.Fatalf("ReadState: %+v, %v", read, err)
	}

	again, err := up(context.Background(), Options{Brokers: 1}, statePath, false)
	if err != nil || again.Nodes[0].Pid != s.Nodes[0].Pid {
		t.Fatalf("a second up should return the running cluster: %+v, %v", again, err)
	}
	_, err = up(context.Background(), Options{Brokers: 3}, statePath, false)
	if err == nil || !strings.Contains(err.Error(), "is already up") || !strings.Contains(err.Error(), "kafkaharness down") {
		t.Fatalf("up with other options: %v", err)
	}

	msg, err := Down(statePath)
	if err != nil || !strings.HasPrefix(msg, "stopped 1 broker(s) of Kafka") {
		t.Fatalf("Down: %q, %v", msg, err)
	}
	if s.Nodes[0].Alive(s.Dir) {
		t.Fatal("broker still runs after Down")
	}
	if _, err := os.Stat(s.Dir); !os.IsNotExist(err) {
		t.Fatalf("cluster dir left: %v", err)
	}
	if msg, _ := Down(statePath); !strings.HasPrefix(msg, "no harness cluster is up") {
		t.Fatalf("second Down: %q", msg)
	}
}
