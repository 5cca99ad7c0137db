package properties

import (
	"errors"
	"fmt"
	"strings"
)

const (
	plainModule = "org.apache.kafka.common.security.plain.PlainLoginModule"
	scramModule = "org.apache.kafka.common.security.scram.ScramLoginModule"
)

type jaasEntry struct {
	module  string
	options map[string]string
}

// parseJAAS reads the one login module entry of a client's
// sasl.jaas.config: `<class> <flag> key=value ... ;`, values bare or in
// double or single quotes (a backslash escapes the next character).
// Errors never quote the input: it holds a password.
func parseJAAS(s string) (jaasEntry, error) {
	toks, err := jaasTokens(s)
	if err != nil {
		return jaasEntry{}, err
	}
	if len(toks) > 0 && toks[len(toks)-1] == ";" {
		toks = toks[:len(toks)-1]
	}
	if len(toks) < 2 {
		return jaasEntry{}, errors.New("want `<LoginModule class> required key=\"value\" ...;`")
	}
	switch strings.ToLower(toks[1]) {
	case "required", "requisite", "sufficient", "optional":
	default:
		return jaasEntry{}, errors.New("the login module class must be followed by a control flag (required)")
	}
	e := jaasEntry{module: toks[0], options: map[string]string{}}
	rest := toks[2:]
	for len(rest) > 0 {
		if rest[0] == ";" {
			return jaasEntry{}, errors.New("holds more than one login module entry; a client takes one")
		}
		if len(rest) < 3 || rest[1] != "=" {
			return jaasEntry{}, fmt.Errorf("option %d is not key=value", len(e.options)+1)
		}
		e.options[rest[0]] = rest[2]
		rest = rest[3:]
	}
	return e, nil
}

// jaasTokens splits s into words, quoted strings (unquoted), "=" and ";".
func jaasTokens(s string) ([]string, error) {
	var toks []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '=' || c == ';':
			toks = append(toks, string(c))
			i++
		case c == '"' || c == '\'':
			var b strings.Builder
			j := i + 1
			for ; j < len(s) && s[j] != c; j++ {
				if s[j] == '\\' && j+1 < len(s) {
					j++
				}
				b.WriteByte(s[j])
			}
			if j == len(s) {
				return nil, errors.New("has an unterminated quoted value")
			}
			toks = append(toks, b.String())
			i = j + 1
		default:
			j := i
			for j < len(s) && !strings.ContainsRune(" \t\n\r=;\"'", rune(s[j])) {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		}
	}
	return toks, nil
}
