package web_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestDatabaseDownPage: with the database gone a page answers 503 with Retry-After
// and a Dutch page that says to try again shortly, not "Er ging iets mis" with 500.
func TestDatabaseDownPage(t *testing.T) {
	s := newSite(t)
	v := s.as("klantmanager.gm0363@demo.startbaan.nl")
	s.db.Close()
	res, err := v.client.Get(s.url + "/dossiers")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	body := string(b)
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
		t.Fatalf(
			"page with the database down: %d, Retry-After %q",
			res.StatusCode,
			res.Header.Get("Retry-After"),
		)
	}
	for _, want := range []string{
		"Tijdelijk niet beschikbaar",
		"probeer het over een paar seconden opnieuw",
		`lang="nl"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("503 page lacks %q:\n%s", want, body)
		}
	}
}
