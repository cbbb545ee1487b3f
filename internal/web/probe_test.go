package web_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
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
	noRedirect := &http.Client{
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
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
	if status, to := send(
		http.MethodPost,
		"/account/tokens",
		"name=kind&expiresInDays=365",
	); status != http.StatusSeeOther ||
		!strings.HasPrefix(to, "/inloggen") {
		t.Errorf(
			"POST /account/tokens with a bearer token: %d to %q, want 303 to the login page",
			status,
			to,
		)
	}
	if status, to := send(http.MethodGet, "/account", ""); status != http.StatusSeeOther ||
		!strings.HasPrefix(to, "/inloggen") {
		t.Errorf("GET /account with a bearer token: %d to %q, want 303 to the login page", status, to)
	}
	if status, to := send(http.MethodGet, "/dossiers", ""); status != http.StatusSeeOther ||
		!strings.HasPrefix(to, "/inloggen") {
		t.Errorf("GET /dossiers with a bearer token: %d to %q, want 303 to the login page", status, to)
	}
	if after := count(); after != before {
		t.Errorf("%d tokens after the bearer's POST, want %d", after, before)
	}
	if got := s.apiStatus(t, token); got != http.StatusOK {
		t.Errorf("the token on the API: %d, want 200", got)
	}
}

// TestBadInputGetsADutchPage: invalid UTF-8 and NUL in a page's path, query or form,
// the login form's included, get 400 with a Dutch page (the static files a plain
// 400), never a 500; a form over 1 MiB gets 413 without being read whole.
func TestBadInputGetsADutchPage(t *testing.T) {
	s := newSite(t)
	km := s.as("klantmanager.gm0772@demo.startbaan.nl")
	km.get("/dossiers")
	anonymous := s.visitor()
	anonymous.get("/inloggen")
	dutch := func(t *testing.T, status int, body string, want int) {
		t.Helper()
		if status != want || !strings.Contains(body, "ongeldig teken") ||
			!strings.Contains(body, `lang="nl"`) {
			t.Errorf("%d, want %d with the Dutch page: %.300s", status, want, body)
		}
	}
	for _, path := range []string{
		"/dossiers?pilot=%00",
		"/dossiers?q=%FF",
		"/dossiers/%FF",
		"/uitkomsten?gemeente=%C3",
	} {
		status, body := km.get(path)
		dutch(t, status, body, http.StatusBadRequest)
	}
	status, body := anonymous.post(
		"/inloggen",
		url.Values{"email": {"a\x00b@example.nl"}, "password": {"x"}},
	)
	dutch(t, status, body, http.StatusBadRequest)
	status, body = anonymous.post(
		"/inloggen",
		url.Values{"email": {"karin@example.nl"}, "password": {"\xff"}},
	)
	dutch(t, status, body, http.StatusBadRequest)
	// A multipart form would reach c.FormValue past the check: refused as a whole.
	req, err := http.NewRequest(http.MethodPost, s.url+"/inloggen", strings.NewReader(
		"--b\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\na\x00b@example.nl\r\n--b--\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "multipart/form-data; boundary=b")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnsupportedMediaType {
		t.Errorf("multipart login form with NUL: %d, want 415", res.StatusCode)
	}
	status, body = km.post("/dossiers/zoeken", url.Values{"bsn": {"\xff\xfe"}})
	dutch(t, status, body, http.StatusBadRequest)
	for _, path := range []string{"/static/%FF", "/static/a%00b"} {
		if status, _ := anonymous.get(path); status != http.StatusBadRequest {
			t.Errorf("GET %s: %d, want 400", path, status)
		}
	}

	t.Run("a 50 MB login form", func(t *testing.T) {
		for _, declared := range []bool{true, false} {
			var sent atomic.Int64
			body := &countingReader{
				r:     io.MultiReader(strings.NewReader("email=a%40b.nl&password="), zeros{}),
				n:     &sent,
				limit: 50 << 20,
			}
			req, _ := http.NewRequest(http.MethodPost, s.url+"/inloggen", body)
			req.ContentLength = -1
			if declared {
				req.ContentLength = 50<<20 + 24
			}
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				// The server may close the connection while the client still sends.
				if sent.Load() >= 50<<20 {
					t.Errorf("declared %v: the whole form was sent before the refusal: %v", declared, err)
				}
				continue
			}
			page, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusRequestEntityTooLarge ||
				!strings.Contains(string(page), "te groot") {
				t.Errorf("declared %v: %d, want 413 with a Dutch page: %.200s", declared, res.StatusCode, page)
			}
			if sent.Load() >= 50<<20 {
				t.Errorf("declared %v: all 50 MB were read", declared)
			}
		}
	})
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	return len(p), nil
}

// countingReader counts what the client sent, up to limit.
type countingReader struct {
	r     io.Reader
	n     *atomic.Int64
	limit int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	if left := c.limit - c.n.Load(); left <= 0 {
		return 0, io.EOF
	} else if int64(len(p)) > left {
		p = p[:left]
	}
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// TestPageAttemptsOnCasesAreAudited: on the pages too, a case of another municipality
// or one that does not exist answers 404 and leaves an audit row, and a search that
// shows no case leaves one.
func TestPageAttemptsOnCasesAreAudited(t *testing.T) {
	s := newSite(t)
	km := s.as("klantmanager.gm0772@demo.startbaan.nl")
	km.get("/dossiers")
	var foreign string
	s.db.Gorm.Raw(`SELECT k.id::text FROM cases k JOIN municipalities m ON m.id = k.municipality_id
		WHERE m.code <> 'GM0772' ORDER BY k.id LIMIT 1`).Scan(&foreign)
	var user string
	s.db.Gorm.Raw(
		`SELECT id::text FROM users WHERE email = 'klantmanager.gm0772@demo.startbaan.nl'`,
	).Scan(&user)
	lastID := func() (id int64) {
		s.db.Gorm.Raw(`SELECT COALESCE(max(id), 0) FROM audit_events`).Scan(&id)
		return id
	}
	type row struct{ Action, Outcome, ObjectType string }
	rowsAfter := func(id int64) (rows []row) {
		s.db.Gorm.Raw(
			`SELECT action, outcome, object_type FROM audit_events WHERE id > ? AND user_id = ?::uuid ORDER BY id`,
			id,
			user,
		).Scan(&rows)
		return rows
	}
	missing := "00000000-0000-4000-8000-000000000001"
	for _, tt := range []struct {
		name, method, path string
		want               row
	}{
		{
			"another municipality's case",
			http.MethodGet,
			"/dossiers/" + foreign,
			row{"lezen", "geweigerd", "case"},
		},
		{
			"a case that does not exist",
			http.MethodGet,
			"/dossiers/" + missing,
			row{"lezen", "mislukt", "case"},
		},
		{
			"a move of another municipality's case",
			http.MethodPost,
			"/dossiers/" + foreign + "/fase",
			row{"aanmaken", "geweigerd", "case"},
		},
		{
			"a PIP on another municipality's case",
			http.MethodPost,
			"/dossiers/" + foreign + "/pip",
			row{"aanmaken", "geweigerd", "case"},
		},
		{
			"a name search without hits",
			http.MethodPost,
			"/dossiers/zoeken",
			row{"lezen", "gelukt", "case-list"},
		},
		{
			"a BSN search without hits",
			http.MethodPost,
			"/dossiers/zoeken?bsn",
			row{"lezen", "gelukt", "case-list"},
		},
		{
			"a list page past the end",
			http.MethodGet,
			"/dossiers?pagina=999",
			row{"lezen", "gelukt", "case-list"},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := lastID()
			var status int
			if tt.method == http.MethodGet {
				status, _ = km.get(tt.path)
			} else {
				form := url.Values{
					"naar":      {"gevestigd"},
					"datum":     {"2026-02-01"},
					"opgesteld": {"2026-02-01"},
					"route":     {"b1"},
					"zoek":      {"Niemand"},
				}
				if strings.HasSuffix(tt.path, "?bsn") {
					form.Set("zoek", "555000011")
				}
				status, _ = km.post(strings.TrimSuffix(tt.path, "?bsn"), form)
			}
			wantStatus := http.StatusNotFound
			if tt.want.ObjectType == "case-list" {
				wantStatus = http.StatusOK
			}
			rows := rowsAfter(before)
			if status != wantStatus || len(rows) != 1 || rows[0] != tt.want {
				t.Errorf("%d, audit rows %+v; want %d and %+v", status, rows, wantStatus, tt.want)
			}
		})
	}
}
