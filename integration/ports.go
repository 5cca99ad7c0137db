package integration

import (
	"fmt"
	"net"
	"strconv"
	"strings"
)

// freePorts returns n distinct ports that were free on 127.0.0.1 a moment
// ago (all bound at once, then released). Someone may take one before the
// broker binds it: the caller retries on a bind failure.
func freePorts(n int) ([]int, error) {
	ls := make([]net.Listener, 0, n)
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	ports := make([]int, 0, n)
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("cannot find a free port on 127.0.0.1: %v", err)
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// portsFree checks that every named port can be bound on 127.0.0.1 now; the
// error names the first one that cannot.
func portsFree(ports map[string]int) error {
	names := []string{"client", "controller", "proxied"}
	for _, l := range SecureListeners {
		names = append(names, string(l))
	}
	for _, name := range names {
		p, ok := ports[name]
		if !ok || p == 0 {
			continue
		}
		l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(p)))
		if err != nil {
			return fmt.Errorf("127.0.0.1:%d (%s listener) is in use by another process", p, name)
		}
		l.Close()
	}
	return nil
}

// bindFailure reports whether broker output shows it could not bind a port.
func bindFailure(text string) bool {
	return strings.Contains(text, "Address already in use") || strings.Contains(text, "BindException")
}
