package protocol

import "testing"

// Round trips of the ACL APIs and OffsetDelete (the goldens check the bytes
// against Kafka's; these check the Go values survive, null strings too).

func TestAclRoundTrip(t *testing.T) {
	eachVersion(t, KeyDescribeAcls, func(t *testing.T, v int16) {
		roundTrip(t, &DescribeAclsRequest{ResourceTypeFilter: 2, ResourceNameFilter: strPtr("t"), PatternTypeFilter: 3,
			PrincipalFilter: strPtr("User:alice"), HostFilter: nil, Operation: 3, PermissionType: 3}, new(DescribeAclsRequest), v)
		roundTrip(t, &DescribeAclsResponse{ThrottleTimeMs: 1, ErrorCode: 31, ErrorMessage: strPtr("e"),
			Resources: []DescribeAclsResource{{ResourceType: 2, ResourceName: "t", PatternType: 4,
				Acls: []AclDescription{{Principal: "User:a", Host: "*", Operation: 3, PermissionType: 3}}}}}, new(DescribeAclsResponse), v)
		roundTrip(t, &CreateAclsRequest{Creations: []AclCreation{{ResourceType: 3, ResourceName: "g", ResourcePatternType: 3,
			Principal: "User:b", Host: "*", Operation: 2, PermissionType: 2}}}, new(CreateAclsRequest), v)
		roundTrip(t, &CreateAclsResponse{ThrottleTimeMs: 1, Results: []AclCreationResult{{}, {ErrorCode: 88, ErrorMessage: strPtr("bad")}}}, new(CreateAclsResponse), v)
		roundTrip(t, &DeleteAclsRequest{Filters: []DeleteAclsFilter{{ResourceTypeFilter: 1, PatternTypeFilter: 1, Operation: 1, PermissionType: 1}}}, new(DeleteAclsRequest), v)
		roundTrip(t, &DeleteAclsResponse{ThrottleTimeMs: 1, FilterResults: []DeleteAclsFilterResult{{ErrorCode: 0,
			MatchingAcls: []DeleteAclsMatchingAcl{{ErrorCode: 89, ErrorMessage: strPtr("m"), ResourceType: 2, ResourceName: "t",
				PatternType: 3, Principal: "User:a", Host: "*", Operation: 3, PermissionType: 3}}}}}, new(DeleteAclsResponse), v)
	})
	roundTrip(t, &OffsetDeleteRequest{GroupID: "g", Topics: []OffsetDeleteRequestTopic{{Name: "t", Partitions: []int32{0, 2}}}}, new(OffsetDeleteRequest), 0)
	roundTrip(t, &OffsetDeleteResponse{ErrorCode: 0, ThrottleTimeMs: 1, Topics: []OffsetDeleteResponseTopic{{Name: "t",
		Partitions: []OffsetDeleteResponsePartition{{0, 0}, {2, 86}}}}}, new(OffsetDeleteResponse), 0)
}

func FuzzDescribeAclsResponse(f *testing.F) {
	fuzzDecoder(f, KeyDescribeAcls, false, func(int16) Message {
		return &DescribeAclsResponse{ErrorMessage: strPtr("e"), Resources: []DescribeAclsResource{{ResourceType: 2, ResourceName: "t", PatternType: 3,
			Acls: []AclDescription{{Principal: "User:a", Host: "*", Operation: 3, PermissionType: 3}}}}}
	})
}

func FuzzCreateAclsResponse(f *testing.F) {
	fuzzDecoder(f, KeyCreateAcls, false, func(int16) Message {
		return &CreateAclsResponse{Results: []AclCreationResult{{ErrorCode: 88, ErrorMessage: strPtr("e")}}}
	})
}

func FuzzDeleteAclsResponse(f *testing.F) {
	fuzzDecoder(f, KeyDeleteAcls, false, func(int16) Message {
		return &DeleteAclsResponse{FilterResults: []DeleteAclsFilterResult{{MatchingAcls: []DeleteAclsMatchingAcl{{ResourceType: 2, ResourceName: "t",
			PatternType: 3, Principal: "User:a", Host: "*", Operation: 3, PermissionType: 3}}}}}
	})
}

func FuzzOffsetDeleteResponse(f *testing.F) {
	fuzzDecoder(f, KeyOffsetDelete, false, func(int16) Message {
		return &OffsetDeleteResponse{Topics: []OffsetDeleteResponseTopic{{Name: "t", Partitions: []OffsetDeleteResponsePartition{{0, 86}}}}}
	})
}
