// Package admin manages a Kafka cluster: topics, configs, consumer groups
// and their offsets, records, ACLs, and the cluster itself.
//
// Calls that act on several items (topics, partitions, groups, config
// resources, ACLs) act on each independently: one failing item does not fail
// the others. A call's result holds every item, each with its own error, and
// the returned error joins the items' errors (each an *ItemError naming the
// item and the Kafka error), so `err != nil` still says "something failed".
// A call that could not be made at all (no broker, ctx ended) returns only an
// error.
package admin

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/protocol"
	"github.com/kafkawire/kafkawire/sasl"
)

// Config configures an admin Client.
type Config struct {
	Brokers        []string // bootstrap host:port addresses; required
	ClientID       string
	RequestTimeout time.Duration  // default 30s
	TLS            *tls.Config    // see producer.Config.TLS
	SASL           sasl.Mechanism // see producer.Config.SASL
	Logger         *slog.Logger
	Hooks          conn.Hooks
}

// Client sends admin requests. It is safe for concurrent use.
type Client struct {
	cl      *conn.Cluster
	timeout time.Duration
}

// New validates cfg and returns a client; it dials on first use.
func New(cfg Config) (*Client, error) {
	cl, err := conn.NewCluster(conn.ClusterConfig{
		Bootstrap:      cfg.Brokers,
		Conn:           conn.ConnConfig{ClientID: cfg.ClientID, TLS: cfg.TLS, Auth: sasl.Authenticator(cfg.SASL), Logger: cfg.Logger, Hooks: cfg.Hooks},
		RequestTimeout: cfg.RequestTimeout,
	})
	if err != nil {
		return nil, fmt.Errorf("admin: %w", err)
	}
	return &Client{cl: cl, timeout: cl.Config().RequestTimeout}, nil
}

// Cluster exposes the client's cluster view (connections, metadata).
func (a *Client) Cluster() *conn.Cluster { return a.cl }

// Close releases the client's connections.
func (a *Client) Close() error { return a.cl.Close() }

// ItemError is the failure of one item of an admin call.
type ItemError struct {
	Op   string // what was done, e.g. "creating topic"
	Item string // which item, e.g. `"orders"`, "orders/3", `group "g"`
	Err  error  // usually a *kafkawire.Error: errors.Is(err, kafkawire.ErrTopicAlreadyExists)
}

func (e *ItemError) Error() string {
	return "admin: " + e.Op + " " + e.Item + ": " + conn.OneLine(e.Err)
}
func (e *ItemError) Unwrap() error { return e.Err }

// ItemErrors returns the per-item errors a call's error joins, in order
// (nil when err is nil or holds none): to act on each failed item without
// string matching.
func ItemErrors(err error) []*ItemError {
	var out []*ItemError
	var walk func(error)
	walk = func(e error) {
		if ie, ok := e.(*ItemError); ok {
			out = append(out, ie)
			return
		}
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
		}
	}
	if err != nil {
		walk(err)
	}
	return out
}

func itemErr(op, item string, err error) error {
	if err == nil {
		return nil
	}
	return &ItemError{Op: op, Item: item, Err: err}
}

// timeoutMs is the server-side timeout admin requests carry.
func (a *Client) timeoutMs() int32 { return int32(a.timeout / time.Millisecond) }

// any sends an admin request to any broker (KRaft brokers forward topic,
// config and ACL changes to the controller), retrying network failures
// within ctx.
func (a *Client) any(ctx context.Context, req, resp protocol.Message) error {
	return conn.Retry(ctx, a.cl.Backoff(), func(ctx context.Context) error {
		cn, err := a.cl.Any(ctx)
		if err != nil {
			return err
		}
		return cn.RoundTrip(ctx, req, resp)
	})
}

// node sends a request to one broker, retrying network failures for at
// most the request timeout: a broker that is down fails the items it
// serves, not the whole call.
func (a *Client) node(ctx context.Context, id int32, req, resp protocol.Message) error {
	ctx, cancel := context.WithTimeout(ctx, a.timeout)
	defer cancel()
	return conn.Retry(ctx, a.cl.Backoff(), func(ctx context.Context) error {
		cn, err := a.cl.Broker(ctx, id, conn.PurposeAdmin)
		if err != nil {
			return err
		}
		return cn.RoundTrip(ctx, req, resp)
	})
}

// coordinator runs fn on group's coordinator, looking it up again and
// retrying when it moved or is loading, for at most the request timeout
// (so that one group's trouble does not use up a call on many groups). fn
// returns the group-level error code's error, so that a coordinator move is
// seen and retried.
func (a *Client) coordinator(ctx context.Context, group string, fn func(context.Context, *conn.Conn) error) error {
	ctx, cancel := context.WithTimeout(ctx, a.timeout)
	defer cancel()
	return conn.Retry(ctx, a.cl.Backoff(), func(ctx context.Context) error {
		cn, err := a.cl.Coordinator(ctx, conn.GroupCoordinator, group)
		if err != nil {
			return err
		}
		err = fn(ctx, cn)
		if conn.IsCoordinatorError(err) {
			a.cl.InvalidateCoordinator(conn.GroupCoordinator, group)
		}
		return err
	})
}

// joinItems joins per-item errors, nil ones dropped, into one error whose
// text stays on one line ("; " between items); errors.Is and errors.As
// reach every item.
func joinItems(errs ...error) error {
	var kept itemErrors
	for _, e := range errs {
		if e != nil {
			kept = append(kept, e)
		}
	}
	switch len(kept) {
	case 0:
		return nil
	case 1:
		return kept[0]
	}
	return kept
}

type itemErrors []error

func (e itemErrors) Error() string {
	s := make([]string, len(e))
	for i, err := range e {
		s[i] = err.Error()
	}
	return strings.Join(s, "; ")
}

func (e itemErrors) Unwrap() []error { return e }
