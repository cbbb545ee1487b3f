package web_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/startbaan/startbaan/docs"
	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/api"
	"github.com/startbaan/startbaan/internal/app"
	"github.com/startbaan/startbaan/internal/bsn"
	"github.com/startbaan/startbaan/internal/database"
	"github.com/startbaan/startbaan/internal/dbtest"
	"github.com/startbaan/startbaan/internal/demo"
	"github.com/startbaan/startbaan/internal/guard"
	ipilots "github.com/startbaan/startbaan/internal/pilots"
	"github.com/startbaan/startbaan/internal/server"
	"github.com/startbaan/startbaan/internal/web"
	"github.com/startbaan/startbaan/pilots"
)

// site is the whole server — API and pages, wired as `startbaan serve` wires them —
// on a fresh database with the pilots of pilots/ and the demo data and demo logins of
// `make run`.
type site struct {
	t   *testing.T
	url string
	db  *database.DB
	srv *server.Server
	// guard holds the permission of every route, pages and API.
	guard *guard.Guard
	// enforcer is the server's: a test that changes roles reloads it.
	enforcer *access.Enforcer
}

func newSite(t *testing.T) *site {
	t.Helper()
	return newSiteOn(t, demoData)
}

// newSiteOn is a site on a clone of the seed's database.
func newSiteOn(t *testing.T, seed dbtest.Seed) *site {
	t.Helper()
	db := dbtest.OpenSeeded(t, seed)
	ctx := t.Context()
	svc, err := app.New(ctx, db, app.Options{BSNKey: sealKey})
	if err != nil {
		t.Fatal(err)
	}
	spec, err := docs.OpenAPIJSON()
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	listed, err := demo.ListAccounts(ctx, db.Pool)
	if err != nil {
		t.Fatal(err)
	}
	var logins []web.DemoLogin
	for _, a := range listed {
		logins = append(logins, web.DemoLogin{Email: a.Email, Role: a.Role, Municipality: a.Municipality})
	}
	s := server.New(
		server.Config{Logger: log, Ready: db.Ping, APIPath: api.BasePath, APIVersion: api.Version},
	)
	g := guard.New(svc, guard.Options{Logger: log})
	api.Mount(s, g, svc, api.Options{OpenAPI: spec, Logger: log})
	if err := web.Mount(s, g, svc, web.Options{DemoLogins: logins}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return &site{t: t, url: srv.URL, db: db, srv: s, guard: g, enforcer: svc.Enforcer}
}

var sealKey = bytes.Repeat([]byte{7}, 32)

// demoData is what `make run` loads: the pilots, the demo cases, logins and lessons.
var demoData = dbtest.Seed{Name: "demo", Fill: func(ctx context.Context, db *database.DB) error {
	if _, err := ipilots.Sync(ctx, db.Gorm, pilots.FS); err != nil {
		return err
	}
	sealer, _ := bsn.NewSealer(sealKey)
	if _, err := demo.Seed(ctx, db.Pool, sealer, time.Now()); err != nil {
		return err
	}
	if _, err := demo.SeedAccounts(ctx, db.Pool); err != nil {
		return err
	}
	_, err := demo.SeedLessons(ctx, db.Pool)
	return err
}}

// visitor is a browser without JavaScript: cookies, forms and redirects.
type visitor struct {
	s      *site
	client *http.Client
	csrf   string // from the last page that had a form
}

func (s *site) visitor() *visitor {
	jar, _ := cookiejar.New(nil)
	return &visitor{s: s, client: &http.Client{Jar: jar}}
}

// as logs in with a demo account (password startbaan-demo), e.g.
// "klantmanager.gm0772@demo.startbaan.nl".
func (s *site) as(email string) *visitor {
	s.t.Helper()
	v := s.visitor()
	v.get("/inloggen")
	status, body := v.post(
		"/inloggen",
		url.Values{"email": {email}, "password": {demo.AccountPassword}},
	)
	if status == http.StatusUnauthorized || status == http.StatusBadRequest ||
		strings.Contains(body, "klopt niet") {
		s.t.Fatalf("login as %s: %d", email, status)
	}
	return v
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (v *visitor) do(req *http.Request) (int, string) {
	v.s.t.Helper()
	resp, err := v.client.Do(req)
	if err != nil {
		v.s.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	body := string(b)
	if m := csrfField.FindStringSubmatch(body); m != nil {
		v.csrf = m[1]
	}
	return resp.StatusCode, body
}

// get follows redirects and returns the final status and page.
func (v *visitor) get(path string) (int, string) {
	req, _ := http.NewRequest(http.MethodGet, v.s.url+path, nil)
	return v.do(req)
}

// post sends a form with the CSRF token of the last page, as a browser would.
func (v *visitor) post(path string, form url.Values) (int, string) {
	if form.Get("csrf") == "" && v.csrf != "" {
		form.Set("csrf", v.csrf)
	}
	req, _ := http.NewRequest(http.MethodPost, v.s.url+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return v.do(req)
}
