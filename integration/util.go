package integration

import (
	"os"
	"strconv"
	"strings"
)

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

func appendFile(path, text string) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return
	}
	defer f.Close()
	_, _ = f.WriteString(text)
}

// tailFile returns the last n lines of a file, or a note saying why not.
func tailFile(path string, n int) string { return tailLines(path, n, false) }

// tailRecords is tailFile for a log4j log: only lines that start a record
// (the broker's config dump continues on indented lines).
func tailRecords(path string, n int) string { return tailLines(path, n, true) }

func tailLines(path string, n int, records bool) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return "(" + err.Error() + ")"
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if records {
		kept := lines[:0]
		for _, l := range lines {
			if strings.HasPrefix(l, "[") {
				kept = append(kept, l)
			}
		}
		lines = kept
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}

func itoa(i int) string { return strconv.Itoa(i) }
