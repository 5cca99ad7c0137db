package integration

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"strings"
	"time"
)

// dockerAvailable reports whether a Docker engine answers, within ~1.5 s.
func dockerAvailable() bool {
	network, addr := dockerEndpoint(os.Getenv)
	return dockerPing(network, addr, os.Getenv("DOCKER_TLS_VERIFY") != "", 1500*time.Millisecond) == nil
}

// dockerEndpoint reads DOCKER_HOST (unix:// or tcp://), defaulting to the
// standard socket.
func dockerEndpoint(getenv func(string) string) (network, addr string) {
	h := strings.TrimSpace(getenv("DOCKER_HOST"))
	switch {
	case h == "":
		return "unix", "/var/run/docker.sock"
	case strings.HasPrefix(h, "unix://"):
		return "unix", strings.TrimPrefix(h, "unix://")
	case strings.HasPrefix(h, "tcp://"):
		return "tcp", strings.TrimSuffix(strings.TrimPrefix(h, "tcp://"), "/")
	default:
		return "", h // ssh:// and the like: not checked here
	}
}

// dockerPing sends GET /_ping to the engine. Over TLS a connection is taken
// as the answer (the harness does not set up client certificates for it).
func dockerPing(network, addr string, tls bool, timeout time.Duration) error {
	if network == "" {
		return fmt.Errorf("DOCKER_HOST=%s: unsupported scheme", addr)
	}
	conn, err := net.DialTimeout(network, addr, timeout)
	if err != nil {
		return err
	}
	defer conn.Close()
	if tls {
		return nil
	}
	_ = conn.SetDeadline(time.Now().Add(timeout))
	if _, err := conn.Write([]byte("GET /_ping HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n")); err != nil {
		return err
	}
	status, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return err
	}
	if f := strings.Fields(status); len(f) < 2 || f[1] != "200" {
		return fmt.Errorf("docker engine answered %q", strings.TrimSpace(status))
	}
	return nil
}
