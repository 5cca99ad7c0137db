package integration

import (
	"context"
	"fmt"
	"net"
	"sort"
	"strings"
)

// externalCluster is a running cluster named by KAFKA_BROKERS: used as is,
// never started or stopped by the harness.
type externalCluster struct {
	list    string
	seeds   []string
	brokers []brokerMeta
}

func parseBrokerList(list string) ([]string, error) {
	var seeds []string
	for _, s := range strings.Split(list, ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if _, _, err := net.SplitHostPort(s); err != nil {
			return nil, fmt.Errorf("KAFKA_BROKERS=%s: %q is not host:port", list, s)
		}
		seeds = append(seeds, s)
	}
	if len(seeds) == 0 {
		return nil, fmt.Errorf("KAFKA_BROKERS=%q names no broker; use host:port[,host:port...]", list)
	}
	return seeds, nil
}

func newExternal(ctx context.Context, list string, opts Options) (*externalCluster, error) {
	seeds, err := parseBrokerList(list)
	if err != nil {
		return nil, err
	}
	if need := opts.needsJars(); need != "" {
		return nil, fmt.Errorf("KAFKA_BROKERS=%s names a cluster the harness does not configure, but this test needs %s: unset KAFKA_BROKERS", list, need)
	}
	var lastErr error
	for _, s := range seeds {
		brokers, err := metadataBrokers(ctx, s)
		if err != nil {
			lastErr = err
			continue
		}
		if len(brokers) < opts.Brokers {
			return nil, fmt.Errorf("KAFKA_BROKERS=%s is a cluster of %d broker(s) but this test needs %d; unset KAFKA_BROKERS to let the harness start one", list, len(brokers), opts.Brokers)
		}
		sort.Slice(brokers, func(i, j int) bool { return brokers[i].ID < brokers[j].ID })
		return &externalCluster{list: list, seeds: seeds, brokers: brokers}, nil
	}
	return nil, fmt.Errorf("KAFKA_BROKERS=%s: no broker answers (%v); start that cluster (e.g. make kafka-up) or unset KAFKA_BROKERS", list, lastErr)
}

func (e *externalCluster) backend() Backend    { return BackendExternal }
func (e *externalCluster) bootstrap() []string { return append([]string(nil), e.seeds...) }

func (e *externalCluster) ids() []int32 {
	ids := make([]int32, len(e.brokers))
	for i, b := range e.brokers {
		ids[i] = b.ID
	}
	return ids
}

func (e *externalCluster) addr(id int32) (string, bool) {
	for _, b := range e.brokers {
		if b.ID == id {
			return net.JoinHostPort(b.Host, fmt.Sprint(b.Port)), true
		}
	}
	return "", false
}

func (e *externalCluster) describe() string {
	return fmt.Sprintf("external cluster KAFKA_BROKERS=%s (%d brokers)", e.list, len(e.brokers))
}

func (e *externalCluster) faultErr(op string, id int32) error {
	return fmt.Errorf("cannot %s broker %d: KAFKA_BROKERS=%s names a cluster the harness does not own; fault tests need a harness-owned cluster: unset KAFKA_BROKERS", op, id, e.list)
}

func (e *externalCluster) stopBroker(id int32) error { return e.faultErr("stop", id) }
func (e *externalCluster) killBroker(id int32) error { return e.faultErr("kill", id) }
func (e *externalCluster) startBroker(_ context.Context, id int32) error {
	return e.faultErr("start", id)
}
func (e *externalCluster) stopAll(bool) error { return nil }
