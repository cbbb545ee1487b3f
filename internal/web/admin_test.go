package web_test

import (
	"fmt"
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
	for _, path := range []string{
		"/beheer/gebruikers",
		"/beheer/gebruikers/nieuw",
		"/logboek",
		"/beheer/gemeenten",
	} {
		if status, body := km.get(path); status != http.StatusForbidden ||
			!strings.Contains(body, "Geen toegang") {
			t.Errorf("client manager on %s: %d, want 403", path, status)
		}
	}
	km.get("/account") // a page with the CSRF token
	if status, _ := km.post(
		"/beheer/gebruikers/nieuw",
		url.Values{"name": {"X"}},
	); status != http.StatusForbidden {
		t.Errorf("client manager creating an account: %d, want 403", status)
	}
	if status, _ := s.as(
		"beheerder.gm0772@demo.startbaan.nl",
	).get("/beheer/gemeenten"); status != http.StatusForbidden {
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
		strings.Contains(body, "klantmanager.gm0363@demo.startbaan.nl") ||
		strings.Contains(body, "ministerie@demo.startbaan.nl") {
		t.Fatalf("user list: %d, want the accounts of Eindhoven only", status)
	}

	b.get("/beheer/gebruikers/nieuw")
	form := url.Values{
		"name":         {"Nieuwe Collega"},
		"email":        {""},
		"password":     {"kort"},
		"role":         {"klantmanager"},
		"municipality": {"GM0772"},
	}
	status, body = b.post("/beheer/gebruikers/nieuw", form)
	if status != http.StatusBadRequest || !strings.Contains(body, `id="fout-email"`) ||
		!strings.Contains(body, `value="Nieuwe Collega"`) ||
		strings.Contains(body, `value="kort"`) || !strings.Contains(body, `id="fout-password"`) {
		t.Errorf(
			"account without an address: %d, want the errors beside address and password, the name kept, the password not echoed",
			status,
		)
	}
	form.Set("email", "geen adres")
	form.Set("role", "")
	status, body = b.post("/beheer/gebruikers/nieuw", form)
	if status != http.StatusBadRequest || !strings.Contains(body, "Geen geldig e-mailadres.") ||
		!strings.Contains(body, `id="fout-password"`) ||
		!strings.Contains(body, `id="fout-role"`) {
		t.Errorf("bad address, short password, no role: %d, want all three errors at once", status)
	}
	form.Set("role", "klantmanager")
	form.Set("email", "nieuwe.collega@eindhoven.example")
	status, body = b.post("/beheer/gebruikers/nieuw", form)
	if status != http.StatusBadRequest || !strings.Contains(body, `id="fout-password"`) {
		t.Errorf("short password: %d, want the error beside it", status)
	}
	form.Set("password", "een-lang-genoeg-wachtwoord")
	form.Set("municipality", "GM0363")
	status, body = b.post("/beheer/gebruikers/nieuw", form)
	if status != http.StatusForbidden ||
		!strings.Contains(body, "U beheert alleen rollen in uw eigen gemeente.") {
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
	if status != http.StatusOK || !strings.Contains(body, "De rol is toegekend.") ||
		!strings.Contains(
			body,
			"Rol intrekken<span class=\"sb-visually-hidden\">: Analist in Eindhoven",
		) {
		t.Errorf("grant: %d, want the role listed with a revoke button", status)
	}
	status, body = b.post(page+"/rollen/GM0772/analist/intrekken", url.Values{})
	if status != http.StatusOK || !strings.Contains(body, "De rol is ingetrokken.") ||
		strings.Contains(body, ": Analist in Eindhoven") {
		t.Errorf("revoke: %d, want the role gone", status)
	}
	status, body = b.post(page+"/rollen", url.Values{"role": {"analist"}, "municipality": {"GM0363"}})
	if status != http.StatusForbidden ||
		!strings.Contains(body, "U beheert alleen rollen in uw eigen gemeente.") ||
		!strings.Contains(body, `<option value="analist" selected>`) {
		t.Errorf(
			"grant in another municipality: %d, want the refusal on the account's page, the choice kept",
			status,
		)
	}

	var own string
	if err := s.db.Gorm.Raw(
		`SELECT id::text FROM users WHERE email = ?`,
		"beheerder.gm0772@demo.startbaan.nl",
	).Scan(&own).Error; err != nil {
		t.Fatal(err)
	}
	status, body = b.get("/beheer/gebruikers/" + own)
	if status != http.StatusOK || !strings.Contains(body, "Dit is uw eigen account.") ||
		strings.Contains(body, "Rol toekennen</button>") {
		t.Errorf("own account: %d, want it shown without forms", status)
	}
	for path, form := range map[string]url.Values{
		"/rollen":                            {"role": {"teamleider"}, "municipality": {"GM0772"}},
		"/rollen/GM0772/beheerder/intrekken": {},
		"/uitschakelen":                      {},
	} {
		status, body := b.post("/beheer/gebruikers/"+own+path, form)
		if status != http.StatusForbidden ||
			!strings.Contains(
				body,
				"U kunt uw eigen account en rollen niet wijzigen; vraag een andere beheerder.",
			) {
			t.Errorf("own account %s: %d, want the refusal", path, status)
		}
	}

	colleague := s.visitor()
	colleague.get("/inloggen")
	colleague.post(
		"/inloggen",
		url.Values{
			"email":    {"nieuwe.collega@eindhoven.example"},
			"password": {"een-lang-genoeg-wachtwoord"},
		},
	)
	if status, body := colleague.get("/account"); status != http.StatusOK ||
		!strings.Contains(body, "Nieuwe Collega") {
		t.Fatalf("the new account logs in: %d", status)
	}
	b.get(page)
	status, body = b.post(page+"/uitschakelen", url.Values{})
	if status != http.StatusOK || !strings.Contains(body, "Het account is uitgeschakeld") ||
		!strings.Contains(body, "Account weer inschakelen") {
		t.Errorf("disable: %d", status)
	}
	if _, body := colleague.get("/account"); !strings.Contains(
		body,
		"<h1 class=\"utrecht-heading-1\">Inloggen</h1>",
	) {
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
	if status != http.StatusOK || !strings.Contains(body, "Gemeenten en pilots") ||
		!strings.Contains(body, "GM0772") ||
		!strings.Contains(body, `href="/pilots/helmond-de-peel"`) ||
		!strings.Contains(body, "platformteam") ||
		strings.Contains(body, "YAML") || strings.Contains(body, "pilots sync") ||
		!strings.Contains(body, `href="/beheer/gemeenten" aria-current="page"`) {
		t.Errorf(
			"municipalities: %d, want them with their pilots, how they change in plain Dutch, in the navigation",
			status,
		)
	}
	if _, body := p.get("/pilots"); !strings.Contains(body, "Einde") ||
		!strings.Contains(body, "31 december 2026") {
		t.Error("the pilots page does not show the end dates")
	}
	p.get("/beheer/gebruikers/nieuw")
	status, body = p.post("/beheer/gebruikers/nieuw", url.Values{"name": {"Minister"},
		"email":    {"min@example.nl"},
		"password": {"een-lang-genoeg-wachtwoord"}, "role": {"ministerie"}, "municipality": {"GM0772"}})
	if status != http.StatusBadRequest ||
		!strings.Contains(body, "De rol ministerie geldt alleen landelijk (NL).") {
		t.Errorf(
			"ministry role in a municipality: %d, want the reason as a sentence beside the role",
			status,
		)
	}
	status, body = p.get("/beheer/gebruikers")
	if status != http.StatusOK || !strings.Contains(body, "klantmanager.gm0363@demo.startbaan.nl") ||
		!strings.Contains(body, "ministerie@demo.startbaan.nl") {
		t.Errorf("platform user list: %d, want every account", status)
	}
	if _, body := p.get("/beheer/gebruikers/nieuw"); !strings.Contains(body, `<option value="NL">`) ||
		!strings.Contains(body, `<option value="ministerie">`) {
		t.Error("the platform administrator is not offered national roles")
	}
}

// TestUserListSearchAndPages: the account list pages by 50 with the total, keeps the
// search in the page links, searches name and address, filters by role, and names a
// role it does not offer beside the field.
func TestUserListSearchAndPages(t *testing.T) {
	s := newSite(t)
	var total int
	s.db.Gorm.Raw(`SELECT count(*) FROM users`).Scan(&total)
	if total <= 50 {
		t.Fatalf("the demo data has %d accounts; the test needs more than one page", total)
	}
	p := s.as("platformbeheer@demo.startbaan.nl")
	status, body := p.get("/beheer/gebruikers")
	if status != http.StatusOK ||
		strings.Count(body, `scope="row"><a class="utrecht-link" href="/beheer/gebruikers/`) != 50 ||
		!strings.Contains(body, fmt.Sprintf("Accounts 1 tot en met 50 van %d", total)) ||
		!strings.Contains(body, `href="/beheer/gebruikers?pagina=2" rel="next"`) {
		t.Errorf("first page: %d, want 50 accounts of %d and a next page", status, total)
	}
	last := (total + 49) / 50
	_, body = p.get(fmt.Sprintf("/beheer/gebruikers?pagina=%d", last))
	if n := strings.Count(
		body,
		`scope="row"><a class="utrecht-link" href="/beheer/gebruikers/`,
	); n != total-50*(last-1) ||
		!strings.Contains(body, `rel="prev"`) ||
		strings.Contains(body, `rel="next"`) {
		t.Errorf("last page: %d accounts, want the rest and only a previous page", n)
	}
	_, body = p.get("/beheer/gebruikers?q=GM0772")
	if !strings.Contains(body, "klantmanager.gm0772@demo.startbaan.nl") ||
		strings.Contains(body, "klantmanager.gm0363@demo.startbaan.nl") ||
		!strings.Contains(body, `value="GM0772"`) {
		t.Error("search on the address: want the Eindhoven accounts only, the text kept")
	}
	_, body = p.get("/beheer/gebruikers?rol=ministerie")
	if !strings.Contains(body, "ministerie@demo.startbaan.nl") ||
		strings.Contains(body, "klantmanager.gm0772@demo.startbaan.nl") ||
		!strings.Contains(body, `<option value="ministerie" selected>`) {
		t.Error("role filter: want the ministry accounts only, the choice kept")
	}
	b := s.as("beheerder.gm0772@demo.startbaan.nl")
	if status, body := b.get(
		"/beheer/gebruikers?rol=platformbeheer",
	); status != http.StatusBadRequest ||
		!strings.Contains(body, `id="fout-rol"`) {
		t.Errorf("a role the beheerder is not offered: %d, want the error beside the field", status)
	}
	if _, body := b.get(
		"/beheer/gebruikers?q=klantmanager&rol=klantmanager",
	); !strings.Contains(body, "klantmanager.gm0772@demo.startbaan.nl") ||
		strings.Contains(body, "gm0363") {
		t.Error("a beheerder's search stays in their municipality")
	}
}

// TestAuditLogPage: a team lead reads their municipality's log (an account created
// there is on it), pages through it, sees their own login, and gets an error
// beside a malformed filter field.
func TestAuditLogPage(t *testing.T) {
	s := newSite(t)
	b := s.as("beheerder.gm0772@demo.startbaan.nl")
	b.get("/beheer/gebruikers/nieuw")
	if status, _ := b.post("/beheer/gebruikers/nieuw", url.Values{"name": {"Nieuwe Collega"},
		"email": {"nieuw@eindhoven.example"},
		"password": {
			"een-lang-genoeg-wachtwoord",
		}, "role": {"analist"}, "municipality": {"GM0772"}}); status != http.StatusOK {
		t.Fatalf("create account: %d", status)
	}
	tl := s.as("teamleider.gm0772@demo.startbaan.nl")
	status, body := tl.get("/logboek")
	if status != http.StatusOK || !strings.Contains(body, "Aanmaken") ||
		!strings.Contains(body, "Demo beheerder GM0772") {
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
	if status, body := tl.get("/logboek?page=2"); status != http.StatusOK ||
		!strings.Contains(body, `rel="prev">Vorige</a>`) || !strings.Contains(body, "Aanmaken") {
		t.Errorf("second page: %d, want the older rows", status)
	}
	status, body = tl.get("/logboek?from=gisteren&case=123")
	if status != http.StatusBadRequest || !strings.Contains(body, `id="fout-from"`) ||
		!strings.Contains(body, `id="fout-case"`) ||
		!strings.Contains(body, `value="gisteren"`) {
		t.Errorf("malformed filter: %d, want errors beside the fields, the input kept", status)
	}
	if status, body := tl.get("/logboek?from=2000-01-01&to=2000-01-02"); status != http.StatusOK ||
		!strings.Contains(body, "Geen regels die aan het filter voldoen") {
		t.Errorf("filter on a past period: %d", status)
	}
	var caseID string
	s.db.Gorm.Raw(
		`SELECT c.id::text FROM cases c JOIN municipalities m ON m.id = c.municipality_id WHERE m.code = 'GM0772' LIMIT 1`,
	).Scan(&caseID)
	if status, _ := tl.get("/dossiers/" + caseID); status != http.StatusOK {
		t.Fatalf("case page: %d", status)
	}
	_, body = tl.get("/logboek")
	if !strings.Contains(body, `<a class="utrecht-link" href="/dossiers/`+caseID+`">`) {
		t.Error("the case read is not linked to the case page")
	}
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
	if err := s.db.Gorm.Raw(
		`SELECT id::text FROM users WHERE email = ?`,
		"klantmanager.gm0772@demo.startbaan.nl",
	).Scan(&userID).Error; err != nil {
		t.Fatal(err)
	}
	steps := map[string][]func(b *tab){
		"beheerder.gm0772@demo.startbaan.nl": {
			func(b *tab) { b.open("/beheer/gebruikers/nieuw") },
			func(b *tab) { submit(b, `form[action="/beheer/gebruikers/nieuw"]`, "#fout-email") },
			func(b *tab) { b.open("/beheer/gebruikers/" + userID) },
			func(b *tab) { submit(b, `form[action$="/rollen"]`, "#fout-role") },
			func(b *tab) { submit(b, `form[action$="/wachtwoord"]`, "#fout-password") },
			func(b *tab) { b.open("/beheer/gebruikers?q=klant&rol=platformbeheer") },
		},
		"klantmanager.gm0772@demo.startbaan.nl": {
			func(b *tab) { submit(b, `form[action="/account/wachtwoord"]`, "#fout-currentPassword") },
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
