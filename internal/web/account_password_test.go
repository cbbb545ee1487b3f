package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/startbaan/startbaan/internal/demo"
)

// loggedIn reports whether a visitor's session still works.
func loggedIn(v *visitor) bool {
	_, body := v.get("/account")
	return strings.Contains(body, `<h1 class="utrecht-heading-1">Mijn account</h1>`)
}

// login tries an address and password in a fresh browser.
func (s *site) login(email, password string) (*visitor, bool) {
	v := s.visitor()
	v.get("/inloggen")
	v.post("/inloggen", url.Values{"email": {email}, "password": {password}})
	return v, loggedIn(v)
}

// TestChangeOwnPassword: the form on Mijn account names every problem at once beside
// its field, refuses a wrong current password, and on success keeps this session,
// ends the user's other sessions, and is in the municipality's log.
func TestChangeOwnPassword(t *testing.T) {
	s := newSite(t)
	const email = "klantmanager.gm0772@demo.startbaan.nl"
	v := s.as(email)
	elsewhere := s.as(email)
	status, body := v.get("/account")
	if status != http.StatusOK || !strings.Contains(body, `autocomplete="current-password"`) ||
		!strings.Contains(body, `action="/account/wachtwoord"`) {
		t.Fatalf("account page: %d, want the password form", status)
	}

	status, body = v.post(
		"/account/wachtwoord",
		url.Values{"currentPassword": {""}, "newPassword": {"kort"}, "repeatPassword": {"anders"}},
	)
	if status != http.StatusBadRequest || !strings.Contains(body, `id="fout-currentPassword"`) ||
		!strings.Contains(body, `aria-describedby="nieuw-wachtwoord-uitleg fout-newPassword"`) ||
		!strings.Contains(body, "De twee nieuwe wachtwoorden zijn niet gelijk.") ||
		strings.Contains(body, `value="kort"`) {
		t.Errorf(
			"empty current, short new, different repeat: %d, want all three errors beside their fields, nothing echoed",
			status,
		)
	}
	wrong := url.Values{"currentPassword": {"niet mijn wachtwoord"},
		"newPassword":    {"mijn nieuwe wachtwoord"},
		"repeatPassword": {"mijn nieuwe wachtwoord"}}
	if status, body = v.post("/account/wachtwoord", wrong); status != http.StatusBadRequest ||
		!strings.Contains(body, "Het huidige wachtwoord klopt niet.") {
		t.Errorf("wrong current password: %d, want the error beside it", status)
	}

	right := url.Values{"currentPassword": {demo.AccountPassword},
		"newPassword":    {"mijn nieuwe wachtwoord"},
		"repeatPassword": {"mijn nieuwe wachtwoord"}}
	status, body = v.post("/account/wachtwoord", right)
	if status != http.StatusOK || !strings.Contains(body, "Uw wachtwoord is gewijzigd.") {
		t.Fatalf("change: %d, want the account page with the notice", status)
	}
	if !loggedIn(v) {
		t.Error("the session of the change ended")
	}
	if loggedIn(elsewhere) {
		t.Error("another session of the user survived the change")
	}
	if _, ok := s.login(email, demo.AccountPassword); ok {
		t.Error("the old password still works")
	}
	if _, ok := s.login(email, "mijn nieuwe wachtwoord"); !ok {
		t.Error("the new password does not work")
	}
	var n int
	s.db.Gorm.Raw(`SELECT count(*) FROM audit_events a JOIN users u ON u.id::text = a.object_id
		WHERE u.email = ? AND a.object_type = 'account' AND a.action = 'wijzigen' AND a.user_id = u.id`, email).Scan(&n)
	if n == 0 {
		t.Error("the change is not in the audit log")
	}
}

// TestSetPasswordByAdministrator: a beheerder sets a password for an account of their
// municipality (both problems of the form at once first), which ends that account's
// sessions; their own account has no such form and is refused.
func TestSetPasswordByAdministrator(t *testing.T) {
	s := newSite(t)
	const email = "klantmanager.gm0772@demo.startbaan.nl"
	km := s.as(email)
	b := s.as("beheerder.gm0772@demo.startbaan.nl")
	var id, own string
	s.db.Gorm.Raw(`SELECT id::text FROM users WHERE email = ?`, email).Scan(&id)
	s.db.Gorm.Raw(
		`SELECT id::text FROM users WHERE email = ?`,
		"beheerder.gm0772@demo.startbaan.nl",
	).Scan(&own)
	page := "/beheer/gebruikers/" + id
	if _, body := b.get(page); !strings.Contains(body, "Nieuw wachtwoord instellen") ||
		!strings.Contains(body, `action="`+page+`/wachtwoord"`) {
		t.Fatal("the account page offers no new password")
	}
	status, body := b.post(
		page+"/wachtwoord",
		url.Values{"password": {"kort"}, "repeatPassword": {""}},
	)
	if status != http.StatusBadRequest || !strings.Contains(body, `id="fout-password"`) ||
		!strings.Contains(body, `id="fout-repeatPassword"`) {
		t.Errorf("short password, no repeat: %d, want both errors", status)
	}
	status, body = b.post(
		page+"/wachtwoord",
		url.Values{"password": {"een nieuw wachtwoord"}, "repeatPassword": {"een nieuw wachtwoord"}},
	)
	if status != http.StatusOK || !strings.Contains(body, "Het nieuwe wachtwoord is ingesteld") {
		t.Fatalf("set password: %d", status)
	}
	if loggedIn(km) {
		t.Error("the account's session survived a new password")
	}
	if _, ok := s.login(email, "een nieuw wachtwoord"); !ok {
		t.Error("the new password does not work")
	}

	if _, body := b.get("/beheer/gebruikers/" + own); strings.Contains(
		body,
		"Nieuw wachtwoord instellen",
	) ||
		!strings.Contains(body, `href="/account">Mijn account</a>`) {
		t.Error("own account: want no password form, a pointer to Mijn account")
	}
	status, body = b.post(
		"/beheer/gebruikers/"+own+"/wachtwoord",
		url.Values{"password": {"een nieuw wachtwoord"}, "repeatPassword": {"een nieuw wachtwoord"}},
	)
	if status != http.StatusForbidden ||
		!strings.Contains(body, "U kunt uw eigen account en rollen niet wijzigen") {
		t.Errorf("own account: %d, want the refusal", status)
	}
	if _, ok := s.login("beheerder.gm0772@demo.startbaan.nl", demo.AccountPassword); !ok {
		t.Error("the refused change changed the password")
	}
}
