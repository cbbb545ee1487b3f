package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

var (
	grantAction = regexp.MustCompile(`action="/beheer/gebruikers/([0-9a-f-]+)/rollen"`)
	nineDigits  = regexp.MustCompile(`\b\d{9}\b`)
)

// TestAdminPagesAreRefused: a client manager holds neither users/manage nor
// audit/read, and a beheerder not municipalities/manage.
func TestAdminPagesAreRefused(t *testing.T) {
	s := newSite(t)
	km := s.as("klantmanager.gm0772@demo.startbaan.nl")
	for _, path := range []string{"/beheer/gebruikers", "/beheer/gebruikers/nieuw", "/logboek", "/beheer/gemeenten"} {
		if status, body := km.get(path); status != http.StatusForbidden || !strings.Contains(body, "Geen toegang") {
			t.Errorf("client manager on %s: %d, want 403", path, status)
		}
	}
	km.get("/account") // a page with the CSRF token
	if status, _ := km.post("/beheer/gebruikers/nieuw", url.Values{"name": {"X"}}); status != http.StatusForbidden {
		t.Errorf("client manager creating an account: %d, want 403", status)
	}
	if status, _ := s.as("beheerder.gm0772@demo.startbaan.nl").get("/beheer/gemeenten"); status != http.StatusForbidden {
		t.Errorf("beheerder on municipalities: %d, want 403", status)
	}
}

// TestUserAdministration: a beheerder sees the accounts of their municipality only,
// creates one there (errors beside the fields first), grants and revokes a role,
// is refused a role in another municipality and any change to their own account,
// and disables the account, which ends its session.
func TestUserAdministration(t *testing.T) {
	s := newSite(t)
	b := s.as("beheerder.gm0772@demo.startbaan.nl")
	status, body := b.get("/beheer/gebruikers")
	if status != http.StatusOK || !strings.Contains(body, "klantmanager.gm0772@demo.startbaan.nl") ||
		strings.Contains(body, "klantmanager.gm0363@demo.startbaan.nl") || strings.Contains(body, "ministerie@demo.startbaan.nl") {
		t.Fatalf("user list: %d, want the accounts of Eindhoven only", status)
	}

	b.get("/beheer/gebruikers/nieuw")
	form := url.Values{"name": {"Nieuwe Collega"}, "email": {""}, "password": {"kort"}, "role": {"klantmanager"}, "municipality": {"GM0772"}}
	status, body = b.post("/beheer/gebruikers/nieuw", form)
	if status != http.StatusBadRequest || !strings.Contains(body, `id="fout-email"`) || !strings.Contains(body, `value="Nieuwe Collega"`) ||
		strings.Contains(body, `value="kort"`) {
		t.Errorf("account without an address: %d, want the error beside it, the name kept, the password not echoed", status)
	}
	form.Set("email", "nieuwe.collega@eindhoven.example")
	status, body = b.post("/beheer/gebruikers/nieuw", form)
	if status != http.StatusBadRequest || !strings.Contains(body, `id="fout-password"`) {
		t.Errorf("short password: %d, want the error beside it", status)
	}
	form.Set("password", "een-lang-genoeg-wachtwoord")
	form.Set("municipality", "GM0363")
	status, body = b.post("/beheer/gebruikers/nieuw", form)
	if status != http.StatusForbidden || !strings.Contains(body, "U beheert alleen rollen in uw eigen gemeente.") {
		t.Errorf("account in another municipality: %d, want the refusal", status)
	}
	form.Set("municipality", "GM0772")
	status, body = b.post("/beheer/gebruikers/nieuw", form)
	m := grantAction.FindStringSubmatch(body)
	if status != http.StatusOK || !strings.Contains(body, "Het account is aangemaakt.") || m == nil {
		t.Fatalf("create account: %d, want its page", status)
	}
	page := "/beheer/gebruikers/" + m[1]

	status, body = b.post(page+"/rollen", url.Values{"role": {"analist"}, "municipality": {"GM0772"}})
	if status != http.StatusOK || !strings.Contains(body, "De rol is toegekend.") || !strings.Contains(body, "Rol intrekken<span class=\"sb-visually-hidden\">: Analist in Eindhoven") {
		t.Errorf("grant: %d, want the role listed with a revoke button", status)
	}
	status, body = b.post(page+"/rollen/GM0772/analist/intrekken", url.Values{})
	if status != http.StatusOK || !strings.Contains(body, "De rol is ingetrokken.") || strings.Contains(body, ": Analist in Eindhoven") {
		t.Errorf("revoke: %d, want the role gone", status)
	}
	status, body = b.post(page+"/rollen", url.Values{"role": {"analist"}, "municipality": {"GM0363"}})
	if status != http.StatusForbidden || !strings.Contains(body, "U beheert alleen rollen in uw eigen gemeente.") ||
		!strings.Contains(body, `<option value="analist" selected>`) {
		t.Errorf("grant in another municipality: %d, want the refusal on the account's page, the choice kept", status)
	}

	var own string
	if err := s.db.Gorm.Raw(`SELECT id::text FROM users WHERE email = ?`, "beheerder.gm0772@demo.startbaan.nl").Scan(&own).Error; err != nil {
		t.Fatal(err)
	}
	status, body = b.get("/beheer/gebruikers/" + own)
	if status != http.StatusOK || !strings.Contains(body, "Dit is uw eigen account.") || strings.Contains(body, "Rol toekennen</button>") {
		t.Errorf("own account: %d, want it shown without forms", status)
	}
	for path, form := range map[string]url.Values{
		"/rollen":                            {"role": {"teamleider"}, "municipality": {"GM0772"}},
		"/rollen/GM0772/beheerder/intrekken": {},
		"/uitschakelen":                      {},
	} {
		status, body := b.post("/beheer/gebruikers/"+own+path, form)
		if status != http.StatusForbidden || !strings.Contains(body, "U kunt uw eigen account en rollen niet wijzigen; vraag een andere beheerder.") {
			t.Errorf("own account %s: %d, want the refusal", path, status)
		}
	}

	colleague := s.visitor()
	colleague.get("/inloggen")
	colleague.post("/inloggen", url.Values{"email": {"nieuwe.collega@eindhoven.example"}, "password": {"een-lang-genoeg-wachtwoord"}})
	if status, body := colleague.get("/account"); status != http.StatusOK || !strings.Contains(body, "Nieuwe Collega") {
		t.Fatalf("the new account logs in: %d", status)
	}
	b.get(page)
	status, body = b.post(page+"/uitschakelen", url.Values{})
	if status != http.StatusOK || !strings.Contains(body, "Het account is uitgeschakeld") || !strings.Contains(body, "Account weer inschakelen") {
		t.Errorf("disable: %d", status)
	}
	if _, body := colleague.get("/account"); !strings.Contains(body, "<h1 class=\"utrecht-heading-1\">Inloggen</h1>") {
		t.Error("the disabled account's session still works")
	}
}

// TestPlatformAdministration: the platform administrator sees every account, may
// hand out national roles, and sees the municipalities with their pilots and how
// pilots are managed.
func TestPlatformAdministration(t *testing.T) {
	s := newSite(t)
	p := s.as("platformbeheer@demo.startbaan.nl")
	status, body := p.get("/beheer/gemeenten")
	if status != http.StatusOK || !strings.Contains(body, "Gemeenten en pilots") || !strings.Contains(body, "GM0772") ||
		!strings.Contains(body, `href="/pilots/helmond-de-peel"`) || !strings.Contains(body, "startbaan pilots sync") ||
		!strings.Contains(body, `href="/beheer/gemeenten" aria-current="page"`) {
		t.Errorf("municipalities: %d, want them with their pilots, the sync explained, in the navigation", status)
	}
	status, body = p.get("/beheer/gebruikers")
	if status != http.StatusOK || !strings.Contains(body, "klantmanager.gm0363@demo.startbaan.nl") || !strings.Contains(body, "ministerie@demo.startbaan.nl") {
		t.Errorf("platform user list: %d, want every account", status)
	}
	if _, body := p.get("/beheer/gebruikers/nieuw"); !strings.Contains(body, `<option value="NL">`) || !strings.Contains(body, `<option value="ministerie">`) {
		t.Error("the platform administrator is not offered national roles")
	}
}

// TestAuditLogPage: a team lead reads their municipality's log (an account created
// there is on it), pages through it, sees their own login, and gets an error
// beside a malformed filter field.
func TestAuditLogPage(t *testing.T) {
	s := newSite(t)
	b := s.as("beheerder.gm0772@demo.startbaan.nl")
	b.get("/beheer/gebruikers/nieuw")
	if status, _ := b.post("/beheer/gebruikers/nieuw", url.Values{"name": {"Nieuwe Collega"}, "email": {"nieuw@eindhoven.example"},
		"password": {"een-lang-genoeg-wachtwoord"}, "role": {"analist"}, "municipality": {"GM0772"}}); status != http.StatusOK {
		t.Fatalf("create account: %d", status)
	}
	tl := s.as("teamleider.gm0772@demo.startbaan.nl")
	status, body := tl.get("/logboek")
	if status != http.StatusOK || !strings.Contains(body, "Aanmaken") || !strings.Contains(body, "Demo beheerder GM0772") {
		t.Fatalf("audit log: %d, want the account's creation by the beheerder", status)
	}
	own := body[strings.Index(body, `id="eigen-kop"`):]
	if !strings.Contains(own, "Inloggen") {
		t.Error("the team lead's own login is not shown")
	}
	for i := 0; i < 51; i++ { // each list read is a row in the municipality's log
		if status, _ := tl.get("/api/v1/cases"); status != http.StatusOK {
			t.Fatalf("case list: %d", status)
		}
	}
	_, body = tl.get("/logboek")
	if !strings.Contains(body, `rel="next">Volgende</a>`) {
		t.Fatal("no next page after 51 reads")
	}
	if status, body := tl.get("/logboek?page=2"); status != http.StatusOK || !strings.Contains(body, `rel="prev">Vorige</a>`) || !strings.Contains(body, "Aanmaken") {
		t.Errorf("second page: %d, want the older rows", status)
	}
	status, body = tl.get("/logboek?from=gisteren&case=123")
	if status != http.StatusBadRequest || !strings.Contains(body, `id="fout-from"`) || !strings.Contains(body, `id="fout-case"`) ||
		!strings.Contains(body, `value="gisteren"`) {
		t.Errorf("malformed filter: %d, want errors beside the fields, the input kept", status)
	}
	if status, body := tl.get("/logboek?from=2000-01-01&to=2000-01-02"); status != http.StatusOK || !strings.Contains(body, "Geen regels die aan het filter voldoen") {
		t.Errorf("filter on a past period: %d", status)
	}
	_, body = tl.get("/logboek")
	if nineDigits.MatchString(body) || strings.Contains(body, "data_subject") {
		t.Error("the log page shows something like a BSN or the data subject's hash")
	}
}

// TestAdminPageStatesAreAccessible runs axe-core on the states of these pages that
// the walk through the navigation does not reach: forms with errors beside their
// fields, a new token shown once, a filter refused, a pilot's page.
func TestAdminPageStatesAreAccessible(t *testing.T) {
	s := newSite(t)
	var userID string
	if err := s.db.Gorm.Raw(`SELECT id::text FROM users WHERE email = ?`, "klantmanager.gm0772@demo.startbaan.nl").Scan(&userID).Error; err != nil {
		t.Fatal(err)
	}
	steps := map[string][]func(b *tab){
		"beheerder.gm0772@demo.startbaan.nl": {
			func(b *tab) { b.open("/beheer/gebruikers/nieuw") },
			func(b *tab) { submit(b, `form[action="/beheer/gebruikers/nieuw"]`, "#fout-email") },
			func(b *tab) { b.open("/beheer/gebruikers/" + userID) },
			func(b *tab) { submit(b, `form[action$="/rollen"]`, "#fout-role") },
		},
		"klantmanager.gm0772@demo.startbaan.nl": {
			func(b *tab) { submit(b, `form[action="/account/tokens"]`, "#fout-name") },
			func(b *tab) {
				b.do(chromedp.SendKeys("#token-naam", "script"))
				submit(b, `form[action="/account/tokens"]`, "#nieuw-token")
			},
			func(b *tab) { b.open("/werkgevers") },
			func(b *tab) { submit(b, `form[action="/werkgevers"][method="post"]`, "#fout-name") },
		},
		"teamleider.gm0772@demo.startbaan.nl": {
			func(b *tab) { b.open("/logboek?from=gisteren") },
		},
		"platformbeheer@demo.startbaan.nl": {
			func(b *tab) { b.open("/beheer/gemeenten") },
			func(b *tab) { b.open("/pilots/helmond-de-peel") },
		},
	}
	for email, list := range steps {
		t.Run(strings.SplitN(email, "@", 2)[0], func(t *testing.T) {
			b := s.browser(t)
			b.login(email)
			b.open("/account")
			for _, step := range list {
				step(b)
				b.axe()
			}
		})
	}
}

// submit sends a form as a person would and waits for an element of the answer.
func submit(b *tab, form, waitFor string) {
	b.t.Helper()
	b.do(chromedp.Click(form+` button[type=submit]`), chromedp.WaitVisible(waitFor))
}
