package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/kafkawire/kafkawire/admin"
)

func init() {
	register(command{name: "configs", summary: "describe and alter topic and broker configs (kafka-configs)", run: runConfigs})
}

func runConfigs(ctx context.Context, e *env, args []string) error {
	return subcommand("configs", args, map[string]func([]string) error{
		"describe": func(a []string) error { return configsDescribe(ctx, e, a) },
		"alter":    func(a []string) error { return configsAlter(ctx, e, a) },
	})
}

// resourceFlags adds -topic and -broker and returns the resource they name.
func resourceFlags(fs *flag.FlagSet) func(verb string) (admin.ConfigResource, error) {
	topic := fs.String("topic", "", "the topic")
	broker := fs.String("broker", "", "the broker, by node id")
	return func(verb string) (admin.ConfigResource, error) {
		switch {
		case (*topic == "") == (*broker == ""):
			return admin.ConfigResource{}, usagef("configs %s: give one of -topic or -broker", verb)
		case *topic != "":
			return admin.ConfigResource{Type: admin.ResourceTopic, Name: *topic}, nil
		}
		if _, err := strconv.ParseInt(*broker, 10, 32); err != nil {
			return admin.ConfigResource{}, usagef("configs %s: -broker %q is not a node id", verb, *broker)
		}
		return admin.ConfigResource{Type: admin.ResourceBroker, Name: *broker}, nil
	}
}

func configsDescribe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "configs describe", "-topic name | -broker id [-all]")
	resource := resourceFlags(fs)
	all := fs.Bool("all", false, "every config, defaults included (default: only those set on the topic or broker)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	res, err := resource("describe")
	if err != nil {
		return err
	}
	a, err := e.admin()
	if err != nil {
		return err
	}
	defer a.Close()
	got, err := a.DescribeConfigs(ctx, res)
	if err != nil {
		return err
	}
	for _, c := range got[0].Entries {
		if !*all && (c.IsDefault() || c.Source == admin.SourceStaticBroker) {
			continue
		}
		v := c.Value
		if c.Sensitive {
			v = "(sensitive)"
		} else if c.Null {
			v = "(null)"
		}
		fmt.Fprintf(e.out, "%s=%s\t(%s)\n", c.Name, v, sourceName(c.Source))
	}
	return nil
}

func sourceName(s admin.ConfigSource) string {
	switch s {
	case admin.SourceDynamicTopic:
		return "topic"
	case admin.SourceDynamicBroker:
		return "dynamic broker"
	case admin.SourceDynamicDefaultBroker:
		return "dynamic cluster default"
	case admin.SourceStaticBroker:
		return "server.properties"
	case admin.SourceDefault:
		return "default"
	case admin.SourceDynamicBrokerLogger:
		return "broker logger"
	}
	return "source " + strconv.Itoa(int(s))
}

func configsAlter(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "configs alter", "-topic name | -broker id [-set k=v]... [-delete k]... [-append k=v]... [-subtract k=v]... [-validate-only]")
	resource := resourceFlags(fs)
	var set, del, app, sub kvFlags
	fs.Var(&set, "set", "set a config, key=value (repeatable)")
	fs.Var(&del, "delete", "reset a config to its default (repeatable)")
	fs.Var(&app, "append", "append to a list config, key=value (repeatable)")
	fs.Var(&sub, "subtract", "remove from a list config, key=value (repeatable)")
	validate := fs.Bool("validate-only", false, "only check the change")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	res, err := resource("alter")
	if err != nil {
		return err
	}
	var changes []admin.ConfigChange
	for _, c := range []struct {
		op   admin.ConfigOp
		vals kvFlags
	}{{admin.OpSet, set}, {admin.OpAppend, app}, {admin.OpSubtract, sub}} {
		for _, kv := range c.vals {
			k, v, ok := strings.Cut(kv, "=")
			if !ok || k == "" {
				return usagef("configs alter: %q is not key=value", kv)
			}
			changes = append(changes, admin.ConfigChange{Name: k, Op: c.op, Value: v})
		}
	}
	for _, k := range del {
		changes = append(changes, admin.ConfigChange{Name: k, Op: admin.OpDelete})
	}
	if len(changes) == 0 {
		return usagef("configs alter: nothing to change: give -set, -delete, -append or -subtract")
	}
	a, err := e.admin()
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.AlterConfigs(ctx, *validate, admin.ConfigAlter{Resource: res, Changes: changes}); err != nil {
		return err
	}
	verb := "Altered"
	if *validate {
		verb = "Validated"
	}
	fmt.Fprintf(e.out, "%s configs of %s.\n", verb, res)
	return nil
}
