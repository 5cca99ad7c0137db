package admin

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/protocol"
)

// ACLResource is what an ACL protects (Kafka's ResourceType).
type ACLResource int8

const (
	ACLResourceAny             ACLResource = 1 // filters only
	ACLResourceTopic           ACLResource = 2
	ACLResourceGroup           ACLResource = 3
	ACLResourceCluster         ACLResource = 4 // name "kafka-cluster"
	ACLResourceTransactionalID ACLResource = 5
	ACLResourceDelegationToken ACLResource = 6
	ACLResourceUser            ACLResource = 7
)

// ACLPattern is how an ACL's resource name matches (Kafka's PatternType).
type ACLPattern int8

const (
	ACLPatternAny      ACLPattern = 1 // filters only: literal or prefixed
	ACLPatternMatch    ACLPattern = 2 // filters only: the ACLs that would apply to the name
	ACLPatternLiteral  ACLPattern = 3 // the default
	ACLPatternPrefixed ACLPattern = 4
)

// ACLOperation is what an ACL allows or denies (Kafka's AclOperation).
type ACLOperation int8

const (
	ACLOperationAny             ACLOperation = 1 // filters only
	ACLOperationAll             ACLOperation = 2
	ACLOperationRead            ACLOperation = 3
	ACLOperationWrite           ACLOperation = 4
	ACLOperationCreate          ACLOperation = 5
	ACLOperationDelete          ACLOperation = 6
	ACLOperationAlter           ACLOperation = 7
	ACLOperationDescribe        ACLOperation = 8
	ACLOperationClusterAction   ACLOperation = 9
	ACLOperationDescribeConfigs ACLOperation = 10
	ACLOperationAlterConfigs    ACLOperation = 11
	ACLOperationIdempotentWrite ACLOperation = 12
	ACLOperationCreateTokens    ACLOperation = 13
	ACLOperationDescribeTokens  ACLOperation = 14
	ACLOperationTwoPhaseCommit  ACLOperation = 15 // KIP-939
)

// ACLPermission allows or denies (Kafka's AclPermissionType).
type ACLPermission int8

const (
	ACLPermissionAny   ACLPermission = 1 // filters only
	ACLPermissionDeny  ACLPermission = 2
	ACLPermissionAllow ACLPermission = 3
)

// ACL is one access control entry bound to a resource pattern.
type ACL struct {
	Resource     ACLResource
	ResourceName string
	Pattern      ACLPattern // 0 means ACLPatternLiteral
	Principal    string     // e.g. "User:alice"
	Host         string     // "" means "*" (every host)
	Operation    ACLOperation
	Permission   ACLPermission
}

// String is e.g. `ALLOW User:alice@* READ on TOPIC "orders" (LITERAL)`.
func (c ACL) String() string {
	return fmt.Sprintf("%s %s@%s %s on %s %q (%s)", c.Permission, c.Principal, c.Host, c.Operation, c.Resource, c.ResourceName, c.Pattern)
}

// Kafka's names of the enums, by value.
var (
	aclResourceNames   = []string{"UNKNOWN", "ANY", "TOPIC", "GROUP", "CLUSTER", "TRANSACTIONAL_ID", "DELEGATION_TOKEN", "USER"}
	aclPatternNames    = []string{"UNKNOWN", "ANY", "MATCH", "LITERAL", "PREFIXED"}
	aclOperationNames  = []string{"UNKNOWN", "ANY", "ALL", "READ", "WRITE", "CREATE", "DELETE", "ALTER", "DESCRIBE", "CLUSTER_ACTION", "DESCRIBE_CONFIGS", "ALTER_CONFIGS", "IDEMPOTENT_WRITE", "CREATE_TOKENS", "DESCRIBE_TOKENS", "TWO_PHASE_COMMIT"}
	aclPermissionNames = []string{"UNKNOWN", "ANY", "DENY", "ALLOW"}
)

func enumName(names []string, v int8) string {
	if v >= 0 && int(v) < len(names) {
		return names[v]
	}
	return "UNKNOWN(" + strconv.Itoa(int(v)) + ")"
}

func (r ACLResource) String() string   { return enumName(aclResourceNames, int8(r)) }
func (p ACLPattern) String() string    { return enumName(aclPatternNames, int8(p)) }
func (o ACLOperation) String() string  { return enumName(aclOperationNames, int8(o)) }
func (p ACLPermission) String() string { return enumName(aclPermissionNames, int8(p)) }

func (c ACL) withDefaults() ACL {
	if c.Pattern == 0 {
		c.Pattern = ACLPatternLiteral
	}
	if c.Host == "" {
		c.Host = "*"
	}
	return c
}

// ACLFilter selects ACLs: zero enums mean Any; "" strings match anything.
type ACLFilter struct {
	Resource     ACLResource
	ResourceName string
	Pattern      ACLPattern
	Principal    string
	Host         string
	Operation    ACLOperation
	Permission   ACLPermission
}

func (f ACLFilter) wire() (rt int8, name *string, pt int8, principal, host *string, op, perm int8) {
	opt := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	or := func(v, dflt int8) int8 {
		if v == 0 {
			return dflt
		}
		return v
	}
	return or(int8(f.Resource), 1), opt(f.ResourceName), or(int8(f.Pattern), 1), opt(f.Principal), opt(f.Host), or(int8(f.Operation), 1), or(int8(f.Permission), 1)
}

func (f ACLFilter) String() string { return ACL(f).String() }

// DescribeACLs returns the ACLs matching f (the broker needs an authorizer:
// without one it answers SECURITY_DISABLED).
func (a *Client) DescribeACLs(ctx context.Context, f ACLFilter) ([]ACL, error) {
	var req protocol.DescribeAclsRequest
	req.ResourceTypeFilter, req.ResourceNameFilter, req.PatternTypeFilter, req.PrincipalFilter, req.HostFilter, req.Operation, req.PermissionType = f.wire()
	var resp protocol.DescribeAclsResponse
	if err := a.any(ctx, &req, &resp); err != nil {
		return nil, err
	}
	if err := kafkawire.ErrorWithMessage(resp.ErrorCode, resp.ErrorMessage); err != nil {
		return nil, fmt.Errorf("admin: describing ACLs %s: %w", f, err)
	}
	var out []ACL
	for _, r := range resp.Resources {
		for _, d := range r.Acls {
			out = append(out, ACL{Resource: ACLResource(r.ResourceType), ResourceName: r.ResourceName, Pattern: ACLPattern(r.PatternType),
				Principal: d.Principal, Host: d.Host, Operation: ACLOperation(d.Operation), Permission: ACLPermission(d.PermissionType)})
		}
	}
	return out, nil
}

// ErrInvalidACL is why CreateACLs refuses an ACL before sending it.
var ErrInvalidACL = errors.New("invalid ACL")

// validate checks what Kafka requires of an ACL to create: the filter-only
// values (ANY, MATCH) and unknown ones are refused. Brokers refuse them
// too, but by failing the whole request (UNKNOWN_SERVER_ERROR for every
// ACL in it), so they are caught here, per ACL.
func (c ACL) validate() error {
	switch {
	case c.Resource < ACLResourceTopic || c.Resource > ACLResourceUser:
		return fmt.Errorf("%w: resource type %s", ErrInvalidACL, c.Resource)
	case c.Pattern != ACLPatternLiteral && c.Pattern != ACLPatternPrefixed:
		return fmt.Errorf("%w: pattern %s (LITERAL or PREFIXED)", ErrInvalidACL, c.Pattern)
	case c.Operation < ACLOperationAll || c.Operation > ACLOperationTwoPhaseCommit:
		return fmt.Errorf("%w: operation %s", ErrInvalidACL, c.Operation)
	case c.Permission != ACLPermissionAllow && c.Permission != ACLPermissionDeny:
		return fmt.Errorf("%w: permission %s (ALLOW or DENY)", ErrInvalidACL, c.Permission)
	case c.ResourceName == "" || c.Principal == "":
		return fmt.Errorf("%w: empty resource name or principal", ErrInvalidACL)
	}
	return nil
}

// CreateACLs creates ACLs; the error joins one *ItemError per ACL that
// could not be created (the others are). An ACL with a filter-only value
// (ANY, MATCH) fails with ErrInvalidACL without being sent.
func (a *Client) CreateACLs(ctx context.Context, acls ...ACL) error {
	var req protocol.CreateAclsRequest
	var sent []ACL
	var errs []error
	for i := range acls {
		c := acls[i].withDefaults()
		if err := c.validate(); err != nil {
			errs = append(errs, itemErr("creating ACL", c.String(), err))
			continue
		}
		sent = append(sent, c)
		req.Creations = append(req.Creations, protocol.AclCreation{ResourceType: int8(c.Resource), ResourceName: c.ResourceName, ResourcePatternType: int8(c.Pattern),
			Principal: c.Principal, Host: c.Host, Operation: int8(c.Operation), PermissionType: int8(c.Permission)})
	}
	if len(sent) == 0 {
		return joinItems(errs...)
	}
	var resp protocol.CreateAclsResponse
	if err := a.any(ctx, &req, &resp); err != nil {
		return err
	}
	if len(resp.Results) != len(sent) {
		return fmt.Errorf("admin: CreateAcls answered %d results for %d ACLs", len(resp.Results), len(sent))
	}
	for i, r := range resp.Results {
		errs = append(errs, itemErr("creating ACL", sent[i].String(), kafkawire.ErrorWithMessage(r.ErrorCode, r.ErrorMessage)))
	}
	return joinItems(errs...)
}

// DeletedACLs is one filter's outcome.
type DeletedACLs struct {
	Filter  ACLFilter
	Deleted []ACL
	Err     error // *ItemError: the filter, or one of its ACLs, failed
}

// DeleteACLs deletes every ACL matching any of filters, and returns per
// filter what it deleted.
func (a *Client) DeleteACLs(ctx context.Context, filters ...ACLFilter) ([]DeletedACLs, error) {
	var req protocol.DeleteAclsRequest
	for _, f := range filters {
		var w protocol.DeleteAclsFilter
		w.ResourceTypeFilter, w.ResourceNameFilter, w.PatternTypeFilter, w.PrincipalFilter, w.HostFilter, w.Operation, w.PermissionType = f.wire()
		req.Filters = append(req.Filters, w)
	}
	var resp protocol.DeleteAclsResponse
	if err := a.any(ctx, &req, &resp); err != nil {
		return nil, err
	}
	if len(resp.FilterResults) != len(filters) {
		return nil, fmt.Errorf("admin: DeleteAcls answered %d results for %d filters", len(resp.FilterResults), len(filters))
	}
	out := make([]DeletedACLs, len(filters))
	var errs []error
	for i, r := range resp.FilterResults {
		out[i].Filter = filters[i]
		err := kafkawire.ErrorWithMessage(r.ErrorCode, r.ErrorMessage)
		for _, m := range r.MatchingAcls {
			acl := ACL{Resource: ACLResource(m.ResourceType), ResourceName: m.ResourceName, Pattern: ACLPattern(m.PatternType),
				Principal: m.Principal, Host: m.Host, Operation: ACLOperation(m.Operation), Permission: ACLPermission(m.PermissionType)}
			if merr := kafkawire.ErrorWithMessage(m.ErrorCode, m.ErrorMessage); merr != nil {
				if err == nil {
					err = fmt.Errorf("ACL %s: %w", acl, merr)
				}
				continue
			}
			out[i].Deleted = append(out[i].Deleted, acl)
		}
		out[i].Err = itemErr("deleting ACLs matching", filters[i].String(), err)
		if out[i].Err != nil {
			errs = append(errs, out[i].Err)
		}
	}
	return out, joinItems(errs...)
}
