package protocol

import "testing"

// Round trips of the ACL APIs and OffsetDelete (the goldens check the bytes
// against Kafka's; these check the Go values survive, null strings too).

func TestAclRoundTrip(t *testing.T) {
	for _, v := range admVersions(t, KeyDescribeAcls, 2) {
		admRoundTrip(t, &DescribeAclsRequest{ResourceTypeFilter: 2, ResourceNameFilter: admStr("t"), PatternTypeFilter: 3,
			PrincipalFilter: admStr("User:alice"), HostFilter: nil, Operation: 3, PermissionType: 3}, new(DescribeAclsRequest), v)
		admRoundTrip(t, &DescribeAclsResponse{ThrottleTimeMs: 1, ErrorCode: 31, ErrorMessage: admStr("e"),
			Resources: []DescribeAclsResource{{ResourceType: 2, ResourceName: "t", PatternType: 4,
				Acls: []AclDescription{{Principal: "User:a", Host: "*", Operation: 3, PermissionType: 3}}}}}, new(DescribeAclsResponse), v)
		admRoundTrip(t, &CreateAclsRequest{Creations: []AclCreation{{ResourceType: 3, ResourceName: "g", ResourcePatternType: 3,
			Principal: "User:b", Host: "*", Operation: 2, PermissionType: 2}}}, new(CreateAclsRequest), v)
		admRoundTrip(t, &CreateAclsResponse{ThrottleTimeMs: 1, Results: []AclCreationResult{{}, {ErrorCode: 88, ErrorMessage: admStr("bad")}}}, new(CreateAclsResponse), v)
		admRoundTrip(t, &DeleteAclsRequest{Filters: []DeleteAclsFilter{{ResourceTypeFilter: 1, PatternTypeFilter: 1, Operation: 1, PermissionType: 1}}}, new(DeleteAclsRequest), v)
		admRoundTrip(t, &DeleteAclsResponse{ThrottleTimeMs: 1, FilterResults: []DeleteAclsFilterResult{{ErrorCode: 0,
			MatchingAcls: []DeleteAclsMatchingAcl{{ErrorCode: 89, ErrorMessage: admStr("m"), ResourceType: 2, ResourceName: "t",
				PatternType: 3, Principal: "User:a", Host: "*", Operation: 3, PermissionType: 3}}}}}, new(DeleteAclsResponse), v)
	}
	admRoundTrip(t, &OffsetDeleteRequest{GroupId: "g", Topics: []OffsetDeleteRequestTopic{{Name: "t", Partitions: []int32{0, 2}}}}, new(OffsetDeleteRequest), 0)
	admRoundTrip(t, &OffsetDeleteResponse{ErrorCode: 0, ThrottleTimeMs: 1, Topics: []OffsetDeleteResponseTopic{{Name: "t",
		Partitions: []OffsetDeleteResponsePartition{{0, 0}, {2, 86}}}}}, new(OffsetDeleteResponse), 0)
}

func FuzzDescribeAclsResponse(f *testing.F) {
	admFuzzResponse(f, KeyDescribeAcls, func(int16) Message {
		return &DescribeAclsResponse{ErrorMessage: admStr("e"), Resources: []DescribeAclsResource{{ResourceType: 2, ResourceName: "t", PatternType: 3,
			Acls: []AclDescription{{Principal: "User:a", Host: "*", Operation: 3, PermissionType: 3}}}}}
	})
}

func FuzzCreateAclsResponse(f *testing.F) {
	admFuzzResponse(f, KeyCreateAcls, func(int16) Message {
		return &CreateAclsResponse{Results: []AclCreationResult{{ErrorCode: 88, ErrorMessage: admStr("e")}}}
	})
}

func FuzzDeleteAclsResponse(f *testing.F) {
	admFuzzResponse(f, KeyDeleteAcls, func(int16) Message {
		return &DeleteAclsResponse{FilterResults: []DeleteAclsFilterResult{{MatchingAcls: []DeleteAclsMatchingAcl{{ResourceType: 2, ResourceName: "t",
			PatternType: 3, Principal: "User:a", Host: "*", Operation: 3, PermissionType: 3}}}}}
	})
}

func FuzzOffsetDeleteResponse(f *testing.F) {
	admFuzzResponse(f, KeyOffsetDelete, func(int16) Message {
		return &OffsetDeleteResponse{Topics: []OffsetDeleteResponseTopic{{Name: "t", Partitions: []OffsetDeleteResponsePartition{{0, 86}}}}}
	})
}
