package integration

import (
	"bufio"
	"net"
	"path/filepath"
	"testing"
	"time"
)

func fakeDocker(t *testing.T, status string) string {
	t.Helper()
	sock := filepath.Join(t.TempDir(), "docker.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			_, _ = bufio.NewReader(c).ReadString('\n')
			_, _ = c.Write([]byte("HTTP/1.1 " + status + "\r\nContent-Length: 2\r\n\r\nOK"))
			c.Close()
		}
	}()
	return sock
}

func TestDockerPing(t *testing.T) {
	if err := dockerPing("unix", fakeDocker(t, "200 OK"), false, time.Second); err != nil {
		t.Errorf("healthy engine: %v", err)
	}
	if err := dockerPing("unix", fakeDocker(t, "500 Internal Server Error"), false, time.Second); err == nil {
		t.Error("failing engine reported healthy")
	}
	start := time.Now()
	if err := dockerPing("unix", filepath.Join(t.TempDir(), "none.sock"), false, time.Second); err == nil {
		t.Error("missing socket reported healthy")
	}
	if time.Since(start) > 500*time.Millisecond {
		t.Error("a missing socket should fail at once")
	}
}

func TestDockerEndpoint(t *testing.T) {
	for host, want := range map[string][2]string{
		"":                       {"unix", "/var/run/docker.sock"},
		"unix:///run/user/1/d.s": {"unix", "/run/user/1/d.s"},
		"tcp://10.0.0.1:2375/":   {"tcp", "10.0.0.1:2375"},
		"ssh://me@host":          {"", "ssh://me@host"},
	} {
		n, a := dockerEndpoint(envOf(map[string]string{"DOCKER_HOST": host}))
		if n != want[0] || a != want[1] {
			t.Errorf("DOCKER_HOST=%q: %s %s", host, n, a)
		}
	}
}
