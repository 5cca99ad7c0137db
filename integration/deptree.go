package integration

import (
	"fmt"
	"strings"
)

// mavenDep is one <dependency> of the throw-away pom.
type mavenDep struct{ Group, Artifact, Version string }

func (d mavenDep) String() string { return d.Group + ":" + d.Artifact + ":" + d.Version }

// kafkaDeps are what every harness classpath holds: the broker and the
// reference tools (perf tools, console clients).
func kafkaDeps(version string) []mavenDep {
	return []mavenDep{
		{"org.apache.kafka", "kafka_2.13", version},
		{"org.apache.kafka", "kafka-tools", version},
	}
}

// parseDepTree reads the text output of maven-dependency-plugin's tree goal
// into "group:artifact" -> version.
func parseDepTree(text string) map[string]string {
	deps := map[string]string{}
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimLeft(line, "|+-\\ \t")
		if i := strings.IndexByte(line, ' '); i >= 0 {
			line = line[:i] // " (optional)" and the like
		}
		parts := strings.Split(strings.TrimSpace(line), ":")
		var version string
		switch len(parts) {
		case 5: // group:artifact:type:version:scope
			version = parts[3]
		case 6: // group:artifact:type:classifier:version:scope
			version = parts[4]
		default:
			continue
		}
		deps[parts[0]+":"+parts[1]] = version
	}
	return deps
}

// slf4jBindings are artifacts that route SLF4J (Kafka's logging API) to a
// logging backend.
var slf4jBindings = []string{
	"org.apache.logging.log4j:log4j-slf4j-impl",
	"org.apache.logging.log4j:log4j-slf4j2-impl",
	"org.slf4j:slf4j-reload4j",
	"org.slf4j:slf4j-log4j12",
	"ch.qos.logback:logback-classic",
}

// loggingBinding decides which SLF4J binding to add, from the resolved tree:
// none when the tree already has one (Kafka 3.9's tools bring reload4j and
// slf4j-reload4j); log4j-slf4j-impl (SLF4J 1.x) or log4j-slf4j2-impl (2.x) at
// the log4j-core version Kafka pulls in (4.x); slf4j-reload4j when only
// reload4j is there. ok is false when the tree shows no logging at all (e.g.
// the Kafka artifact itself is missing: the copy step then says so).
func loggingBinding(deps map[string]string) (add *mavenDep, note string, ok bool) {
	for _, b := range slf4jBindings {
		if v, has := deps[b]; has {
			return nil, "SLF4J binding " + b + ":" + v + " comes with Kafka", true
		}
	}
	slf4j := deps["org.slf4j:slf4j-api"]
	if core := deps["org.apache.logging.log4j:log4j-core"]; core != "" {
		artifact := "log4j-slf4j-impl"
		if strings.HasPrefix(slf4j, "2.") {
			artifact = "log4j-slf4j2-impl"
		}
		d := mavenDep{"org.apache.logging.log4j", artifact, core}
		return &d, fmt.Sprintf("adding %s for log4j-core %s (slf4j-api %s)", d, core, slf4j), true
	}
	reload := deps["ch.qos.reload4j:reload4j"]
	if reload == "" {
		reload = deps["log4j:log4j"]
	}
	if reload != "" && slf4j != "" {
		d := mavenDep{"org.slf4j", "slf4j-reload4j", slf4j}
		return &d, fmt.Sprintf("adding %s for log4j 1 API %s", d, reload), true
	}
	return nil, "", false
}

func renderPom(deps []mavenDep) string {
	var b strings.Builder
	b.WriteString(`<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <!-- Written by kafkawire's integration harness to fetch Apache Kafka's jars; throw-away. -->
  <groupId>kafkawire.harness</groupId><artifactId>kafka-libs</artifactId><version>1</version><packaging>pom</packaging>
  <dependencies>
`)
	for _, d := range deps {
		fmt.Fprintf(&b, "    <dependency><groupId>%s</groupId><artifactId>%s</artifactId><version>%s</version></dependency>\n",
			d.Group, d.Artifact, d.Version)
	}
	b.WriteString("  </dependencies>\n</project>\n")
	return b.String()
}
