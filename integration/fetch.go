package integration

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

const (
	dependencyPlugin = "org.apache.maven.plugins:maven-dependency-plugin:3.6.1"
	completeMarker   = ".complete"
	fetchTimeout     = 15 * time.Minute
)

// VersionDir is the cache directory of one Kafka version.
func VersionDir(version string) string { return filepath.Join(CacheDir(), "kafka-"+version) }

// LibsDir is where Fetch puts the jars of a Kafka version.
func LibsDir(version string) string { return filepath.Join(VersionDir(version), "libs") }

// Classpath is the java -cp value for a fetched version: the libs dir glob.
func Classpath(version string) string { return filepath.Join(LibsDir(version), "*") }

// Fetch makes sure the jars of Kafka version (broker, tools and an SLF4J
// binding) are in LibsDir(version), running Maven once, and returns that dir.
// Concurrent callers (other test binaries) wait for one another.
func Fetch(ctx context.Context, version string) (string, error) {
	if err := checkVersion(version); err != nil {
		return "", err
	}
	dir, libs := VersionDir(version), LibsDir(version)
	if fetched(dir, libs, version) {
		return libs, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("cannot create the jar cache %s: %v (set KAFKAWIRE_CACHE to a writable dir)", dir, err)
	}
	unlock, err := lockFile(filepath.Join(dir, ".lock"))
	if err != nil {
		return "", err
	}
	defer unlock()
	if fetched(dir, libs, version) { // another process fetched while we waited
		return libs, nil
	}
	mvn, err := findMvn(version, libs)
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(ctx, fetchTimeout)
	defer cancel()
	if err := fetchInto(ctx, mvn, version, dir); err != nil {
		if strings.Contains(err.Error(), "not found on Maven Central") {
			_ = os.RemoveAll(dir) // nothing worth keeping for a version that does not exist
		}
		return "", err
	}
	return libs, nil
}

func fetched(dir, libs, version string) bool {
	if _, err := os.Stat(filepath.Join(dir, completeMarker)); err != nil {
		return false
	}
	_, err := os.Stat(filepath.Join(libs, "kafka_2.13-"+version+".jar"))
	return err == nil
}

func fetchInto(ctx context.Context, mvn, version, dir string) error {
	logPath := filepath.Join(dir, "mvn.log")
	pom := filepath.Join(dir, "pom.xml")
	var prog io.Writer = io.Discard
	if FetchProgress != nil {
		p := newProgress(FetchProgress, "fetching Kafka "+version+" jars from Maven Central")
		defer p.done()
		prog = p
	}
	deps := kafkaDeps(version)
	if err := os.WriteFile(pom, []byte(renderPom(deps)), 0o644); err != nil {
		return err
	}
	treePath := filepath.Join(dir, "tree.txt")
	if err := runMvn(ctx, mvn, version, dir, logPath, prog, dependencyPlugin+":tree",
		"-DoutputFile="+treePath, "-Dscope=runtime"); err != nil {
		return err
	}
	tree, err := os.ReadFile(treePath)
	if err != nil {
		return fmt.Errorf("mvn wrote no dependency tree (%v); see %s", err, logPath)
	}
	binding, note, ok := loggingBinding(parseDepTree(string(tree)))
	if binding != nil {
		deps = append(deps, *binding)
		if err := os.WriteFile(pom, []byte(renderPom(deps)), 0o644); err != nil {
			return err
		}
	}
	partial := filepath.Join(dir, "libs.partial")
	_ = os.RemoveAll(partial)
	if err := runMvn(ctx, mvn, version, dir, logPath, prog, dependencyPlugin+":copy-dependencies",
		"-DoutputDirectory="+partial, "-DincludeScope=runtime"); err != nil {
		return err
	}
	if !ok {
		// The tree had no logging: let the copied jars tell.
		return fmt.Errorf("Kafka %s brings no SLF4J logging backend the harness knows (log4j2 or reload4j); see %s", version, treePath)
	}
	if _, err := os.Stat(filepath.Join(partial, "kafka_2.13-"+version+".jar")); err != nil {
		return fmt.Errorf("mvn finished but kafka_2.13-%s.jar is not in %s; see %s", version, partial, logPath)
	}
	libs := filepath.Join(dir, "libs")
	if err := os.RemoveAll(libs); err != nil {
		return err
	}
	if err := os.Rename(partial, libs); err != nil {
		return err
	}
	marker := fmt.Sprintf("kafka %s fetched %s\nlogging: %s\n", version, time.Now().UTC().Format(time.RFC3339), note)
	return os.WriteFile(filepath.Join(dir, completeMarker), []byte(marker), 0o644)
}

// runMvn runs one Maven goal, its output going to the log and to progress
// (not -q: the progress counts Maven's download lines).
func runMvn(ctx context.Context, mvn, version, dir, logPath string, progress io.Writer, goal string, args ...string) error {
	argv := append([]string{"-B", "-f", filepath.Join(dir, "pom.xml"), goal}, args...)
	cmd := exec.CommandContext(ctx, mvn, argv...)
	cmd.Dir = dir
	var out bytes.Buffer
	w := io.MultiWriter(&out, progress)
	cmd.Stdout, cmd.Stderr = w, w
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	err := runChild(cmd)
	logText := fmt.Sprintf("$ mvn %s\n%s\n", strings.Join(argv, " "), out.String())
	appendFile(logPath, logText)
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		return fmt.Errorf("fetching Kafka %s jars with mvn did not finish within %s; see %s", version, fetchTimeout, logPath)
	}
	return classifyMvnError(version, stripANSI(out.String()), logPath)
}

// classifyMvnError turns Maven's failure output into one line saying what to do.
func classifyMvnError(version, out, logPath string) error {
	coord := "org.apache.kafka:kafka_2.13:jar:" + version
	notFound := strings.Contains(out, "Could not find artifact "+coord) ||
		(strings.Contains(out, coord) && strings.Contains(out, "was not found"))
	if notFound {
		return fmt.Errorf("KAFKA_VERSION=%s: org.apache.kafka:kafka_2.13:%s not found on Maven Central; use e.g. 4.1.1 or 3.9.1", version, version)
	}
	first := firstErrorLine(out)
	for _, s := range []string{"Could not transfer", "UnknownHost", "Unknown host", "Connection refused",
		"Network is unreachable", "Temporary failure in name resolution", "Connect timed out", "connect timed out"} {
		if strings.Contains(out, s) {
			return fmt.Errorf("cannot download the Kafka %s jars from Maven Central (offline or blocked?): %s; full log: %s", version, first, logPath)
		}
	}
	return fmt.Errorf("mvn failed to fetch the Kafka %s jars: %s; full log: %s", version, first, logPath)
}

func firstErrorLine(out string) string {
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "[ERROR]") {
			return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "[ERROR]"))
		}
	}
	return firstLine(out)
}

func stripANSI(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '[' {
			j := i + 2
			for j < len(s) && (s[j] == ';' || (s[j] >= '0' && s[j] <= '9')) {
				j++
			}
			i = j // skips the final letter too
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// lockFile takes an exclusive flock on path; the returned func releases it.
func lockFile(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("cannot open lock file %s: %v", path, err)
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("cannot lock %s: %v", path, err)
	}
	return func() { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN); f.Close() }, nil
}
