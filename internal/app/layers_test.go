package app_test

import (
	"go/build"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/startbaan/startbaan"

// The HTTP layers (docs/architecture.md, "Packages"): internal/server is the Echo
// server; internal/guard decides access on it; internal/api and internal/web are
// siblings mounted on both by cmd/startbaan. Neither sibling reaches the other, and
// no domain package knows HTTP.
var forbidden = map[string][]string{
	"internal/web":    {"internal/api"},
	"internal/api":    {"internal/web"},
	"internal/guard":  {"internal/api", "internal/web"},
	"internal/server": {"internal/guard", "internal/api", "internal/web", "internal/app"},
	"internal/app": {
		"internal/server",
		"internal/guard",
		"internal/api",
		"internal/web",
		"github.com/labstack/echo/v4",
	},
}

// TestLayers fails when a package imports, directly or through others, what its
// layer must not: web importing api, for one.
func TestLayers(t *testing.T) {
	root := moduleRoot(t)
	for pkg, banned := range forbidden {
		deps := imports(t, root, module+"/"+pkg, map[string]bool{})
		for _, b := range banned {
			if !strings.HasPrefix(b, "github.com/labstack") {
				b = module + "/" + b
			}
			if deps[b] {
				t.Errorf("%s imports %s", pkg, b)
			}
		}
	}
}

// TestDomainKnowsNoHTTP: the domain packages (every package under internal/ but the
// HTTP layers and the test helpers) import no Echo.
func TestDomainKnowsNoHTTP(t *testing.T) {
	root := moduleRoot(t)
	http := []string{"api", "web", "server", "guard"}
	dirs, err := filepath.Glob(filepath.Join(root, "internal", "*"))
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, dir := range dirs {
		name := filepath.Base(dir)
		if slices.Contains(http, name) {
			continue
		}
		if _, err := build.ImportDir(dir, 0); err != nil {
			continue // not a Go package
		}
		checked++
		deps := imports(t, root, module+"/internal/"+name, map[string]bool{})
		if deps["github.com/labstack/echo/v4"] {
			t.Errorf("internal/%s imports Echo", name)
		}
	}
	if checked < 15 {
		t.Errorf("only %d domain packages found", checked)
	}
}

// imports adds every package of this module that pkg imports, directly or not, and
// the outside packages those import directly, to seen.
func imports(t *testing.T, root, pkg string, seen map[string]bool) map[string]bool {
	t.Helper()
	dir := filepath.Join(root, strings.TrimPrefix(pkg, module))
	p, err := build.ImportDir(dir, 0)
	if err != nil {
		t.Fatalf("%s: %v", pkg, err)
	}
	for _, imp := range p.Imports {
		if seen[imp] {
			continue
		}
		seen[imp] = true
		if strings.HasPrefix(imp, module+"/") {
			imports(t, root, imp, seen)
		}
	}
	return seen
}

func moduleRoot(t *testing.T) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("no caller")
	}
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// TestArchitecturePicture: the package picture of docs/architecture.md draws exactly
// the imports between its nodes (every other package under internal/ is the node
// domain): an edge drawn that the code lacks, or an import not drawn, fails.
func TestArchitecturePicture(t *testing.T) {
	root := moduleRoot(t)
	doc, err := os.ReadFile(filepath.Join(root, "docs", "architecture.md"))
	if err != nil {
		t.Fatal(err)
	}
	drawn, names := pictureEdges(t, string(doc))
	actual := map[string]bool{}
	for node, dir := range names {
		if node == "domain" {
			continue
		}
		p, err := build.ImportDir(filepath.Join(root, dir), 0)
		if err != nil {
			t.Fatalf("%s (%s): %v", node, dir, err)
		}
		for _, imp := range p.Imports {
			if to := nodeOf(names, imp); to != "" && to != node {
				actual[node+" --> "+to] = true
			}
		}
	}
	for e := range drawn {
		if !actual[e] {
			t.Errorf("docs/architecture.md draws %s, which the code does not import", e)
		}
	}
	for e := range actual {
		if !drawn[e] {
			t.Errorf("the code imports %s, which docs/architecture.md does not draw", e)
		}
	}
}

var edge = regexp.MustCompile(`^\s*(\w+)(?:\[([^\]]+)\])?\s*-->\s*(\w+)(?:\[([^\]]+)\])?\s*$`)

// pictureEdges reads the mermaid flowchart of the document: its edges and, per node,
// the folder its label names.
func pictureEdges(t *testing.T, doc string) (map[string]bool, map[string]string) {
	t.Helper()
	_, rest, ok := strings.Cut(doc, "```mermaid\n")
	if !ok {
		t.Fatal("docs/architecture.md has no mermaid picture")
	}
	chart, _, _ := strings.Cut(rest, "```")
	edges, names := map[string]bool{}, map[string]string{"domain": "internal/*"}
	for _, line := range strings.Split(chart, "\n") {
		m := edge.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		if m[2] != "" {
			names[m[1]] = m[2]
		}
		if m[4] != "" {
			names[m[3]] = m[4]
		}
		edges[m[1]+" --> "+m[3]] = true
	}
	if len(edges) < 10 {
		t.Fatalf("only %d edges in the picture", len(edges))
	}
	return edges, names
}

// nodeOf is the picture's node of an import path: a named folder, domain for any
// other package under internal/, "" for the rest.
func nodeOf(names map[string]string, imp string) string {
	rel, ok := strings.CutPrefix(imp, module+"/")
	if !ok {
		return ""
	}
	for node, dir := range names {
		if dir == rel {
			return node
		}
	}
	if strings.HasPrefix(rel, "internal/") {
		return "domain"
	}
	return ""
}
