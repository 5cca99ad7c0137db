package admin

import (
	"context"
	"fmt"
	"strconv"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/protocol"
)

// ResourceType is the kind of a config resource (Kafka's ConfigResource.Type).
type ResourceType int8

const (
	ResourceTopic        ResourceType = 2
	ResourceBroker       ResourceType = 4
	ResourceBrokerLogger ResourceType = 8
)

func (t ResourceType) String() string {
	switch t {
	case ResourceTopic:
		return "topic"
	case ResourceBroker:
		return "broker"
	case ResourceBrokerLogger:
		return "broker-logger"
	}
	return "resource-type-" + strconv.Itoa(int(t))
}

// ConfigResource names what configs belong to: a topic by name, a broker by
// node id ("1"; "" for the cluster-wide broker defaults).
type ConfigResource struct {
	Type ResourceType
	Name string
}

func (r ConfigResource) String() string { return r.Type.String() + " " + strconv.Quote(r.Name) }

// ConfigSource says where a config's value comes from (Kafka's
// DescribeConfigsResponse ConfigSource).
type ConfigSource int8

const (
	SourceUnknown              ConfigSource = 0
	SourceDynamicTopic         ConfigSource = 1
	SourceDynamicBroker        ConfigSource = 2
	SourceDynamicDefaultBroker ConfigSource = 3
	SourceStaticBroker         ConfigSource = 4
	SourceDefault              ConfigSource = 5
	SourceDynamicBrokerLogger  ConfigSource = 6
)

// ConfigEntry is one config of a resource.
type ConfigEntry struct {
	Name      string
	Value     string // "" for a sensitive or unset value (see Null)
	Null      bool   // the broker sent no value (sensitive, or unset)
	ReadOnly  bool
	Sensitive bool
	Source    ConfigSource
}

// IsDefault reports whether the value is Kafka's default, set nowhere.
func (e ConfigEntry) IsDefault() bool { return e.Source == SourceDefault }

// ResourceConfigs is one resource's configs.
type ResourceConfigs struct {
	Resource ConfigResource
	Entries  []ConfigEntry
	Err      error // *ItemError
}

// brokerNode is the node a broker-scoped resource must be asked on: broker
// configs are served by the broker itself; -1 means any broker.
func brokerNode(r ConfigResource) int32 {
	if r.Type != ResourceBroker && r.Type != ResourceBrokerLogger {
		return -1
	}
	id, err := strconv.ParseInt(r.Name, 10, 32)
	if err != nil {
		return -1
	}
	return int32(id)
}

// send routes a request to node (-1: any broker).
func (a *Client) send(ctx context.Context, node int32, req, resp protocol.Message) error {
	if node < 0 {
		return a.any(ctx, req, resp)
	}
	return a.node(ctx, node, req, resp)
}

// DescribeConfigs returns every config of each resource, in the order asked
// (broker resources are asked of their broker, the others of any broker).
func (a *Client) DescribeConfigs(ctx context.Context, resources ...ConfigResource) ([]ResourceConfigs, error) {
	byNode := map[int32][]int{}
	for i, r := range resources {
		n := brokerNode(r)
		byNode[n] = append(byNode[n], i)
	}
	out := make([]ResourceConfigs, len(resources))
	for i, r := range resources {
		out[i].Resource = r
	}
	for node, idx := range byNode {
		var req protocol.DescribeConfigsRequest
		for _, i := range idx {
			req.Resources = append(req.Resources, protocol.DescribeConfigsRequestResource{ResourceType: int8(resources[i].Type), ResourceName: resources[i].Name})
		}
		var resp protocol.DescribeConfigsResponse
		if err := a.send(ctx, node, &req, &resp); err != nil {
			if ctx.Err() != nil {
				return nil, err
			}
			for _, i := range idx {
				out[i].Err = err
			}
			continue
		}
		for _, i := range idx {
			r := resources[i]
			res := findResult(resp.Results, r)
			if res == nil {
				out[i].Err = fmt.Errorf("the broker's answer lacks %s", r)
				continue
			}
			if err := kafkawire.ErrorWithMessage(res.ErrorCode, res.ErrorMessage); err != nil {
				out[i].Err = err
				continue
			}
			for _, c := range res.Configs {
				e := ConfigEntry{Name: c.Name, Null: c.Value == nil, ReadOnly: c.ReadOnly, Sensitive: c.IsSensitive, Source: ConfigSource(c.ConfigSource)}
				if c.Value != nil {
					e.Value = *c.Value
				}
				out[i].Entries = append(out[i].Entries, e)
			}
		}
	}
	var errs []error
	for i := range out {
		if out[i].Err != nil {
			out[i].Err = itemErr("describing configs of", out[i].Resource.String(), out[i].Err)
			errs = append(errs, out[i].Err)
		}
	}
	return out, joinItems(errs...)
}

func findResult(rs []protocol.DescribeConfigsResponseResult, r ConfigResource) *protocol.DescribeConfigsResponseResult {
	for i := range rs {
		if rs[i].ResourceType == int8(r.Type) && rs[i].ResourceName == r.Name {
			return &rs[i]
		}
	}
	return nil
}

// ConfigOp is an incremental config change (Kafka's AlterConfigOp.OpType).
type ConfigOp int8

const (
	OpSet      ConfigOp = 0
	OpDelete   ConfigOp = 1 // back to the default
	OpAppend   ConfigOp = 2 // to a list config
	OpSubtract ConfigOp = 3 // from a list config
)

// ConfigChange is one change of one config.
type ConfigChange struct {
	Name  string
	Op    ConfigOp
	Value string // ignored by OpDelete
}

// ConfigAlter is the changes of one resource, applied together.
type ConfigAlter struct {
	Resource ConfigResource
	Changes  []ConfigChange
}

// AlterConfigs applies incremental changes (IncrementalAlterConfigs, so
// configs not named keep their values). With validateOnly the broker only
// checks them. The error joins one *ItemError per resource that failed;
// the others are changed.
func (a *Client) AlterConfigs(ctx context.Context, validateOnly bool, alters ...ConfigAlter) error {
	byNode := map[int32][]ConfigAlter{}
	for _, al := range alters {
		n := brokerNode(al.Resource)
		byNode[n] = append(byNode[n], al)
	}
	var errs []error
	for node, als := range byNode {
		req := protocol.IncrementalAlterConfigsRequest{ValidateOnly: validateOnly}
		for _, al := range als {
			res := protocol.IncrementalAlterConfigsRequestResource{ResourceType: int8(al.Resource.Type), ResourceName: al.Resource.Name}
			for _, c := range al.Changes {
				cfg := protocol.IncrementalAlterConfigsRequestConfig{Name: c.Name, ConfigOperation: int8(c.Op)}
				if c.Op != OpDelete {
					v := c.Value
					cfg.Value = &v
				}
				res.Configs = append(res.Configs, cfg)
			}
			req.Resources = append(req.Resources, res)
		}
		var resp protocol.IncrementalAlterConfigsResponse
		if err := a.send(ctx, node, &req, &resp); err != nil {
			if ctx.Err() != nil {
				return err
			}
			for _, al := range als {
				errs = append(errs, itemErr("altering configs of", al.Resource.String(), err))
			}
			continue
		}
		for _, r := range resp.Responses {
			res := ConfigResource{Type: ResourceType(r.ResourceType), Name: r.ResourceName}
			errs = append(errs, itemErr("altering configs of", res.String(), kafkawire.ErrorWithMessage(r.ErrorCode, r.ErrorMessage)))
		}
	}
	return joinItems(errs...)
}
