package admin

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/protocol"
)

// GroupListing is one group as ListGroups reports it.
type GroupListing struct {
	ID           string
	ProtocolType string // "consumer" for consumer groups, "" for groups that only commit offsets
	State        string // Stable, Empty, PreparingRebalance, CompletingRebalance, Dead, ...
	Type         string // classic, consumer, share, streams (Kafka 3.8+)
	Coordinator  int32  // the broker that coordinates it
}

// ListGroups lists the groups of every broker (each broker answers for the
// groups it coordinates), sorted by id. A broker that cannot answer is an
// *ItemError in the error; the other brokers' groups are still returned.
func (a *Client) ListGroups(ctx context.Context) ([]GroupListing, error) {
	info, err := a.DescribeCluster(ctx)
	if err != nil {
		return nil, err
	}
	var out []GroupListing
	var errs []error
	for _, b := range info.Brokers {
		var resp protocol.ListGroupsResponse
		err := a.node(ctx, b.NodeID, &protocol.ListGroupsRequest{}, &resp)
		if err == nil {
			err = kafkawire.ErrorForCode(resp.ErrorCode)
		}
		if err != nil {
			if ctx.Err() != nil {
				return nil, err
			}
			errs = append(errs, itemErr("listing groups on", "broker "+strconv.Itoa(int(b.NodeID)), err))
			continue
		}
		for _, g := range resp.Groups {
			out = append(out, GroupListing{ID: g.GroupID, ProtocolType: g.ProtocolType, State: g.GroupState, Type: g.GroupType, Coordinator: b.NodeID})
		}
	}
	slices.SortFunc(out, func(x, y GroupListing) int { return strings.Compare(x.ID, y.ID) })
	return out, joinItems(errs...)
}

// GroupDescription is a group's state and members (a classic group's, or a
// KIP-848 consumer group's).
type GroupDescription struct {
	ID           string
	State        string
	ProtocolType string
	Protocol     string // the assignor of a consumer group, e.g. "range"
	Coordinator  int32
	Members      []GroupMember
	Err          error // *ItemError
}

// GroupMember is one member of a group.
type GroupMember struct {
	MemberID   string
	InstanceID string // static membership; "" when none
	ClientID   string
	Host       string // the client's address as the broker saw it, e.g. "/127.0.0.1"
	// Assignment is the member's partitions (decoded for consumer groups).
	Assignment []kafkawire.TopicPartition
}

// DescribeGroups describes groups (each asked of its coordinator), in the
// order asked. A group that cannot be described has Err and does not fail
// the others.
func (a *Client) DescribeGroups(ctx context.Context, ids ...string) ([]GroupDescription, error) {
	out := make([]GroupDescription, len(ids))
	var errs []error
	for i, id := range ids {
		out[i] = a.describeGroup(ctx, id)
		if out[i].Err != nil {
			if ctx.Err() != nil {
				return nil, out[i].Err
			}
			errs = append(errs, out[i].Err)
		}
	}
	return out, joinItems(errs...)
}

func (a *Client) describeGroup(ctx context.Context, id string) GroupDescription {
	d := GroupDescription{ID: id}
	err := a.coordinator(ctx, id, func(ctx context.Context, cn *conn.Conn) error {
		var resp protocol.DescribeGroupsResponse
		if err := cn.RoundTrip(ctx, &protocol.DescribeGroupsRequest{Groups: []string{id}}, &resp); err != nil {
			return err
		}
		if len(resp.Groups) != 1 {
			return fmt.Errorf("DescribeGroups answered %d groups for one", len(resp.Groups))
		}
		g := resp.Groups[0]
		err := kafkawire.ErrorWithMessage(g.ErrorCode, g.ErrorMessage)
		if err == nil && g.GroupState == "Dead" && len(g.Members) == 0 {
			// Kafka before 4.0 describes a group that does not exist as
			// Dead; 4.0 and later answer GROUP_ID_NOT_FOUND. Say the same
			// whichever the broker.
			err = kafkawire.ErrGroupIDNotFound
		}
		if err != nil {
			// A KIP-848 consumer group is not a classic group: DescribeGroups
			// does not find it, ConsumerGroupDescribe does.
			if errors.Is(err, kafkawire.ErrGroupIDNotFound) {
				if cd, ok := a.describeConsumerGroup(ctx, cn, id); ok {
					d = cd
					return nil
				}
			}
			return err
		}
		d = GroupDescription{ID: id, State: g.GroupState, ProtocolType: g.ProtocolType, Protocol: g.ProtocolData, Coordinator: cn.NodeID()}
		for _, m := range g.Members {
			gm := GroupMember{MemberID: m.MemberID, ClientID: m.ClientID, Host: m.ClientHost}
			if m.GroupInstanceID != nil {
				gm.InstanceID = *m.GroupInstanceID
			}
			if g.ProtocolType == "consumer" && len(m.MemberAssignment) > 0 {
				var as protocol.ConsumerProtocolAssignment
				if err := as.Decode(m.MemberAssignment); err != nil {
					return fmt.Errorf("member %s's assignment: %w", m.MemberID, err)
				}
				for _, tp := range as.AssignedPartitions {
					for _, p := range tp.Partitions {
						gm.Assignment = append(gm.Assignment, kafkawire.TopicPartition{Topic: tp.Topic, Partition: p})
					}
				}
			}
			d.Members = append(d.Members, gm)
		}
		return nil
	})
	d.Err = itemErr("describing group", strconv.Quote(id), err)
	return d
}

// describeConsumerGroup describes a KIP-848 consumer group; ok is false
// when the broker lacks the API or has no such consumer group.
func (a *Client) describeConsumerGroup(ctx context.Context, cn *conn.Conn, id string) (GroupDescription, bool) {
	if _, ok := cn.Version(protocol.KeyConsumerGroupDescribe); !ok {
		return GroupDescription{}, false
	}
	var resp protocol.ConsumerGroupDescribeResponse
	if err := cn.RoundTrip(ctx, &protocol.ConsumerGroupDescribeRequest{GroupIDs: []string{id}}, &resp); err != nil || len(resp.Groups) != 1 || resp.Groups[0].ErrorCode != 0 {
		return GroupDescription{}, false
	}
	g := resp.Groups[0]
	d := GroupDescription{ID: id, State: g.GroupState, ProtocolType: "consumer", Protocol: g.AssignorName, Coordinator: cn.NodeID()}
	for _, m := range g.Members {
		gm := GroupMember{MemberID: m.MemberID, ClientID: m.ClientID, Host: m.ClientHost}
		if m.InstanceID != nil {
			gm.InstanceID = *m.InstanceID
		}
		for _, tp := range m.Assignment.TopicPartitions {
			for _, p := range tp.Partitions {
				gm.Assignment = append(gm.Assignment, kafkawire.TopicPartition{Topic: tp.TopicName, Partition: p})
			}
		}
		d.Members = append(d.Members, gm)
	}
	return d, true
}

// DeleteGroups deletes empty groups (and their committed offsets); the
// error joins one *ItemError per group that could not be deleted (a group
// with members wraps kafkawire.ErrNonEmptyGroup).
func (a *Client) DeleteGroups(ctx context.Context, ids ...string) error {
	var errs []error
	for _, id := range ids {
		err := a.coordinator(ctx, id, func(ctx context.Context, cn *conn.Conn) error {
			var resp protocol.DeleteGroupsResponse
			if err := cn.RoundTrip(ctx, &protocol.DeleteGroupsRequest{GroupsNames: []string{id}}, &resp); err != nil {
				return err
			}
			for _, r := range resp.Results {
				if r.GroupID == id {
					return kafkawire.ErrorWithMessage(r.ErrorCode, r.ErrorMessage)
				}
			}
			return fmt.Errorf("DeleteGroups answer lacks the group")
		})
		if err != nil && ctx.Err() != nil {
			return err
		}
		errs = append(errs, itemErr("deleting group", strconv.Quote(id), err))
	}
	return joinItems(errs...)
}
