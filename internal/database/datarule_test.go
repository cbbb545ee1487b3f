package database_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// ruled are the packages that follow the data-access rule of docs/architecture.md
// ("Data access"), with the files each still keeps out of it.
var ruled = map[string][]string{
	"audit": nil, "hours": nil, "lessons": nil, "pilots": nil, "placements": nil,
	"users": nil, "worklist": nil, "cases": nil, "journal": nil,
}

// statement finds the start of an SQL statement in a string literal.
var statement = regexp.MustCompile(
	`\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|WITH \w+ AS)\b`,
)

// TestDataAccessRule: in the ruled packages, SQL statements are written only in
// queries.go; everything else reaches the database through GORM models and the
// builder. Every GORM model (a struct with gorm tags) names each column explicitly
// and its table with a TableName method.
func TestDataAccessRule(t *testing.T) {
	for pkg, skip := range ruled {
		files, err := filepath.Glob(filepath.Join("..", pkg, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: no Go files (%v)", pkg, err)
		}
		for _, name := range files {
			base := filepath.Base(name)
			if strings.HasSuffix(base, "_test.go") || base == "queries.go" || contains(skip, base) {
				continue
			}
			checkFile(t, name)
		}
	}
}

func checkFile(t *testing.T, name string) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	tables := map[string]bool{}
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Name.Name == "TableName" && fn.Recv != nil {
			tables[typeName(fn.Recv.List[0].Type)] = true
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BasicLit:
			if s, err := strconv.Unquote(n.Value); n.Kind == token.STRING && err == nil &&
				statement.MatchString(s) {
				t.Errorf("%s: SQL statement outside queries.go", fset.Position(n.Pos()))
			}
		case *ast.TypeSpec:
			checkModel(t, fset, n, tables)
		}
		return true
	})
}

// checkModel requires of a GORM model (a struct with a TableName method) an explicit
// column on every field, and of any other struct's gorm tags an explicit column too
// (or a serializer, for a read shape that decodes a JSON column).
func checkModel(t *testing.T, fset *token.FileSet, spec *ast.TypeSpec, tables map[string]bool) {
	st, ok := spec.Type.(*ast.StructType)
	if !ok {
		return
	}
	for _, field := range st.Fields.List {
		var gorm string
		if field.Tag != nil {
			tag, _ := strconv.Unquote(field.Tag.Value)
			gorm = reflectTag(tag, "gorm")
		}
		switch {
		case strings.HasPrefix(gorm, "column:"):
		case tables[spec.Name.Name]:
			t.Errorf(
				"%s: model %s: field without gorm:\"column:…\"",
				fset.Position(field.Pos()),
				spec.Name.Name,
			)
		case gorm != "" && !strings.HasPrefix(gorm, "serializer:"):
			t.Errorf("%s: %s: gorm tag without column:", fset.Position(field.Pos()), spec.Name.Name)
		}
	}
}

func reflectTag(tag, key string) string {
	for _, part := range strings.Fields(tag) {
		if v, ok := strings.CutPrefix(part, key+`:"`); ok {
			return strings.TrimSuffix(v, `"`)
		}
	}
	return ""
}

func typeName(e ast.Expr) string {
	if s, ok := e.(*ast.StarExpr); ok {
		e = s.X
	}
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}
