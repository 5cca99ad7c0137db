package adminsuite

import (
	"errors"
	"strings"
	"testing"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/admin"
)

// TestACLs creates, describes and deletes ACLs on a broker with the
// StandardAuthorizer; an invalid ACL fails alone.
func TestACLs(t *testing.T) {
	tc := cluster(t)
	a := newAdmin(t, tc)
	ctx := testCtx(t)
	topic, user := suite.Uniq("acl"), "User:"+suite.Uniq("alice")
	read := admin.ACL{Resource: admin.ACLResourceTopic, ResourceName: topic, Principal: user, Operation: admin.ACLOperationRead, Permission: admin.ACLPermissionAllow}
	write := read
	write.Operation, write.Permission, write.Host = admin.ACLOperationWrite, admin.ACLPermissionDeny, "10.0.0.1"
	group := admin.ACL{Resource: admin.ACLResourceGroup, ResourceName: "g-", Pattern: admin.ACLPatternPrefixed, Principal: user, Operation: admin.ACLOperationRead, Permission: admin.ACLPermissionAllow}
	// MATCH is for filters only: refused before sending (a broker would
	// fail the whole request). A principal without a type is refused by the
	// broker, for that ACL alone, from Kafka 3.8 (3.7 creates it).
	match := read
	match.Pattern = admin.ACLPatternMatch
	noType := read
	noType.Principal = suite.Uniq("no-type")
	err := a.CreateACLs(ctx, read, match, write, noType, group)
	ies := admin.ItemErrors(err)
	old := strings.HasPrefix(tc.Options().Version, "3.7.")
	switch {
	case len(ies) < 1 || !strings.Contains(ies[0].Item, "(MATCH)") || !errors.Is(ies[0], admin.ErrInvalidACL):
		t.Fatalf("CreateACLs: want ErrInvalidACL for the MATCH pattern first, got %v", err)
	case old && len(ies) != 1:
		t.Fatalf("CreateACLs on Kafka %s: want only the MATCH error, got %v", tc.Options().Version, err)
	case !old && (len(ies) != 2 || !strings.Contains(ies[1].Item, noType.Principal) || !errors.Is(ies[1], kafkawire.ErrInvalidRequest)):
		t.Fatalf("CreateACLs: want INVALID_REQUEST for the principal without a type, got %v", err)
	}
	if old {
		defer a.DeleteACLs(ctx, admin.ACLFilter{Principal: noType.Principal})
	}
	t.Logf("CreateACLs per-item error: %v", err)

	// ACLs reach the authorizer through the metadata log: poll until seen.
	var acls []admin.ACL
	eventually(func() bool {
		acls, err = a.DescribeACLs(ctx, admin.ACLFilter{Principal: user})
		return err == nil && len(acls) == 3
	})
	if err != nil || len(acls) != 3 {
		t.Fatalf("DescribeACLs of %s: %+v, %v", user, acls, err)
	}
	want := map[admin.ACL]bool{norm(read): true, norm(write): true, norm(group): true}
	for _, c := range acls {
		if !want[c] {
			t.Fatalf("DescribeACLs: unexpected %v (want %v)", c, want)
		}
	}
	topicACLs, err := a.DescribeACLs(ctx, admin.ACLFilter{Resource: admin.ACLResourceTopic, ResourceName: topic, Pattern: admin.ACLPatternLiteral})
	wantTopic := 2
	if old {
		wantTopic = 3 // and noType's
	}
	if err != nil || len(topicACLs) != wantTopic {
		t.Fatalf("DescribeACLs of topic %s: %+v, %v", topic, topicACLs, err)
	}

	res, err := a.DeleteACLs(ctx, admin.ACLFilter{Resource: admin.ACLResourceTopic, ResourceName: topic, Principal: user},
		admin.ACLFilter{Resource: admin.ACLResourceGroup, Pattern: admin.ACLPatternPrefixed, Principal: user})
	if err != nil || len(res) != 2 || len(res[0].Deleted) != 2 || len(res[1].Deleted) != 1 {
		t.Fatalf("DeleteACLs: %+v, %v", res, err)
	}
	eventually(func() bool {
		acls, err = a.DescribeACLs(ctx, admin.ACLFilter{Principal: user})
		return err == nil && len(acls) == 0
	})
	if err != nil || len(acls) != 0 {
		t.Fatalf("DescribeACLs after DeleteACLs: %+v, %v", acls, err)
	}
}

// norm is an ACL as the broker reports it: literal pattern and host "*"
// unless set.
func norm(c admin.ACL) admin.ACL {
	if c.Pattern == 0 {
		c.Pattern = admin.ACLPatternLiteral
	}
	if c.Host == "" {
		c.Host = "*"
	}
	return c
}
