package api_test

import (
	"encoding/json"
	"net/http"
	"testing"

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
