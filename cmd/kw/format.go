package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strconv"

	kafkawire "github.com/kafkawire/kafkawire"
)

// format is a kcat -f output format: literal text and %-tokens, printed
// byte for byte as kcat 1.7 prints them:
//
//	%t topic  %p partition  %o offset  %T timestamp (ms since epoch, -1 when none)
//	%k key  %K key length (-1 for null)  %s value  %S value length (-1 for null)
//	%R value length as a 4-byte big-endian integer (-1 for null)
//	%h headers as name=value,name=value (a null value prints NULL)  %% a '%'
//
// In the literal text \n \r \t are control characters, \xHH is a byte in
// hex, \NNN one in decimal (0NNN octal), and a backslash before any other
// character stands for it; a NUL byte ends the literal it is in. With -Z (null set), an empty or null key or
// value prints as that text, as kcat's -Z does.
type format struct {
	parts []fmtPart
	null  []byte
}

type fmtPart struct {
	verb byte   // 0 for literal text
	lit  []byte // the text, escapes resolved
}

func parseFormat(s string) (*format, error) {
	f := &format{}
	for len(s) > 0 {
		i := indexByte(s, '%')
		if i < 0 {
			f.parts = append(f.parts, fmtPart{lit: unescapeFormat(s)})
			break
		}
		if i > 0 {
			f.parts = append(f.parts, fmtPart{lit: unescapeFormat(s[:i])})
		}
		if i+1 == len(s) {
			return nil, fmt.Errorf("format %q ends in a lone %%", s)
		}
		switch v := s[i+1]; v {
		case 't', 'p', 'o', 'T', 'k', 'K', 's', 'S', 'R', 'h':
			f.parts = append(f.parts, fmtPart{verb: v})
		case '%':
			f.parts = append(f.parts, fmtPart{lit: []byte{'%'}})
		default:
			return nil, fmt.Errorf("format token %%%c is not one of %%t %%p %%o %%T %%k %%K %%s %%S %%R %%h %%%%", v)
		}
		s = s[i+2:]
	}
	return f, nil
}

func indexByte(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}

// unescapeFormat resolves the backslash escapes of a literal part. An
// escape that makes a NUL byte ends the part there, as in kcat (which
// keeps the part as a C string).
func unescapeFormat(s string) []byte {
	out := unescapeAll(s)
	if i := bytes.IndexByte(out, 0); i >= 0 {
		out = out[:i]
	}
	return out
}

func unescapeAll(s string) []byte {
	var out []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 == len(s) {
			out = append(out, c)
			continue
		}
		i++
		switch s[i] {
		case 't':
			out = append(out, '\t')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 'x':
			j := i + 1
			for j < len(s) && isHex(s[j]) {
				j++
			}
			n, _ := strconv.ParseUint(s[i+1:j], 16, 64)
			out = append(out, byte(n))
			i = j - 1
		case '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
			j := i
			for j < len(s) && (isHex(s[j]) || s[j] == 'x' || s[j] == 'X') {
				j++
			}
			// Base prefixes as C's strtoul with base 0: 0x hex, 0 octal.
			n, err := strconv.ParseUint(s[i:j], 0, 64)
			for err != nil && j > i+1 { // take the longest prefix that parses
				j--
				n, err = strconv.ParseUint(s[i:j], 0, 64)
			}
			out = append(out, byte(n))
			i = j - 1
		default:
			out = append(out, s[i])
		}
	}
	return out
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// append formats r onto dst.
func (f *format) append(dst []byte, r *kafkawire.Record) []byte {
	for _, p := range f.parts {
		switch p.verb {
		case 0:
			dst = append(dst, p.lit...)
		case 't':
			dst = append(dst, r.Topic...)
		case 'p':
			dst = strconv.AppendInt(dst, int64(r.Partition), 10)
		case 'o':
			dst = strconv.AppendInt(dst, r.Offset, 10)
		case 'T':
			ts := int64(-1)
			if !r.Timestamp.IsZero() {
				ts = r.Timestamp.UnixMilli()
			}
			dst = strconv.AppendInt(dst, ts, 10)
		case 'k':
			dst = f.appendBytes(dst, r.Key)
		case 'K':
			dst = appendLen(dst, r.Key)
		case 's':
			dst = f.appendBytes(dst, r.Value)
		case 'S':
			dst = appendLen(dst, r.Value)
		case 'R':
			n := int32(-1)
			if r.Value != nil {
				n = int32(len(r.Value))
			}
			dst = binary.BigEndian.AppendUint32(dst, uint32(n))
		case 'h':
			for i, h := range r.Headers {
				if i > 0 {
					dst = append(dst, ',')
				}
				dst = append(dst, h.Key...)
				dst = append(dst, '=')
				if h.Value == nil {
					dst = append(dst, "NULL"...)
				} else {
					dst = append(dst, h.Value...)
				}
			}
		}
	}
	return dst
}

func (f *format) appendBytes(dst, b []byte) []byte {
	if len(b) == 0 {
		return append(dst, f.null...)
	}
	return append(dst, b...)
}

func appendLen(dst, b []byte) []byte {
	if b == nil {
		return append(dst, "-1"...)
	}
	return strconv.AppendInt(dst, int64(len(b)), 10)
}
