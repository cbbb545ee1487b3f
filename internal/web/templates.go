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

// parsePages parses every page with the layout and the shared partials: the files
// named "_*.html" and every file that defines no "content" of its own, such as the
// parts of the case page kept in files of their own (case_journal.html).
func parsePages() (map[string]*pageTemplate, error) {
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return nil, err
	}
	var shared, pages []string
	for _, n := range names {
		b, err := fs.ReadFile(templateFiles, n)
		if err != nil {
			return nil, err
		}
		base := strings.TrimPrefix(n, "templates/")
		if strings.HasPrefix(base, "_") || !strings.Contains(string(b), `{{define "content"}}`) {
			shared = append(shared, n)
		} else {
			pages = append(pages, n)
		}
	}
	out := map[string]*pageTemplate{}
	for _, n := range pages {
		base := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		t, err := template.New(base).Funcs(templateFuncs()).ParseFS(
			templateFiles,
			append(append([]string{}, shared...), n)...,
		)
		if err != nil {
			return nil, fmt.Errorf("page %s: %w", base, err)
		}
		out[base] = &pageTemplate{t}
	}
	return out, nil
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
	if name == "layout" {
		// The content first, so that the layout can sum up the errors it shows.
		if err := p.t.ExecuteTemplate(&buf, "content", data); err != nil {
			return fmt.Errorf("render: %w", err)
		}
		data.Content = template.HTML(buf.String()) // rendered and escaped by html/template
		data.Errors = errorSummary(buf.Bytes())
		buf.Reset()
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
