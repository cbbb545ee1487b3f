package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestPagesIgnoreBearerTokens: a page takes only the session cookie. An API token
// sent to a page is ignored — the page acts as for a visitor not logged in — so a
// token can neither read a page nor mint new tokens through the account page.
func TestPagesIgnoreBearerTokens(t *testing.T) {
	s := newSite(t)
	v := s.as("klantmanager.gm0772@demo.startbaan.nl")
	_, body := v.post("/account/tokens", url.Values{"name": {"koppeling"}, "expiresInDays": {"30"}})
	m := newTokenValue.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no token made from the session")
	}
	token := m[1]
	count := func() (n int) {
		s.db.Gorm.Raw(`SELECT count(*) FROM api_tokens t JOIN users u ON u.id = t.user_id
			WHERE u.email = 'klantmanager.gm0772@demo.startbaan.nl'`).Scan(&n)
		return n
	}
	before := count()
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	send := func(method, path, form string) (int, string) {
		req, _ := http.NewRequest(method, s.url+path, strings.NewReader(form))
		req.Header.Set("Authorization", "Bearer "+token)
		if form != "" {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		res, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode, res.Header.Get("Location")
	}
	if status, to := send(http.MethodPost, "/account/tokens", "name=kind&expiresInDays=365"); status != http.StatusSeeOther || !strings.HasPrefix(to, "/inloggen") {
		t.Errorf("POST /account/tokens with a bearer token: %d to %q, want 303 to the login page", status, to)
	}
	if status, to := send(http.MethodGet, "/account", ""); status != http.StatusSeeOther || !strings.HasPrefix(to, "/inloggen") {
		t.Errorf("GET /account with a bearer token: %d to %q, want 303 to the login page", status, to)
	}
	if status, to := send(http.MethodGet, "/dossiers", ""); status != http.StatusSeeOther || !strings.HasPrefix(to, "/inloggen") {
		t.Errorf("GET /dossiers with a bearer token: %d to %q, want 303 to the login page", status, to)
	}
	if after := count(); after != before {
		t.Errorf("%d tokens after the bearer's POST, want %d", after, before)
	}
	if got := s.apiStatus(t, token); got != http.StatusOK {
		t.Errorf("the token on the API: %d, want 200", got)
	}
}
