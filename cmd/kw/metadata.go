package main

import (
	"bufio"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/kafkawire/kafkawire/conn"
)

func init() {
	register(command{name: "metadata", summary: "list brokers, topics and partitions (kcat -L)", run: runMetadata})
}

func runMetadata(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "metadata", "[-t topic]")
	topic := fs.String("t", "", "only this topic")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	a, err := e.admin()
	if err != nil {
		return err
	}
	defer a.Close()
	cl := a.Cluster()
	ctx, cancel := e.withTimeout(ctx)
	defer cancel()
	var m *conn.Metadata
	if *topic != "" {
		if _, err := cl.TopicMetadata(ctx, *topic); err != nil {
			return fmt.Errorf("metadata: topic %q: %w", *topic, err)
		}
		m = cl.Metadata()
	} else if m, err = cl.ListAllTopics(ctx); err != nil {
		return fmt.Errorf("metadata: %w", err)
	}
	w := bufio.NewWriter(e.out)
	defer w.Flush()
	writeMetadata(w, m, *topic)
	return nil
}

// writeMetadata prints m as kcat -L does, near enough to read the same way.
func writeMetadata(w *bufio.Writer, m *conn.Metadata, only string) {
	fmt.Fprintf(w, "Metadata for %s (cluster %s):\n", map[bool]string{true: "all topics", false: fmt.Sprintf("topic %q", only)}[only == ""], m.ClusterID)
	ids := slices.Sorted(maps.Keys(m.Brokers))
	fmt.Fprintf(w, " %d brokers:\n", len(ids))
	for _, id := range ids {
		b := m.Brokers[id]
		extra := ""
		if id == m.ControllerID {
			extra = " (controller)"
		}
		if b.Rack != "" {
			extra += " rack " + b.Rack
		}
		fmt.Fprintf(w, "  broker %d at %s%s\n", id, b.Addr(), extra)
	}
	var names []string
	for name, t := range m.Topics {
		if (only == "" || name == only) && !(only == "" && t.Internal && strings.HasPrefix(name, "__")) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	fmt.Fprintf(w, " %d topics:\n", len(names))
	for _, name := range names {
		t := m.Topics[name]
		if t.Err != nil {
			fmt.Fprintf(w, "  topic %q: %v\n", name, t.Err)
			continue
		}
		fmt.Fprintf(w, "  topic %q with %d partitions:\n", name, len(t.Partitions))
		for _, p := range t.Partitions {
			fmt.Fprintf(w, "    partition %d, leader %d, replicas: %s, isrs: %s", p.Partition, p.Leader, ints(p.Replicas), ints(p.ISR))
			if p.Err != nil {
				fmt.Fprintf(w, ", error: %v", p.Err)
			}
			fmt.Fprintln(w)
		}
	}
}

func ints(xs []int32) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = fmt.Sprint(x)
	}
	return strings.Join(s, ",")
}
