// Package propdoc checks, in tests, that a client's property table and
// its Config's field comments agree: the comment of every field a key sets
// names that key, so the comments stay the mapping table users read.
package propdoc

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"

	"github.com/kafkawire/kafkawire/properties"
)

// Check parses file, finds struct type typeName, and fails t for every
// key whose Field's comment (doc or line comment, of the field or of its
// group: a comment may cover several fields declared together) does not
// contain the key's name. A field whose comment says "see producer.Config"
// defers to the producer's comment and is skipped; "ssl.*" in a comment
// names every ssl. key. Keys accepted and ignored set nothing and are not
// checked.
func Check(t *testing.T, file, typeName string, keys []properties.KeyDoc) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	comments := map[string]string{}
	ast.Inspect(f, func(n ast.Node) bool {
		ts, ok := n.(*ast.TypeSpec)
		if !ok || ts.Name.Name != typeName {
			return true
		}
		st, ok := ts.Type.(*ast.StructType)
		if !ok {
			return false
		}
		// A comment above a run of fields without their own comment covers
		// them all, as in "FetchMinBytes, FetchMaxBytes ... shape each Fetch".
		var group string
		for _, fld := range st.Fields.List {
			text := fld.Doc.Text() + fld.Comment.Text()
			if fld.Doc != nil {
				group = text
			} else if text == "" {
				text = group
			}
			for _, name := range fld.Names {
				comments[name.Name] = text
			}
		}
		return false
	})
	if len(comments) == 0 {
		t.Fatalf("%s: no struct type %s", file, typeName)
	}
	for _, k := range keys {
		if k.Field == "" || k.Ignore != "" {
			continue
		}
		c, ok := comments[k.Field]
		if !ok {
			t.Errorf("key %s sets %s.%s, which %s does not declare", k.Name, typeName, k.Field, file)
			continue
		}
		if strings.Contains(c, "see producer.Config") {
			continue
		}
		if !strings.Contains(c, k.Name) && !coveredByWildcard(c, k.Name) {
			t.Errorf("the comment of %s.%s does not name %s, which sets it", typeName, k.Field, k.Name)
		}
	}
}

// coveredByWildcard reports whether comment names a family like "ssl.*"
// that name belongs to.
func coveredByWildcard(comment, name string) bool {
	for i := strings.Index(name, "."); i >= 0; {
		if strings.Contains(comment, name[:i+1]+"*") {
			return true
		}
		j := strings.Index(name[i+1:], ".")
		if j < 0 {
			break
		}
		i += j + 1
	}
	return false
}
