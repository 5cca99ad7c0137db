package fakebroker

import "github.com/kafkawire/kafkawire/protocol"

// OffsetCommit and OffsetFetch as the KIP-848 coordinator answers them:
// topic ids from v10, and the member epoch checked for a consumer group's
// members.

// memberCheckLocked is the code the KIP-848 coordinator answers a commit or
// offset fetch of member id at epoch with, as Kafka's does: a member it
// does not know is UNKNOWN_MEMBER_ID, an epoch above the member's
// FENCED_MEMBER_EPOCH, one below STALE_MEMBER_EPOCH. A request without a
// member (epoch -1, an admin or a consumer outside the group) passes.
func (st *kip848St) memberCheckLocked(groupID, id string, epoch int32) int16 {
	g := st.groups[groupID]
	if g == nil || (id == "" && epoch < 0) {
		return 0
	}
	m := g.members[id]
	switch {
	case m == nil:
		return codeUnknownMember
	case epoch > m.epoch:
		return codeFencedMemberEpoch
	case epoch < m.epoch:
		return codeStaleMemberEpoch
	}
	return 0
}

// topicNamesLocked maps topic ids to names, for v10 requests.
func (c *Cluster) topicNamesLocked() map[protocol.UUID]string {
	byID := map[protocol.UUID]string{}
	for _, t := range c.topics {
		byID[t.id] = t.name
	}
	return byID
}

// offsetCommitAnyVersion answers OffsetCommit: v10 names topics by id. A
// commit from a member of a KIP-848 group must carry its current epoch.
func (c *Cluster) offsetCommitAnyVersion(req *protocol.OffsetCommitRequest, version, code int16) *protocol.OffsetCommitResponse {
	c.mu.Lock()
	st := c.kip848Locked()
	st.commitVersion = version
	if code == 0 {
		code = st.memberCheckLocked(req.GroupID, req.MemberID, req.GenerationIDOrMemberEpoch)
	}
	if version >= 10 {
		byID := c.topicNamesLocked()
		for i := range req.Topics {
			req.Topics[i].Name = byID[req.Topics[i].TopicID]
		}
	}
	c.mu.Unlock()
	resp := c.offsetCommit(req, code)
	if version >= 10 {
		for i := range resp.Topics {
			resp.Topics[i].TopicID = req.Topics[i].TopicID
		}
	}
	return resp
}

// offsetFetchAnyVersion answers OffsetFetch: v8+ asks per group (each
// answered as the v7 form would be), v10 names topics by id, and a KIP-848
// member's fetch (v9+) must carry its current epoch.
func (c *Cluster) offsetFetchAnyVersion(req *protocol.OffsetFetchRequest, version, code int16) *protocol.OffsetFetchResponse {
	if version < 8 {
		return c.offsetFetch(req, code)
	}
	c.mu.Lock()
	st := c.kip848Locked()
	st.fetchVersion, st.fetchEpoch = version, -1
	byID := c.topicNamesLocked()
	var codes []int16
	for _, g := range req.Groups {
		gcode := code
		if version >= 9 {
			st.fetchEpoch = g.MemberEpoch
			id := ""
			if g.MemberID != nil {
				id = *g.MemberID
			}
			if gcode == 0 {
				gcode = st.memberCheckLocked(g.GroupID, id, g.MemberEpoch)
			}
		}
		codes = append(codes, gcode)
	}
	c.mu.Unlock()
	resp := &protocol.OffsetFetchResponse{}
	for i, g := range req.Groups {
		rg := protocol.OffsetFetchResponseGroup{GroupID: g.GroupID, ErrorCode: codes[i]}
		if codes[i] != 0 {
			resp.Groups = append(resp.Groups, rg)
			continue
		}
		old := &protocol.OffsetFetchRequest{GroupID: g.GroupID}
		for _, t := range g.Topics {
			name := t.Name
			if version >= 10 {
				name = byID[t.TopicID]
			}
			old.Topics = append(old.Topics, protocol.OffsetFetchRequestTopic{Name: name, PartitionIndexes: t.PartitionIndexes})
		}
		for j, t := range c.offsetFetch(old, 0).Topics {
			rt := protocol.OffsetFetchResponseTopics{Name: t.Name}
			if version >= 10 {
				rt.Name, rt.TopicID = "", g.Topics[j].TopicID
			}
			for _, p := range t.Partitions {
				rt.Partitions = append(rt.Partitions, protocol.OffsetFetchResponsePartitions(p))
			}
			rg.Topics = append(rg.Topics, rt)
		}
		resp.Groups = append(resp.Groups, rg)
	}
	return resp
}
