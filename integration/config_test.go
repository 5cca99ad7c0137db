package integration

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func props(text string) map[string]string {
	m := map[string]string{}
	for _, l := range strings.Split(text, "\n") {
		if k, v, ok := strings.Cut(l, "="); ok && !strings.HasPrefix(l, "#") {
			m[k] = v
		}
	}
	return m
}

func TestServerPropertiesSingleNode(t *testing.T) {
	n := nodeConfig{ID: 1, ClientPort: 40001, ControllerPort: 40002, DataDir: "/tmp/x/data"}
	p := props(renderServerProperties(n, []nodeConfig{n}))
	want := map[string]string{
		"process.roles":                                    "broker,controller",
		"node.id":                                          "1",
		"controller.quorum.voters":                         "1@127.0.0.1:40002",
		"listeners":                                        "PLAINTEXT://127.0.0.1:40001,CONTROLLER://127.0.0.1:40002",
		"advertised.listeners":                             "PLAINTEXT://127.0.0.1:40001",
		"controller.listener.names":                        "CONTROLLER",
		"inter.broker.listener.name":                       "PLAINTEXT",
		"log.dirs":                                         "/tmp/x/data",
		"offsets.topic.replication.factor":                 "1",
		"transaction.state.log.replication.factor":         "1",
		"transaction.state.log.min.isr":                    "1",
		"share.coordinator.state.topic.replication.factor": "1",
		"share.coordinator.state.topic.min.isr":            "1",
		"group.initial.rebalance.delay.ms":                 "0",
		"offsets.topic.num.partitions":                     "1",
		"transaction.state.log.num.partitions":             "1",
	}
	for k, v := range want {
		if p[k] != v {
			t.Errorf("%s = %q, want %q", k, p[k], v)
		}
	}
	if _, ok := p["controller.quorum.bootstrap.servers"]; ok {
		t.Error("static quorum (voters) must not also set bootstrap servers: format runs without --standalone")
	}
}

func TestServerPropertiesThreeNodes(t *testing.T) {
	all := []nodeConfig{
		{ID: 1, ClientPort: 1001, ControllerPort: 1002, DataDir: "/d1"},
		{ID: 2, ClientPort: 2001, ControllerPort: 2002, DataDir: "/d2"},
		{ID: 3, ClientPort: 3001, ControllerPort: 3002, DataDir: "/d3"},
	}
	p := props(renderServerProperties(all[1], all))
	for k, v := range map[string]string{
		"node.id":                               "2",
		"controller.quorum.voters":              "1@127.0.0.1:1002,2@127.0.0.1:2002,3@127.0.0.1:3002",
		"listeners":                             "PLAINTEXT://127.0.0.1:2001,CONTROLLER://127.0.0.1:2002",
		"log.dirs":                              "/d2",
		"offsets.topic.replication.factor":      "3",
		"transaction.state.log.min.isr":         "2",
		"share.coordinator.state.topic.min.isr": "2",
	} {
		if p[k] != v {
			t.Errorf("%s = %q, want %q", k, p[k], v)
		}
	}
}

func TestLogConfigsAndJavaArgs(t *testing.T) {
	dir := t.TempDir()
	lc, err := writeLogConfigs(dir)
	if err != nil {
		t.Fatal(err)
	}
	l2, _ := os.ReadFile(lc.Log4j2)
	l1, _ := os.ReadFile(lc.Log4j1)
	if !strings.Contains(string(l2), "${sys:kafka.logs.dir}/server.log") || !strings.Contains(string(l1), "${kafka.logs.dir}/server.log") {
		t.Fatalf("log configs do not write server.log under kafka.logs.dir:\n%s\n%s", l2, l1)
	}
	t.Setenv("KAFKAWIRE_JVM_OPTS", "")
	args := javaArgs(testJVMFlags, "/libs", lc, "/logs", "/c", "kafka.Kafka", "server.properties")
	for _, want := range []string{"-Xmx512m", "-Dkafka.logs.dir=/logs", "-Dlog4j2.configurationFile=" + lc.Log4j2,
		"-Dlog4j.configuration=file:" + filepath.Join(dir, "log4j.properties"), markerArg("/c"), "/libs/*"} {
		if !slices.Contains(args, want) {
			t.Errorf("java args lack %q: %v", want, args)
		}
	}
	if args[len(args)-2] != "kafka.Kafka" || args[len(args)-1] != "server.properties" {
		t.Errorf("main class and args not last: %v", args)
	}
	t.Setenv("KAFKAWIRE_JVM_OPTS", "-Xmx1g -XX:+UseG1GC")
	args = javaArgs(testJVMFlags, "/libs", lc, "/logs", "/c", "kafka.Kafka")
	if args[0] != "-Xmx1g" || args[1] != "-XX:+UseG1GC" || slices.Contains(args, "-Xmx512m") {
		t.Errorf("KAFKAWIRE_JVM_OPTS does not replace the JVM flags: %v", args)
	}
}

func TestClusterID(t *testing.T) {
	for range 200 {
		id := newClusterID()
		if len(id) != 22 || id[0] == '-' || strings.ContainsAny(id, "+/=") {
			t.Fatalf("bad cluster id %q", id)
		}
	}
}

func TestServerPropertiesProxied(t *testing.T) {
	n := nodeConfig{ID: 1, ClientPort: 40001, ControllerPort: 40002, ProxiedPort: 40003, ProxyPort: 50000, DataDir: "/d"}
	p := props(renderServerProperties(n, []nodeConfig{n}))
	for k, v := range map[string]string{
		"listeners":                      "PLAINTEXT://127.0.0.1:40001,CONTROLLER://127.0.0.1:40002,PROXIED://127.0.0.1:40003",
		"advertised.listeners":           "PLAINTEXT://127.0.0.1:40001,PROXIED://127.0.0.1:50000",
		"listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,PROXIED:PLAINTEXT",
		"inter.broker.listener.name":     "PLAINTEXT",
	} {
		if p[k] != v {
			t.Errorf("%s = %q, want %q", k, p[k], v)
		}
	}
}
