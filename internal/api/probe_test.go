package api_test

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/startbaan/startbaan/internal/config"
	"github.com/startbaan/startbaan/internal/users"
)

// TestTokenManagementNeedsASession: a bearer token neither mints nor revokes tokens,
// so that no token can outlive its own revocation through tokens it made.
func TestTokenManagementNeedsASession(t *testing.T) {
	m := newMatrix(t)
	km := m.newUser("karin@matrix.example", users.Grant{Role: "klantmanager", Domain: own})
	cookie, csrf := m.session(km)
	_, body := m.send(
		m.with(cookie, csrf),
		call{method: "POST", path: "/api/v1/tokens", body: `{"name":"koppeling"}`},
	)
	var tok struct{ ID, Token string }
	if err := json.Unmarshal([]byte(body), &tok); err != nil || tok.Token == "" {
		t.Fatalf("token from a session: %s", body)
	}
	bearer := []string{"Authorization", "Bearer " + tok.Token}
	anon := &caller{}
	if s, body := m.send(
		anon,
		call{method: "POST", path: "/api/v1/tokens", body: `{"name":"kind"}`, header: bearer},
	); s != http.StatusForbidden {
		t.Errorf("a token made a token: %d %s", s, body)
	}
	if s, body := m.send(
		anon,
		call{method: "DELETE", path: "/api/v1/tokens/" + tok.ID, header: bearer},
	); s != http.StatusForbidden {
		t.Errorf("a token revoked a token: %d %s", s, body)
	}
	if s, _ := m.send(
		anon,
		call{method: "GET", path: "/api/v1/sessions/current", header: bearer},
	); s != http.StatusOK {
		t.Errorf("the token after the refused revocation: %d, want it still working", s)
	}
	var refusals int
	m.db.Raw(
		`SELECT count(*) FROM audit_events WHERE action = 'geweigerd' AND user_id = ? AND object_id LIKE '% /api/v1/tokens%'`,
		km,
	).Scan(&refusals)
	if refusals != 2 {
		t.Errorf("%d refusals recorded, want 2", refusals)
	}
}

// TestLoginEndsThePresentedSessionAtOnce: the session cookie presented at login is
// dead as soon as the login answers, even on an instance that remembers checked
// sessions (as serve's does) and while other requests keep using the old cookie.
func TestLoginEndsThePresentedSessionAtOnce(t *testing.T) {
	m := newMatrix(t)
	m.newUser("karin@matrix.example", users.Grant{Role: "klantmanager", Domain: own})
	ts := m.serveAlso(
		func(w *wiring) { w.services.Auth = users.NewAuthenticator(m.users, 10*time.Second) },
	)
	login := func(cookie string) (*http.Response, error) {
		req, _ := http.NewRequest(
			"POST",
			ts.URL+"/api/v1/sessions",
			strings.NewReader(`{"email":"karin@matrix.example","password":"matrix-wachtwoord-12"}`),
		)
		req.Header.Set("Content-Type", "application/json")
		if cookie != "" {
			req.Header.Set("Cookie", cookie)
		}
		return http.DefaultClient.Do(req)
	}
	res, err := login("")
	if err != nil || res.StatusCode != http.StatusCreated {
		t.Fatalf("first login: %v", err)
	}
	res.Body.Close()
	old := res.Cookies()[0].Name + "=" + res.Cookies()[0].Value
	current := func() int {
		req, _ := http.NewRequest("GET", ts.URL+"/api/v1/sessions/current", nil)
		req.Header.Set("Cookie", old)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Error(err)
			return 0
		}
		res.Body.Close()
		return res.StatusCode
	}
	if s := current(); s != http.StatusOK {
		t.Fatalf("the session before the new login: %d", s)
	}
	var (
		answered atomic.Int64 // when the second login answered, in UnixNano; 0 before
		late     atomic.Int64 // requests started after that which the old session passed
		after    atomic.Int64
		stop     = make(chan struct{})
		wg       sync.WaitGroup
	)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				end := answered.Load()
				started := time.Now().UnixNano()
				status := current()
				if end != 0 && started > end {
					after.Add(1)
					if status != http.StatusUnauthorized {
						late.Add(1)
					}
				}
			}
		}()
	}
	time.Sleep(20 * time.Millisecond)
	res, err = login(old)
	if err != nil || res.StatusCode != http.StatusCreated {
		t.Fatalf("second login: %v", err)
	}
	res.Body.Close()
	answered.Store(time.Now().UnixNano())
	time.Sleep(200 * time.Millisecond)
	close(stop)
	wg.Wait()
	if after.Load() == 0 {
		t.Fatal("no request with the old session after the login")
	}
	if late.Load() > 0 {
		t.Errorf(
			"%d of %d requests after the login still passed with the session it ended",
			late.Load(),
			after.Load(),
		)
	}
}

// TestForwardedForOnlyFromTrustedProxies: X-Forwarded-For is believed only from the
// configured proxies. Without any, a client cannot set its audited address nor
// escape the per-address login limit by changing the header; behind a configured
// proxy the address it forwards is recorded, and a private address it forwards is
// not skipped as if it were a proxy.
func TestForwardedForOnlyFromTrustedProxies(t *testing.T) {
	m := newMatrix(t)
	serve := func(proxies string) string {
		nets, err := config.ParseProxies(proxies)
		if err != nil {
			t.Fatal(err)
		}
		return m.serveAlso(func(w *wiring) { w.server.TrustedProxies = nets }).URL
	}
	login := func(base, email, xff string) int {
		req, _ := http.NewRequest(
			"POST",
			base+"/api/v1/sessions",
			strings.NewReader(`{"email":"`+email+`","password":"fout-wachtwoord-1"}`),
		)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", xff)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	lastAddress := func() (addr string) {
		m.db.Raw(
			`SELECT host(client_address) FROM audit_events WHERE action = 'inloggen_mislukt' ORDER BY id DESC LIMIT 1`,
		).Scan(&addr)
		return addr
	}

	direct := serve("")
	login(direct, "wie@matrix.example", "203.0.113.7")
	if got := lastAddress(); got != "127.0.0.1" {
		t.Errorf("no trusted proxy: audited address %q, want the peer's 127.0.0.1", got)
	}
	t.Run("the per-address limit holds whatever the header says", func(t *testing.T) {
		status := 0
		for i := range users.FreeAddressAttempts + 1 {
			status = login(direct, fmt.Sprintf("spray%d@matrix.example", i), fmt.Sprintf("198.51.100.%d", i))
		}
		if status != http.StatusTooManyRequests {
			t.Errorf(
				"attempt %d from one peer with a new X-Forwarded-For each time: %d, want 429",
				users.FreeAddressAttempts+1,
				status,
			)
		}
	})

	proxied := serve("127.0.0.0/8")
	login(proxied, "wie@matrix.example", "203.0.113.7")
	if got := lastAddress(); got != "203.0.113.7" {
		t.Errorf("behind a trusted proxy: audited address %q, want the forwarded 203.0.113.7", got)
	}
	login(proxied, "wie@matrix.example", "203.0.113.7, 10.1.2.3")
	if got := lastAddress(); got != "10.1.2.3" {
		t.Errorf(
			"a private address forwarded by the proxy: audited %q, want 10.1.2.3 (not a trusted proxy)",
			got,
		)
	}
}

// TestRequestIDsAreTheServers: the audit log's trace id is always the server's own;
// a client's X-Request-Id is kept apart only when short and plain, and no request
// can write a large value into an audit row or the request log.
func TestRequestIDsAreTheServers(t *testing.T) {
	s := newServer(t)
	var logged lockedBuffer
	ts := s.serveAlso(
		func(w *wiring) { w.server.Logger = slog.New(slog.NewJSONHandler(&logged, nil)) },
	)
	s.url = ts.URL
	id, _ := s.createCase()
	hex32 := regexp.MustCompile(`^[0-9a-f]{32}$`)
	type row struct {
		TraceID         string
		ClientRequestID *string
		ObjectID        *string
	}
	last := func(action string) (r row) {
		s.db.Raw(
			`SELECT trace_id, client_request_id, object_id FROM audit_events WHERE action = ? ORDER BY id DESC LIMIT 1`,
			action,
		).Scan(&r)
		return r
	}
	long := strings.Repeat("x", 900_000)
	tests := []struct {
		name, sent string
		keep       bool
	}{
		{"a short plain id is kept apart", "cli-42.retry:1_a", true},
		{"a 900,000-character id", long, false},
		{"65 characters", strings.Repeat("a", 65), false},
		{"markup", "<script>", false},
		{"spaces and quotes", `a b"c`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			read := s.do("GET", "/api/v1/cases/"+id, "", "X-Request-Id", tt.sent)
			denied := s.do(
				"GET",
				"/api/v1/cases",
				"",
				"X-Request-Id",
				tt.sent,
				"Authorization",
				"Bearer forged",
			)
			if read.status != 200 || denied.status != 401 {
				t.Fatalf("read %d, refusal %d", read.status, denied.status)
			}
			for _, c := range []struct {
				action string
				res    response
			}{{"lezen", read}, {"geweigerd", denied}} {
				r := last(c.action)
				if !hex32.MatchString(r.TraceID) || r.TraceID != c.res.header.Get("X-Request-Id") {
					t.Errorf(
						"%s: trace id %.70q, answered X-Request-Id %.70q: want the server's own, the same",
						c.action,
						r.TraceID,
						c.res.header.Get("X-Request-Id"),
					)
				}
				if tt.keep && (r.ClientRequestID == nil || *r.ClientRequestID != tt.sent) {
					t.Errorf("%s: client request id %v, want %q", c.action, r.ClientRequestID, tt.sent)
				}
				if !tt.keep && r.ClientRequestID != nil {
					t.Errorf("%s: client request id %.70q kept", c.action, *r.ClientRequestID)
				}
			}
		})
	}
	t.Run("a long method in a refusal row", func(t *testing.T) {
		res := s.do(strings.Repeat("M", 100_000), "/api/v1/cases", "", "Authorization", "Bearer forged")
		if res.status >= 500 {
			t.Fatalf("%d %s", res.status, res.body)
		}
		if r := last("geweigerd"); r.ObjectID != nil && len(*r.ObjectID) > 200 {
			t.Errorf("object id of %d characters stored", len(*r.ObjectID))
		}
	})
	lines := logged.String()
	if strings.Contains(lines, "xxxxxxxxxx") || strings.Contains(lines, "<script>") {
		t.Error("the request log repeats a client's rejected X-Request-Id")
	}
	if !strings.Contains(lines, `"client_request_id":"cli-42.retry:1_a"`) {
		t.Error("the request log lacks the client's kept request id")
	}
}

// lockedBuffer is a log sink that the server's goroutines may share.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestBadTextIsRefused: invalid UTF-8 and NUL in a path, query or JSON string get a
// 400 problem (naming the field where there is one), never a 500 or a silent change.
func TestBadTextIsRefused(t *testing.T) {
	s := newServer(t)
	for _, path := range []string{"/api/v1/cases?q=%FF", "/api/v1/cases?q=a%C3",
		"/api/v1/employers?q=%ED%A0%80",
		"/api/v1/cases/%FF", "/api/v1/pilots/%FF%FE", "/api/v1/cases?q=a%00b", "/api/v1/audit-events?user=%FF"} {
		assertProblem(t, s.do("GET", path, ""), http.StatusBadRequest)
	}
	assertProblem(t, s.do("GET", "/api/v1/cases?q=%FF", ""), http.StatusBadRequest, "q")
	body := strings.Replace(newCaseBody, `"Amina Haddad"`, "\"Amina \xffHaddad\"", 1)
	r := s.do("POST", "/api/v1/cases", body)
	assertProblem(t, r, http.StatusBadRequest, "name")
	var n int
	s.db.Raw(`SELECT count(*) FROM clients WHERE name LIKE 'Amina%'`).Scan(&n)
	if n != 0 {
		t.Errorf("%d clients stored from a body with invalid UTF-8", n)
	}
	r = s.do("POST", "/api/v1/case-searches", "{\"name\":\"\xc3\"}")
	assertProblem(t, r, http.StatusBadRequest, "name")
}

// TestBodiesAreBounded: a body over 1 MiB is refused with 413 on every route, declared
// or streamed, before a handler reads it.
func TestBodiesAreBounded(t *testing.T) {
	s := newServer(t)
	big := strings.Repeat("a", 2<<20)
	for _, path := range []string{"/api/v1/sessions", "/api/v1/cases", "/api/v1/nowhere"} {
		assertProblem(t, s.do("POST", path, `{"email":"`+big+`"}`), http.StatusRequestEntityTooLarge)
	}
	// Streamed (no Content-Length), as a form.
	req, _ := http.NewRequest(
		"POST",
		s.url+"/api/v1/sessions",
		io.MultiReader(strings.NewReader("email="), strings.NewReader(big)),
	)
	req.ContentLength = -1
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("streamed form of 2 MiB: %d, want 413", res.StatusCode)
	}
}

// TestAttemptsOnCasesAreAudited: a 404 on any case route — another municipality's
// case, or one that does not exist — and a list or search that shows no case each
// leave an audit row, though the caller learns nothing more.
func TestAttemptsOnCasesAreAudited(t *testing.T) {
	s := newServer(t)
	own, _ := s.createCase()
	employer := s.do(
		"POST",
		"/api/v1/employers",
		`{"municipality":"GM0363","name":"Bakkerij","kvkNumber":"12345678","sector":"zorg"}`,
	)
	if employer.status != http.StatusCreated {
		t.Fatalf("employer: %d %s", employer.status, employer.body)
	}
	employerID := employer.json(t)["id"].(string)
	type row struct {
		Action, Outcome string
		CaseID          *string
		ObjectID        *string
		Municipality    *string
	}
	newRows := func(after int64) (rows []row) {
		s.db.Raw(`SELECT a.action, a.outcome, a.case_id::text AS case_id, a.object_id, m.code AS municipality
			FROM audit_events a LEFT JOIN municipalities m ON m.id = a.municipality_id
			WHERE a.id > ? AND a.user_id = ? ORDER BY a.id`, after, s.manager).Scan(&rows)
		return rows
	}
	lastID := func() (id int64) {
		s.db.Raw(`SELECT COALESCE(max(id), 0) FROM audit_events`).Scan(&id)
		return id
	}
	missing := uuid.NewString()
	calls := []struct{ method, path, body string }{
		{"GET", "", ""},
		{"PATCH", "", `{"integrationRoute":"b1"}`},
		{"POST", "/transitions", `{"toStage":"gevestigd","date":"2026-02-01"}`},
		{"GET", "/events", ""},
		{"POST", "/pips", `{"drawnUpOn":"2026-02-01","route":"b1"}`},
		{"POST", "/integration-results", `{"kind":"pvt","outcome":"afgerond","onDate":"2026-02-01"}`},
		{"GET", "/weeks", ""},
		{"PUT", "/weeks/2026-W10", `{"plannedWorkHours":20}`},
		{"GET", "/job-offers", ""},
		{
			"POST",
			"/job-offers",
			`{"employerId":"` + employerID +
				`","offeredOn":"2026-02-01","contractType":"bepaalde_tijd","hoursPerWeek":24,"hourlyWageCents":1500}`,
		},
		{
			"PATCH",
			"/job-offers/" + uuid.NewString(),
			`{"status":"geaccepteerd","startDate":"2026-03-01"}`,
		},
	}
	for _, target := range []struct {
		name, id, outcome string
		municipality      *string
	}{
		{"another municipality's case", s.other.String(), "geweigerd", ptr("GM0772")},
		{"a case that does not exist", missing, "mislukt", nil},
	} {
		for _, c := range calls {
			t.Run(target.name+"/"+c.method+c.path, func(t *testing.T) {
				before := lastID()
				r := s.do(c.method, "/api/v1/cases/"+target.id+c.path, c.body, "If-Match", `"1"`)
				if r.status != http.StatusNotFound {
					t.Fatalf("%d, want 404: %s", r.status, r.body)
				}
				rows := newRows(before)
				if len(rows) != 1 {
					t.Fatalf("%d audit rows, want 1: %+v", len(rows), rows)
				}
				got := rows[0]
				if got.Outcome != target.outcome || got.ObjectID == nil || *got.ObjectID != target.id ||
					(target.municipality == nil) != (got.Municipality == nil) ||
					(target.municipality != nil && (*got.Municipality != *target.municipality || got.CaseID == nil || *got.CaseID != target.id)) {
					t.Errorf(
						"audit row %+v, want outcome %s in %v for %s",
						got,
						target.outcome,
						target.municipality,
						target.id,
					)
				}
			})
		}
	}
	t.Run("a missing job offer on an own case", func(t *testing.T) {
		before := lastID()
		r := s.do(
			"PATCH",
			"/api/v1/cases/"+own+"/job-offers/"+uuid.NewString(),
			`{"status":"geaccepteerd","startDate":"2026-03-01"}`,
			"If-Match",
			`"1"`,
		)
		rows := newRows(before)
		if r.status != http.StatusNotFound || len(rows) != 1 || rows[0].Outcome != "mislukt" ||
			rows[0].CaseID == nil || *rows[0].CaseID != own {
			t.Errorf("%d, rows %+v", r.status, rows)
		}
	})
	lists := []struct{ name, method, path, body string }{
		{"a name search without hits", "GET", "/api/v1/cases?q=Niemand", ""},
		{"a page past the end of a name search", "GET", "/api/v1/cases?q=Amina&page=50", ""},
		{"a name search by POST without hits", "POST", "/api/v1/case-searches", `{"name":"Niemand"}`},
		{
			"a BSN search without hits",
			"POST",
			"/api/v1/case-searches",
			`{"bsn":"` + validBSN(555_000_000) + `"}`,
		},
	}
	for _, l := range lists {
		t.Run(l.name, func(t *testing.T) {
			before := lastID()
			r := s.do(l.method, l.path, l.body)
			if r.status != http.StatusOK {
				t.Fatalf("%d %s", r.status, r.body)
			}
			var rows []struct {
				ObjectType, Municipality string
				Cases                    int
				Subjects                 *int
			}
			s.db.Raw(`SELECT a.object_type, m.code AS municipality, cardinality(a.case_ids) AS cases,
					cardinality(a.data_subject_hashes) AS subjects
				FROM audit_events a JOIN municipalities m ON m.id = a.municipality_id WHERE a.id > ? AND a.user_id = ?`, before, s.manager).Scan(&rows)
			if len(rows) != 1 || rows[0].ObjectType != "case-list" || rows[0].Municipality != "GM0363" ||
				rows[0].Cases != 0 {
				t.Fatalf("audit rows %+v, want one case-list row of GM0363 without cases", rows)
			}
			if bsnSearch := strings.Contains(l.body, "bsn"); bsnSearch != (rows[0].Subjects != nil && *rows[0].Subjects == 1) {
				t.Errorf(
					"data subjects %v, want the searched BSN's hash only for a BSN search",
					rows[0].Subjects,
				)
			}
		})
	}
}

func ptr(s string) *string { return &s }
