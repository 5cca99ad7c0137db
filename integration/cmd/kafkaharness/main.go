// Command kafkaharness runs Apache Kafka brokers from Maven Central jars for
// humans, demos and benchmarks (tests use the integration package directly).
//
//	kafkaharness up [-brokers 1|3] [-version V] [-secure] [-prop k=v]... [-port 9092] [-progress]
//	                                              start detached brokers, print KAFKA_BROKERS=...
//	                                              (-secure: also TLS, mTLS and SASL listeners;
//	                                              -prop: extra server.properties lines;
//	                                              -port: broker 1's client port if free, else random)
//	kafkaharness down                             kill them and remove their data
//	kafkaharness status                           show what is up
//	kafkaharness fetch [-version V] [-progress]   only download the jars; print the libs dir
//	                                              (-progress: report the download on stderr
//	                                              even when it is not a terminal)
//	kafkaharness classpath [-version V]           print the java -cp value (libs dir glob)
//
// The version defaults to $KAFKA_VERSION, else 4.1.1; the cache to
// ${KAFKAWIRE_CACHE:-$HOME/.cache/kafkawire}. State: <cache>/run/state.json.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/kafkawire/kafkawire/integration"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "kafkaharness:", err)
		os.Exit(1)
	}
}

const usage = "usage: kafkaharness up [-brokers 1|3] [-version V] [-secure] [-prop k=v]... | down | status | fetch [-version V] | classpath [-version V]"

func run(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New(usage)
	}
	fs := flag.NewFlagSet("kafkaharness "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	brokers := fs.Int("brokers", 1, "number of brokers: 1 or 3 (up)")
	version := fs.String("version", "", "Kafka version (default $KAFKA_VERSION, else "+integration.DefaultVersion+")")
	state := fs.String("state", integration.DefaultStatePath(), "state file of the detached cluster")
	secure := fs.Bool("secure", false, "also start SSL, MTLS, SASL_PLAINTEXT and SASL_SSL listeners (up)")
	port := fs.Int("port", 9092, "client port of broker 1 when it is free, else a random one; 0: always random (up)")
	progress := fs.Bool("progress", false, "report the jar download's progress on stderr even when it is not a terminal (up, fetch)")
	props := map[string]string{}
	fs.Func("prop", "an extra server.properties line key=value, e.g. connections.max.reauth.ms=10000 (up; repeatable)", func(s string) error {
		k, v, ok := strings.Cut(s, "=")
		if !ok || k == "" {
			return fmt.Errorf("want key=value, got %q", s)
		}
		props[k] = v
		return nil
	})
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q; %s", fs.Arg(0), usage)
	}
	ver := *version
	if ver == "" {
		ver = os.Getenv("KAFKA_VERSION")
	}
	if ver == "" {
		ver = integration.DefaultVersion
	}
	if *port < 0 || *port > 65535 {
		return fmt.Errorf("-port %d is not a TCP port (1-65535, or 0 for a random one)", *port)
	}
	if *progress || integration.IsTerminal(stderr) {
		integration.FetchProgress = stderr
	}
	ctx := context.Background()
	switch args[0] {
	case "up":
		t0 := time.Now()
		opts := integration.Options{Brokers: *brokers, Version: ver, Secure: *secure, ClientPort: *port}
		if len(props) > 0 {
			opts.BrokerProps = props
		}
		s, err := integration.Up(ctx, opts, *state)
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "Kafka %s up in %.1fs: %d broker(s), dir %s, state %s\n", s.Version, time.Since(t0).Seconds(), len(s.Nodes), s.Dir, *state)
		for _, n := range s.Nodes {
			fmt.Fprintf(stderr, "  broker %d %s pid %d log %s\n", n.ID, n.Addr, n.Pid, n.Log)
		}
		if want := fmt.Sprintf("127.0.0.1:%d", *port); *port != 0 && len(s.Nodes) > 0 && s.Nodes[0].Addr != want {
			fmt.Fprintf(stderr, "  (port %d was taken: use the address above, or KAFKA_BROKERS=%s)\n", *port, strings.Join(s.Brokers, ","))
		}
		fmt.Fprintf(stdout, "KAFKA_BROKERS=%s\n", strings.Join(s.Brokers, ","))
		printSecurity(s.Security, stdout, stderr)
		return nil
	case "down":
		msg, err := integration.Down(*state)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, msg)
		return nil
	case "status":
		return status(*state, stdout)
	case "fetch", "classpath":
		t0 := time.Now()
		libs, err := integration.Fetch(ctx, ver)
		if err != nil {
			return err
		}
		if args[0] == "fetch" {
			fmt.Fprintf(stderr, "Kafka %s jars ready in %.1fs\n", ver, time.Since(t0).Seconds())
			fmt.Fprintln(stdout, libs)
		} else {
			fmt.Fprintln(stdout, integration.Classpath(ver))
		}
		return nil
	}
	return fmt.Errorf("unknown command %q; %s", args[0], usage)
}

func status(statePath string, stdout io.Writer) error {
	s, err := integration.ReadState(statePath)
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("no harness cluster is up (no %s); start one with `kafkaharness up`", statePath)
	}
	if err != nil {
		return err
	}
	down := 0
	fmt.Fprintf(stdout, "Kafka %s, started %s, dir %s\n", s.Version, s.Started.Format(time.RFC3339), s.Dir)
	for _, n := range s.Nodes {
		st := "up"
		if !n.Alive(s.Dir) {
			st, down = "DOWN", down+1
		}
		fmt.Fprintf(stdout, "  broker %d %s pid %d %s (log %s)\n", n.ID, n.Addr, n.Pid, st, n.Log)
	}
	fmt.Fprintf(stdout, "KAFKA_BROKERS=%s\n", strings.Join(s.Brokers, ","))
	printSecurity(s.Security, stdout, io.Discard)
	if down > 0 {
		return fmt.Errorf("%d of %d broker(s) are down; run `kafkaharness down` then `up`", down, len(s.Nodes))
	}
	return nil
}

// printSecurity prints, as shell variables, what a client of a secured
// cluster needs; nothing for a plain one.
func printSecurity(sec *integration.Security, stdout, stderr io.Writer) {
	if sec == nil {
		return
	}
	for _, l := range integration.SecureListeners {
		fmt.Fprintf(stdout, "KAFKA_%s_BROKERS=%s\n", l, strings.Join(sec.Listeners[l], ","))
	}
	fmt.Fprintf(stdout, "KAFKA_CA_FILE=%s\nKAFKA_CLIENT_CERT_FILE=%s\nKAFKA_CLIENT_KEY_FILE=%s\n", sec.CAFile, sec.CertFile, sec.KeyFile)
	fmt.Fprintf(stdout, "KAFKA_SASL_MECHANISMS=%s\nKAFKA_SASL_USER=%s\nKAFKA_SASL_PASSWORD=%s\n",
		strings.Join(integration.SASLMechanisms, ","), sec.User, sec.Password)
	fmt.Fprintln(stderr, "  MTLS needs the client certificate; the SASL user works for PLAIN and SCRAM-SHA-256/512;")
	fmt.Fprintln(stderr, "  OAUTHBEARER takes any unsecured JWT (alg none) with sub and exp claims (integration.UnsecuredJWT)")
}
