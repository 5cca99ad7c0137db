package main

import (
	"testing"

	kafkawire "github.com/kafkawire/kafkawire"
)

// FuzzFormat: any -f string parses or is refused, never panics, and a
// parsed one formats a record.
func FuzzFormat(f *testing.F) {
	for _, s := range []string{`%t %p %o %k %s\n`, `%K%S%R%T%h%%`, `\x41\0101\q\`, `%`, `%z`, `\x`, `\99999999999999999999`} {
		f.Add(s)
	}
	rec := &kafkawire.Record{Topic: "t", Key: []byte("k"), Value: []byte("v"), Headers: []kafkawire.Header{{Key: "h"}}}
	f.Fuzz(func(t *testing.T, s string) {
		fm, err := parseFormat(s)
		if err != nil {
			return
		}
		fm.append(nil, rec)
		fm.append(nil, &kafkawire.Record{})
	})
}
