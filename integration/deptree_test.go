package integration

import (
	"os"
	"strings"
	"testing"
)

func readTree(t *testing.T, name string) map[string]string {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return parseDepTree(string(data))
}

// The trees are `mvn dependency:tree -Dscope=runtime` of kafka_2.13 plus
// kafka-tools, captured from Maven Central.
func TestLoggingBinding411(t *testing.T) {
	deps := readTree(t, "tree-4.1.1.txt")
	if deps["org.apache.kafka:kafka_2.13"] != "4.1.1" || deps["org.apache.logging.log4j:log4j-core"] != "2.24.3" {
		t.Fatalf("parse: kafka %q log4j-core %q", deps["org.apache.kafka:kafka_2.13"], deps["org.apache.logging.log4j:log4j-core"])
	}
	add, note, ok := loggingBinding(deps)
	if !ok || add == nil || add.String() != "org.apache.logging.log4j:log4j-slf4j-impl:2.24.3" {
		t.Fatalf("binding = %v (%s), ok %v", add, note, ok)
	}
}

func TestLoggingBinding391(t *testing.T) {
	deps := readTree(t, "tree-3.9.1.txt")
	if deps["ch.qos.reload4j:reload4j"] != "1.2.25" {
		t.Fatalf("parse: reload4j %q", deps["ch.qos.reload4j:reload4j"])
	}
	add, note, ok := loggingBinding(deps)
	if !ok || add != nil || !strings.Contains(note, "slf4j-reload4j") {
		t.Fatalf("3.9.1 brings its own binding; got add %v, note %q, ok %v", add, note, ok)
	}
}

func TestLoggingBindingOtherShapes(t *testing.T) {
	add, _, ok := loggingBinding(map[string]string{
		"org.slf4j:slf4j-api": "2.0.16", "org.apache.logging.log4j:log4j-core": "2.25.0"})
	if !ok || add.String() != "org.apache.logging.log4j:log4j-slf4j2-impl:2.25.0" {
		t.Errorf("slf4j 2: %v", add)
	}
	add, _, ok = loggingBinding(map[string]string{"org.slf4j:slf4j-api": "1.7.36", "ch.qos.reload4j:reload4j": "1.2.25"})
	if !ok || add.String() != "org.slf4j:slf4j-reload4j:1.7.36" {
		t.Errorf("reload4j only: %v", add)
	}
	if add, _, ok = loggingBinding(map[string]string{"org.apache.kafka:kafka_2.13": "9.9.9"}); ok || add != nil {
		t.Errorf("no logging at all: %v %v", add, ok)
	}
}

func TestParseDepTreeClassifier(t *testing.T) {
	deps := parseDepTree("x:y:pom:1\n+- io.netty:netty-transport-native-epoll:jar:linux-x86_64:4.1.105.Final:runtime (optional)\n")
	if deps["io.netty:netty-transport-native-epoll"] != "4.1.105.Final" {
		t.Errorf("classifier line: %v", deps)
	}
	if _, ok := deps["x:y"]; ok {
		t.Errorf("the project line is not a dependency")
	}
}

func TestRenderPom(t *testing.T) {
	pom := renderPom(append(kafkaDeps("4.1.1"), mavenDep{"org.apache.logging.log4j", "log4j-slf4j-impl", "2.24.3"}))
	for _, want := range []string{
		"<groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>4.1.1</version>",
		"<groupId>org.apache.kafka</groupId><artifactId>kafka-tools</artifactId><version>4.1.1</version>",
		"<artifactId>log4j-slf4j-impl</artifactId><version>2.24.3</version>",
		"<packaging>pom</packaging>",
	} {
		if !strings.Contains(pom, want) {
			t.Errorf("pom lacks %s:\n%s", want, pom)
		}
	}
}
