package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/startbaan/startbaan/internal/users"
)

// TestFuzzFindings replays, end to end on PostgreSQL, the inputs the fuzz tests found:
// each answered 500 or was accepted wrongly before.
func TestFuzzFindings(t *testing.T) {
	t.Run("a country of birth that equals its upper case but is no code", func(t *testing.T) {
		s := newServer(t)
		for _, country := range []string{"12", "Ä", "--"} {
			body := strings.Replace(newCaseBody, `"SY"`, `"`+country+`"`, 1)
			assertProblem(t, s.do("POST", "/api/v1/cases", body), http.StatusBadRequest, "countryOfBirth")
		}
		id, etag := s.createCase()
		assertProblem(t, s.do("PATCH", "/api/v1/cases/"+id, `{"countryOfBirth":"Ä"}`, "If-Match", etag),
			http.StatusBadRequest, "countryOfBirth")
	})
	t.Run("a token of 2^48+30 days", func(t *testing.T) {
		m := newMatrix(t)
		cookie, csrf := m.session(
			m.newUser("karin@matrix.example", users.Grant{Role: "klantmanager", Domain: own}),
		)
		status, body := m.send(m.with(cookie, csrf), call{method: "POST", path: "/api/v1/tokens",
			body: `{"name":"koppeling","expiresInDays":281474976710686}`})
		if status != http.StatusBadRequest || !strings.Contains(body, "expiresInDays") {
			t.Errorf("a token of 2^48+30 days: %d %s", status, body)
		}
	})
}
