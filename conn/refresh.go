package conn

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/protocol"
)

type refreshFlight struct {
	done   chan struct{}
	topics map[string]struct{} // what this refresh asks for
	meta   *Metadata
	err    error
}

func validAddr(a string) error {
	host, port, err := net.SplitHostPort(a)
	if err != nil {
		return fmt.Errorf("%q is not host:port: %w", a, err)
	}
	if host == "" {
		return fmt.Errorf("%q has no host", a)
	}
	if p, err := strconv.Atoi(port); err != nil || p < 1 || p > 65535 {
		return fmt.Errorf("%q: port must be 1-65535", a)
	}
	return nil
}

// Metadata returns the current snapshot; it is empty (never nil) before the
// first refresh.
func (c *Cluster) Metadata() *Metadata {
	if m := c.meta.Load(); m != nil {
		return m
	}
	return &Metadata{Brokers: map[int32]Broker{}, Topics: map[string]*Topic{}}
}

// Track adds topics to those whose metadata is kept fresh.
func (c *Cluster) Track(topics ...string) {
	c.mu.Lock()
	for _, t := range topics {
		c.topics[t] = struct{}{}
	}
	c.mu.Unlock()
}

// Untrack stops refreshing topics; the next snapshot no longer carries
// them. Clients call it for topics they stopped using, so that neither the
// tracked set nor every Metadata request grows without bound.
func (c *Cluster) Untrack(topics ...string) {
	c.mu.Lock()
	for _, t := range topics {
		delete(c.topics, t)
	}
	c.mu.Unlock()
}

func (c *Cluster) tracked(topic string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.topics[topic]
	return ok
}

// Refresh fetches metadata for every tracked topic. Concurrent calls share
// one request; a call that arrives while a refresh is under way waits for
// the next one if the running one lacks topics it needs.
func (c *Cluster) Refresh(ctx context.Context) (*Metadata, error) {
	for {
		c.mu.Lock()
		if c.closed {
			c.mu.Unlock()
			return nil, errClusterClosed
		}
		f := c.refresh
		if f != nil && !covers(f.topics, c.topics) {
			// The running refresh lacks topics we need: wait, then start ours.
			c.mu.Unlock()
			select {
			case <-f.done:
				continue
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		if f == nil {
			f = &refreshFlight{done: make(chan struct{}), topics: copySet(c.topics)}
			c.refresh = f
			c.bgWG.Add(1)
			go c.runRefresh(f)
		}
		c.mu.Unlock()
		select {
		case <-f.done:
			return f.meta, f.err
		case <-ctx.Done():
			c.mu.Lock()
			last := c.refreshErr
			c.mu.Unlock()
			return nil, waitError("waiting for metadata", ctx, last)
		}
	}
}

// waitError is the error of a caller whose context ended while it waited
// on the cluster: it names last, the latest failure of what it waited for,
// so that the caller learns within its own deadline why nothing came
// (errors.Is and errors.As reach both the context's error and last).
func waitError(what string, ctx context.Context, last error) error {
	if last == nil {
		return fmt.Errorf("kafkawire: %s: %w", what, ctx.Err())
	}
	return &lineErr{msg: "kafkawire: " + what + ": " + ctx.Err().Error() + "; last failure: " + OneLine(last), errs: []error{ctx.Err(), last}}
}

func covers(have, want map[string]struct{}) bool {
	for t := range want {
		if _, ok := have[t]; !ok {
			return false
		}
	}
	return true
}

func copySet(s map[string]struct{}) map[string]struct{} {
	out := make(map[string]struct{}, len(s))
	for k := range s {
		out[k] = struct{}{}
	}
	return out
}

// runRefresh runs one refresh flight. After a failed flight the next one
// waits a backoff first (growing with each failure in a row), however many
// callers ask: a broker that answers garbage at once must not be asked
// again at once, in a loop.
func (c *Cluster) runRefresh(f *refreshFlight) {
	defer c.bgWG.Done()
	c.mu.Lock()
	wait := time.Until(c.refreshNotBefore)
	c.mu.Unlock()
	err := c.sleep(wait)
	if err == nil {
		ctx, cancel := WithRequestTimeout(context.Background(), c.cfg.RequestTimeout)
		stop := context.AfterFunc(c.closeCtx, cancel)
		err = Retry(ctx, c.backoff, func(ctx context.Context) error {
			m, err := c.fetchMetadata(ctx, f.topics, false)
			if err == nil {
				f.meta = m
			}
			c.mu.Lock()
			c.refreshErr = err
			c.mu.Unlock()
			return err
		})
		stop()
		cancel()
	}
	f.err = err
	c.mu.Lock()
	c.refresh = nil
	if err != nil {
		c.refreshFails++
		c.refreshNotBefore = time.Now().Add(c.backoff.Delay(c.refreshFails - 1))
	} else {
		c.refreshFails = 0
	}
	c.mu.Unlock()
	close(f.done)
}

// sleep waits d, or until the cluster is closed.
func (c *Cluster) sleep(d time.Duration) error {
	if d <= 0 {
		return nil
	}
	if err := Sleep(c.closeCtx, d); err != nil {
		return errClusterClosed
	}
	return nil
}

// fetchMetadata sends one Metadata request for topics (all topics when all
// is true) and merges the answer into the cache.
func (c *Cluster) fetchMetadata(ctx context.Context, topics map[string]struct{}, all bool) (*Metadata, error) {
	cn, err := c.anyConn(ctx)
	if err != nil {
		return nil, err
	}
	req := protocol.MetadataRequest{AllowAutoTopicCreation: c.cfg.AutoCreateTopics && !all}
	if !all {
		req.Topics = make([]protocol.MetadataRequestTopic, 0, len(topics))
		for t := range topics {
			name := t
			req.Topics = append(req.Topics, protocol.MetadataRequestTopic{Name: &name})
		}
	}
	var resp protocol.MetadataResponse
	if err := cn.RoundTrip(ctx, &req, &resp); err != nil {
		return nil, err
	}
	prev := c.meta.Load()
	if all {
		// The answer lists every topic: a cached topic it lacks was deleted,
		// and must not be carried over (ListTopics would report it forever).
		prev = nil
	}
	m := newMetadata(&resp, prev, c.tracked, time.Now())
	c.meta.Store(m)
	c.forgetMovedBrokers(m)
	return m, nil
}

// ListAllTopics fetches metadata for every topic in the cluster.
func (c *Cluster) ListAllTopics(ctx context.Context) (*Metadata, error) {
	var m *Metadata
	err := Retry(ctx, c.backoff, func(ctx context.Context) error {
		var err error
		m, err = c.fetchMetadata(ctx, nil, true)
		return err
	})
	return m, err
}

// forgetMovedBrokers closes connections to brokers that left the cluster.
func (c *Cluster) forgetMovedBrokers(m *Metadata) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, cn := range c.conns {
		if k.node < 0 {
			continue
		}
		if b, ok := m.Brokers[k.node]; !ok || b.Addr() != cn.Addr() {
			delete(c.conns, k)
			go cn.Close()
		}
	}
}

func (c *Cluster) refreshLoop() {
	defer c.bgWG.Done()
	t := time.NewTicker(c.cfg.MetadataMaxAge)
	defer t.Stop()
	for {
		select {
		case <-c.closeCtx.Done():
			return
		case <-t.C:
			ctx, cancel := context.WithTimeout(c.closeCtx, c.cfg.RequestTimeout)
			// A failure leaves the old snapshot; callers refresh on demand.
			if _, err := c.Refresh(ctx); err != nil && c.closeCtx.Err() == nil {
				c.cfg.Conn.Logger.Warn("kafkawire: periodic metadata refresh failed", "err", err)
			}
			cancel()
		}
	}
}

// TopicMetadata returns a topic's metadata, tracking it and refreshing when
// it is unknown. A topic the cluster does not have is an error carrying
// kafkawire.ErrUnknownTopicOrPartition and the topic's name.
func (c *Cluster) TopicMetadata(ctx context.Context, topic string) (*Topic, error) {
	c.Track(topic)
	t := c.Metadata().Topic(topic)
	if t == nil || t.Err != nil {
		m, err := c.Refresh(ctx)
		if err != nil {
			return nil, err
		}
		t = m.Topic(topic)
	}
	if t == nil {
		return nil, fmt.Errorf("kafkawire: topic %q: %w", topic, kafkawire.ErrUnknownTopicOrPartition)
	}
	if t.Err != nil {
		return t, fmt.Errorf("kafkawire: topic %q: %w", topic, t.Err)
	}
	return t, nil
}

// Leader returns the leader node and epoch of a partition, refreshing
// metadata once if it has none that requests can go to (see
// Metadata.Leader).
func (c *Cluster) Leader(ctx context.Context, topic string, partition int32) (node, epoch int32, err error) {
	tp := kafkawire.TopicPartition{Topic: topic, Partition: partition}
	if _, err := c.TopicMetadata(ctx, topic); err != nil {
		return -1, -1, err
	}
	node, epoch, err = c.Metadata().Leader(tp)
	if err == nil {
		return node, epoch, nil
	}
	if _, rerr := c.Refresh(ctx); rerr != nil {
		return -1, -1, rerr
	}
	return c.Metadata().Leader(tp)
}

// LeaderConn returns a connection to a partition's leader for purpose.
func (c *Cluster) LeaderConn(ctx context.Context, topic string, partition int32, purpose Purpose) (*Conn, error) {
	node, _, err := c.Leader(ctx, topic, partition)
	if err != nil {
		return nil, err
	}
	return c.Broker(ctx, node, purpose)
}
