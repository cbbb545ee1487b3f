package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestEveryPageDeclaresAPermission reads the routes from the router: every page has
// a permission declared with it (deny by default), and without a login every page
// but the login page sends the visitor to log in, while a POST without a session is
// refused before it reaches a handler.
func TestEveryPageDeclaresAPermission(t *testing.T) {
	s := newSite(t)
	perms := s.guard.Permissions()
	anonymous := s.visitor()
	anonymous.client.CheckRedirect = func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}
	pages := 0
	for _, r := range s.srv.Routes() {
		if strings.HasPrefix(r.Path, "/api/") || r.Path == "/static/*" || r.Path == "/healthz" ||
			r.Path == "/readyz" ||
			r.Method == "echo_route_not_found" {
			continue
		}
		pages++
		if _, ok := perms[r.Method+" "+r.Path]; !ok {
			t.Errorf("%s %s has no declared permission", r.Method, r.Path)
		}
		if r.Path == "/inloggen" {
			continue
		}
		path := strings.NewReplacer(":id", "00000000-0000-0000-0000-000000000000", ":code", "eindhoven",
			":gemeente", "GM0772", ":rol", "analist").Replace(r.Path)
		var status int
		if r.Method == http.MethodGet {
			status, _ = anonymous.get(path)
			if status != http.StatusSeeOther {
				t.Errorf("anonymous GET %s: %d, want 303 to the login page", path, status)
			}
			continue
		}
		status, _ = anonymous.post(path, url.Values{})
		if status != http.StatusSeeOther && status != http.StatusForbidden {
			t.Errorf("anonymous POST %s: %d, want refused", path, status)
		}
	}
	if pages < 30 {
		t.Errorf("only %d page routes found", pages)
	}
}
