package admin

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/protocol"
)

// TopicSpec describes a topic to create.
type TopicSpec struct {
	Name              string
	Partitions        int32             // default 1; ignored with Assignments
	ReplicationFactor int16             // default: the broker's default.replication.factor; ignored with Assignments
	Configs           map[string]string // e.g. {"cleanup.policy": "compact"}
	// Assignments places the replicas by hand: partition number -> broker
	// ids, leader first. Partitions must be numbered 0..n-1.
	Assignments map[int32][]int32
}

// CreateTopics creates topics and waits until every partition of each
// created topic has a leader in the metadata, so they are usable when it
// returns. Each topic is created or fails on its own: the error joins one
// *ItemError per failed topic (a topic that exists wraps
// kafkawire.ErrTopicAlreadyExists).
func (a *Client) CreateTopics(ctx context.Context, specs ...TopicSpec) error {
	req := protocol.CreateTopicsRequest{TimeoutMs: a.timeoutMs()}
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
		if len(s.Assignments) > 0 {
			t.NumPartitions, t.ReplicationFactor = -1, -1
			for _, p := range sortedKeys(s.Assignments) {
				t.Assignments = append(t.Assignments, protocol.CreateTopicsRequestAssignment{PartitionIndex: p, BrokerIDs: s.Assignments[p]})
			}
		}
		for _, k := range sortedKeys(s.Configs) {
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
	var created []string
	for _, t := range resp.Topics {
		if err := kafkawire.ErrorWithMessage(t.ErrorCode, t.ErrorMessage); err != nil {
			errs = append(errs, itemErr("creating topic", strconv.Quote(t.Name), err))
			continue
		}
		created = append(created, t.Name)
	}
	if len(created) > 0 {
		errs = append(errs, a.waitForLeaders(ctx, created, nil))
	}
	return joinItems(errs...)
}

// waitForLeaders polls metadata until every partition of topics has a
// leader, and each topic in count has at least that many partitions.
func (a *Client) waitForLeaders(ctx context.Context, topics []string, count map[string]int32) error {
	a.cl.Track(topics...)
	for attempt := 0; ; attempt++ {
		m, err := a.cl.Refresh(ctx)
		if err == nil && allLed(m, topics, count) {
			return nil
		}
		if serr := conn.Sleep(ctx, a.cl.Backoff().Delay(attempt)); serr != nil {
			return fmt.Errorf("admin: waiting for leaders of %v: %w", topics, joinItems(err, serr))
		}
	}
}

func allLed(m *conn.Metadata, topics []string, count map[string]int32) bool {
	for _, name := range topics {
		t := m.Topic(name)
		if t == nil || t.Err != nil || len(t.Partitions) == 0 || len(t.Partitions) < int(count[name]) {
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

// DeleteTopics deletes topics by name; the error joins one *ItemError per
// topic that could not be deleted.
func (a *Client) DeleteTopics(ctx context.Context, names ...string) error {
	req := protocol.DeleteTopicsRequest{TimeoutMs: a.timeoutMs(), TopicNames: names}
	for _, n := range names {
		req.Topics = append(req.Topics, protocol.DeleteTopicsRequestTopic{Name: &n})
	}
	var resp protocol.DeleteTopicsResponse
	if err := a.any(ctx, &req, &resp); err != nil {
		return err
	}
	var errs []error
	for _, r := range resp.Responses {
		name := ""
		if r.Name != nil {
			name = *r.Name
		}
		errs = append(errs, itemErr("deleting topic", strconv.Quote(name), kafkawire.ErrorWithMessage(r.ErrorCode, r.ErrorMessage)))
	}
	a.cl.Untrack(names...)
	return joinItems(errs...)
}

// Topic is one topic's metadata.
type Topic struct {
	Name       string
	ID         [16]byte // the topic id (UUID)
	Internal   bool     // __consumer_offsets and the like
	Partitions []Partition
	Err        error // set by DescribeTopics for a topic that cannot be described
}

// Partition is one partition's placement.
type Partition struct {
	Partition       int32
	Leader          int32 // -1 while leaderless
	LeaderEpoch     int32
	Replicas        []int32
	ISR             []int32
	OfflineReplicas []int32
	Err             error // e.g. kafkawire.ErrLeaderNotAvailable during an election
}

func topicFrom(t *conn.Topic) *Topic {
	out := &Topic{Name: t.Name, ID: t.ID, Internal: t.Internal, Err: t.Err}
	for _, p := range t.Partitions {
		out.Partitions = append(out.Partitions, Partition{Partition: p.Partition, Leader: p.Leader, LeaderEpoch: p.LeaderEpoch,
			Replicas: p.Replicas, ISR: p.ISR, OfflineReplicas: p.OfflineReplicas, Err: p.Err})
	}
	return out
}

// ListTopics returns every topic's metadata (internal topics included;
// see Topic.Internal).
func (a *Client) ListTopics(ctx context.Context) (map[string]*Topic, error) {
	m, err := a.cl.ListAllTopics(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*Topic, len(m.Topics))
	for name, t := range m.Topics {
		out[name] = topicFrom(t)
	}
	return out, nil
}

// TopicDescription is a topic's placement and configuration.
type TopicDescription struct {
	Topic
	Configs []ConfigEntry // the topic's configs, as DescribeConfigs reports them
}

// DescribeTopics returns, in the order asked, each topic's partitions
// (leaders, replicas, ISR) and configs. A topic that does not exist has Err
// (wrapping kafkawire.ErrUnknownTopicOrPartition) and does not fail the
// others; the error joins the topics' errors.
func (a *Client) DescribeTopics(ctx context.Context, names ...string) ([]TopicDescription, error) {
	a.cl.Track(names...)
	m, err := a.cl.Refresh(ctx)
	if err != nil {
		return nil, err
	}
	var resources []ConfigResource
	out := make([]TopicDescription, len(names))
	for i, n := range names {
		out[i].Name = n
		t := m.Topic(n)
		switch {
		case t == nil:
			out[i].Err = kafkawire.ErrUnknownTopicOrPartition
		default:
			out[i].Topic = *topicFrom(t)
		}
		if out[i].Err == nil {
			resources = append(resources, ConfigResource{Type: ResourceTopic, Name: n})
		}
	}
	// Topics that do not exist are not tracked: a later refresh would keep
	// asking for them.
	for _, d := range out {
		if d.Err != nil {
			a.cl.Untrack(d.Name)
		}
	}
	if len(resources) > 0 {
		cfgs, _ := a.DescribeConfigs(ctx, resources...) // per-resource errors land below
		byName := map[string]ResourceConfigs{}
		for _, c := range cfgs {
			byName[c.Resource.Name] = c
		}
		for i := range out {
			if out[i].Err != nil {
				continue
			}
			c, ok := byName[out[i].Name]
			switch {
			case !ok:
				out[i].Err = errors.New("no configs in the answer")
			case c.Err != nil:
				out[i].Err = c.Err
			default:
				out[i].Configs = c.Entries
			}
		}
	}
	var errs []error
	for i := range out {
		if out[i].Err != nil {
			out[i].Err = itemErr("describing topic", strconv.Quote(out[i].Name), unwrapItem(out[i].Err))
			errs = append(errs, out[i].Err)
		}
	}
	return out, joinItems(errs...)
}

// unwrapItem strips an *ItemError so that it is not wrapped twice.
func unwrapItem(err error) error {
	var ie *ItemError
	if errors.As(err, &ie) {
		return ie.Err
	}
	return err
}

// PartitionsSpec raises a topic's partition count.
type PartitionsSpec struct {
	Topic string
	Count int32 // the new total
	// Assignments places the new partitions (one broker-id list per new
	// partition, leader first); nil lets the controller place them.
	Assignments [][]int32
}

// CreatePartitions adds partitions to topics; the error joins one
// *ItemError per topic that could not grow.
func (a *Client) CreatePartitions(ctx context.Context, specs ...PartitionsSpec) error {
	req := protocol.CreatePartitionsRequest{TimeoutMs: a.timeoutMs()}
	for _, s := range specs {
		t := protocol.CreatePartitionsRequestTopic{Name: s.Topic, Count: s.Count}
		for _, ids := range s.Assignments {
			t.Assignments = append(t.Assignments, protocol.CreatePartitionsRequestAssignment{BrokerIDs: ids})
		}
		req.Topics = append(req.Topics, t)
	}
	var resp protocol.CreatePartitionsResponse
	if err := a.any(ctx, &req, &resp); err != nil {
		return err
	}
	var errs []error
	var grown []string
	count := map[string]int32{}
	for _, s := range specs {
		count[s.Topic] = s.Count
	}
	for _, r := range resp.Results {
		if err := kafkawire.ErrorWithMessage(r.ErrorCode, r.ErrorMessage); err != nil {
			errs = append(errs, itemErr("creating partitions of", strconv.Quote(r.Name), err))
			continue
		}
		grown = append(grown, r.Name)
	}
	if len(grown) > 0 {
		errs = append(errs, a.waitForLeaders(ctx, grown, count))
	}
	return joinItems(errs...)
}

func sortedKeys[K int32 | string, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
