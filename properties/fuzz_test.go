package properties

import (
	"os"
	"strings"
	"testing"
)

// FuzzParse: any input parses or fails with an error naming a line; it
// never panics, and a parsed key written back as key=value (escaped)
// parses to the same value.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"a=b\n", "k\\=x : v\\\n  w\n# c\n! d\n", `u=\u0041\t`, "x\\", "=\n:\n \n", `bad=\u12`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		p, err := Parse(strings.NewReader(in))
		if err != nil {
			if !strings.Contains(err.Error(), "line ") {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		for k, v := range p {
			if strings.ContainsAny(k+v, "\r\n") {
				continue // escapes of line ends are not written back here
			}
			q, err := Parse(strings.NewReader(escape(k, true) + "=" + escape(v, false) + "\n"))
			if err != nil || q[k] != v {
				t.Fatalf("%q=%q did not survive a round trip: %q, %v", k, v, q, err)
			}
		}
	})
}

// escape writes s as a properties key or value, byte by byte (Parse
// keeps bytes that are not UTF-8 as they are).
func escape(s string, key bool) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		r := s[i]
		switch {
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\f':
			b.WriteString(`\f`)
		case r == '\\' || r == '#' || r == '!' || r == '=' || r == ':' || r == ' ' && (key || i == 0):
			b.WriteByte('\\')
			b.WriteByte(r)
		default:
			b.WriteByte(r)
		}
	}
	return b.String()
}

// FuzzJAAS: the JAAS parser never panics and its errors never quote the
// input (which holds a password).
func FuzzJAAS(f *testing.F) {
	for _, s := range []string{`org.x.ScramLoginModule required username="a" password="secretpw";`, `m required a='b\'c';`, `m`, `"unterminated secretpw`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		_, err := parseJAAS(in)
		if err != nil && len(in) >= 8 && strings.Contains(err.Error(), in) {
			t.Fatalf("error quotes the input: %v", err)
		}
	})
}

// FuzzTruststore: the JKS and PKCS12 readers never panic on any bytes,
// and never allocate for lengths the input does not hold.
func FuzzTruststore(f *testing.F) {
	for _, name := range []string{"truststore.jks", "keystore.jks", "truststore.p12", "keystore.p12", "openssl.p12", "legacy.p12"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, "changeit")
	}
	f.Fuzz(func(t *testing.T, data []byte, password string) {
		trustFromStore(data, password)
		clientCertFromPKCS12(data, password, password)
		clientCertFromJKS(data, password, password)
	})
}
