package fakebroker

import (
	"strings"

	"github.com/kafkawire/kafkawire/protocol"
)

// Default answers of the admin APIs: topics are created and deleted in the
// cluster's state, configs are a fixed few, groups are the one-member groups
// of the group APIs, ACLs are kept in a list. As everywhere, a non-zero code
// replaces every error code of the answer and changes nothing.

const (
	codeOffsetOutOfRangeAdm int16 = 1
	codeTopicExists         int16 = 36
	codeInvalidPartitions   int16 = 37
	codeGroupNotFound       int16 = 69
)

// adminState is the admin APIs' own state (ACLs), under Cluster.mu.
type adminState struct {
	acls []protocol.AclCreation
}

// adminAnswer is the default answer to an admin request, or nil for other
// APIs; called without c.mu held.
func (c *Cluster) adminAnswer(r *Request, code int16) protocol.Message {
	c.mu.Lock()
	defer c.mu.Unlock()
	pick := func(failed bool, fail int16) int16 {
		switch {
		case code != 0:
			return code
		case failed:
			return fail
		}
		return 0
	}
	switch req := r.Body.(type) {
	case *protocol.CreateTopicsRequest:
		resp := &protocol.CreateTopicsResponse{}
		for _, t := range req.Topics {
			ec := pick(c.topics[t.Name] != nil, codeTopicExists)
			if ec == 0 {
				n := int(t.NumPartitions)
				if len(t.Assignments) > 0 {
					n = len(t.Assignments)
				}
				c.addTopicLocked(t.Name, n)
			}
			resp.Topics = append(resp.Topics, protocol.CreateTopicsResponseTopic{Name: t.Name, ErrorCode: ec, NumPartitions: -1, ReplicationFactor: -1})
		}
		return resp
	case *protocol.DeleteTopicsRequest:
		resp := &protocol.DeleteTopicsResponse{}
		names := req.TopicNames
		if r.Version >= 6 {
			names = nil
			for _, t := range req.Topics {
				if t.Name != nil {
					names = append(names, *t.Name)
				}
			}
		}
		for _, n := range names {
			ec := pick(c.topics[n] == nil, codeUnknownTopic)
			if ec == 0 {
				delete(c.topics, n)
				for i, o := range c.order {
					if o == n {
						c.order = append(c.order[:i:i], c.order[i+1:]...)
						break
					}
				}
			}
			resp.Responses = append(resp.Responses, protocol.DeleteTopicsResponseResult{Name: &n, ErrorCode: ec})
		}
		return resp
	case *protocol.CreatePartitionsRequest:
		resp := &protocol.CreatePartitionsResponse{}
		for _, t := range req.Topics {
			tp := c.topics[t.Name]
			ec := pick(tp == nil, codeUnknownTopic)
			if ec == 0 && int(t.Count) <= len(tp.parts) {
				ec = codeInvalidPartitions
			}
			if ec == 0 {
				for p := len(tp.parts); p < int(t.Count); p++ {
					tp.parts = append(tp.parts, &partition{leader: int32(p % len(c.Brokers))})
				}
			}
			resp.Results = append(resp.Results, protocol.CreatePartitionsResponseResult{Name: t.Name, ErrorCode: ec})
		}
		return resp
	case *protocol.DescribeConfigsRequest:
		resp := &protocol.DescribeConfigsResponse{}
		for _, res := range req.Resources {
			out := protocol.DescribeConfigsResponseResult{ResourceType: res.ResourceType, ResourceName: res.ResourceName}
			out.ErrorCode = pick(res.ResourceType == 2 && c.topics[res.ResourceName] == nil, codeUnknownTopic)
			if out.ErrorCode == 0 {
				name, value := "cleanup.policy", "delete"
				if res.ResourceType == 4 {
					name, value = "log.dirs", "/tmp/fake"
				}
				out.Configs = []protocol.DescribeConfigsResponseConfig{{Name: name, Value: &value, ConfigSource: 5}}
			}
			resp.Results = append(resp.Results, out)
		}
		return resp
	case *protocol.IncrementalAlterConfigsRequest:
		resp := &protocol.IncrementalAlterConfigsResponse{}
		for _, res := range req.Resources {
			resp.Responses = append(resp.Responses, protocol.IncrementalAlterConfigsResponseResult{ResourceType: res.ResourceType, ResourceName: res.ResourceName,
				ErrorCode: pick(res.ResourceType == 2 && c.topics[res.ResourceName] == nil, codeUnknownTopic)})
		}
		return resp
	case *protocol.DeleteRecordsRequest:
		resp := &protocol.DeleteRecordsResponse{}
		for _, t := range req.Topics {
			rt := protocol.DeleteRecordsResponseTopic{Name: t.Name}
			for _, p := range t.Partitions {
				pt := c.part(t.Name, p.PartitionIndex)
				rp := protocol.DeleteRecordsResponsePartition{PartitionIndex: p.PartitionIndex, LowWatermark: -1, ErrorCode: pick(pt == nil, codeUnknownTopic)}
				if rp.ErrorCode == 0 && p.Offset > pt.next {
					rp.ErrorCode = codeOffsetOutOfRangeAdm
				}
				if rp.ErrorCode == 0 {
					rp.LowWatermark = p.Offset
				}
				rt.Partitions = append(rt.Partitions, rp)
			}
			resp.Topics = append(resp.Topics, rt)
		}
		return resp
	case *protocol.ListGroupsRequest:
		resp := &protocol.ListGroupsResponse{ErrorCode: code}
		if r.Broker.id == 0 { // FindCoordinator names broker 0 for every group
			for id := range c.groups {
				resp.Groups = append(resp.Groups, protocol.ListGroupsResponseGroup{GroupID: id, ProtocolType: "consumer", GroupState: "Stable", GroupType: "classic"})
			}
		}
		return resp
	case *protocol.DescribeGroupsRequest:
		resp := &protocol.DescribeGroupsResponse{}
		for _, id := range req.Groups {
			g := c.groups[id]
			out := protocol.DescribeGroupsResponseGroup{GroupID: id, ErrorCode: pick(g == nil, codeGroupNotFound), GroupState: "Dead"}
			if out.ErrorCode == 0 {
				out.GroupState, out.ProtocolType, out.ProtocolData = "Stable", "consumer", "range"
				out.Members = []protocol.DescribeGroupsResponseMember{{MemberID: g.member, ClientID: "fake", ClientHost: "/127.0.0.1"}}
			}
			resp.Groups = append(resp.Groups, out)
		}
		return resp
	case *protocol.DeleteGroupsRequest:
		resp := &protocol.DeleteGroupsResponse{}
		for _, id := range req.GroupsNames {
			ec := pick(c.groups[id] == nil, codeGroupNotFound)
			if ec == 0 {
				delete(c.groups, id)
			}
			resp.Results = append(resp.Results, protocol.DeleteGroupsResponseResult{GroupID: id, ErrorCode: ec})
		}
		return resp
	case *protocol.OffsetDeleteRequest:
		resp := &protocol.OffsetDeleteResponse{ErrorCode: code}
		for _, t := range req.Topics {
			rt := protocol.OffsetDeleteResponseTopic{Name: t.Name}
			for _, p := range t.Partitions {
				if code == 0 {
					delete(c.commits, commitKey(req.GroupID, t.Name, p))
				}
				rt.Partitions = append(rt.Partitions, protocol.OffsetDeleteResponsePartition{PartitionIndex: p})
			}
			resp.Topics = append(resp.Topics, rt)
		}
		return resp
	case *protocol.CreateAclsRequest:
		resp := &protocol.CreateAclsResponse{}
		for _, a := range req.Creations {
			ec := pick(!strings.Contains(a.Principal, ":"), codeInvalidRequest)
			if ec == 0 {
				c.adm.acls = append(c.adm.acls, a)
			}
			resp.Results = append(resp.Results, protocol.AclCreationResult{ErrorCode: ec})
		}
		return resp
	case *protocol.DescribeAclsRequest:
		resp := &protocol.DescribeAclsResponse{ErrorCode: code}
		for _, a := range c.adm.acls {
			if req.PrincipalFilter == nil || *req.PrincipalFilter == a.Principal {
				resp.Resources = append(resp.Resources, protocol.DescribeAclsResource{ResourceType: a.ResourceType, ResourceName: a.ResourceName, PatternType: a.ResourcePatternType,
					Acls: []protocol.AclDescription{{Principal: a.Principal, Host: a.Host, Operation: a.Operation, PermissionType: a.PermissionType}}})
			}
		}
		return resp
	case *protocol.DeleteAclsRequest:
		resp := &protocol.DeleteAclsResponse{}
		for _, f := range req.Filters {
			fr := protocol.DeleteAclsFilterResult{ErrorCode: code}
			kept := c.adm.acls[:0:0]
			for _, a := range c.adm.acls {
				if code == 0 && (f.PrincipalFilter == nil || *f.PrincipalFilter == a.Principal) {
					fr.MatchingAcls = append(fr.MatchingAcls, protocol.DeleteAclsMatchingAcl{ResourceType: a.ResourceType, ResourceName: a.ResourceName,
						PatternType: a.ResourcePatternType, Principal: a.Principal, Host: a.Host, Operation: a.Operation, PermissionType: a.PermissionType})
					continue
				}
				kept = append(kept, a)
			}
			c.adm.acls = kept
			resp.FilterResults = append(resp.FilterResults, fr)
		}
		return resp
	}
	return nil
}
