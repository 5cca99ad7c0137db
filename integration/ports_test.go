package integration

import (
	"net"
	"testing"
)

func TestFreePortsDistinct(t *testing.T) {
	ports, err := freePorts(6)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int]bool{}
	for _, p := range ports {
		if p <= 0 || seen[p] {
			t.Fatalf("ports %v", ports)
		}
		seen[p] = true
	}
}

func TestPortsFreeNamesTheTakenPort(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	taken := l.Addr().(*net.TCPAddr).Port
	free, _ := freePorts(1)
	if err := portsFree(map[string]int{"client": free[0]}); err != nil {
		t.Fatalf("free port reported taken: %v", err)
	}
	err = portsFree(map[string]int{"client": free[0], "controller": taken})
	want := "127.0.0.1:" + itoa(taken) + " (controller listener) is in use by another process"
	if err == nil || err.Error() != want {
		t.Fatalf("got %v, want %s", err, want)
	}
}

func TestBindFailure(t *testing.T) {
	if !bindFailure("org.apache.kafka.common.KafkaException: Socket server failed to bind to 127.0.0.1:1: Address already in use.") {
		t.Error("bind failure not recognised")
	}
	if bindFailure("Kafka Server started") {
		t.Error("false positive")
	}
}
