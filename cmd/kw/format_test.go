package main

import (
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
)

func TestFormat(t *testing.T) {
	rec := &kafkawire.Record{Topic: "t1", Partition: 3, Offset: 42, Key: []byte("k"), Value: []byte("hello"),
		Timestamp: time.UnixMilli(1700000000123), Headers: []kafkawire.Header{{Key: "a", Value: []byte("1")}, {Key: "n"}, {Key: "e", Value: []byte{}}}}
	null := &kafkawire.Record{Topic: "t1", Offset: 7}
	for _, tc := range []struct {
		format string
		rec    *kafkawire.Record
		null   string
		want   string
	}{
		{`%t %p %o %k %s\n`, rec, "", "t1 3 42 k hello\n"},
		{`%K %S %T|%h|\t%%`, rec, "", "1 5 1700000000123|a=1,n=NULL,e=|\t%"},
		{`[%k][%s] %K %S %T %h.`, null, "", "[][] -1 -1 -1 ."},
		{`[%k][%s]`, null, "NULL", "[NULL][NULL]"},
		{`%R`, rec, "", "\x00\x00\x00\x05"},
		{`%R`, null, "", "\xff\xff\xff\xff"},
		{`\x41\x4a\65\0101\q\`, rec, "", "AJA" + "A" + "q\\"},
		{`plain`, rec, "", "plain"},
		{`a\x00;b\n%s|\0x41|\x00b`, rec, "", "ahello|A|\v"},
	} {
		f, err := parseFormat(tc.format)
		if err != nil {
			t.Fatalf("%q: %v", tc.format, err)
		}
		f.null = []byte(tc.null)
		if got := string(f.append(nil, tc.rec)); got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.format, got, tc.want)
		}
	}
}

func TestFormatErrors(t *testing.T) {
	for _, f := range []string{"%x", "abc%", "%H"} {
		if _, err := parseFormat(f); err == nil {
			t.Errorf("%q accepted", f)
		}
	}
}
