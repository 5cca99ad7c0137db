// Package conn owns the sockets: one broker connection (dial, TLS, the
// authentication step, framing, correlation ids, pipelined in-flight
// requests, ApiVersions negotiation, deadlines and cancellation from
// context.Context), and above it the cluster view (bootstrap, metadata cache
// and refresh, per-broker connection pools by purpose, routing to partition
// leaders and coordinators, retries with backoff).
package conn
