package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestLogin(t *testing.T) {
	s := newSite(t)
	v := s.visitor()
	status, body := v.get("/?x=1")
	if status != http.StatusOK ||
		!strings.Contains(body, "<h1 class=\"utrecht-heading-1\">Inloggen</h1>") ||
		!strings.Contains(body, `name="terug" value="/?x=1"`) {
		t.Fatalf("not logged in: %d, want the login page coming back", status)
	}
	if !strings.Contains(body, "klantmanager.gm0772@demo.startbaan.nl") {
		t.Error("demo accounts not listed on the login page")
	}
	if strings.Contains(body, "km1.") {
		t.Error("demo client managers without a password listed on the login page")
	}
	status, body = v.post(
		"/inloggen",
		url.Values{"email": {"klantmanager.gm0772@demo.startbaan.nl"}, "password": {"fout"}},
	)
	if status != http.StatusUnauthorized ||
		!strings.Contains(body, "E-mailadres of wachtwoord klopt niet.") ||
		!strings.Contains(body, `value="klantmanager.gm0772@demo.startbaan.nl"`) {
		t.Errorf("wrong password: %d, want the message and the address kept", status)
	}
	status, body = v.post("/inloggen", url.Values{"email": {""}, "password": {""}})
	if status != http.StatusBadRequest || !strings.Contains(body, "Vul uw e-mailadres in.") ||
		!strings.Contains(body, `aria-describedby="fout-email"`) {
		t.Errorf("empty form: %d, want errors beside the fields", status)
	}
	a := s.as("analist.gm0772@demo.startbaan.nl")
	if status, body := a.get("/inloggen?terug=/account"); status != http.StatusOK ||
		!strings.Contains(body, "Uitloggen") {
		t.Errorf("analyst's start: %d", status)
	}
	if status, _ := a.post(
		"/uitloggen",
		url.Values{"csrf": {"vervalst"}},
	); status != http.StatusForbidden {
		t.Errorf("logout with a forged CSRF token: %d, want 403", status)
	}
	if status, body := a.post("/uitloggen", url.Values{}); status != http.StatusOK ||
		!strings.Contains(body, "U bent uitgelogd.") {
		t.Errorf("logout: %d", status)
	}
	if status, body := a.get("/"); status != http.StatusOK || !strings.Contains(body, "Inloggen") {
		t.Errorf("after logout: %d, want the login page", status)
	}
}
