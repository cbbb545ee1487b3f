package api_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/docs"
	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/api"
	"github.com/startbaan/startbaan/internal/app"
	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/database"
	"github.com/startbaan/startbaan/internal/dbtest"
	"github.com/startbaan/startbaan/internal/guard"
	httpsrv "github.com/startbaan/startbaan/internal/server"
	"github.com/startbaan/startbaan/internal/users"
)

// server runs the real API on a fresh database with GM0363 and GM0772; the actor
// works for GM0363 only, so GM0772 stands for "another municipality".
type server struct {
	t       *testing.T
	url     string
	manager uuid.UUID
	other   uuid.UUID // a case in GM0772
	token   string    // the manager's API token, sent unless a test sends its own

	db       *gorm.DB
	handle   *database.DB
	cases    *cases.Service
	users    *users.Service
	enforcer *access.Enforcer
	// svc are the services of app.New; srv and guard the mounted server.
	svc   *app.Services
	srv   *httpsrv.Server
	guard *guard.Guard
}

// wiring is what a test server mounts, as `startbaan serve` mounts it; a test
// changes a part before it is mounted.
type wiring struct {
	db       *database.DB // the test's database, for a test's own store
	server   httpsrv.Config
	guard    guard.Options
	services app.Services
}

// mount serves the API on a new server built from w.
func mount(t *testing.T, w wiring) (*httpsrv.Server, *guard.Guard) {
	t.Helper()
	spec, err := docs.OpenAPIJSON()
	if err != nil {
		t.Fatal(err)
	}
	w.server.APIPath, w.server.APIVersion = api.BasePath, api.Version
	if w.guard.Logger == nil {
		w.guard.Logger = w.server.Logger
	}
	s := httpsrv.New(w.server)
	g := guard.New(&w.services, w.guard)
	api.Mount(s, g, &w.services, api.Options{OpenAPI: spec, Logger: w.server.Logger})
	return s, g
}

// serveAlso serves the test's services on another server, changed by mod.
func (s *server) serveAlso(mod func(*wiring)) *httptest.Server {
	s.t.Helper()
	w := wiring{
		db:       s.handle,
		server:   httpsrv.Config{Logger: slog.New(slog.DiscardHandler), Ready: s.handle.Ping},
		services: *s.svc,
	}
	mod(&w)
	srv, _ := mount(s.t, w)
	ts := httptest.NewServer(srv)
	s.t.Cleanup(ts.Close)
	return ts
}

var now = time.Date(2026, 6, 17, 12, 0, 0, 0, time.UTC)

func newServer(t *testing.T, mods ...func(*wiring)) *server {
	t.Helper()
	db := dbtest.Open(t)
	g := db.Gorm
	for _, q := range []string{
		`INSERT INTO municipalities (code, name, labour_market_region) VALUES ('GM0363', 'Amsterdam', 'Groot Amsterdam'), ('GM0772', 'Eindhoven', 'Zuidoost-Brabant')`,
		`INSERT INTO pilots (code, name, variant, start_date, target_combined_hours_per_week, target_min_work_hours_per_week,
			target_min_integration_hours_per_week, target_max_days_to_offer)
			VALUES ('amsterdam', 'Startbaan Amsterdam', 'gemeente', '2024-01-29', 30, 20, 8, 14),
			       ('eindhoven', 'Startbaan Eindhoven', 'private_werkgever', '2024-01-29', 28, 16, 8, 14)`,
		`INSERT INTO pilot_municipalities VALUES (1, 1), (2, 2)`,
	} {
		if err := g.Exec(q).Error; err != nil {
			t.Fatal(err)
		}
	}
	clock := func() time.Time { return now }
	s := &server{t: t, manager: uuid.New()}
	g.Exec(
		`INSERT INTO users (id, email, name) VALUES (?, 'km@example.nl', 'Karin Manager')`,
		s.manager,
	)
	g.Exec(`INSERT INTO role_assignments (user_id, domain, role) VALUES (?, 'GM0363', 'klantmanager'), (?, 'GM0363', 'teamleider')`,
		s.manager, s.manager)
	svc, err := app.New(
		t.Context(),
		db,
		app.Options{BSNKey: bytes.Repeat([]byte{3}, 32), Clock: clock},
	)
	if err != nil {
		t.Fatal(err)
	}
	accounts := svc.Users
	token, _, err := accounts.CreateToken(t.Context(), s.manager, "tests", 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	s.token = token
	system := access.System("test")
	other, err := svc.Cases.Create(t.Context(), system, cases.NewCase{MunicipalityCode: "GM0772",
		BSN: "123456782", Name: "Other Person",
		BirthDate: day("1990-01-01"), Gender: "man", CountryOfBirth: "ER", ResidencePermitDate: day("2025-12-01"),
		HouseholdType: "alleenstaand", LanguageLevelIntake: "A0", RegisteredOn: day("2026-01-05")})
	if err != nil {
		t.Fatal(err)
	}
	s.other = other.ID
	w := wiring{
		db:       db,
		server:   httpsrv.Config{Logger: slog.New(slog.DiscardHandler), Ready: db.Ping},
		services: *svc,
	}
	for _, m := range mods {
		m(&w)
	}
	e, gd := mount(t, w)
	s.db, s.handle, s.cases, s.users, s.enforcer = g, db, svc.Cases, accounts, svc.Enforcer
	s.svc, s.srv, s.guard = svc, e, gd
	ts := httptest.NewServer(e)
	t.Cleanup(ts.Close)
	s.url = ts.URL
	return s
}

func day(s string) *time.Time {
	d, _ := time.Parse(time.DateOnly, s)
	return &d
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body is not a JSON object: %s", r.body)
	}
	return m
}

func (s *server) do(method, path, body string, headers ...string) response {
	s.t.Helper()
	req, _ := http.NewRequest(method, s.url+path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if s.token != "" {
		req.Header.Set("Authorization", "Bearer "+s.token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{res.StatusCode, res.Header, b}
}

const newCaseBody = `{"municipality":"GM0363","bsn":"111222333","name":"Amina Haddad","birthDate":"1995-03-02",
	"gender":"vrouw","countryOfBirth":"SY","residencePermitDate":"2025-11-01","householdType":"alleenstaand",
	"languageLevelIntake":"A0","registeredOn":"2026-01-05"}`

// createCase makes a case in GM0363 and returns its id and ETag.
func (s *server) createCase() (string, string) {
	s.t.Helper()
	r := s.do("POST", "/api/v1/cases", newCaseBody)
	if r.status != http.StatusCreated {
		s.t.Fatalf("create case: %d %s", r.status, r.body)
	}
	return r.json(s.t)["id"].(string), r.header.Get("ETag")
}

func assertProblem(t *testing.T, r response, status int, fields ...string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("content type %q", ct)
	}
	if r.header.Get("API-Version") != api.Version {
		t.Error("problem without API-Version header")
	}
	var p httpsrv.Problem
	if err := json.Unmarshal(r.body, &p); err != nil || p.Status != status || p.Title == "" ||
		p.Detail == "" {
		t.Errorf("problem body %s (%v)", r.body, err)
	}
	for _, f := range fields {
		found := false
		for _, ip := range p.InvalidParams {
			found = found || ip.Name == f
		}
		if !found {
			t.Errorf("invalidParams %+v do not name %s", p.InvalidParams, f)
		}
	}
}
