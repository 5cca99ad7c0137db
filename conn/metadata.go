package conn

import (
	"fmt"
	"net"
	"strconv"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/protocol"
)

// Metadata is an immutable snapshot of the cluster as one Metadata response
// described it, merged with earlier snapshots for topics it did not cover.
type Metadata struct {
	ClusterID    string
	ControllerID int32
	Brokers      map[int32]Broker
	Topics       map[string]*Topic
	FetchedAt    time.Time
}

// Broker is one broker of the cluster.
type Broker struct {
	NodeID int32
	Host   string
	Port   int32
	Rack   string // "" when none
}

// Addr is host:port.
func (b Broker) Addr() string { return net.JoinHostPort(b.Host, strconv.Itoa(int(b.Port))) }

// Topic is one topic's metadata.
type Topic struct {
	Name       string
	ID         protocol.UUID
	Internal   bool
	Err        error       // e.g. kafkawire.ErrUnknownTopicOrPartition
	Partitions []Partition // indexed by partition number
}

// Partition is one partition's metadata.
type Partition struct {
	Partition       int32
	Leader          int32 // -1 while leaderless
	LeaderEpoch     int32
	Replicas        []int32
	ISR             []int32
	OfflineReplicas []int32
	Err             error // e.g. LEADER_NOT_AVAILABLE during an election
}

// newMetadata builds a snapshot from resp, carrying over from prev the
// topics resp lacks that keep says are still wanted.
func newMetadata(resp *protocol.MetadataResponse, prev *Metadata, keep func(topic string) bool, now time.Time) *Metadata {
	m := &Metadata{
		ControllerID: resp.ControllerID,
		Brokers:      make(map[int32]Broker, len(resp.Brokers)),
		Topics:       make(map[string]*Topic, len(resp.Topics)),
		FetchedAt:    now,
	}
	if resp.ClusterID != nil {
		m.ClusterID = *resp.ClusterID
	}
	for _, b := range resp.Brokers {
		br := Broker{NodeID: b.NodeID, Host: b.Host, Port: b.Port}
		if b.Rack != nil {
			br.Rack = *b.Rack
		}
		m.Brokers[b.NodeID] = br
	}
	if prev != nil {
		for name, t := range prev.Topics {
			if keep(name) {
				m.Topics[name] = t
			}
		}
	}
	for i := range resp.Topics {
		rt := &resp.Topics[i]
		if rt.Name == nil {
			continue
		}
		t := &Topic{Name: *rt.Name, ID: rt.TopicID, Internal: rt.IsInternal, Err: kafkawire.ErrorForCode(rt.ErrorCode)}
		t.Partitions = make([]Partition, len(rt.Partitions))
		ok := true
		for _, rp := range rt.Partitions {
			if rp.PartitionIndex < 0 || int(rp.PartitionIndex) >= len(t.Partitions) {
				ok = false // a gap: never index by a partition we were not told of
				break
			}
			t.Partitions[rp.PartitionIndex] = Partition{
				Partition:       rp.PartitionIndex,
				Leader:          rp.LeaderID,
				LeaderEpoch:     rp.LeaderEpoch,
				Replicas:        rp.ReplicaNodes,
				ISR:             rp.IsrNodes,
				OfflineReplicas: rp.OfflineReplicas,
				Err:             kafkawire.ErrorForCode(rp.ErrorCode),
			}
		}
		if !ok {
			t.Partitions = nil
			if t.Err == nil {
				t.Err = kafkawire.ErrLeaderNotAvailable
			}
		}
		m.Topics[t.Name] = t
	}
	return m
}

// Topic returns a topic's metadata, or nil if the snapshot lacks it.
func (m *Metadata) Topic(name string) *Topic {
	if m == nil {
		return nil
	}
	return m.Topics[name]
}

// Leader returns the leader of a partition and its epoch, when requests
// can go to it: metadata names a leader and lists that broker. Otherwise
// err says why not, naming the partition: the topic or partition unknown
// (kafkawire.ErrUnknownTopicOrPartition), a partition error, no leader
// (kafkawire.ErrLeaderNotAvailable), or a leader metadata does not list
// (ErrUnknownBroker). Every such cause is one a later refresh may fix.
func (m *Metadata) Leader(tp kafkawire.TopicPartition) (leader, epoch int32, err error) {
	t := m.Topic(tp.Topic)
	switch {
	case t == nil:
		return -1, -1, fmt.Errorf("kafkawire: %s/%d: no metadata for the topic: %w", tp.Topic, tp.Partition, kafkawire.ErrUnknownTopicOrPartition)
	case t.Err != nil:
		return -1, -1, fmt.Errorf("kafkawire: %s/%d: %w", tp.Topic, tp.Partition, t.Err)
	case tp.Partition < 0 || int(tp.Partition) >= len(t.Partitions):
		return -1, -1, fmt.Errorf("kafkawire: %s/%d: the topic has %d partitions: %w", tp.Topic, tp.Partition, len(t.Partitions), kafkawire.ErrUnknownTopicOrPartition)
	}
	p := t.Partitions[tp.Partition]
	switch {
	case p.Err != nil:
		return -1, -1, fmt.Errorf("kafkawire: %s/%d: %w", tp.Topic, tp.Partition, p.Err)
	case p.Leader < 0:
		return -1, -1, fmt.Errorf("kafkawire: %s/%d has no leader: %w", tp.Topic, tp.Partition, kafkawire.ErrLeaderNotAvailable)
	}
	if _, listed := m.Brokers[p.Leader]; !listed {
		return p.Leader, -1, fmt.Errorf("kafkawire: %s/%d: leader %d: %w", tp.Topic, tp.Partition, p.Leader, ErrUnknownBroker)
	}
	return p.Leader, p.LeaderEpoch, nil
}

// TopicName returns the name of the topic with id (Produce and Fetch
// answer by id from v13), or "" if the snapshot has none.
func (m *Metadata) TopicName(id protocol.UUID) string {
	for name, t := range m.Topics {
		if t.ID == id {
			return name
		}
	}
	return ""
}
