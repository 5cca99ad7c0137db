package integration

import (
	"context"
	"fmt"
	"os"
	"sort"
	"sync"
	"testing"
)

// TestCluster is a Cluster bound to a test: its fault methods fail the test
// (t.Fatalf) instead of returning errors. Cluster's error-returning methods
// stay reachable as tc.Cluster.StopBroker and so on.
type TestCluster struct {
	*Cluster
	t      testing.TB
	shared bool
}

// Start gives the test a cluster of its own, stopped when the test ends
// (logs are kept, and their paths logged, if it failed). A test that cannot
// get a broker fails, naming the reason; under -short, outside CI=true, it
// is skipped instead.
func Start(t testing.TB, opts Options) *TestCluster {
	t.Helper()
	skipShort(t)
	c, err := Launch(context.Background(), opts)
	if err != nil {
		t.Fatalf("integration: no Kafka cluster: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() && c.Backend() == BackendJars {
			_ = c.stopKeepLogs()
			t.Logf("integration: logs kept: %s", c.Describe())
			return
		}
		_ = c.Stop()
	})
	return &TestCluster{Cluster: c, t: t}
}

type sharedEntry struct {
	c   *Cluster
	err error
}

var shared struct {
	sync.Mutex
	m map[string]*sharedEntry
}

// Shared gives the test the cluster for opts that all tests of this test
// binary share: started by the first test that asks, stopped by Main (call
// it from TestMain). A failed start is remembered: later tests fail at once
// with the same reason. Brokers a test stops or kills are restarted when the
// test ends.
func Shared(t testing.TB, opts Options) *TestCluster {
	t.Helper()
	skipShort(t)
	n, err := opts.normalized(os.Getenv)
	if err != nil {
		t.Fatalf("integration: %v", err)
	}
	shared.Lock()
	e := shared.m[n.key()]
	if e == nil {
		e = &sharedEntry{}
		e.c, e.err = Launch(context.Background(), n)
		if shared.m == nil {
			shared.m = map[string]*sharedEntry{}
		}
		shared.m[n.key()] = e
	}
	shared.Unlock()
	if e.err != nil {
		t.Fatalf("integration: no Kafka cluster (%s): %v", n.key(), e.err)
	}
	return &TestCluster{Cluster: e.c, t: t, shared: true}
}

// StopShared stops the clusters Shared started; keepLogs keeps their logs
// (data is removed either way) and prints where they are.
func StopShared(keepLogs bool) {
	shared.Lock()
	defer shared.Unlock()
	keys := make([]string, 0, len(shared.m))
	for k := range shared.m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		e := shared.m[k]
		if e.c == nil {
			continue
		}
		if keepLogs && e.c.Backend() == BackendJars {
			_ = e.c.stopKeepLogs()
			fmt.Fprintf(os.Stderr, "integration: tests failed; logs kept: %s\n", e.c.Describe())
		} else {
			_ = e.c.Stop()
		}
	}
	shared.m = nil
}

// Main runs the tests and stops the shared clusters; use it from TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(integration.Main(m)) }
func Main(m *testing.M) int {
	code := m.Run()
	StopShared(code != 0)
	return code
}

func skipShort(t testing.TB) {
	t.Helper()
	if testing.Short() && !ciMode(os.Getenv) {
		t.Skip("integration: -short skips live-broker tests (never under CI=true)")
	}
}

// Addr is the host:port of broker id; the test fails if there is none.
func (tc *TestCluster) Addr(id int32) string {
	tc.t.Helper()
	a, ok := tc.impl.addr(id)
	if !ok {
		tc.t.Fatalf("integration: no broker %d in %s (brokers %v)", id, tc.Cluster, tc.IDs())
	}
	return a
}

// StopBroker shuts broker id down cleanly or fails the test.
func (tc *TestCluster) StopBroker(id int32) {
	tc.t.Helper()
	tc.check(tc.Cluster.StopBroker(id))
	tc.restartAtEnd(id)
}

// KillBroker SIGKILLs broker id or fails the test.
func (tc *TestCluster) KillBroker(id int32) {
	tc.t.Helper()
	tc.check(tc.Cluster.KillBroker(id))
	tc.restartAtEnd(id)
}

// StartBroker restarts broker id (same ports and data) or fails the test.
func (tc *TestCluster) StartBroker(id int32) {
	tc.t.Helper()
	tc.check(tc.Cluster.StartBroker(id))
}

// Stop stops a cluster of Start early; a shared cluster is only stopped by Main.
func (tc *TestCluster) Stop() {
	tc.t.Helper()
	if tc.shared {
		tc.t.Fatalf("integration: a Shared cluster is stopped by Main, not by a test; use Start for a cluster of your own")
	}
	tc.check(tc.Cluster.Stop())
}

func (tc *TestCluster) check(err error) {
	tc.t.Helper()
	if err != nil {
		tc.t.Fatalf("integration: %v", err)
	}
}

// restartAtEnd restarts a broker of a shared cluster that the test left down.
func (tc *TestCluster) restartAtEnd(id int32) {
	lc, ok := tc.impl.(*localCluster)
	if !ok || !tc.shared {
		return
	}
	tc.t.Cleanup(func() {
		if !lc.running(id) {
			if err := lc.startBroker(context.Background(), id); err != nil {
				tc.t.Errorf("integration: restarting broker %d after the test: %v", id, err)
			}
		}
	})
}
