package api_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/startbaan/startbaan/internal/api"
	"github.com/startbaan/startbaan/internal/users"
)

// TestTokenManagementNeedsASession: a bearer token neither mints nor revokes tokens,
// so that no token can outlive its own revocation through tokens it made.
func TestTokenManagementNeedsASession(t *testing.T) {
	m := newMatrix(t)
	km := m.newUser("karin@matrix.example", users.Grant{Role: "klantmanager", Domain: own})
	cookie, csrf := m.session(km)
	_, body := m.send(m.with(cookie, csrf), call{method: "POST", path: "/api/v1/tokens", body: `{"name":"koppeling"}`})
	var tok struct{ ID, Token string }
	if err := json.Unmarshal([]byte(body), &tok); err != nil || tok.Token == "" {
		t.Fatalf("token from a session: %s", body)
	}
	bearer := []string{"Authorization", "Bearer " + tok.Token}
	anon := &caller{}
	if s, body := m.send(anon, call{method: "POST", path: "/api/v1/tokens", body: `{"name":"kind"}`, header: bearer}); s != http.StatusForbidden {
		t.Errorf("a token made a token: %d %s", s, body)
	}
	if s, body := m.send(anon, call{method: "DELETE", path: "/api/v1/tokens/" + tok.ID, header: bearer}); s != http.StatusForbidden {
		t.Errorf("a token revoked a token: %d %s", s, body)
	}
	if s, _ := m.send(anon, call{method: "GET", path: "/api/v1/sessions/current", header: bearer}); s != http.StatusOK {
		t.Errorf("the token after the refused revocation: %d, want it still working", s)
	}
	var refusals int
	m.db.Raw(`SELECT count(*) FROM audit_events WHERE action = 'geweigerd' AND user_id = ? AND object_id LIKE '% /api/v1/tokens%'`, km).Scan(&refusals)
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
	srv := api.New(api.Deps{DB: m.db, Users: m.users, Enforcer: m.server.enforcer, Logger: slog.New(slog.DiscardHandler),
		Auth: users.NewAuthenticator(m.users, 10*time.Second), Ready: func(context.Context) error { return nil }})
	ts := httptest.NewServer(srv)
	defer ts.Close()
	login := func(cookie string) (*http.Response, error) {
		req, _ := http.NewRequest("POST", ts.URL+"/api/v1/sessions", strings.NewReader(`{"email":"karin@matrix.example","password":"matrix-wachtwoord-12"}`))
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
		t.Errorf("%d of %d requests after the login still passed with the session it ended", late.Load(), after.Load())
	}
}
