package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kafkawire/kafkawire/internal/fakebroker"
	"github.com/kafkawire/kafkawire/protocol"
)

// Usage errors of topics, groups and configs: exit status 2 before any
// connection (the broker address is never dialed).
func TestAdminUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"topics"}, "topics: missing verb: one of create, delete, describe, list"},
		{[]string{"topics", "lst"}, `topics: unknown verb "lst"`},
		{[]string{"topics", "create"}, "-topic is required"},
		{[]string{"topics", "create", "-topic", "t", "-config", "novalue"}, `-config "novalue" is not key=value`},
		{[]string{"topics", "create", "-topic", "t", "-replica-assignment", "1:x"}, `"x" is not a broker id`},
		{[]string{"topics", "delete"}, "-topic is required"},
		{[]string{"topics", "list", "extra"}, `unexpected argument "extra"`},
		{[]string{"configs", "describe"}, "give one of -topic or -broker"},
		{[]string{"configs", "describe", "-topic", "t", "-broker", "1"}, "give one of -topic or -broker"},
		{[]string{"configs", "describe", "-broker", "one"}, `-broker "one" is not a node id`},
		{[]string{"configs", "alter", "-topic", "t"}, "nothing to change"},
		{[]string{"configs", "alter", "-topic", "t", "-set", "k"}, `"k" is not key=value`},
		{[]string{"groups", "lag"}, "-group is required"},
		{[]string{"groups", "describe"}, "-group is required"},
		{[]string{"groups", "reset", "-group", "g", "-all-topics"}, "exactly one of -to-earliest"},
		{[]string{"groups", "reset", "-group", "g", "-to-latest"}, "give -topic or -all-topics"},
		{[]string{"groups", "reset", "-group", "g", "-topic", "t", "-all-topics", "-to-latest"}, "give -topic or -all-topics"},
		{[]string{"groups", "reset", "-group", "g", "-all-topics", "-to-datetime", "yesterday"}, `-to-datetime "yesterday"`},
	} {
		code, _, stderr := kw(t, "", append([]string{"-b", "127.0.0.1:1"}, tc.args...)...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("kw %q: exit %d, stderr %q; want exit 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
}

func TestParseDatetime(t *testing.T) {
	for in, want := range map[string]int64{
		"2026-12-01T10:00:00Z":          time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC).UnixMilli(),
		"2026-12-01T10:00:00.250+01:00": time.Date(2026, 12, 1, 9, 0, 0, 250e6, time.UTC).UnixMilli(),
		"2026-12-01T10:00:00.250":       time.Date(2026, 12, 1, 10, 0, 0, 250e6, time.Local).UnixMilli(),
		"2026-12-01T10:00:00":           time.Date(2026, 12, 1, 10, 0, 0, 0, time.Local).UnixMilli(),
	} {
		got, err := parseDatetime(in)
		if err != nil || got.UnixMilli() != want {
			t.Errorf("parseDatetime(%q) = %v, %v; want %d", in, got, err, want)
		}
	}
}

// A reset of many partitions commits them in chunks, with progress on a
// terminal (stderr).
func TestGroupsResetProgress(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1200)
	t.Setenv("KAFKA_BROKERS", strings.Join(fc.Addrs(), ","))
	var out, errb bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	code := run(ctx, []string{"groups", "reset", "-group", "g", "-topic", "t", "-to-earliest", "-execute"}, strings.NewReader(""), &out, &errb, true)
	if code != 0 {
		t.Fatalf("kw groups reset: exit %d\n%s", code, errb.String())
	}
	if n := fc.Requests(protocol.KeyOffsetCommit); n != 3 {
		t.Fatalf("%d OffsetCommit requests for 1200 partitions, want 3 (chunks of %d)", n, resetChunk)
	}
	if !strings.Contains(errb.String(), "partitions reset") || strings.Count(out.String(), "\ng ") != 1200 {
		t.Fatalf("kw groups reset: stderr %q, %d rows", errb.String(), strings.Count(out.String(), "\ng "))
	}
	if fc.Committed("g", "t", 1199) != 0 {
		t.Fatal("t/1199 not committed")
	}
}
