// Command kw is a kcat-like command-line client built on kafkawire alone:
// produce, consume, topics, groups, metadata, configs.
//
//	kw [-b host:port,...] [-F client.properties] [-X key=value]... <command> [flags]
//
// Connection options come from -F (a Java client properties file), then
// KAFKA_BROKERS, then -b, then -X, later ones winning.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"

	"github.com/kafkawire/kafkawire/internal/suggest"
)

// command is one subcommand. run parses its own flags from args (with
// flag.NewFlagSet, see newFlags) and returns a usageError for bad usage.
type command struct {
	name, summary string
	run           func(ctx context.Context, env *env, args []string) error
}

var commands []command

// register adds a subcommand; each command's file calls it from init.
func register(c command) {
	commands = append(commands, c)
	slices.SortFunc(commands, func(a, b command) int { return strings.Compare(a.name, b.name) })
}

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// usagef returns a usageError.
func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// The first Ctrl-C cancels ctx (commands flush and exit cleanly); after
	// it the default handling is back, so a second one kills at once.
	go func() { <-ctx.Done(); stop() }()
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, isTerminal(os.Stderr))
	stop()
	os.Exit(code)
}

// run is the whole program but for the process: it returns the exit status
// (0 ok, 1 runtime error, 2 usage error).
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, terminal bool) int {
	e, rest, err := parseGlobal(args, stdin, stdout, stderr, terminal)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err == nil && len(rest) == 0 {
		printCommands(stderr)
		return 2
	}
	if err == nil {
		err = dispatch(ctx, e, rest)
	}
	var ue *usageError
	switch {
	case err == nil || errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "kw: %v\n", err)
		return 2
	default:
		fmt.Fprintf(stderr, "kw: %v\n", err)
		return 1
	}
}

func dispatch(ctx context.Context, e *env, args []string) error {
	name := args[0]
	if name == "help" {
		printCommands(e.err)
		return nil
	}
	for _, c := range commands {
		if c.name == name {
			return c.run(ctx, e, args[1:])
		}
	}
	names := make([]string, len(commands))
	for i, c := range commands {
		names[i] = c.name
	}
	return usagef("unknown command %q%s; run kw -h for the list", name, suggest.Hint(name, names))
}

func printCommands(w io.Writer) {
	fmt.Fprint(w, "usage: kw [-b host:port,...] [-F client.properties] [-X key=value]... <command> [flags]\n\ncommands:\n")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, "\nkw <command> -h shows a command's flags.\n")
}

// newFlags returns a flag set for a subcommand that reports errors as
// values (run turns them into exit status 2) and prints its usage to e.err.
func newFlags(e *env, name, args string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.err)
	fs.Usage = func() {
		fmt.Fprintf(e.err, "usage: kw %s %s\n", name, args)
		fs.PrintDefaults()
	}
	// The connection flags work after the command name too, as in kcat.
	fs.Func("b", "bootstrap brokers, host:port[,host:port...]", func(v string) error {
		e.props["bootstrap.servers"] = v
		return nil
	})
	fs.Func("X", "client property key=value (repeatable)", func(kv string) error { return e.setProperty(kv) })
	return fs
}

// parseFlags parses args into fs, turning a flag error into a usageError
// (the flag package has printed it already, with the usage). Arguments
// after the flags are refused.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := parseFlagsAndArgs(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("%s: unexpected argument %q", fs.Name(), fs.Arg(0))
	}
	return nil
}

// parseFlagsAndArgs is parseFlags for a command that takes arguments after
// its flags (fs.Args()).
func parseFlagsAndArgs(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &usageError{fmt.Sprintf("%s: %v", fs.Name(), err)}
	}
	return nil
}

// isTerminal reports whether f is a terminal (a character device), without
// a terminal library: progress goes to stderr only then.
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
