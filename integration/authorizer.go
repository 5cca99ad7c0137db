package integration

import "strings"

// AuthorizerProps are Options.BrokerProps that turn on KRaft's ACL
// authorizer (StandardAuthorizer), so that the ACL APIs work and requests
// are checked against ACLs. superUsers bypass every ACL; a cluster whose
// clients, brokers and controllers all speak PLAINTEXT needs
// "User:ANONYMOUS" among them (that listener's principal), or the nodes
// cannot talk to each other.
func AuthorizerProps(superUsers ...string) map[string]string {
	return map[string]string{
		"authorizer.class.name": "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
		"super.users":           strings.Join(superUsers, ";"),
	}
}
