package integration

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"sync"
	"time"
)

// FetchProgress, when set, gets a progress line while Fetch downloads jars
// with Maven (files and bytes so far), so that a first run does not look
// stuck for minutes. kafkaharness sets it to stderr when that is a terminal
// or with -progress; tests leave it nil.
var FetchProgress io.Writer

// Maven (batch mode, not -q) logs each finished download as
// "Downloaded from central: <url> (1.2 kB at 3.4 MB/s)".
var downloadedRE = regexp.MustCompile(`Downloaded from [^:]+: \S+ \(([0-9.]+) (B|kB|MB|GB)`)

// progress counts Maven's downloads from its output and reports them to w,
// at most every interval (each as a new line, or rewriting one line on a
// terminal).
type progress struct {
	w        io.Writer
	what     string
	start    time.Time
	interval time.Duration
	tty      bool

	mu      sync.Mutex
	partial []byte
	files   int
	bytes   float64
	last    time.Time
}

func newProgress(w io.Writer, what string) *progress {
	p := &progress{w: w, what: what, start: time.Now(), interval: 5 * time.Second}
	if IsTerminal(w) {
		p.tty, p.interval = true, 500*time.Millisecond
	}
	return p
}

// IsTerminal tells whether w is a terminal (a character device).
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

var units = map[string]float64{"B": 1, "kB": 1e3, "MB": 1e6, "GB": 1e9}

func (p *progress) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.partial = append(p.partial, b...)
	for {
		i := bytes.IndexByte(p.partial, '\n')
		if i < 0 {
			break
		}
		if m := downloadedRE.FindSubmatch(p.partial[:i]); m != nil {
			n, _ := strconv.ParseFloat(string(m[1]), 64)
			p.files++
			p.bytes += n * units[string(m[2])]
		}
		p.partial = p.partial[i+1:]
	}
	if time.Since(p.last) >= p.interval {
		p.last = time.Now()
		p.print("")
	}
	return len(b), nil
}

func (p *progress) print(end string) {
	line := fmt.Sprintf("%s: %d files, %.1f MB downloaded (%.0fs)%s", p.what, p.files, p.bytes/1e6, time.Since(p.start).Seconds(), end)
	if p.tty {
		fmt.Fprintf(p.w, "\r%s\x1b[K", line)
	} else {
		fmt.Fprintln(p.w, line)
	}
}

// done prints the final count and ends the line.
func (p *progress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.print(", done")
	if p.tty {
		fmt.Fprintln(p.w)
	}
}
