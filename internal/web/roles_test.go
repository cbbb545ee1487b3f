package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// pagesByRole: the pages of the main navigation, and which role may open each. The
// navigation offers exactly these; every other one answers 403 with a Dutch page.
var pagesByRole = map[string][]string{
	"klantmanager": {
		"/werklijst",
		"/dossiers",
		"/werkgevers",
		"/uitkomsten",
		"/lessen",
		"/pilots",
		"/account",
	},
	"teamleider": {
		"/werklijst",
		"/dossiers",
		"/werkgevers",
		"/uitkomsten",
		"/lessen",
		"/pilots",
		"/logboek",
		"/account",
	},
	"analist":        {"/uitkomsten", "/lessen", "/pilots", "/account"},
	"beheerder":      {"/pilots", "/beheer/gebruikers", "/account"},
	"ministerie":     {"/uitkomsten", "/monitor", "/lessen", "/pilots", "/account"},
	"platformbeheer": {"/monitor", "/pilots", "/beheer/gebruikers", "/account"},
}

var allPages = []string{"/werklijst", "/dossiers", "/dossiers/nieuw", "/werkgevers", "/uitkomsten",
	"/monitor", "/lessen", "/pilots",
	"/beheer/gebruikers", "/logboek", "/account"}

func TestEachRoleSeesItsPagesOnly(t *testing.T) {
	s := newSite(t)
	for _, email := range roles {
		role := strings.SplitN(email, ".", 2)[0]
		role = strings.SplitN(role, "@", 2)[0]
		t.Run(role, func(t *testing.T) {
			v := s.as(email)
			allowed := map[string]bool{}
			for _, p := range pagesByRole[role] {
				allowed[p] = true
			}
			allowed["/dossiers/nieuw"] = allowed["/werklijst"]
			_, home := v.get("/account")
			for _, p := range allPages {
				inNav := strings.Contains(home, `class="sb-nav__link" href="`+p+`"`)
				if p != "/dossiers/nieuw" && inNav != allowed[p] {
					t.Errorf("%s in the navigation: %v, want %v", p, inNav, allowed[p])
				}
				status, body := v.get(p)
				want := http.StatusForbidden
				if allowed[p] {
					want = http.StatusOK
				}
				if status != want {
					t.Errorf("GET %s: %d, want %d", p, status, want)
				}
				if want == http.StatusForbidden && !strings.Contains(body, "Geen toegang") {
					t.Errorf("GET %s: no Dutch refusal page", p)
				}
			}
		})
	}
}

// TestEachRoleStartsAtItsWork: "/" leads a case worker to the werklijst, analysts and
// the ministry to the outcomes, administrators to the accounts.
func TestEachRoleStartsAtItsWork(t *testing.T) {
	s := newSite(t)
	want := map[string]string{"klantmanager": "Werklijst", "teamleider": "Werklijst",
		"analist":   "Uitkomsten",
		"beheerder": "Gebruikers", "ministerie": "Uitkomsten", "platformbeheer": "Gebruikers"}
	for _, email := range roles {
		role := strings.SplitN(strings.SplitN(email, ".", 2)[0], "@", 2)[0]
		_, body := s.as(email).get("/")
		if !strings.Contains(body, `aria-current="page">`+want[role]+`</a>`) {
			t.Errorf("%s starts elsewhere than %s", role, want[role])
		}
	}
}
