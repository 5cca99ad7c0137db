package integration

import (
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
)

// nodeConfig is what differs between the nodes of a cluster.
type nodeConfig struct {
	ID             int
	ClientPort     int // PLAINTEXT listener
	ControllerPort int // CONTROLLER listener
	ProxiedPort    int // PROXIED listener, 0 for none
	ProxyPort      int // what PROXIED advertises (a proxy in front of it)
	DataDir        string
	// SecurePorts are the ports of SecureListeners (in that order), nil for
	// a cluster without them; Security then holds the files and user.
	SecurePorts []int
	Security    *Security
	Props       map[string]string // Options.BrokerProps
}

// renderServerProperties writes the server.properties of one KRaft
// combined-mode (broker+controller) node of the cluster all.
func renderServerProperties(n nodeConfig, all []nodeConfig) string {
	voters := make([]string, len(all))
	for i, o := range all {
		voters[i] = fmt.Sprintf("%d@127.0.0.1:%d", o.ID, o.ControllerPort)
	}
	rf, isr := 1, 1
	if len(all) >= 3 {
		rf, isr = 3, 2
	}
	listeners := fmt.Sprintf("PLAINTEXT://127.0.0.1:%d,CONTROLLER://127.0.0.1:%d", n.ClientPort, n.ControllerPort)
	advertised := fmt.Sprintf("PLAINTEXT://127.0.0.1:%d", n.ClientPort)
	protocols := "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"
	if n.ProxiedPort != 0 {
		// A listener of its own, so that brokers (and the harness) keep
		// talking directly on PLAINTEXT while clients of PROXIED are told
		// to come back through the proxy.
		listeners += fmt.Sprintf(",PROXIED://127.0.0.1:%d", n.ProxiedPort)
		advertised += fmt.Sprintf(",PROXIED://127.0.0.1:%d", n.ProxyPort)
		protocols += ",PROXIED:PLAINTEXT"
	}
	for i, port := range n.SecurePorts {
		l := SecureListeners[i]
		listeners += fmt.Sprintf(",%s://127.0.0.1:%d", l, port)
		advertised += fmt.Sprintf(",%s://127.0.0.1:%d", l, port)
		protocols += fmt.Sprintf(",%s:%s", l, l.protocol())
	}
	lines := []string{
		"# Written by kafkawire's integration harness.",
		"process.roles=broker,controller",
		fmt.Sprintf("node.id=%d", n.ID),
		"controller.quorum.voters=" + strings.Join(voters, ","),
		"listeners=" + listeners,
		"advertised.listeners=" + advertised,
		"controller.listener.names=CONTROLLER",
		"inter.broker.listener.name=PLAINTEXT",
		"listener.security.protocol.map=" + protocols,
		"log.dirs=" + n.DataDir,
		fmt.Sprintf("offsets.topic.replication.factor=%d", rf),
		fmt.Sprintf("transaction.state.log.replication.factor=%d", rf),
		fmt.Sprintf("transaction.state.log.min.isr=%d", isr),
		fmt.Sprintf("share.coordinator.state.topic.replication.factor=%d", rf),
		fmt.Sprintf("share.coordinator.state.topic.min.isr=%d", isr),
		"group.initial.rebalance.delay.ms=0",
		"offsets.topic.num.partitions=1",
		"transaction.state.log.num.partitions=1",
		// A restarted broker is refused (DUPLICATE_BROKER_REGISTRATION) until its old
		// session expires (default 9 s): a shorter session makes fault tests faster.
		"broker.session.timeout.ms=4000",
		"broker.heartbeat.interval.ms=1000",
	}
	if n.Security != nil {
		lines = append(lines, securityProperties(n.Security)...)
	}
	keys := slices.Sorted(maps.Keys(n.Props))
	for _, k := range keys {
		lines = append(lines, k+"="+n.Props[k]) // a later line wins
	}
	return strings.Join(lines, "\n") + "\n"
}

// The broker's own log goes to ${kafka.logs.dir}/server.log. Kafka 4.x logs
// through log4j 2, Kafka 3.9 through reload4j (the log4j 1 API): both files
// are written and both are named on the command line, so whichever backend
// the classpath holds finds its configuration.
const log4j2Properties = `# Written by kafkawire's integration harness (log4j 2).
status = warn
name = kafkawire-harness
appender.file.type = File
appender.file.name = FILE
appender.file.fileName = ${sys:kafka.logs.dir}/server.log
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = FILE
`

const log4j1Properties = `# Written by kafkawire's integration harness (log4j 1 / reload4j).
log4j.rootLogger=INFO, FILE
log4j.appender.FILE=org.apache.log4j.FileAppender
log4j.appender.FILE.File=${kafka.logs.dir}/server.log
log4j.appender.FILE.layout=org.apache.log4j.PatternLayout
log4j.appender.FILE.layout.ConversionPattern=[%d] %p %m (%c)%n
`

// logConfigs are the two logging config files of a cluster dir.
type logConfigs struct{ Log4j2, Log4j1 string }

func writeLogConfigs(dir string) (logConfigs, error) {
	lc := logConfigs{Log4j2: dir + "/log4j2.properties", Log4j1: dir + "/log4j.properties"}
	if err := os.WriteFile(lc.Log4j2, []byte(log4j2Properties), 0o644); err != nil {
		return lc, err
	}
	return lc, os.WriteFile(lc.Log4j1, []byte(log4j1Properties), 0o644)
}

// Fast-start JVM flags for test brokers: C1 only and the serial collector
// start the broker sooner on a small machine. Brokers for humans and
// benchmarks (kafkaharness up) keep the full JIT. KAFKAWIRE_JVM_OPTS
// replaces either set.
var (
	testJVMFlags     = []string{"-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"}
	detachedJVMFlags = []string{"-Xms256m", "-Xmx512m"}
)

// javaArgs is the command line (without the java binary) that runs class
// main with args, logging per logConfigs into logsDir. marker tags the
// process so stale-broker cleanup can recognise it.
func javaArgs(flags []string, libs string, lc logConfigs, logsDir, marker, main string, args ...string) []string {
	if env := strings.Fields(os.Getenv("KAFKAWIRE_JVM_OPTS")); len(env) > 0 {
		flags = env
	}
	argv := append([]string{}, flags...)
	argv = append(argv,
		"-Djava.awt.headless=true",
		"-Dkafkawire.harness="+marker,
		"-Dkafka.logs.dir="+logsDir,
		"-Dlog4j2.configurationFile="+lc.Log4j2,
		"-Dlog4j.configuration=file:"+lc.Log4j1,
		"-cp", libs+"/*",
		main)
	return append(argv, args...)
}
