package producersuite

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/integration/suitekit"
	"github.com/kafkawire/kafkawire/producer"
)

// TestCodecsKcat checks every codec against librdkafka through kcat: kcat
// reads exactly the batches our producer writes, and our consumer reads
// exactly what kcat writes with that codec. kcat is a test dependency
// (make test installs Debian's package); without it the test fails.
func TestCodecsKcat(t *testing.T) {
	kcat := suitekit.Kcat(t, "needed for the librdkafka interop test")
	tc := sharedCluster(t)
	brokers := tc.Bootstrap()
	const n = 300
	for _, codec := range []struct {
		name string
		c    producer.Compression
	}{
		{"none", producer.CompressionNone}, {"gzip", producer.CompressionGzip}, {"snappy", producer.CompressionSnappy},
		{"lz4", producer.CompressionLZ4}, {"zstd", producer.CompressionZstd},
	} {
		t.Run(codec.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			var want []string
			for i := 0; i < n; i++ {
				want = append(want, fmt.Sprintf("key-%d\tvalue-%d-%s", i, i, strings.Repeat("abc", i%40)))
			}

			// Ours -> kcat.
			topic := suite.NewTopic(t, brokers, "kcat-in-"+codec.name, 1)
			p := suitekit.NewProducer(t, producer.Config{Brokers: brokers, Compression: codec.c})
			for _, line := range want {
				k, v, _ := strings.Cut(line, "\t")
				if err := p.SendFunc(ctx, &kafkawire.Record{Topic: topic, Key: []byte(k), Value: []byte(v)}, nil); err != nil {
					t.Fatal(err)
				}
			}
			if err := p.Flush(ctx); err != nil {
				t.Fatal(err)
			}
			out, err := exec.CommandContext(ctx, kcat, "-C", "-b", strings.Join(brokers, ","), "-t", topic, "-p", "0",
				"-o", "beginning", "-e", "-q", "-f", "%k\t%s\n").CombinedOutput()
			if err != nil {
				t.Fatalf("kcat -C: %v\n%s", err, out)
			}
			got := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
			if len(got) != n {
				t.Fatalf("kcat read %d records of %d we wrote with %s", len(got), n, codec.name)
			}
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("kcat read %q at offset %d, we wrote %q", got[i], i, want[i])
				}
			}

			// kcat -> ours.
			topic2 := suite.NewTopic(t, brokers, "kcat-out-"+codec.name, 1)
			cmd := exec.CommandContext(ctx, kcat, "-P", "-b", strings.Join(brokers, ","), "-t", topic2, "-p", "0",
				"-z", codec.name, "-K", "\t")
			cmd.Stdin = strings.NewReader(strings.Join(want, "\n") + "\n")
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("kcat -P -z %s: %v\n%s", codec.name, err, out)
			}
			recs := readAll(t, brokers, topic2, 1, n)
			if len(recs) != n {
				t.Fatalf("we read %d records of %d kcat wrote with %s", len(recs), n, codec.name)
			}
			for i, r := range recs {
				if line := string(r.Key) + "\t" + string(r.Value); line != want[i] || r.Offset != int64(i) {
					t.Fatalf("offset %d: read %q, kcat wrote %q", r.Offset, line, want[i])
				}
			}
			t.Logf("%s: %d records each way, identical", codec.name, n)
		})
	}
}
