package integration

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestUpDown(t *testing.T) {
	skipShort(t)
	statePath := filepath.Join(t.TempDir(), "run", "state.json")
	t.Cleanup(func() { _, _ = Down(statePath) })

	// A free ClientPort is taken (kafkaharness up asks for 9092).
	free, err := freePorts(1)
	if err != nil {
		t.Fatal(err)
	}
	s, err := up(context.Background(), Options{Brokers: 1, ClientPort: free[0]}, statePath, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Nodes) != 1 || len(s.Brokers) != 1 || !s.Nodes[0].Alive(s.Dir) {
		t.Fatalf("state %+v", s)
	}
	if want := fmt.Sprintf("127.0.0.1:%d", free[0]); s.Brokers[0] != want {
		t.Fatalf("broker 1 listens on %s, want the free ClientPort %s", s.Brokers[0], want)
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

// A ClientPort already in use is passed over for a random free port.
func TestClientPortTaken(t *testing.T) {
	skipShort(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	taken := l.Addr().(*net.TCPAddr).Port
	statePath := filepath.Join(t.TempDir(), "run", "state.json")
	t.Cleanup(func() { _, _ = Down(statePath) })
	s, err := up(context.Background(), Options{Brokers: 1, ClientPort: taken}, statePath, false)
	if err != nil {
		t.Fatal(err)
	}
	if s.Brokers[0] == l.Addr().String() {
		t.Fatalf("broker 1 claims %s, which another listener holds", s.Brokers[0])
	}
	if ids := brokerIDs(t, s.Brokers[0]); len(ids) != 1 {
		t.Fatalf("metadata from %s lists %v", s.Brokers[0], ids)
	}
}
