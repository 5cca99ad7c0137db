package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// kw runs the program in-process and returns its exit status and output.
func kw(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	t.Setenv("KAFKA_BROKERS", "")
	var out, errb bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(stdin), &out, &errb, false)
	return code, out.String(), errb.String()
}

func TestUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "commands:\n"},
		{[]string{"-h"}, 0, "global flags:"},
		{[]string{"help"}, 0, "produce"},
		{[]string{"-b", "h:1", "prodce"}, 2, `unknown command "prodce" (did you mean "produce"?)`},
		{[]string{"-b", "h:1", "zzzzzz"}, 2, `unknown command "zzzzzz"; run kw -h`},
		{[]string{"-nope"}, 2, "flag provided but not defined: -nope"},
		{[]string{"-X", "novalue", "metadata"}, 2, "-X novalue: want key=value"},
		{[]string{"-X", "sasl.password=hunter2hunter2hunter2x", "metadata"}, 2, "no brokers"},
		{[]string{"metadata"}, 2, "no brokers: give -b host:port, set KAFKA_BROKERS"},
		{[]string{"-b", "h:1", "-X", "lingr.ms=5", "produce", "-t", "x"}, 2, `lingr.ms: unknown key (did you mean "linger.ms"?)`},
		{[]string{"-b", "h:1", "-X", "group.id=g", "-X", "acks=2", "produce", "-t", "x"}, 2, `acks: "2": want all`},
		{[]string{"-b", "h:1", "produce"}, 2, "-t topic is required"},
		{[]string{"-b", "h:1", "produce", "-t", "x", "-p", "-3"}, 2, "-p -3"},
		{[]string{"-b", "h:1", "produce", "-t", "x", "-D", ""}, 2, "-D must not be empty"},
		{[]string{"-b", "h:1", "produce", "-t", "x", "-H", "novalue"}, 2, "want name=value"},
		{[]string{"-b", "h:1", "produce", "-t", "x", "-z", "brotli"}, 2, "compression.type"},
		{[]string{"-b", "h:1", "produce", "-t", "x", "/nonexistent/input"}, 1, "/nonexistent/input"},
		{[]string{"-b", "h:1", "produce", "-h"}, 0, "usage: kw produce"},
		{[]string{"-b", "h:1", "consume"}, 2, "give -t topic"},
		{[]string{"-b", "h:1", "consume", "-t", "x", "extra"}, 2, `unexpected argument "extra"`},
		{[]string{"-b", "h:1", "consume", "-G", "g", "-p", "1", "x"}, 2, "-p cannot be used with -G"},
		{[]string{"-b", "h:1", "consume", "-t", "x", "-c", "-1"}, 2, "want a positive count"},
		{[]string{"-b", "h:1", "consume", "-t", "x", "-o", "soon"}, 2, "-o soon: want beginning"},
		{[]string{"-b", "h:1", "consume", "-t", "x", "-o", "s@x"}, 2, "want s@<milliseconds"},
		{[]string{"-b", "h:1", "consume", "-t", "x", "-o", "stored"}, 2, "-o stored needs -G"},
		{[]string{"-b", "h:1", "consume", "-G", "g", "-o", "5", "x"}, 2, "with -G, -o is beginning, end or stored"},
		{[]string{"-b", "h:1", "consume", "-t", "x", "-f", "%x"}, 2, "format token %x"},
		{[]string{"-b", "h:1", "consume", "-t", "x", "-bogus"}, 2, "flag provided but not defined"},
		{[]string{"-b", "h:1", "metadata", "extra"}, 2, `unexpected argument "extra"`},
		{[]string{"-F", "/nonexistent/client.properties", "metadata"}, 2, "-F: properties:"},
	} {
		code, _, stderr := kw(t, "", tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("kw %q: exit %d, stderr %q; want exit %d and %q", tc.args, code, stderr, tc.code, tc.want)
		}
		if strings.Contains(stderr, "hunter2") {
			t.Errorf("kw %q printed a secret: %q", tc.args, stderr)
		}
	}
}

func TestConnectionSources(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "client.properties")
	if err := os.WriteFile(file, []byte("bootstrap.servers=file:1\nlinger.ms=9\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	e, rest, err := parseGlobal([]string{"-F", file, "-X", "client.id=x", "metadata"}, nil, &out, &errb, false)
	if err != nil || rest[0] != "metadata" || e.props["bootstrap.servers"] != "file:1" || e.props["linger.ms"] != "9" || e.props["client.id"] != "x" {
		t.Fatalf("%v %v %v", e.props, rest, err)
	}
	t.Setenv("KAFKA_BROKERS", "env:1")
	e, _, _ = parseGlobal([]string{"-F", file, "metadata"}, nil, &out, &errb, false)
	if e.props["bootstrap.servers"] != "env:1" {
		t.Fatalf("KAFKA_BROKERS does not override the file: %v", e.props)
	}
	e, _, _ = parseGlobal([]string{"-F", file, "-b", "flag:1", "metadata"}, nil, &out, &errb, false)
	if e.props["bootstrap.servers"] != "flag:1" {
		t.Fatalf("-b does not override KAFKA_BROKERS: %v", e.props)
	}
}
