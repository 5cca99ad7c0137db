package clisuite

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kafkawire/kafkawire/integration/suitekit"
)

// writeWithKcat fills topic through kcat: keyed and unkeyed records,
// empty and null values, with and without headers, on every partition.
func writeWithKcat(t *testing.T, brokers []string, topic string, partitions int) int {
	n := 0
	for p := 0; p < partitions; p++ {
		var plain, keyed bytes.Buffer
		for i := 0; i < 20; i++ {
			fmt.Fprintf(&plain, "unkeyed value %d on %d\n", i, p)       // no delimiter: null key
			fmt.Fprintf(&keyed, "key-%d\tvalue %d: tab\\t%% ü\n", i, i) // key, delimiter, value
		}
		keyed.WriteString("\tempty key, so null with -Z\n")
		keyed.WriteString("key-with-empty-value\t\n")
		kcat(t, brokers, plain.Bytes(), "-P", "-t", topic, "-p", fmt.Sprint(p))
		kcat(t, brokers, keyed.Bytes(), "-P", "-t", topic, "-p", fmt.Sprint(p), "-K", "\t", "-Z",
			"-H", "trace=abc", "-H", "empty=", "-H", "dup=1", "-H", "dup=2")
		n += 42
	}
	return n
}

// TestConsumeFormatMatchesKcat: for a topic kcat wrote, kw consume -f
// prints byte for byte what kcat -C -f prints, partition by partition, for
// every format token.
func TestConsumeFormatMatchesKcat(t *testing.T) {
	tc := sharedCluster(t)
	brokers := tc.Bootstrap()
	const partitions = 3
	topic := suite.NewTopic(t, brokers, "fmt", partitions)
	total := writeWithKcat(t, brokers, topic, partitions)
	formats := []string{
		`%t %p %o %k %s\n`,
		`%t|%p|%o|%T|%K|%k|%S|%s|%h\n`,
		`[%k] => [%s] (%K/%S) %% \x41\t%h\r\n`,
		`%R%s`,
		`%o\101\x4a\x41B\065\0x41;\q\\%s;\x00;dropped\n|%k\x00dq\n`,
		`%s\n`,
	}
	for _, f := range formats {
		for p := 0; p < partitions; p++ {
			want := kcat(t, brokers, nil, "-C", "-t", topic, "-p", fmt.Sprint(p), "-o", "beginning", "-e", "-q", "-f", f)
			got := kw(t, brokers, nil, "consume", "-t", topic, "-p", fmt.Sprint(p), "-o", "beginning", "-e", "-f", f)
			if !bytes.Equal(got, want) {
				t.Fatalf("format %q, partition %d: kw printed\n%q\nkcat printed\n%q", f, p, got, want)
			}
		}
	}
	// -Z prints empty and null keys and values as NULL in both.
	want := kcat(t, brokers, nil, "-C", "-t", topic, "-p", "0", "-o", "beginning", "-e", "-q", "-Z", "-f", `%k|%s\n`)
	got := kw(t, brokers, nil, "consume", "-t", topic, "-p", "0", "-o", "beginning", "-e", "-Z", "-f", `%k|%s\n`)
	if !bytes.Equal(got, want) || !bytes.Contains(got, []byte("NULL|")) {
		t.Fatalf("-Z: kw printed\n%q\nkcat printed\n%q", got, want)
	}
	// The whole topic: the same lines, in an order that differs between
	// partitions only.
	f := `%p %o %k %s %h\n`
	kc := sortedLines(kcat(t, brokers, nil, "-C", "-t", topic, "-o", "beginning", "-e", "-q", "-f", f))
	ours := sortedLines(kw(t, brokers, nil, "consume", "-t", topic, "-e", "-f", f))
	if len(ours) != total || strings.Join(ours, "\n") != strings.Join(kc, "\n") {
		t.Fatalf("whole topic: kw printed %d lines, kcat %d, or they differ", len(ours), len(kc))
	}
	t.Logf("%d records on %d partitions, %d formats: identical bytes", total, partitions, len(formats)+1)
}

func sortedLines(b []byte) []string {
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	slices.Sort(lines)
	return lines
}

// TestProduceMillionLinesReadByKcat: kcat reads back exactly the 1,000,000
// lines kw produce sent from a file, in order.
func TestProduceMillionLinesReadByKcat(t *testing.T) {
	tc := sharedCluster(t)
	brokers := tc.Bootstrap()
	topic := suite.NewTopic(t, brokers, "million", 1)
	const n = 1_000_000
	var buf bytes.Buffer
	for i := 0; i < n; i++ {
		fmt.Fprintf(&buf, "key-%07d\tvalue %d %s\n", i, i, strings.Repeat("xyz", i%17))
	}
	file := filepath.Join(t.TempDir(), "lines.txt")
	if err := os.WriteFile(file, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	r := suitekit.RunCmd(t, 5*time.Minute, nil, kwBin, "-b", strings.Join(brokers, ","), "produce", "-t", topic, "-K", `\t`, file)
	if r.Code != 0 {
		t.Fatalf("kw produce: exit %d: %s", r.Code, r.Stderr)
	}
	if len(r.Stderr) != 0 {
		t.Fatalf("kw produce wrote to a non-terminal stderr: %q", r.Stderr)
	}
	produced := time.Since(start)
	back := kcat(t, brokers, nil, "-C", "-t", topic, "-p", "0", "-o", "beginning", "-e", "-q", "-f", `%k\t%s\n`)
	if got, want := bytes.Count(back, []byte("\n")), n; got != want {
		t.Fatalf("kcat read %d records, kw produced %d", got, want)
	}
	if sha256.Sum256(back) != sha256.Sum256(buf.Bytes()) {
		t.Fatal("kcat read other bytes than the file kw produced (same count)")
	}
	t.Logf("kw produced %d lines (%d MB) in %v (%.0f records/s); kcat read them back identical", n, buf.Len()>>20, produced.Round(time.Millisecond), n/produced.Seconds())
}

// TestProduceOptions: -K, -H, -p, -z, -acks and -Z reach the records, as
// kcat reads them.
func TestProduceOptions(t *testing.T) {
	tc := sharedCluster(t)
	brokers := tc.Bootstrap()
	topic := suite.NewTopic(t, brokers, "opts", 3)
	for _, codec := range []string{"none", "gzip", "snappy", "lz4", "zstd"} {
		for _, acks := range []string{"all", "1", "0"} {
			in := fmt.Sprintf("k1::v1 %[1]s %[2]s\nno key here %[1]s\n::empty key\nk2::\n\n", codec, acks)
			kw(t, brokers, []byte(in), "produce", "-t", topic, "-p", "2", "-K", "::", "-z", codec, "-acks", acks, "-Z",
				"-H", "codec="+codec, "-H", "h2=x=y")
		}
	}
	got := kcat(t, brokers, nil, "-C", "-t", topic, "-p", "2", "-o", "beginning", "-e", "-q", "-Z", "-f", `%K:%k|%S:%s|%h\n`)
	var want bytes.Buffer
	for _, codec := range []string{"none", "gzip", "snappy", "lz4", "zstd"} {
		for _, acks := range []string{"all", "1", "0"} {
			h := "codec=" + codec + ",h2=x=y"
			v := fmt.Sprintf("v1 %s %s", codec, acks)
			nk := fmt.Sprintf("no key here %s", codec)
			fmt.Fprintf(&want, "2:k1|%d:%s|%s\n-1:NULL|%d:%s|%s\n-1:NULL|9:empty key|%s\n2:k2|-1:NULL|%s\n", len(v), v, h, len(nk), nk, h, h, h)
		}
	}
	if got := string(got); got != want.String() {
		t.Fatalf("kcat read\n%s\nwant\n%s", got, want.String())
	}
	for _, p := range []string{"0", "1"} {
		if out := kcat(t, brokers, nil, "-C", "-t", topic, "-p", p, "-o", "beginning", "-e", "-q"); len(out) != 0 {
			t.Fatalf("-p 2 records reached partition %s: %q", p, out)
		}
	}
}
