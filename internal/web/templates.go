package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"strings"

	"github.com/labstack/echo/v4"
)

//go:embed templates/*.html
var templateFiles embed.FS

type pageTemplate struct{ t *template.Template }

// parsePages parses every page with the layout and the shared partials.
func parsePages() (map[string]*pageTemplate, error) {
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return nil, err
	}
	var shared []string
	partial := map[string]bool{}
	for _, n := range names {
		ok, err := isPartial(n)
		if err != nil {
			return nil, err
		}
		if ok {
			shared, partial[n] = append(shared, n), true
		}
	}
	out := map[string]*pageTemplate{}
	for _, n := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if partial[n] {
			continue
		}
		files := append(append([]string{}, shared...), n)
		t, err := template.New(base).Funcs(templateFuncs()).ParseFS(templateFiles, files...)
		if err != nil {
			return nil, fmt.Errorf("page %s: %w", base, err)
		}
		out[base] = &pageTemplate{t}
	}
	return out, nil
}

// isPartial reports a file of partials parsed with every page: the layout files
// (named with a leading "_") and a section kept in a file of its own, such as
// case_journal.html ({{define "case-journal"}}), which defines no page content.
func isPartial(name string) (bool, error) {
	if strings.HasPrefix(strings.TrimPrefix(name, "templates/"), "_") {
		return true, nil
	}
	b, err := fs.ReadFile(templateFiles, name)
	if err != nil {
		return false, err
	}
	return !bytes.Contains(b, []byte(`{{define "content"}}`)), nil
}

// execute renders into a buffer first, so an error never leaves half a page.
// An htmx request for a fragment gets only the "content" block.
func (p *pageTemplate) execute(c echo.Context, status int, data *page) error {
	var buf bytes.Buffer
	name := "layout"
	if c.Request().Header.Get("HX-Request") == "true" && c.Request().Header.Get("HX-Target") != "" &&
		p.t.Lookup("fragment") != nil {
		name = "fragment"
	}
	if err := p.t.ExecuteTemplate(&buf, name, data); err != nil {
		return fmt.Errorf("render: %w", err)
	}
	return c.HTMLBlob(status, buf.Bytes())
}

var roleLabels = map[string]string{"klantmanager": "Klantmanager", "teamleider": "Teamleider",
	"analist":   "Analist",
	"beheerder": "Beheerder", "ministerie": "Ministerie", "platformbeheer": "Platformbeheer"}

func roleLabel(s string) string {
	if l, ok := roleLabels[s]; ok {
		return l
	}
	return s
}
