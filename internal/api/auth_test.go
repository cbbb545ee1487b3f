package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/startbaan/startbaan/internal/users"
)

// loginAs logs in with a password through the API and returns cookie and CSRF token.
func (m *matrix) loginAs(email, password string) (response, string, string) {
	m.t.Helper()
	r := m.server.do("POST", "/api/v1/sessions", `{"email":"`+email+`","password":"`+password+`"}`)
	if r.status != http.StatusCreated {
		return r, "", ""
	}
	var body struct{ CSRFToken string }
	json.Unmarshal(r.body, &body)
	ck := (&http.Response{Header: r.header}).Cookies()
	return r, ck[0].Name + "=" + ck[0].Value, body.CSRFToken
}

func (m *matrix) with(cookie, csrf string) *caller {
	return &caller{role: "x", cookie: cookie, csrf: csrf}
}

func TestLogin(t *testing.T) {
	m := newMatrix(t)
	m.newUser("karin@matrix.example", users.Grant{Role: "klantmanager", Domain: own})

	r, cookie, csrf := m.loginAs("karin@matrix.example", "matrix-wachtwoord-12")
	if r.status != http.StatusCreated || csrf == "" {
		t.Fatalf("login: %d %s", r.status, r.body)
	}
	set := r.header.Get("Set-Cookie")
	for _, attr := range []string{"HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=43200"} {
		if !strings.Contains(set, attr) {
			t.Errorf("session cookie lacks %s: %s", attr, set)
		}
	}
	t.Run("wrong password and unknown account get the same answer", func(t *testing.T) {
		wrong := m.server.do(
			"POST",
			"/api/v1/sessions",
			`{"email":"karin@matrix.example","password":"fout-wachtwoord-1"}`,
		)
		unknown := m.server.do(
			"POST",
			"/api/v1/sessions",
			`{"email":"niemand@matrix.example","password":"fout-wachtwoord-1"}`,
		)
		if wrong.status != 401 || unknown.status != 401 || string(wrong.body) != string(unknown.body) {
			t.Errorf(
				"wrong password %d %s, unknown account %d %s",
				wrong.status,
				wrong.body,
				unknown.status,
				unknown.body,
			)
		}
	})
	t.Run("repeated failures wait", func(t *testing.T) {
		var last response
		for i := 0; i < users.FreeAttempts+1; i++ {
			last = m.server.do(
				"POST",
				"/api/v1/sessions",
				`{"email":"doelwit@matrix.example","password":"fout-wachtwoord-1"}`,
			)
		}
		if last.status != http.StatusTooManyRequests || last.header.Get("Retry-After") == "" {
			t.Errorf("after %d failures: %d %v", users.FreeAttempts+1, last.status, last.header)
		}
	})
	t.Run("the cookie session works, and needs the CSRF token to change anything", func(t *testing.T) {
		if s, body := m.send(
			m.with(cookie, csrf),
			call{method: "GET", path: "/api/v1/sessions/current"},
		); s != 200 ||
			!strings.Contains(body, `"via":"cookie"`) {
			t.Fatalf("current session: %d %s", s, body)
		}
		create := call{method: "POST", path: "/api/v1/tokens", body: `{"name":"script"}`}
		for _, bad := range []string{"", "forged", csrf + "x"} {
			if s, _ := m.send(m.with(cookie, bad), create); s != http.StatusForbidden {
				t.Errorf("state change with CSRF token %q: %d", bad, s)
			}
		}
		if s, body := m.send(m.with(cookie, csrf), create); s != http.StatusCreated {
			t.Errorf("state change with the CSRF token: %d %s", s, body)
		}
	})
	t.Run("logging in again ends the old session", func(t *testing.T) {
		r := m.server.do(
			"POST",
			"/api/v1/sessions",
			`{"email":"karin@matrix.example","password":"matrix-wachtwoord-12"}`,
			"Cookie",
			cookie,
		)
		if r.status != http.StatusCreated ||
			strings.Contains(r.header.Get("Set-Cookie"), strings.SplitN(cookie, "=", 2)[1]) {
			t.Fatalf("second login: %d", r.status)
		}
		if s, _ := m.send(
			m.with(cookie, csrf),
			call{method: "GET", path: "/api/v1/sessions/current"},
		); s != http.StatusUnauthorized {
			t.Errorf("the session from before the new login still works: %d", s)
		}
	})
	t.Run("a session after logout is dead", func(t *testing.T) {
		_, cookie, csrf := m.loginAs("karin@matrix.example", "matrix-wachtwoord-12")
		if s, _ := m.send(
			m.with(cookie, csrf),
			call{method: "DELETE", path: "/api/v1/sessions/current"},
		); s != http.StatusNoContent {
			t.Fatalf("logout: %d", s)
		}
		if s, _ := m.send(
			m.with(cookie, csrf),
			call{method: "GET", path: "/api/v1/cases"},
		); s != http.StatusUnauthorized {
			t.Errorf("a session after logout: %d", s)
		}
	})
}

func TestTokens(t *testing.T) {
	m := newMatrix(t)
	km := m.newUser("karin@matrix.example", users.Grant{Role: "klantmanager", Domain: own})
	cookie, csrf := m.session(km)
	s, body := m.send(
		m.with(cookie, csrf),
		call{method: "POST", path: "/api/v1/tokens", body: `{"name":"koppeling","expiresInDays":7}`},
	)
	var tok struct{ ID, Token string }
	json.Unmarshal([]byte(body), &tok)
	if s != http.StatusCreated || tok.Token == "" {
		t.Fatalf("create token: %d %s", s, body)
	}
	bearer := call{
		method: "GET",
		path:   "/api/v1/cases",
		header: []string{"Authorization", "Bearer " + tok.Token},
	}
	anon := &caller{}
	if s, _ := m.send(anon, bearer); s != 200 {
		t.Fatalf("token: %d", s)
	}
	if s, body := m.send(
		m.with(cookie, csrf),
		call{method: "GET", path: "/api/v1/tokens"},
	); s != 200 ||
		strings.Contains(body, tok.Token) {
		t.Errorf("token list: %d, shows the token itself: %v", s, strings.Contains(body, tok.Token))
	}
	if s, _ := m.send(
		anon,
		call{
			method: "POST",
			path:   "/api/v1/tokens",
			body:   `{"name":"kind"}`,
			header: []string{"Authorization", "Bearer " + tok.Token},
		},
	); s != http.StatusForbidden {
		t.Errorf("a token made a token: %d", s)
	}
	if s, _ := m.send(
		anon,
		call{
			method: "GET",
			path:   "/api/v1/cases",
			header: []string{"Authorization", "Basic a2FyaW46eA=="},
		},
	); s != http.StatusUnauthorized {
		t.Errorf("basic auth: %d", s)
	}
	if s, _ := m.send(
		m.with(cookie, csrf),
		call{method: "DELETE", path: "/api/v1/tokens/" + tok.ID},
	); s != http.StatusNoContent {
		t.Fatalf("revoke: %d", s)
	}
	if s, _ := m.send(anon, bearer); s != http.StatusUnauthorized {
		t.Errorf("a revoked token: %d", s)
	}
}

// TestEscalation tries what an attacker with a foothold would try.
func TestEscalation(t *testing.T) {
	m := newMatrix(t)
	beheer := m.newUser("beheer@matrix.example", users.Grant{Role: "beheerder", Domain: own})
	km := m.newUser("karin@matrix.example", users.Grant{Role: "klantmanager", Domain: own})
	bh := m.with(m.session(beheer))
	kmc := m.with(m.session(km))
	tlc := m.with(
		m.session(m.newUser("lead@matrix.example", users.Grant{Role: "teamleider", Domain: own})),
	)
	elsewhere := m.newUser("km.ehv@matrix.example", users.Grant{Role: "klantmanager", Domain: other})
	roles := func(id string) string { return "/api/v1/users/" + id + "/roles" }
	tests := []struct {
		name string
		who  *caller
		c    call
		want int
	}{
		{"beheerder grants themselves a role in another municipality", bh,
			call{
				method: "POST",
				path:   roles(beheer.String()),
				body:   `{"role":"beheerder","municipality":"` + other + `"}`,
			}, 403},
		{"beheerder grants themselves case access at home", bh,
			call{
				method: "POST",
				path:   roles(beheer.String()),
				body:   `{"role":"klantmanager","municipality":"` + own + `"}`,
			}, 403},
		{"beheerder grants a colleague a role in another municipality", bh,
			call{
				method: "POST",
				path:   roles(km.String()),
				body:   `{"role":"teamleider","municipality":"` + other + `"}`,
			}, 403},
		{"beheerder hands out a national role", bh,
			call{
				method: "POST",
				path:   roles(km.String()),
				body:   `{"role":"ministerie","municipality":"NL"}`,
			}, 403},
		{"beheerder creates an account for another municipality", bh,
			call{
				method: "POST",
				path:   "/api/v1/users",
				body: `{"email":"x@matrix.example","name":"X","password":"een-goed-wachtwoord","roles":[{"role":"teamleider","municipality":"` +
					other + `"}]}`,
			}, 403},
		{
			"beheerder disables themselves",
			bh,
			call{method: "PATCH", path: "/api/v1/users/" + beheer.String(), body: `{"disabled":true}`},
			403,
		},
		{"beheerder reads case files", bh, call{method: "GET", path: "/api/v1/cases"}, 403},
		{
			"klantmanager grants roles",
			kmc,
			call{
				method: "POST",
				path:   roles(km.String()),
				body:   `{"role":"teamleider","municipality":"` + own + `"}`,
			},
			403,
		},
		{"klantmanager lists accounts", kmc, call{method: "GET", path: "/api/v1/users"}, 403},
		{"klantmanager reads the audit log", kmc, call{method: "GET", path: "/api/v1/audit-events"}, 403},
		{"klantmanager closes a case", kmc, call{method: "POST", path: "/api/v1/cases/" +
			m.newCase(own, 0).String() + "/transitions",
			body: `{"toStage":"afgesloten","date":"2026-02-01","closeReason":"verhuisd"}`}, 403},
		{"another municipality's case in a transition", kmc, call{method: "POST", path: "/api/v1/cases/" +
			m.other.String() + "/transitions",
			body: `{"toStage":"gevestigd","date":"2026-02-01"}`}, 404},
		{"another municipality's case in a week", kmc, call{method: "PUT", path: "/api/v1/cases/" +
			m.other.String() + "/weeks/2026-W10",
			body: `{"plannedWorkHours":20}`}, 404},
		{"another municipality's case in a job offer", kmc, call{method: "POST", path: "/api/v1/cases/" +
			m.other.String() + "/job-offers",
			body: `{"employerId":"` + m.newEmployer(own) +
				`","offeredOn":"2026-02-01","contractType":"bepaalde_tijd","hoursPerWeek":24,"hourlyWageCents":1500}`}, 404},
		{"another municipality's employer on an own case", kmc, call{method: "POST",
			path: "/api/v1/cases/" + m.newCase(own, 2).String() + "/job-offers",
			body: `{"employerId":"` + m.newEmployer(other) +
				`","offeredOn":"2026-02-01","contractType":"bepaalde_tijd","hoursPerWeek":24,"hourlyWageCents":1500}`}, 400},
		{"klantmanager hands a new case to a colleague", kmc, call{method: "POST", path: "/api/v1/cases",
			body: `{"municipality":"` + own +
				`","bsn":"` + validBSN(970_000_000) + `","name":"N","birthDate":"1990-01-01","gender":"man","countryOfBirth":"SY",
			"residencePermitDate":"2025-11-01","householdType":"alleenstaand","languageLevelIntake":"A0","registeredOn":"2026-01-05",
			"clientManagerId":"` + beheer.String() + `"}`}, 403},
		{"team lead assigns a case to someone of another municipality", tlc, call{method: "PATCH",
			path: "/api/v1/cases/" + m.newCase(own, 0).String(),
			body: `{"clientManagerId":"` + elsewhere.String() +
				`"}`, header: []string{"If-Match", `"1"`}}, 400},
		{"team lead assigns a case to a beheerder", tlc, call{method: "PATCH", path: "/api/v1/cases/" +
			m.newCase(own, 0).String(),
			body: `{"clientManagerId":"` + beheer.String() +
				`"}`, header: []string{"If-Match", `"1"`}}, 400},
		{
			"another municipality's case found by BSN",
			kmc,
			call{method: "POST", path: "/api/v1/case-searches", body: `{"bsn":"` + m.otherBSN + `"}`},
			200,
		},
		{
			"another municipality's cases by name",
			kmc,
			call{
				method: "POST",
				path:   "/api/v1/case-searches",
				body:   `{"name":"Other","municipality":"` + other + `"}`,
			},
			200,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, body := m.send(tt.who, tt.c)
			if s != tt.want {
				t.Fatalf("%d, want %d: %s", s, tt.want, body)
			}
			if strings.Contains(body, "Other Person") {
				t.Errorf("another municipality's client leaked: %s", body)
			}
		})
	}

	t.Run("disabling ends sessions and tokens at once", func(t *testing.T) {
		_, token, err := m.users.CreateToken(t.Context(), km, "script", 24*3600*1e9)
		if err != nil {
			t.Fatal(err)
		}
		plain, _, _ := m.users.CreateToken(t.Context(), km, "script2", 24*3600*1e9)
		_ = token
		if s, body := m.send(
			bh,
			call{method: "PATCH", path: "/api/v1/users/" + km.String(), body: `{"disabled":true}`},
		); s != 200 ||
			!strings.Contains(body, `"disabled":true`) {
			t.Fatalf("disable: %d %s", s, body)
		}
		if s, _ := m.send(kmc, call{method: "GET", path: "/api/v1/cases"}); s != http.StatusUnauthorized {
			t.Errorf("session of a disabled account: %d", s)
		}
		if s, _ := m.send(
			&caller{},
			call{method: "GET", path: "/api/v1/cases", header: []string{"Authorization", "Bearer " + plain}},
		); s != http.StatusUnauthorized {
			t.Errorf("token of a disabled account: %d", s)
		}
	})
}

func TestSecurityHeadersAndSecureCookie(t *testing.T) {
	m := newMatrix(t)
	m.newUser("karin@matrix.example", users.Grant{Role: "klantmanager", Domain: own})
	ts := m.serveAlso(func(w *wiring) { w.guard.SecureCookies = true })
	req, _ := http.NewRequest(
		"POST",
		ts.URL+"/api/v1/sessions",
		strings.NewReader(`{"email":"karin@matrix.example","password":"matrix-wachtwoord-12"}`),
	)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Forwarded-Proto", "https")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	set := res.Header.Get("Set-Cookie")
	if res.StatusCode != 201 || !strings.HasPrefix(set, "__Host-startbaan_session=") ||
		!strings.Contains(set, "; Secure") {
		t.Errorf("secure cookie: %d %s", res.StatusCode, set)
	}
	for h, want := range map[string]string{"Content-Security-Policy": "default-src 'none'",
		"X-Content-Type-Options": "nosniff",
		"X-Frame-Options":        "DENY", "Referrer-Policy": "no-referrer", "Strict-Transport-Security": "max-age="} {
		if !strings.Contains(res.Header.Get(h), want) {
			t.Errorf("%s: %q", h, res.Header.Get(h))
		}
	}
	plain, _ := http.Get(ts.URL + "/api/v1/openapi.json")
	plain.Body.Close()
	if plain.Header.Get("Strict-Transport-Security") != "" {
		t.Error("HSTS over plain http")
	}
}
