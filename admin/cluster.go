package admin

import (
	"context"
	"net"
	"slices"
	"strconv"
)

// Broker is one broker of the cluster.
type Broker struct {
	NodeID int32
	Host   string
	Port   int32
	Rack   string // "" when none
}

// Addr is host:port.
func (b Broker) Addr() string { return net.JoinHostPort(b.Host, strconv.Itoa(int(b.Port))) }

// ClusterInfo describes the cluster.
type ClusterInfo struct {
	ClusterID    string
	ControllerID int32
	Brokers      []Broker // by node id
}

// DescribeCluster returns the cluster id, controller and brokers.
func (a *Client) DescribeCluster(ctx context.Context) (ClusterInfo, error) {
	m, err := a.cl.Refresh(ctx)
	if err != nil {
		return ClusterInfo{}, err
	}
	info := ClusterInfo{ClusterID: m.ClusterID, ControllerID: m.ControllerID}
	for _, b := range m.Brokers {
		info.Brokers = append(info.Brokers, Broker{NodeID: b.NodeID, Host: b.Host, Port: b.Port, Rack: b.Rack})
	}
	slices.SortFunc(info.Brokers, func(x, y Broker) int { return int(x.NodeID - y.NodeID) })
	return info, nil
}

// DescribeBrokerConfigs returns the configs of brokers by node id (each
// asked of the broker itself); with no ids, of every broker.
func (a *Client) DescribeBrokerConfigs(ctx context.Context, nodeIDs ...int32) ([]ResourceConfigs, error) {
	if len(nodeIDs) == 0 {
		info, err := a.DescribeCluster(ctx)
		if err != nil {
			return nil, err
		}
		for _, b := range info.Brokers {
			nodeIDs = append(nodeIDs, b.NodeID)
		}
	}
	res := make([]ConfigResource, len(nodeIDs))
	for i, id := range nodeIDs {
		res[i] = ConfigResource{Type: ResourceBroker, Name: strconv.Itoa(int(id))}
	}
	return a.DescribeConfigs(ctx, res...)
}
