package integration

import (
	"context"
	"strings"
	"testing"
)

func TestParseBrokerList(t *testing.T) {
	seeds, err := parseBrokerList(" a:1, b:2 ,")
	if err != nil || len(seeds) != 2 || seeds[0] != "a:1" || seeds[1] != "b:2" {
		t.Fatalf("got %v, %v", seeds, err)
	}
	if _, err := parseBrokerList("a:1,b"); err == nil || err.Error() != `KAFKA_BROKERS=a:1,b: "b" is not host:port` {
		t.Errorf("bad entry: %v", err)
	}
	if _, err := parseBrokerList(" , "); err == nil || !strings.Contains(err.Error(), "names no broker") {
		t.Errorf("empty: %v", err)
	}
}

func TestExternalCluster(t *testing.T) {
	addr := fakeMetadataBroker(t, []brokerMeta{{5, "127.0.0.1", 7001}})
	e, err := newExternal(context.Background(), addr, Options{Brokers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if a, ok := e.addr(5); !ok || a != "127.0.0.1:7001" || e.ids()[0] != 5 || e.bootstrap()[0] != addr {
		t.Errorf("addr %q ids %v bootstrap %v", a, e.ids(), e.bootstrap())
	}
	err = e.stopBroker(5)
	want := "cannot stop broker 5: KAFKA_BROKERS=" + addr + " names a cluster the harness does not own; fault tests need a harness-owned cluster: unset KAFKA_BROKERS"
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
	if e.stopAll(false) != nil {
		t.Error("stopping a named cluster must do nothing")
	}

	_, err = newExternal(context.Background(), addr, Options{Brokers: 3})
	want = "KAFKA_BROKERS=" + addr + " is a cluster of 1 broker(s) but this test needs 3; unset KAFKA_BROKERS to let the harness start one"
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}

func TestExternalClusterUnreachable(t *testing.T) {
	free, _ := freePorts(1)
	addr := "127.0.0.1:" + itoa(free[0])
	_, err := newExternal(context.Background(), addr, Options{Brokers: 1})
	if err == nil || !strings.HasPrefix(err.Error(), "KAFKA_BROKERS="+addr+": no broker answers (") ||
		!strings.HasSuffix(err.Error(), "start that cluster (e.g. make kafka-up) or unset KAFKA_BROKERS") {
		t.Fatalf("got %v", err)
	}
}
