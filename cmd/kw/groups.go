package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/admin"
)

func init() {
	register(command{name: "groups", summary: "list, describe, lag and reset consumer groups (kafka-consumer-groups)", run: runGroups})
}

func runGroups(ctx context.Context, e *env, args []string) error {
	return subcommand("groups", args, map[string]func([]string) error{
		"list":     func(a []string) error { return groupsList(ctx, e, a) },
		"describe": func(a []string) error { return groupsDescribe(ctx, e, a) },
		"lag":      func(a []string) error { return groupsLag(ctx, e, a) },
		"reset":    func(a []string) error { return groupsReset(ctx, e, a) },
	})
}

// table writes aligned columns, as Java's tools do.
func table(w io.Writer) *tabwriter.Writer { return tabwriter.NewWriter(w, 0, 8, 1, ' ', 0) }

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func groupsList(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "groups list", "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	a, err := e.admin()
	if err != nil {
		return err
	}
	defer a.Close()
	groups, err := a.ListGroups(ctx)
	tw := table(e.out)
	fmt.Fprintln(tw, "GROUP\tTYPE\tSTATE\tPROTOCOL-TYPE")
	for _, g := range groups {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", g.ID, dash(g.Type), dash(g.State), dash(g.ProtocolType))
	}
	tw.Flush()
	return err
}

func groupFlag(fs *flag.FlagSet, verb string) func() (string, error) {
	g := fs.String("group", "", "the group")
	return func() (string, error) {
		if *g == "" {
			return "", usagef("groups %s: -group is required", verb)
		}
		return *g, nil
	}
}

func groupsDescribe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "groups describe", "-group id")
	group := groupFlag(fs, "describe")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	id, err := group()
	if err != nil {
		return err
	}
	a, err := e.admin()
	if err != nil {
		return err
	}
	defer a.Close()
	descs, err := a.DescribeGroups(ctx, id)
	if err != nil {
		return err
	}
	d := descs[0]
	fmt.Fprintf(e.out, "Group %s: state %s, protocol type %s, assignor %s, coordinator %d, %d member(s)\n\n",
		d.ID, d.State, dash(d.ProtocolType), dash(d.Protocol), d.Coordinator, len(d.Members))
	tw := table(e.out)
	fmt.Fprintln(tw, "GROUP\tCONSUMER-ID\tHOST\tCLIENT-ID\t#PARTITIONS\tASSIGNMENT")
	for _, m := range d.Members {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\n", d.ID, m.MemberID, m.Host, m.ClientID, len(m.Assignment), assignmentString(m.Assignment))
	}
	tw.Flush()
	return nil
}

// assignmentString is "t(0,1),u(2)", as kafka-consumer-groups --verbose.
func assignmentString(tps []kafkawire.TopicPartition) string {
	byTopic := map[string][]string{}
	var topics []string
	for _, tp := range tps {
		if _, ok := byTopic[tp.Topic]; !ok {
			topics = append(topics, tp.Topic)
		}
		byTopic[tp.Topic] = append(byTopic[tp.Topic], strconv.Itoa(int(tp.Partition)))
	}
	slices.Sort(topics)
	parts := make([]string, len(topics))
	for i, t := range topics {
		parts[i] = t + "(" + strings.Join(byTopic[t], ",") + ")"
	}
	return dash(strings.Join(parts, ","))
}

func groupsLag(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "groups lag", "-group id [-read-committed]")
	group := groupFlag(fs, "lag")
	committed := fs.Bool("read-committed", false, "lag as a read_committed consumer sees it: stable commits, up to the last stable offset")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	id, err := group()
	if err != nil {
		return err
	}
	a, err := e.admin()
	if err != nil {
		return err
	}
	defer a.Close()
	iso := admin.ReadUncommitted
	if *committed {
		iso = admin.ReadCommitted
	}
	rows, err := a.GroupLag(ctx, id, iso)
	if rows == nil {
		return err
	}
	writeLag(e.out, id, rows)
	return err
}

// writeLag prints the table of kafka-consumer-groups --describe: the same
// columns, "-" where it prints "-".
func writeLag(w io.Writer, group string, rows []admin.PartitionLag) {
	num := func(v int64) string {
		if v < 0 {
			return "-"
		}
		return strconv.FormatInt(v, 10)
	}
	tw := table(w)
	fmt.Fprintln(tw, "GROUP\tTOPIC\tPARTITION\tCURRENT-OFFSET\tLOG-END-OFFSET\tLAG\tCONSUMER-ID\tHOST\tCLIENT-ID")
	for _, r := range rows {
		lag := num(r.Lag)
		if r.Committed >= 0 && r.End >= 0 {
			lag = strconv.FormatInt(r.Lag, 10) // may be negative, as Java prints it
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\n", group, r.Topic, r.Partition, num(r.Committed), num(r.End), lag, dash(r.MemberID), dash(r.Host), dash(r.ClientID))
	}
	tw.Flush()
}

func groupsReset(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "groups reset", "-group id (-topic t[:p,p...]... | -all-topics) (-to-earliest | -to-latest | -to-offset n | -to-datetime t) [-execute]")
	group := groupFlag(fs, "reset")
	var topics kvFlags
	fs.Var(&topics, "topic", "topic, or topic:partition,partition (repeatable)")
	allTopics := fs.Bool("all-topics", false, "every topic the group has committed offsets for")
	earliest := fs.Bool("to-earliest", false, "to the oldest retained offset")
	latest := fs.Bool("to-latest", false, "to the end of each partition")
	offset := fs.Int64("to-offset", -1, "to this offset (clamped to each partition's range)")
	datetime := fs.String("to-datetime", "", "to the first record at or after this time: 2006-01-02T15:04:05[.000][Z07:00] (local time without a zone)")
	execute := fs.Bool("execute", false, "commit the new offsets (default: a dry run that only prints them, as kafka-consumer-groups)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	id, err := group()
	if err != nil {
		return err
	}
	var to admin.ResetTo
	n := 0
	if *earliest {
		to.Earliest, n = true, n+1
	}
	if *latest {
		to.Latest, n = true, n+1
	}
	if *offset >= 0 {
		to.Offset, n = offset, n+1
	}
	if *datetime != "" {
		ts, err := parseDatetime(*datetime)
		if err != nil {
			return usagef("groups reset: -to-datetime %q: %v", *datetime, err)
		}
		ms := ts.UnixMilli()
		to.Timestamp, n = &ms, n+1
	}
	if n != 1 {
		return usagef("groups reset: give exactly one of -to-earliest, -to-latest, -to-offset, -to-datetime")
	}
	if (len(topics) == 0) == !*allTopics {
		return usagef("groups reset: give -topic or -all-topics")
	}
	a, err := e.admin()
	if err != nil {
		return err
	}
	defer a.Close()
	tps, err := resetPartitions(ctx, a, id, topics, *allTopics)
	if err != nil {
		return err
	}
	plan, perr := a.PlanReset(ctx, tps, to)
	if plan == nil {
		return perr
	}
	if *execute {
		if err := commitWithProgress(ctx, e, a, id, plan); err != nil {
			return err
		}
	}
	tw := table(e.out)
	fmt.Fprintln(tw, "GROUP\tTOPIC\tPARTITION\tNEW-OFFSET")
	for _, tp := range tps {
		if o, ok := plan[tp]; ok {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%d\n", id, tp.Topic, tp.Partition, o)
		}
	}
	tw.Flush()
	if !*execute {
		fmt.Fprintln(e.err, "kw: dry run: nothing committed; add -execute to commit these offsets")
	}
	return perr
}

// resetChunk is how many partitions one commit carries, so that progress
// moves on groups with many partitions.
const resetChunk = 500

// commitWithProgress commits plan in chunks, showing progress on a terminal.
func commitWithProgress(ctx context.Context, e *env, a *admin.Client, group string, plan map[kafkawire.TopicPartition]int64) error {
	p := startProgress(e, "partitions reset", int64(len(plan)))
	defer p.finish()
	chunk := map[kafkawire.TopicPartition]int64{}
	flush := func() error {
		err := a.AlterGroupOffsets(ctx, group, chunk)
		p.add(int64(len(chunk)), int64(len(chunk)))
		clear(chunk)
		return err
	}
	for _, tp := range sortedPartitions(plan) {
		chunk[tp] = plan[tp]
		if len(chunk) == resetChunk {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

// resetPartitions are the partitions a reset covers, sorted.
func resetPartitions(ctx context.Context, a *admin.Client, group string, topics []string, all bool) ([]kafkawire.TopicPartition, error) {
	set := map[kafkawire.TopicPartition]int64{}
	if all {
		offs, err := a.ListGroupOffsets(ctx, group, false)
		if err != nil {
			return nil, err
		}
		for tp := range offs {
			set[tp] = 0
		}
		return sortedPartitions(set), nil
	}
	var whole []string
	for _, t := range topics {
		name, parts, ok := strings.Cut(t, ":")
		if !ok {
			whole = append(whole, name)
			continue
		}
		for _, p := range strings.Split(parts, ",") {
			n, err := strconv.ParseInt(p, 10, 32)
			if err != nil {
				return nil, usagef("groups reset: -topic %q: %q is not a partition", t, p)
			}
			set[kafkawire.TopicPartition{Topic: name, Partition: int32(n)}] = 0
		}
	}
	if len(whole) > 0 {
		descs, err := a.DescribeTopics(ctx, whole...)
		if err != nil {
			return nil, err
		}
		for _, d := range descs {
			for _, p := range d.Partitions {
				set[kafkawire.TopicPartition{Topic: d.Name, Partition: p.Partition}] = 0
			}
		}
	}
	return sortedPartitions(set), nil
}

func sortedPartitions[V any](m map[kafkawire.TopicPartition]V) []kafkawire.TopicPartition {
	out := slices.Collect(maps.Keys(m))
	slices.SortFunc(out, kafkawire.CompareTopicPartitions)
	return out
}

// parseDatetime reads kafka-consumer-groups' -to-datetime forms.
func parseDatetime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.000Z07:00", "2006-01-02T15:04:05Z07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	for _, layout := range []string{"2006-01-02T15:04:05.000", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, time.Local); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("want 2006-01-02T15:04:05[.000][Z07:00]")
}
