package integration

import (
	"bytes"
	"strings"
	"testing"
)

// The progress line counts Maven's finished downloads and their sizes,
// whatever the chunks its output arrives in, and ignores other lines.
func TestFetchProgressCountsDownloads(t *testing.T) {
	var out bytes.Buffer
	p := newProgress(&out, "fetching Kafka 4.1.1 jars")
	p.interval = 0 // a line per write
	maven := "[INFO] Scanning for projects...\n" +
		"Downloading from central: https://repo.example/org/a/a-1.pom\n" +
		"Downloaded from central: https://repo.example/org/a/a-1.pom (1.5 kB at 10 kB/s)\n" +
		"Downloaded from central: https://repo.example/org/b/b-2.jar (2.5 MB at 5.0 MB/s)\n" +
		"Downloaded from central: https://repo.example/org/c/c-3.jar (500 B at 1 kB/s)\n"
	for i := 0; i < len(maven); i += 7 { // cut mid-line
		if _, err := p.Write([]byte(maven[i:min(i+7, len(maven))])); err != nil {
			t.Fatal(err)
		}
	}
	p.done()
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	last := lines[len(lines)-1]
	if !strings.HasPrefix(last, "fetching Kafka 4.1.1 jars: 3 files, 2.5 MB downloaded (") || !strings.HasSuffix(last, ", done") {
		t.Fatalf("last progress line %q, want 3 files and 2.5 MB, done", last)
	}
	if IsTerminal(&out) {
		t.Fatal("a buffer is not a terminal")
	}
}
