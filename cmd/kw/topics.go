package main

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/kafkawire/kafkawire/admin"
)

func init() {
	register(command{name: "topics", summary: "list, create, delete and describe topics (kafka-topics)", run: runTopics})
}

// subcommand picks the verb of a command with verbs (kw topics list ...).
func subcommand(name string, args []string, verbs map[string]func([]string) error) error {
	keys := make([]string, 0, len(verbs))
	for k := range verbs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if len(args) == 0 {
		return usagef("%s: missing verb: one of %s", name, strings.Join(keys, ", "))
	}
	run, ok := verbs[args[0]]
	if !ok {
		return usagef("%s: unknown verb %q: one of %s", name, args[0], strings.Join(keys, ", "))
	}
	return run(args[1:])
}

func runTopics(ctx context.Context, e *env, args []string) error {
	return subcommand("topics", args, map[string]func([]string) error{
		"list":     func(a []string) error { return topicsList(ctx, e, a) },
		"create":   func(a []string) error { return topicsCreate(ctx, e, a) },
		"delete":   func(a []string) error { return topicsDelete(ctx, e, a) },
		"describe": func(a []string) error { return topicsDescribe(ctx, e, a) },
	})
}

func topicsList(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "topics list", "[-internal]")
	internal := fs.Bool("internal", false, "include internal topics (__consumer_offsets, ...)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	a, err := e.admin()
	if err != nil {
		return err
	}
	defer a.Close()
	topics, err := a.ListTopics(ctx)
	if err != nil {
		return fmt.Errorf("topics list: %w", err)
	}
	var names []string
	for n, t := range topics {
		if *internal || !t.Internal {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	for _, n := range names {
		fmt.Fprintln(e.out, n)
	}
	return nil
}

func topicsCreate(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "topics create", "-topic name [-partitions n] [-replication-factor n] [-config k=v]... [-replica-assignment 1:2,2:3]")
	var topics, configs kvFlags
	fs.Var(&topics, "topic", "topic to create (repeatable)")
	partitions := fs.Int("partitions", 1, "partition count")
	rf := fs.Int("replication-factor", 0, "replicas per partition (default: the broker's default.replication.factor)")
	fs.Var(&configs, "config", "topic config key=value (repeatable)")
	assign := fs.String("replica-assignment", "", "broker ids per partition, leader first: partitions comma-separated, replicas colon-separated (as kafka-topics)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if len(topics) == 0 {
		return usagef("topics create: -topic is required")
	}
	spec := admin.TopicSpec{Partitions: int32(*partitions), ReplicationFactor: int16(*rf), Configs: map[string]string{}}
	for _, kv := range configs {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return usagef("topics create: -config %q is not key=value", kv)
		}
		spec.Configs[k] = v
	}
	if *assign != "" {
		spec.Assignments = map[int32][]int32{}
		for i, part := range strings.Split(*assign, ",") {
			for _, id := range strings.Split(part, ":") {
				n, err := strconv.ParseInt(strings.TrimSpace(id), 10, 32)
				if err != nil {
					return usagef("topics create: -replica-assignment %q: %q is not a broker id", *assign, id)
				}
				spec.Assignments[int32(i)] = append(spec.Assignments[int32(i)], int32(n))
			}
		}
	}
	specs := make([]admin.TopicSpec, len(topics))
	for i, t := range topics {
		specs[i] = spec
		specs[i].Name = t
	}
	a, err := e.admin()
	if err != nil {
		return err
	}
	defer a.Close()
	err = a.CreateTopics(ctx, specs...)
	failed := failedItems(err)
	for _, t := range topics {
		if !failed[strconv.Quote(t)] {
			fmt.Fprintf(e.out, "Created topic %s.\n", t)
		}
	}
	return err
}

// failedItems is the set of ItemError items in err.
func failedItems(err error) map[string]bool {
	out := map[string]bool{}
	var walk func(error)
	walk = func(e error) {
		if ie, ok := e.(*admin.ItemError); ok {
			out[ie.Item] = true
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

func topicsDelete(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "topics delete", "-topic name...")
	var topics kvFlags
	fs.Var(&topics, "topic", "topic to delete (repeatable)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if len(topics) == 0 {
		return usagef("topics delete: -topic is required")
	}
	a, err := e.admin()
	if err != nil {
		return err
	}
	defer a.Close()
	err = a.DeleteTopics(ctx, topics...)
	failed := failedItems(err)
	for _, t := range topics {
		if !failed[strconv.Quote(t)] {
			fmt.Fprintf(e.out, "Deleted topic %s.\n", t)
		}
	}
	return err
}

func topicsDescribe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "topics describe", "[-topic name]...")
	var topics kvFlags
	fs.Var(&topics, "topic", "topic to describe (repeatable; default: every non-internal topic)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	a, err := e.admin()
	if err != nil {
		return err
	}
	defer a.Close()
	if len(topics) == 0 {
		all, err := a.ListTopics(ctx)
		if err != nil {
			return fmt.Errorf("topics describe: %w", err)
		}
		for n, t := range all {
			if !t.Internal {
				topics = append(topics, n)
			}
		}
		slices.Sort(topics)
	}
	descs, err := a.DescribeTopics(ctx, topics...)
	for _, d := range descs {
		if d.Err == nil {
			writeTopic(e.out, d)
		}
	}
	return err
}

// writeTopic prints a topic as kafka-topics --describe does: a summary line
// with the configs set on it, then one line per partition.
func writeTopic(w io.Writer, d admin.TopicDescription) {
	var cfgs []string
	for _, c := range d.Configs {
		if c.Source == admin.SourceDynamicTopic {
			cfgs = append(cfgs, c.Name+"="+c.Value)
		}
	}
	rf := 0
	if len(d.Partitions) > 0 {
		rf = len(d.Partitions[0].Replicas)
	}
	fmt.Fprintf(w, "Topic: %s\tTopicId: %s\tPartitionCount: %d\tReplicationFactor: %d\tConfigs: %s\n",
		d.Name, topicID(d.ID), len(d.Partitions), rf, strings.Join(cfgs, ","))
	for _, p := range d.Partitions {
		fmt.Fprintf(w, "\tTopic: %s\tPartition: %d\tLeader: %s\tReplicas: %s\tIsr: %s\n", d.Name, p.Partition, leader(p.Leader), ints(p.Replicas), ints(p.ISR))
	}
}

// topicID is a topic id as Kafka prints it: unpadded URL-safe base64.
func topicID(id [16]byte) string {
	return base64.RawURLEncoding.EncodeToString(id[:])
}

func leader(id int32) string {
	if id < 0 {
		return "none"
	}
	return strconv.Itoa(int(id))
}
