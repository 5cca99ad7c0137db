package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/kafkawire/kafkawire/admin"
	"github.com/kafkawire/kafkawire/consumer"
	"github.com/kafkawire/kafkawire/producer"
	"github.com/kafkawire/kafkawire/properties"
)

// env is what every subcommand gets: where to write, and how to connect.
type env struct {
	in         io.Reader // stdin
	out        io.Writer // stdout: the command's output
	err        io.Writer // stderr: progress, errors
	isTerminal bool      // stderr is a terminal: show progress
	// props is the client configuration: the -F file, then KAFKA_BROKERS,
	// -b and -X on top. Each client takes the keys that apply to it (see
	// properties.Properties.For).
	props  properties.Properties
	logger *slog.Logger
	// timeout bounds each cluster lookup a command makes (metadata,
	// offsets, admin requests), so a dead cluster fails the command with
	// the cause instead of hanging; reading and writing records are not
	// bounded by it.
	timeout time.Duration
}

// withTimeout bounds one lookup by e.timeout.
func (e *env) withTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, e.timeout)
}

// kvFlags collects repeated -X key=value flags.
type kvFlags []string

func (k *kvFlags) String() string     { return strings.Join(*k, ",") }
func (k *kvFlags) Set(v string) error { *k = append(*k, v); return nil }

// parseGlobal parses the flags before the command name and builds the env.
func parseGlobal(args []string, stdin io.Reader, stdout, stderr io.Writer, terminal bool) (*env, []string, error) {
	e := &env{in: stdin, out: stdout, err: stderr, isTerminal: terminal, props: properties.Properties{}}
	fs := flag.NewFlagSet("kw", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		printCommands(stderr)
		fmt.Fprint(stderr, "\nglobal flags:\n")
		fs.PrintDefaults()
	}
	brokers := fs.String("b", "", "bootstrap brokers, host:port[,host:port...] (default $KAFKA_BROKERS)")
	file := fs.String("F", "", "Java client properties file (bootstrap.servers, security.protocol, sasl.*, ssl.*, ...)")
	var sets kvFlags
	fs.Var(&sets, "X", "client property key=value, as in the properties file (repeatable)")
	debug := fs.Bool("debug", false, "log the client's debug messages to stderr")
	fs.DurationVar(&e.timeout, "timeout", 30*time.Second, "bound on each metadata, offset or admin lookup")
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return nil, nil, err
		}
		return nil, nil, &usageError{err.Error()}
	}
	if e.timeout <= 0 {
		return nil, nil, usagef("-timeout %v: want a positive duration", e.timeout)
	}
	if *file != "" {
		p, err := properties.Load(*file)
		if err != nil {
			return nil, nil, &usageError{fmt.Sprintf("-F: %v", err)}
		}
		e.props = p
	}
	if b := os.Getenv("KAFKA_BROKERS"); b != "" {
		e.props["bootstrap.servers"] = b
	}
	if *brokers != "" {
		e.props["bootstrap.servers"] = *brokers
	}
	for _, kv := range sets {
		if err := e.setProperty(kv); err != nil {
			return nil, nil, &usageError{"-X " + err.Error()}
		}
	}
	e.logger = slog.New(slog.DiscardHandler)
	if *debug {
		e.logger = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return e, fs.Args(), nil
}

// setProperty sets one -X key=value.
func (e *env) setProperty(kv string) error {
	k, v, ok := strings.Cut(kv, "=")
	if !ok || k == "" {
		return fmt.Errorf("%s: want key=value", firstWord(kv))
	}
	e.props[k] = v
	return nil
}

// firstWord is kv up to its first '=' or 20 bytes: enough to name a bad -X
// without echoing what may be a secret.
func firstWord(kv string) string {
	k, _, _ := strings.Cut(kv, "=")
	if len(k) > 20 {
		k = k[:20] + "..."
	}
	return k
}

// errNoBrokers is the usage error of a command that needs a cluster and
// was given none.
var errNoBrokers = &usageError{"no brokers: give -b host:port, set KAFKA_BROKERS, or bootstrap.servers in -F's file"}

func (e *env) needBrokers() error {
	if e.props["bootstrap.servers"] == "" && e.props["metadata.broker.list"] == "" {
		return errNoBrokers
	}
	return nil
}

// configError makes a bad property (from -F or -X) a usage error: exit
// status 2, like a bad flag.
func configError(err error) error {
	var pe *properties.Error
	if errors.As(err, &pe) {
		return &usageError{err.Error()}
	}
	return err
}

// admin returns an admin client from the connection properties.
func (e *env) admin() (*admin.Client, error) {
	if err := e.needBrokers(); err != nil {
		return nil, err
	}
	cfg, err := admin.ConfigFromProperties(e.props.For(properties.Admin))
	if err != nil {
		return nil, configError(err)
	}
	cfg.Logger = e.logger
	return admin.New(cfg)
}

// producer returns a producer from the properties; set, if not nil,
// applies the command's flags on top.
func (e *env) producer(set func(*producer.Config)) (*producer.Producer, error) {
	if err := e.needBrokers(); err != nil {
		return nil, err
	}
	cfg, err := producer.ConfigFromProperties(e.props.For(properties.Producer))
	if err != nil {
		return nil, configError(err)
	}
	cfg.Logger = e.logger
	if set != nil {
		set(&cfg)
	}
	return producer.New(cfg)
}

// consumer returns a consumer from the properties; set, if not nil,
// applies the command's flags on top.
func (e *env) consumer(set func(*consumer.Config)) (*consumer.Consumer, error) {
	if err := e.needBrokers(); err != nil {
		return nil, err
	}
	cfg, err := consumer.ConfigFromProperties(e.props.For(properties.Consumer))
	if err != nil {
		return nil, configError(err)
	}
	cfg.Logger = e.logger
	if set != nil {
		set(&cfg)
	}
	return consumer.New(cfg)
}
