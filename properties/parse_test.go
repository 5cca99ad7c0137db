package properties

import (
	"maps"
	"strings"
	"testing"
)

func TestParseJavaSyntax(t *testing.T) {
	in := strings.Join([]string{
		"# a comment",
		"   ! another comment",
		"",
		"a=b",
		"spaced = value with spaces  ",
		"colon:c",
		"colon.spaced : d",
		"blank e",
		"keyonly",
		"empty=",
		`cont=hello \`,
		`      world`,
		`esc\=aped\ key=tab\there\u0041\\`,
		`path=C:\\dir\\`,
		`jaas=Module required username="u" password="p=q";`,
		"a=later wins",
	}, "\n")
	p, err := Parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := Properties{
		"a": "later wins", "spaced": "value with spaces  ", "colon": "c", "colon.spaced": "d",
		"blank": "e", "keyonly": "", "empty": "", "cont": "hello world", "esc=aped key": "tab\thereA\\",
		"path": `C:\dir\`, "jaas": `Module required username="u" password="p=q";`,
	}
	if !maps.Equal(p, want) {
		t.Errorf("got  %q\nwant %q", p, want)
	}
}

func TestParseErrors(t *testing.T) {
	_, err := Parse(strings.NewReader("ok=1\nbad=\\u12\n"))
	if err == nil || !strings.Contains(err.Error(), "line 2") || !strings.Contains(err.Error(), `\uXXXX`) {
		t.Fatalf("bad escape: %v", err)
	}
	_, err = Parse(strings.NewReader("x=\\uzzzz"))
	if err == nil {
		t.Fatal("non-hex escape accepted")
	}
	// A continuation at the end of the file ends the value.
	p, err := Parse(strings.NewReader("k=v\\"))
	if err != nil || p["k"] != "v" {
		t.Fatalf("trailing continuation: %q, %v", p, err)
	}
	if _, err := Load("/nonexistent/client.properties"); err == nil || !strings.Contains(err.Error(), "nonexistent") {
		t.Fatalf("Load of a missing file: %v", err)
	}
}

func TestList(t *testing.T) {
	if got := List(" a:1, ,b:2 ,"); len(got) != 2 || got[0] != "a:1" || got[1] != "b:2" {
		t.Fatalf("List = %q", got)
	}
}
