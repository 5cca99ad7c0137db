// Package admin manages a Kafka cluster: create, delete and list topics,
// look up offsets, and describe the cluster.
package admin

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/protocol"
	"github.com/kafkawire/kafkawire/sasl"
)

// Config configures an admin Client.
type Config struct {
	Brokers        []string // bootstrap host:port addresses; required
	ClientID       string
	RequestTimeout time.Duration  // default 30s
	TLS            *tls.Config    // see producer.Config.TLS
	SASL           sasl.Mechanism // see producer.Config.SASL
	Logger         *slog.Logger
	Hooks          conn.Hooks
}

// Client sends admin requests. It is safe for concurrent use.
type Client struct {
	cl      *conn.Cluster
	timeout time.Duration
}

// New validates cfg and returns a client; it dials on first use.
func New(cfg Config) (*Client, error) {
	cl, err := conn.NewCluster(conn.ClusterConfig{
		Bootstrap:      cfg.Brokers,
		Conn:           conn.ConnConfig{ClientID: cfg.ClientID, TLS: cfg.TLS, Auth: sasl.Authenticator(cfg.SASL), Logger: cfg.Logger, Hooks: cfg.Hooks},
		RequestTimeout: cfg.RequestTimeout,
	})
	if err != nil {
		return nil, fmt.Errorf("admin: %w", err)
	}
	return &Client{cl: cl, timeout: cl.Config().RequestTimeout}, nil
}

// Cluster exposes the client's cluster view (connections, metadata).
func (a *Client) Cluster() *conn.Cluster { return a.cl }

// Close releases the client's connections.
func (a *Client) Close() error { return a.cl.Close() }

// TopicSpec describes a topic to create.
type TopicSpec struct {
	Name              string
	Partitions        int32             // default 1
	ReplicationFactor int16             // default: the broker's default.replication.factor
	Configs           map[string]string // e.g. {"cleanup.policy": "compact"}
}

// CreateTopics creates topics and waits until every partition has a leader
// in the metadata, so the topics are usable when it returns. A topic that
// already exists is an error wrapping kafkawire.ErrTopicAlreadyExists.
func (a *Client) CreateTopics(ctx context.Context, specs ...TopicSpec) error {
	req := protocol.CreateTopicsRequest{TimeoutMs: int32(a.timeout / time.Millisecond)}
	for _, s := range specs {
		if s.Name == "" {
			return errors.New("admin: TopicSpec.Name is empty")
		}
		t := protocol.CreateTopicsRequestTopic{Name: s.Name, NumPartitions: s.Partitions, ReplicationFactor: s.ReplicationFactor}
		if t.NumPartitions == 0 {
			t.NumPartitions = 1
		}
		if t.ReplicationFactor == 0 {
			t.ReplicationFactor = -1
		}
		keys := make([]string, 0, len(s.Configs))
		for k := range s.Configs {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			v := s.Configs[k]
			t.Configs = append(t.Configs, protocol.CreateTopicsRequestConfig{Name: k, Value: &v})
		}
		req.Topics = append(req.Topics, t)
	}
	var resp protocol.CreateTopicsResponse
	if err := a.any(ctx, &req, &resp); err != nil {
		return err
	}
	var errs []error
	for _, t := range resp.Topics {
		if err := kafkawire.ErrorWithMessage(t.ErrorCode, t.ErrorMessage); err != nil {
			errs = append(errs, fmt.Errorf("admin: creating topic %q: %w", t.Name, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	names := make([]string, len(specs))
	for i, s := range specs {
		names[i] = s.Name
	}
	return a.waitForLeaders(ctx, names)
}

// waitForLeaders polls metadata until every partition of topics has a leader.
func (a *Client) waitForLeaders(ctx context.Context, topics []string) error {
	a.cl.Track(topics...)
	for attempt := 0; ; attempt++ {
		m, err := a.cl.Refresh(ctx)
		if err == nil && allLed(m, topics) {
			return nil
		}
		if serr := conn.Sleep(ctx, a.cl.Backoff().Delay(attempt)); serr != nil {
			return fmt.Errorf("admin: waiting for leaders of %v: %w", topics, errors.Join(err, serr))
		}
	}
}

func allLed(m *conn.Metadata, topics []string) bool {
	for _, name := range topics {
		t := m.Topic(name)
		if t == nil || t.Err != nil || len(t.Partitions) == 0 {
			return false
		}
		for _, p := range t.Partitions {
			if p.Leader < 0 || p.Err != nil {
				return false
			}
		}
	}
	return true
}

// DeleteTopics deletes topics by name.
func (a *Client) DeleteTopics(ctx context.Context, names ...string) error {
	req := protocol.DeleteTopicsRequest{TimeoutMs: int32(a.timeout / time.Millisecond), TopicNames: names}
	for _, n := range names {
		req.Topics = append(req.Topics, protocol.DeleteTopicsRequestTopic{Name: &n})
	}
	var resp protocol.DeleteTopicsResponse
	if err := a.any(ctx, &req, &resp); err != nil {
		return err
	}
	var errs []error
	for _, r := range resp.Responses {
		if err := kafkawire.ErrorWithMessage(r.ErrorCode, r.ErrorMessage); err != nil {
			name := ""
			if r.Name != nil {
				name = *r.Name
			}
			errs = append(errs, fmt.Errorf("admin: deleting topic %q: %w", name, err))
		}
	}
	return errors.Join(errs...)
}

// ListTopics returns every topic's metadata (internal topics included;
// see Topic.Internal).
func (a *Client) ListTopics(ctx context.Context) (map[string]*conn.Topic, error) {
	m, err := a.cl.ListAllTopics(ctx)
	if err != nil {
		return nil, err
	}
	return m.Topics, nil
}

// ListOffsets returns per partition the offset at a timestamp (Unix ms), or
// at conn.OffsetEarliest / conn.OffsetLatest.
func (a *Client) ListOffsets(ctx context.Context, at map[kafkawire.TopicPartition]int64) (map[kafkawire.TopicPartition]conn.ListedOffset, error) {
	return a.cl.ListOffsets(ctx, 0, at)
}

// ClusterInfo describes the cluster.
type ClusterInfo struct {
	ClusterID    string
	ControllerID int32
	Brokers      []conn.Broker // by node id
}

// DescribeCluster returns the cluster id, controller and brokers.
func (a *Client) DescribeCluster(ctx context.Context) (ClusterInfo, error) {
	m, err := a.cl.Refresh(ctx)
	if err != nil {
		return ClusterInfo{}, err
	}
	info := ClusterInfo{ClusterID: m.ClusterID, ControllerID: m.ControllerID}
	for _, b := range m.Brokers {
		info.Brokers = append(info.Brokers, b)
	}
	slices.SortFunc(info.Brokers, func(x, y conn.Broker) int { return int(x.NodeID - y.NodeID) })
	return info, nil
}

// any sends an admin request to any broker (KRaft brokers forward topic
// changes to the controller), retrying network failures within ctx.
func (a *Client) any(ctx context.Context, req, resp protocol.Message) error {
	return conn.Retry(ctx, a.cl.Backoff(), func(ctx context.Context) error {
		cn, err := a.cl.Any(ctx)
		if err != nil {
			return err
		}
		return cn.RoundTrip(ctx, req, resp)
	})
}
