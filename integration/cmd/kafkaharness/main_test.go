package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestUsageErrors(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(nil, &out, &errOut); err == nil || err.Error() != usage {
		t.Errorf("no args: %v", err)
	}
	if err := run([]string{"launch"}, &out, &errOut); err == nil || !strings.HasPrefix(err.Error(), `unknown command "launch"`) {
		t.Errorf("unknown command: %v", err)
	}
	if err := run([]string{"up", "extra"}, &out, &errOut); err == nil || !strings.Contains(err.Error(), `unexpected argument "extra"`) {
		t.Errorf("extra argument: %v", err)
	}
	if err := run([]string{"up", "-brokers", "2", "-state", filepath.Join(t.TempDir(), "s.json")}, &out, &errOut); err == nil || !strings.Contains(err.Error(), "1 or 3") {
		t.Errorf("2 brokers: %v", err)
	}
	if err := run([]string{"up", "-secure", "-prop", "noequals"}, &out, &errOut); err == nil || !strings.Contains(err.Error(), "want key=value") {
		t.Errorf("bad -prop: %v", err)
	}
	if err := run([]string{"up", "-port", "70000", "-state", filepath.Join(t.TempDir(), "s.json")}, &out, &errOut); err == nil || !strings.Contains(err.Error(), "-port 70000 is not a TCP port") {
		t.Errorf("bad -port: %v", err)
	}
}

func TestStatusAndDownWithoutCluster(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state.json")
	var out, errOut bytes.Buffer
	err := run([]string{"status", "-state", state}, &out, &errOut)
	if err == nil || !strings.HasPrefix(err.Error(), "no harness cluster is up") {
		t.Errorf("status: %v", err)
	}
	if err := run([]string{"down", "-state", state}, &out, &errOut); err != nil || !strings.HasPrefix(out.String(), "no harness cluster is up") {
		t.Errorf("down: %v %q", err, out.String())
	}
}

func TestClasspathFromCache(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("KAFKAWIRE_CACHE", cache)
	libs := filepath.Join(cache, "kafka-4.1.1", "libs")
	if err := os.MkdirAll(libs, 0o755); err != nil {
		t.Fatal(err)
	}
	_ = os.WriteFile(filepath.Join(libs, "kafka_2.13-4.1.1.jar"), nil, 0o644)
	_ = os.WriteFile(filepath.Join(cache, "kafka-4.1.1", ".complete"), nil, 0o644)
	var out, errOut bytes.Buffer
	if err := run([]string{"classpath", "-version", "4.1.1"}, &out, &errOut); err != nil || out.String() != libs+"/*\n" {
		t.Errorf("classpath: %v %q", err, out.String())
	}
	out.Reset()
	if err := run([]string{"fetch", "-version", "4.1.1"}, &out, &errOut); err != nil || out.String() != libs+"\n" {
		t.Errorf("fetch: %v %q", err, out.String())
	}
	if err := run([]string{"fetch", "-version", "nine"}, &out, &errOut); err == nil || !strings.Contains(err.Error(), "KAFKA_VERSION=nine") {
		t.Errorf("bad version: %v", err)
	}
}
