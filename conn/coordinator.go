package conn

import (
	"context"
	"errors"
	"fmt"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/protocol"
)

// CoordinatorKind selects a group or a transaction coordinator.
type CoordinatorKind int8

const (
	GroupCoordinator       CoordinatorKind = 0
	TransactionCoordinator CoordinatorKind = 1
)

type coordKey struct {
	kind CoordinatorKind
	key  string
}

// Coordinator returns a connection (purpose PurposeGroup) to the coordinator
// of a group or transactional id, looking it up with FindCoordinator when it
// is not cached. Lookups are retried while the coordinator is loading.
func (c *Cluster) Coordinator(ctx context.Context, kind CoordinatorKind, key string) (*Conn, error) {
	ck := coordKey{kind, key}
	c.mu.Lock()
	node, ok := c.coords[ck]
	c.mu.Unlock()
	if !ok {
		err := Retry(ctx, c.backoff, func(ctx context.Context) error {
			var err error
			node, err = c.findCoordinator(ctx, kind, key)
			return err
		})
		if err != nil {
			return nil, err
		}
		c.mu.Lock()
		c.coords[ck] = node
		c.mu.Unlock()
	}
	cn, err := c.Broker(ctx, node, PurposeGroup)
	if err != nil {
		c.InvalidateCoordinator(kind, key)
	}
	return cn, err
}

// InvalidateCoordinator forgets a cached coordinator; callers do this on
// NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE or a dead connection.
func (c *Cluster) InvalidateCoordinator(kind CoordinatorKind, key string) {
	c.mu.Lock()
	delete(c.coords, coordKey{kind, key})
	c.mu.Unlock()
}

// IsCoordinatorError reports whether err means the coordinator moved or is
// not ready, so that the cached one must be forgotten.
func IsCoordinatorError(err error) bool {
	return errors.Is(err, kafkawire.ErrNotCoordinator) || errors.Is(err, kafkawire.ErrCoordinatorNotAvailable) || errors.Is(err, ErrClosed)
}

func (c *Cluster) findCoordinator(ctx context.Context, kind CoordinatorKind, key string) (int32, error) {
	cn, err := c.anyConn(ctx)
	if err != nil {
		return -1, err
	}
	v, ok := cn.Version(protocol.KeyFindCoordinator)
	if !ok {
		return -1, &UnsupportedError{Broker: cn.Addr(), APIKey: protocol.KeyFindCoordinator}
	}
	req := protocol.FindCoordinatorRequest{KeyType: int8(kind)}
	if v >= 4 {
		req.CoordinatorKeys = []string{key}
	} else {
		req.Key = key
	}
	var resp protocol.FindCoordinatorResponse
	if err := cn.RoundTripVersion(ctx, &req, &resp, v); err != nil {
		return -1, err
	}
	node, code, msg := resp.NodeID, resp.ErrorCode, resp.ErrorMessage
	if v >= 4 {
		if len(resp.Coordinators) != 1 {
			return -1, fmt.Errorf("kafkawire: FindCoordinator answered %d coordinators for one key", len(resp.Coordinators))
		}
		co := resp.Coordinators[0]
		node, code, msg = co.NodeID, co.ErrorCode, co.ErrorMessage
	}
	if err := kafkawire.ErrorWithMessage(code, msg); err != nil {
		return -1, fmt.Errorf("kafkawire: finding coordinator for %q: %w", key, err)
	}
	if _, ok := c.Metadata().Brokers[node]; !ok {
		if _, err := c.Refresh(ctx); err != nil {
			return -1, err
		}
	}
	return node, nil
}
