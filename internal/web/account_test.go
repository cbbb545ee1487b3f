package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var (
	newTokenValue = regexp.MustCompile(`id="nieuw-token" type="text" value="([^"]+)"`)
	revokeAction  = regexp.MustCompile(`action="(/account/tokens/[0-9a-f-]+/intrekken)"`)
)

// TestAccount: the account page shows the user's roles; a token is made (its value
// shown once, and it works on the API), refused beside the field when its name or
// lifetime is wrong, and revoked (after which the API refuses it).
func TestAccount(t *testing.T) {
	s := newSite(t)
	v := s.as("klantmanager.gm0772@demo.startbaan.nl")
	status, body := v.get("/account")
	if status != http.StatusOK ||
		!strings.Contains(body, "<h1 class=\"utrecht-heading-1\">Mijn account</h1>") ||
		!strings.Contains(body, "Klantmanager") || !strings.Contains(body, "Eindhoven (GM0772)") ||
		!strings.Contains(body, "klantmanager.gm0772@demo.startbaan.nl") {
		t.Fatalf("account page: %d, want name, address and roles", status)
	}

	status, body = v.post("/account/tokens", url.Values{"name": {""}, "expiresInDays": {"30"}})
	if status != http.StatusBadRequest || !strings.Contains(body, `id="fout-name"`) ||
		!strings.Contains(body, `aria-describedby="token-naam-uitleg fout-name"`) ||
		!strings.Contains(body, `value="30"`) {
		t.Errorf("token without a name: %d, want the error beside the field and the days kept", status)
	}
	status, body = v.post(
		"/account/tokens",
		url.Values{"name": {"rapportage"}, "expiresInDays": {"400"}},
	)
	if status != http.StatusBadRequest || !strings.Contains(body, `id="fout-expiresInDays"`) ||
		!strings.Contains(body, `value="rapportage"`) {
		t.Errorf("token for 400 days: %d, want the error beside the days and the name kept", status)
	}

	status, body = v.post(
		"/account/tokens",
		url.Values{"name": {"rapportage"}, "expiresInDays": {"30"}},
	)
	m := newTokenValue.FindStringSubmatch(body)
	if status != http.StatusOK || m == nil || !strings.Contains(body, "Kopieer het token nu.") {
		t.Fatalf("token: %d, want its value shown with the warning", status)
	}
	token := m[1]
	if got := s.apiStatus(t, token); got != http.StatusOK {
		t.Errorf("API with the new token: %d, want 200", got)
	}
	_, body = v.get("/account")
	if strings.Contains(body, token) || !strings.Contains(body, "rapportage") ||
		!strings.Contains(body, "Geldig") {
		t.Error("account page after making a token: want it listed, its value not shown again")
	}

	revoke := revokeAction.FindStringSubmatch(body)
	if revoke == nil ||
		!strings.Contains(body, "Intrekken<span class=\"sb-visually-hidden\">: token rapportage</span>") {
		t.Fatal("no revoke button with the token's name")
	}
	status, body = v.post(revoke[1], url.Values{})
	if status != http.StatusOK || !strings.Contains(body, "Het API-token is ingetrokken.") ||
		!strings.Contains(body, "Ingetrokken") {
		t.Errorf("revoke: %d, want the notice and the token marked", status)
	}
	if got := s.apiStatus(t, token); got != http.StatusUnauthorized {
		t.Errorf("API with the revoked token: %d, want 401", got)
	}
	other := s.as("teamleider.gm0772@demo.startbaan.nl")
	other.get("/account")
	if status, _ := other.post(revoke[1], url.Values{}); status != http.StatusNotFound {
		t.Errorf("revoking another user's token: %d, want 404", status)
	}
}

// apiStatus asks the API who the token belongs to and returns the status.
func (s *site) apiStatus(t *testing.T, token string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.url+"/api/v1/sessions/current", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
