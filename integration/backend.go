package integration

import (
	"fmt"
	"strings"
)

// Backend says where a cluster's brokers come from.
type Backend string

const (
	// BackendExternal is a running cluster named by KAFKA_BROKERS.
	BackendExternal Backend = "external"
	// BackendDocker is one broker in an apache/kafka container.
	BackendDocker Backend = "docker"
	// BackendJars is brokers run from Apache Kafka's jars with the local java.
	BackendJars Backend = "jars"
)

// chooseBackend picks the backend, in this order:
//  1. KAFKA_BROKERS set: that cluster (nothing is started);
//  2. KAFKAWIRE_BACKEND=jars or docker: that one, or an error if it cannot serve opts;
//  3. built with -tags docker, a Docker engine answers, and opts asks for one broker without
//     fault injection: Docker;
//  4. local jars.
//
// dockerAvailable is called only when its answer matters.
func chooseBackend(getenv func(string) string, opts Options, dockerAvailable func() bool) (Backend, error) {
	if strings.TrimSpace(getenv("KAFKA_BROKERS")) != "" {
		return BackendExternal, nil
	}
	dockerFits := opts.Brokers <= 1 && !opts.Faults && opts.needsJars() == ""
	switch forced := strings.ToLower(strings.TrimSpace(getenv("KAFKAWIRE_BACKEND"))); forced {
	case "":
	case string(BackendJars):
		return BackendJars, nil
	case string(BackendDocker):
		if !dockerFits {
			return "", fmt.Errorf("KAFKAWIRE_BACKEND=docker runs a single broker without fault injection, but this test needs %s; unset KAFKAWIRE_BACKEND or set it to jars", describeNeeds(opts))
		}
		if !dockerBuilt {
			return "", fmt.Errorf("KAFKAWIRE_BACKEND=docker but the Docker backend is built only with -tags docker (go test -tags docker ...); unset KAFKAWIRE_BACKEND or set it to jars")
		}
		if !dockerAvailable() {
			return "", fmt.Errorf("KAFKAWIRE_BACKEND=docker but no Docker engine answers (DOCKER_HOST or /var/run/docker.sock); start Docker or set KAFKAWIRE_BACKEND=jars")
		}
		return BackendDocker, nil
	default:
		return "", fmt.Errorf("KAFKAWIRE_BACKEND=%s is not a backend; use jars or docker (or unset it)", forced)
	}
	if dockerFits && dockerBuilt && dockerAvailable() {
		return BackendDocker, nil
	}
	return BackendJars, nil
}

func describeNeeds(opts Options) string {
	if opts.Brokers > 1 {
		return fmt.Sprintf("%d brokers", opts.Brokers)
	}
	if s := opts.needsJars(); s != "" {
		return s
	}
	return "fault injection (Options.Faults)"
}
