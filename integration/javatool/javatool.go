// Package javatool compiles a test suite's small Java program (a Kafka
// client used as a reference peer) against the jars of the Kafka version
// under test, once per test binary, and runs it.
package javatool

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kafkawire/kafkawire/integration"
)

// Program is one Java class with a main method, in one source file.
type Program struct {
	class string // e.g. "KwGroup"
	src   string // source path, relative to the test's package directory

	once    sync.Once
	dir     string // compiled classes + log configs
	cp      string // Kafka libs glob
	version string
	err     error
}

// New names a program: its main class and its source file.
func New(class, src string) *Program { return &Program{class: class, src: src} }

// Compile builds the program once, against the jars of the Kafka version tc
// runs (fetching them if needed); the test fails if it cannot.
func (p *Program) Compile(t testing.TB, tc *integration.TestCluster) {
	t.Helper()
	p.once.Do(func() { p.err = p.compile(t, kafkaVersion(tc)) })
	if p.err != nil {
		t.Fatalf("java helper %s: %v", p.class, p.err)
	}
}

func (p *Program) compile(t testing.TB, version string) error {
	start := time.Now()
	p.version = version
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if _, err := integration.Fetch(ctx, version); err != nil {
		return fmt.Errorf("fetching Kafka %s jars: %w", version, err)
	}
	p.cp = integration.Classpath(version)
	dir, err := os.MkdirTemp("", "kafkawire-java-"+p.class+"-")
	if err != nil {
		return err
	}
	p.dir = dir
	src, err := filepath.Abs(p.src)
	if err != nil {
		return err
	}
	if out, err := exec.CommandContext(ctx, bin("javac"), "-nowarn", "-cp", p.cp, "-d", dir, src).CombinedOutput(); err != nil {
		return fmt.Errorf("javac %s: %v\n%s", p.src, err, out)
	}
	for name, body := range map[string]string{"log4j2.properties": log4j2, "log4j.properties": log4j1} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			return err
		}
	}
	t.Logf("java: %s compiled against Kafka %s in %v", p.class, version, time.Since(start).Round(time.Millisecond))
	return nil
}

// Command is the command running the compiled program with args and a heap
// of heapMB; ctx may be nil for a process the caller stops itself.
func (p *Program) Command(ctx context.Context, heapMB int, args ...string) *exec.Cmd {
	jargs := append([]string{
		fmt.Sprintf("-Xmx%dm", heapMB), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
		"-Dlog4j2.configurationFile=" + filepath.Join(p.dir, "log4j2.properties"),
		"-Dlog4j.configuration=file:" + filepath.Join(p.dir, "log4j.properties"),
		"-cp", p.dir + string(os.PathListSeparator) + p.cp,
		p.class,
	}, args...)
	if ctx == nil {
		return exec.Command(bin("java"), jargs...)
	}
	return exec.CommandContext(ctx, bin("java"), jargs...)
}

// Cleanup removes the compiled classes; call it from TestMain.
func (p *Program) Cleanup() {
	if p.dir != "" {
		os.RemoveAll(p.dir)
	}
}

func bin(name string) string {
	if home := os.Getenv("JAVA_HOME"); home != "" {
		if p := filepath.Join(home, "bin", name); fileExists(p) {
			return p
		}
	}
	return name
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

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

// Kafka's clients log at INFO (every config value) by default: keep WARN+.
const log4j2 = `status = error
appender.err.type = Console
appender.err.name = ERR
appender.err.target = SYSTEM_ERR
appender.err.layout.type = PatternLayout
appender.err.layout.pattern = [java %p] %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.err.ref = ERR
`

const log4j1 = `log4j.rootLogger=WARN, ERR
log4j.appender.ERR=org.apache.log4j.ConsoleAppender
log4j.appender.ERR.Target=System.err
log4j.appender.ERR.layout=org.apache.log4j.PatternLayout
log4j.appender.ERR.layout.ConversionPattern=[java %p] %m (%c)%n
`
