package integration

import (
	"context"
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"sync"
	"time"
)

const minJava = 17

// findJava returns the path of a java of version 17 or newer on PATH, or a
// one-line error saying what to install.
func findJava() (string, error) {
	path, err := exec.LookPath("java")
	if err != nil {
		return "", fmt.Errorf("java not found on PATH: the local Kafka broker needs Java %d+ (install e.g. openjdk-17-jre-headless), or set KAFKA_BROKERS to use a running cluster", minJava)
	}
	v, err := cachedJavaVersion(path)
	if err != nil {
		return "", err
	}
	if v < minJava {
		return "", fmt.Errorf("java at %s is version %d; Kafka needs Java %d or newer: put a JDK %d+ first on PATH", path, v, minJava, minJava)
	}
	return path, nil
}

// findMvn returns the path of mvn, needed once per Kafka version to fetch jars.
func findMvn(version, libs string) (string, error) {
	path, err := exec.LookPath("mvn")
	if err != nil {
		return "", fmt.Errorf("mvn not found on PATH: Maven is needed once to fetch the Kafka %s jars into %s (install e.g. the maven package), or set KAFKA_BROKERS to use a running cluster", version, libs)
	}
	return path, nil
}

var javaVersions sync.Map // path -> int

func cachedJavaVersion(path string) (int, error) {
	if v, ok := javaVersions.Load(path); ok {
		return v.(int), nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, path, "-version").CombinedOutput()
	if err != nil {
		return 0, fmt.Errorf("%s -version failed (%v): is it a working Java %d+?", path, err, minJava)
	}
	v, err := parseJavaVersion(string(out))
	if err != nil {
		return 0, fmt.Errorf("%s -version: %v", path, err)
	}
	javaVersions.Store(path, v)
	return v, nil
}

var javaVersionRE = regexp.MustCompile(`version "([0-9]+)(?:\.([0-9]+))?[^"]*"`)

// parseJavaVersion reads the feature version from `java -version` output:
// `openjdk version "17.0.15" ...` -> 17, `java version "1.8.0_292"` -> 8.
func parseJavaVersion(out string) (int, error) {
	m := javaVersionRE.FindStringSubmatch(out)
	if m == nil {
		return 0, fmt.Errorf("cannot read a Java version from %q", firstLine(out))
	}
	major, _ := strconv.Atoi(m[1])
	if major == 1 && m[2] != "" {
		major, _ = strconv.Atoi(m[2])
	}
	return major, nil
}
