// Package properties reads Java client configuration files (.properties)
// and maps their keys to kafkawire's configuration: the connection keys
// shared by every client here, each client's own keys in its package
// (producer.ConfigFromProperties, consumer.ConfigFromProperties,
// admin.ConfigFromProperties).
package properties

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
)

// Properties is a parsed properties file: key to value.
type Properties map[string]string

// Load reads and parses a properties file.
func Load(path string) (Properties, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("properties: %w", err)
	}
	defer f.Close()
	p, err := Parse(f)
	if err != nil {
		return nil, fmt.Errorf("%w in %s", err, path)
	}
	return p, nil
}

// Parse reads Java .properties syntax (java.util.Properties.load): one
// key=value, key:value or "key value" per logical line; lines whose first
// non-blank character is # or ! are comments; a line ending in an odd
// number of backslashes continues on the next one (whose leading blanks
// are dropped); \t \n \r \f \uXXXX are escapes, and a backslash before any
// other character stands for that character. Java reads the bytes as
// ISO-8859-1; we read UTF-8, which is the same for ASCII files. A later
// line for the same key wins, as in Java.
func Parse(r io.Reader) (Properties, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	p := Properties{}
	lineNo := 0
	for sc.Scan() {
		lineNo++
		line := strings.TrimLeft(sc.Text(), " \t\f")
		if line == "" || line[0] == '#' || line[0] == '!' {
			continue
		}
		start := lineNo
		for continues(line) {
			line = line[:len(line)-1]
			if !sc.Scan() {
				break
			}
			lineNo++
			line += strings.TrimLeft(sc.Text(), " \t\f")
		}
		k, v, err := splitLine(line)
		if err != nil {
			return nil, fmt.Errorf("properties: line %d: %w", start, err)
		}
		p[k] = v
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("properties: line %d: %w", lineNo+1, err)
	}
	return p, nil
}

// continues reports whether line ends in an odd number of backslashes.
func continues(line string) bool {
	n := 0
	for i := len(line) - 1; i >= 0 && line[i] == '\\'; i-- {
		n++
	}
	return n%2 == 1
}

// splitLine splits a logical line at the first unescaped '=', ':' or
// blank (blanks around one '=' or ':' belong to the separator) and
// unescapes both halves.
func splitLine(line string) (key, value string, err error) {
	end := len(line)
	for i := 0; i < len(line); i++ {
		c := line[i]
		if c == '\\' {
			i++
			continue
		}
		if c == '=' || c == ':' || c == ' ' || c == '\t' || c == '\f' {
			end = i
			break
		}
	}
	rest := strings.TrimLeft(line[end:], " \t\f")
	if rest != "" && (rest[0] == '=' || rest[0] == ':') {
		rest = strings.TrimLeft(rest[1:], " \t\f")
	}
	if key, err = unescape(line[:end]); err != nil {
		return "", "", err
	}
	if value, err = unescape(rest); err != nil {
		return "", "", fmt.Errorf("key %s: %w", key, err)
	}
	return key, value, nil
}

func unescape(s string) (string, error) {
	if !strings.Contains(s, `\`) {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i == len(s)-1 {
			b.WriteByte(s[i])
			continue
		}
		i++
		switch s[i] {
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 'f':
			b.WriteByte('\f')
		case 'u':
			if len(s)-i-1 < 4 {
				return "", fmt.Errorf(`malformed \uXXXX escape`)
			}
			n, err := strconv.ParseUint(s[i+1:i+5], 16, 16)
			if err != nil {
				return "", fmt.Errorf(`malformed \uXXXX escape`)
			}
			b.WriteRune(rune(n))
			i += 4
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String(), nil
}

// Keys returns the keys in sorted order, so errors are deterministic.
func (p Properties) Keys() []string {
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
