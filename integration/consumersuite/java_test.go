package consumersuite

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kafkawire/kafkawire/integration"
)

// The Java side: java/KwGroup.java, compiled once per test binary against
// the jars of the Kafka version under test.
var javaTool struct {
	once    sync.Once
	dir     string // compiled classes + log configs
	cp      string // Kafka libs glob
	version string
	err     error
}

func cleanupJava() {
	if javaTool.dir != "" {
		os.RemoveAll(javaTool.dir)
	}
}

func javaBin(name string) string {
	if home := os.Getenv("JAVA_HOME"); home != "" {
		if p := filepath.Join(home, "bin", name); fileExists(p) {
			return p
		}
	}
	return name
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

// Kafka's clients log at INFO (every config value) by default: keep WARN+.
const javaLog4j2 = `status = error
appender.err.type = Console
appender.err.name = ERR
appender.err.target = SYSTEM_ERR
appender.err.layout.type = PatternLayout
appender.err.layout.pattern = [java %p] %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.err.ref = ERR
`

const javaLog4j1 = `log4j.rootLogger=WARN, ERR
log4j.appender.ERR=org.apache.log4j.ConsoleAppender
log4j.appender.ERR.Target=System.err
log4j.appender.ERR.layout=org.apache.log4j.PatternLayout
log4j.appender.ERR.layout.ConversionPattern=[java %p] %m (%c)%n
`

// kafkaVersion is the version the harness runs: the cluster's, or
// KAFKA_VERSION, or the default.
func kafkaVersion(tc *integration.TestCluster) string {
	if v := tc.Options().Version; v != "" {
		return v
	}
	if v := strings.TrimSpace(os.Getenv("KAFKA_VERSION")); v != "" {
		return v
	}
	return integration.DefaultVersion
}

// compileJava builds KwGroup once; the test fails if it cannot.
func compileJava(t testing.TB, tc *integration.TestCluster) {
	t.Helper()
	javaTool.once.Do(func() {
		start := time.Now()
		javaTool.version = kafkaVersion(tc)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		if _, err := integration.Fetch(ctx, javaTool.version); err != nil {
			javaTool.err = fmt.Errorf("fetching Kafka %s jars: %w", javaTool.version, err)
			return
		}
		javaTool.cp = integration.Classpath(javaTool.version)
		dir, err := os.MkdirTemp("", "kafkawire-consumersuite-java-")
		if err != nil {
			javaTool.err = err
			return
		}
		javaTool.dir = dir
		src, err := filepath.Abs(filepath.Join("java", "KwGroup.java"))
		if err != nil {
			javaTool.err = err
			return
		}
		out, err := exec.CommandContext(ctx, javaBin("javac"), "-nowarn", "-cp", javaTool.cp, "-d", dir, src).CombinedOutput()
		if err != nil {
			javaTool.err = fmt.Errorf("javac KwGroup.java: %v\n%s", err, out)
			return
		}
		for name, body := range map[string]string{"log4j2.properties": javaLog4j2, "log4j.properties": javaLog4j1} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
				javaTool.err = err
				return
			}
		}
		t.Logf("java: KwGroup compiled against Kafka %s in %v", javaTool.version, time.Since(start).Round(time.Millisecond))
	})
	if javaTool.err != nil {
		t.Fatalf("java helper: %v", javaTool.err)
	}
}

// javaCmd is the command running KwGroup with args.
func javaCmd(t testing.TB, tc *integration.TestCluster, ctx context.Context, args ...string) *exec.Cmd {
	t.Helper()
	compileJava(t, tc)
	jargs := []string{
		"-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
		"-Dlog4j2.configurationFile=" + filepath.Join(javaTool.dir, "log4j2.properties"),
		"-Dlog4j.configuration=file:" + filepath.Join(javaTool.dir, "log4j.properties"),
		"-cp", javaTool.dir + string(os.PathListSeparator) + javaTool.cp,
		"KwGroup",
	}
	if ctx == nil {
		return exec.Command(javaBin("java"), append(jargs, args...)...)
	}
	return exec.CommandContext(ctx, javaBin("java"), append(jargs, args...)...)
}

// startJavaMember runs KwGroup's group member (Java KafkaConsumer, classic
// protocol) with the named assignor class; stop it with proc.stop.
func startJavaMember(t testing.TB, tc *integration.TestCluster, name, topic, groupID, assignorClass string) *proc {
	t.Helper()
	cmd := javaCmd(t, tc, nil, "group", tc.BootstrapString(), topic, groupID, assignorClass,
		strconv.FormatInt(sessionTimeout.Milliseconds(), 10), strconv.FormatInt(heartbeatInterval.Milliseconds(), 10))
	return startCmd(t, name, cmd)
}

// javaSent is one record the Java transactional producer wrote.
type javaSent struct {
	Kind string // abort or commit
	tpo
}

// javaTxProduce runs KwGroup txproduce with the transaction specs
// ("abort:5", "commit:5", ...) and returns what it sent.
func javaTxProduce(t testing.TB, tc *integration.TestCluster, topic string, specs ...string) []javaSent {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	args := append([]string{"txproduce", tc.BootstrapString(), topic, uniq("tx")}, specs...)
	cmd := javaCmd(t, tc, ctx, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("java KwGroup txproduce: %v (after %v)\nstdout:\n%s\nstderr:\n%s", err, time.Since(start).Round(time.Millisecond), stdout.String(), tail(stderr.String(), 4000))
	}
	var sent []javaSent
	done := false
	for _, line := range strings.Split(stdout.String(), "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) == 4 && f[0] == "sent":
			p, err1 := strconv.ParseInt(f[2], 10, 32)
			o, err2 := strconv.ParseInt(f[3], 10, 64)
			if err1 != nil || err2 != nil {
				t.Fatalf("java txproduce: bad line %q", line)
			}
			sent = append(sent, javaSent{Kind: f[1], tpo: tpo{int32(p), o}})
		case len(f) == 1 && f[0] == "done":
			done = true
		}
	}
	if !done {
		t.Fatalf("java txproduce did not finish:\n%s\nstderr:\n%s", stdout.String(), tail(stderr.String(), 4000))
	}
	t.Logf("java transactional producer: %d records in %v (%v)", len(sent), time.Since(start).Round(time.Millisecond), specs)
	return sent
}
