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

// partialOf names the files that are no page of their own but named blocks of one
// page, kept apart so that one page's parts can be worked on separately.
var partialOf = map[string]string{
	"case_corrections": "case", // the correction forms beside what they correct
}

// parsePages parses every page with the layout and the shared partials.
func parsePages() (map[string]*pageTemplate, error) {
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return nil, err
	}
	var shared []string
	for _, n := range names {
		if base := strings.TrimPrefix(n, "templates/"); strings.HasPrefix(base, "_") {
			shared = append(shared, n)
		}
	}
	out := map[string]*pageTemplate{}
	for _, n := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if strings.HasPrefix(base, "_") || partialOf[base] != "" {
			continue
		}
		files := append(append([]string{}, shared...), n)
		for part, page := range partialOf {
			if page == base {
				files = append(files, "templates/"+part+".html")
			}
		}
		t, err := template.New(base).Funcs(templateFuncs()).ParseFS(templateFiles, files...)
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
