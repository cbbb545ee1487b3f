package api_test

import (
	"log/slog"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/startbaan/startbaan/docs"
	"github.com/startbaan/startbaan/internal/api"
	httpsrv "github.com/startbaan/startbaan/internal/server"
)

type document struct {
	Info  struct{ Version string }
	Paths map[string]map[string]struct {
		RequestBody any            `yaml:"requestBody"`
		Parameters  []any          `yaml:"parameters"`
		Responses   map[string]any `yaml:"responses"`
	}
}

// TestDocumentListsExactlyTheServedRoutes reads the routes from Echo's router, so a
// route added without documentation (or documented but not served) fails here.
func TestDocumentListsExactlyTheServedRoutes(t *testing.T) {
	var doc document
	if err := yaml.Unmarshal(docs.OpenAPIYAML, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Info.Version != api.Version {
		t.Errorf("document version %s, API-Version header %s", doc.Info.Version, api.Version)
	}
	documented := map[string]bool{}
	for path, ops := range doc.Paths {
		for method, o := range ops {
			documented[strings.ToUpper(method)+" "+path] = true
			if (o.RequestBody != nil || len(o.Parameters) > 0) && o.Responses["400"] == nil {
				t.Errorf("%s %s takes input but documents no 400", method, path)
			}
		}
	}
	served := map[string]bool{}
	e, _ := mount(t, wiring{server: httpsrv.Config{Logger: slog.New(slog.DiscardHandler)}})
	for _, r := range e.Routes() {
		if !strings.HasPrefix(r.Path, api.BasePath+"/") || r.Path == api.BasePath+"/*" {
			continue // /healthz and /readyz live outside the API; /* is Echo's not-found route of the group
		}
		served[r.Method+" "+openAPIPath(strings.TrimPrefix(r.Path, api.BasePath))] = true
	}
	if missing := diff(served, documented); len(missing) > 0 {
		t.Errorf("served but not documented: %v", missing)
	}
	if extra := diff(documented, served); len(extra) > 0 {
		t.Errorf("documented but not served: %v", extra)
	}
	if len(served) < 20 {
		t.Errorf("only %d routes read from the router", len(served))
	}
}

// openAPIPath turns Echo's :param into {param}.
func openAPIPath(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		if strings.HasPrefix(s, ":") {
			parts[i] = "{" + s[1:] + "}"
		}
	}
	return strings.Join(parts, "/")
}

func diff(a, b map[string]bool) []string {
	var out []string
	for k := range a {
		if !b[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
