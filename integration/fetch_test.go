package integration

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestClassifyMvnErrorNotFound(t *testing.T) {
	out, err := os.ReadFile("testdata/mvn-9.9.9.txt") // Maven's answer for kafka_2.13:9.9.9
	if err != nil {
		t.Fatal(err)
	}
	got := classifyMvnError("9.9.9", string(out), "/c/mvn.log").Error()
	want := "KAFKA_VERSION=9.9.9: org.apache.kafka:kafka_2.13:9.9.9 not found on Maven Central; use e.g. 4.1.1 or 3.9.1"
	if got != want {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
}

func TestClassifyMvnErrorOther(t *testing.T) {
	net := "[ERROR] Failed to execute goal on project kafka-libs: Could not transfer artifact org.apache.kafka:kafka_2.13:jar:4.1.1 from/to central: Unknown host repo.maven.apache.org -> [Help 1]\n"
	got := classifyMvnError("4.1.1", net, "/c/mvn.log").Error()
	if !strings.HasPrefix(got, "cannot download the Kafka 4.1.1 jars from Maven Central (offline or blocked?): Failed to execute goal") ||
		!strings.HasSuffix(got, "full log: /c/mvn.log") || strings.Contains(got, "\n") {
		t.Errorf("network error: %q", got)
	}
	got = classifyMvnError("4.1.1", "[ERROR] something odd\n", "/c/mvn.log").Error()
	if got != "mvn failed to fetch the Kafka 4.1.1 jars: something odd; full log: /c/mvn.log" {
		t.Errorf("other error: %q", got)
	}
}

func TestStripANSI(t *testing.T) {
	if got := stripANSI("\x1b[0m\x1b[1;31m[ERROR]\x1b[m x"); got != "[ERROR] x" {
		t.Errorf("got %q", got)
	}
}

func TestFetchWithoutMvn(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("KAFKAWIRE_CACHE", cache)
	t.Setenv("PATH", t.TempDir())
	_, err := Fetch(context.Background(), "4.1.1")
	want := "mvn not found on PATH: Maven is needed once to fetch the Kafka 4.1.1 jars into " +
		filepath.Join(cache, "kafka-4.1.1", "libs") + " (install e.g. the maven package), or set KAFKA_BROKERS to use a running cluster"
	if err == nil || err.Error() != want {
		t.Fatalf("got  %v\nwant %s", err, want)
	}
}

func TestFetchReusesCompleteCache(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("KAFKAWIRE_CACHE", cache)
	t.Setenv("PATH", t.TempDir()) // no mvn: a complete cache must not need it
	libs := LibsDir("4.1.1")
	if err := os.MkdirAll(libs, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(libs, "kafka_2.13-4.1.1.jar"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Fetch(context.Background(), "4.1.1"); err == nil {
		t.Fatal("libs without the marker must not count as fetched")
	}
	if err := os.WriteFile(filepath.Join(VersionDir("4.1.1"), completeMarker), []byte("ok"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := Fetch(context.Background(), "4.1.1")
	if err != nil || got != libs {
		t.Fatalf("Fetch = %q, %v; want %q", got, err, libs)
	}
	if Classpath("4.1.1") != filepath.Join(libs, "*") {
		t.Errorf("Classpath = %q", Classpath("4.1.1"))
	}
}

func TestFetchBadVersion(t *testing.T) {
	_, err := Fetch(context.Background(), "four")
	if err == nil || err.Error() != "KAFKA_VERSION=four is not a Kafka release number; use e.g. 4.1.1 or 3.9.1" {
		t.Fatalf("got %v", err)
	}
}

// TestFetchUnknownVersionLive asks Maven Central for a Kafka that does not exist.
func TestFetchUnknownVersionLive(t *testing.T) {
	skipShort(t)
	t.Setenv("KAFKAWIRE_CACHE", t.TempDir())
	_, err := Fetch(context.Background(), "9.9.9")
	want := "KAFKA_VERSION=9.9.9: org.apache.kafka:kafka_2.13:9.9.9 not found on Maven Central; use e.g. 4.1.1 or 3.9.1"
	if err == nil || err.Error() != want {
		t.Fatalf("got  %v\nwant %s", err, want)
	}
}
