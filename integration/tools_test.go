package integration

import (
	"os"
	"path/filepath"
	"testing"
)

func TestParseJavaVersion(t *testing.T) {
	for out, want := range map[string]int{
		`openjdk version "17.0.15" 2025-04-15` + "\nOpenJDK Runtime Environment": 17,
		`openjdk version "21" 2023-09-19`:                                        21,
		`java version "1.8.0_292"`:                                               8,
		`openjdk version "11.0.2" 2019-01-15`:                                    11,
		`Picked up JAVA_TOOL_OPTIONS: -Xss1m` + "\n" + `openjdk version "25-ea"`: 25,
	} {
		got, err := parseJavaVersion(out)
		if err != nil || got != want {
			t.Errorf("parseJavaVersion(%q) = %d, %v; want %d", out, got, err, want)
		}
	}
	if _, err := parseJavaVersion("bash: java: oops"); err == nil {
		t.Error("garbage parsed")
	}
}

func TestFindJavaMissing(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := findJava()
	want := "java not found on PATH: the local Kafka broker needs Java 17+ (install e.g. openjdk-17-jre-headless), or set KAFKA_BROKERS to use a running cluster"
	if err == nil || err.Error() != want {
		t.Fatalf("got  %v\nwant %s", err, want)
	}
}

func TestFindJavaTooOld(t *testing.T) {
	dir := t.TempDir()
	java := filepath.Join(dir, "java")
	script := "#!/bin/sh\necho 'openjdk version \"11.0.2\" 2019-01-15' >&2\n"
	if err := os.WriteFile(java, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	_, err := findJava()
	want := "java at " + java + " is version 11; Kafka needs Java 17 or newer: put a JDK 17+ first on PATH"
	if err == nil || err.Error() != want {
		t.Fatalf("got  %v\nwant %s", err, want)
	}
}
