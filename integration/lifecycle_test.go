package integration

import (
	"context"
	"net"
	"slices"
	"strings"
	"testing"
	"time"
)

func brokerIDs(t *testing.T, addr string) []int32 {
	t.Helper()
	bs, err := metadataBrokers(context.Background(), addr)
	if err != nil {
		t.Fatalf("metadata from %s: %v", addr, err)
	}
	var ids []int32
	for _, b := range bs {
		ids = append(ids, b.ID)
	}
	slices.Sort(ids)
	return ids
}

func waitIDs(t *testing.T, addr string, want ...int32) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		got := brokerIDs(t, addr)
		if slices.Equal(got, want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s lists brokers %v, want %v", addr, got, want)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func refuses(t *testing.T, addr string) {
	t.Helper()
	if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		c.Close()
		t.Fatalf("%s still accepts connections", addr)
	}
}

func TestBrokerFaults(t *testing.T) {
	c := Start(t, Options{Brokers: 3, Faults: true})
	waitIDs(t, c.Addr(1), 1, 2, 3)

	c.StopBroker(2) // clean shutdown: the controller fences it at once
	refuses(t, c.Addr(2))
	waitIDs(t, c.Addr(1), 1, 3)
	c.StartBroker(2)
	waitIDs(t, c.Addr(2), 1, 2, 3)

	addr3 := c.Addr(3)
	c.KillBroker(3)
	refuses(t, addr3)

	// Restarting on a port someone else took says so.
	l, err := net.Listen("tcp", addr3)
	if err != nil {
		t.Fatalf("taking the killed broker's port: %v", err)
	}
	err = c.Cluster.StartBroker(3)
	l.Close()
	want := "broker 3 cannot restart on its ports: " + addr3 + " (client listener) is in use by another process; free the port or start a new cluster"
	if err == nil || err.Error() != want {
		t.Fatalf("got  %v\nwant %s", err, want)
	}

	c.StartBroker(3)
	if c.Addr(3) != addr3 {
		t.Fatalf("broker 3 moved from %s to %s", addr3, c.Addr(3))
	}
	waitIDs(t, addr3, 1, 2, 3)

	if err := c.Cluster.StartBroker(1); err == nil || !strings.Contains(err.Error(), "broker 1 is already running") {
		t.Errorf("starting a running broker: %v", err)
	}
	if err := c.Cluster.KillBroker(9); err == nil || !strings.Contains(err.Error(), "no broker 9") {
		t.Errorf("killing a missing broker: %v", err)
	}
}
