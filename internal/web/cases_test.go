package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/startbaan/startbaan/internal/bsn"
	"github.com/startbaan/startbaan/internal/calendar"
	"github.com/startbaan/startbaan/internal/web/dutch"
)

const (
	kmEindhoven = "klantmanager.gm0772@demo.startbaan.nl"
	tlEindhoven = "teamleider.gm0772@demo.startbaan.nl"
)

// testBSN returns the n-th number in 100,000,000 and up that passes the 11-proef:
// far from the demo data's 900,000,000 range.
func testBSN(n int) string {
	for i := 100_000_000; ; i++ {
		s := fmt.Sprintf("%09d", i)
		if bsn.Valid(s) {
			if n == 0 {
				return s
			}
			n--
		}
	}
}

// daysAgo is a date n days before today in the Netherlands, as a date input sends it.
func daysAgo(n int) string {
	return calendar.Today(time.Now()).AddDate(0, 0, -n).Format(time.DateOnly)
}

// dutchDaysAgo is the date n days ago as the pages write it: 3 maart 2026.
func dutchDaysAgo(n int) string {
	return dutch.Date(calendar.Today(time.Now()).AddDate(0, 0, -n))
}

func newCaseForm(number, name string) url.Values {
	return url.Values{"bsn": {number}, "name": {name}, "birthDate": {"1994-05-06"},
		"gender":         {"vrouw"},
		"countryOfBirth": {"sy"}, "residencePermitDate": {daysAgo(120)}, "householdType": {"alleenstaand"},
		"languageLevelIntake": {"A1"}, "registeredOn": {daysAgo(60)}, "note": {"Via COA gekoppeld."}}
}

var caseAction = regexp.MustCompile(`action="/dossiers/([0-9a-f-]{36})/`)

// createCase registers a case through the form and returns its id.
func (v *visitor) createCase(number, name string) string {
	v.s.t.Helper()
	v.get("/dossiers/nieuw")
	status, body := v.post("/dossiers/nieuw", newCaseForm(number, name))
	m := caseAction.FindStringSubmatch(body)
	if status != http.StatusOK || m == nil || !strings.Contains(body, "Het dossier is aangemaakt.") {
		v.s.t.Fatalf("create case %s: %d, want the case page with a notice", name, status)
	}
	return m[1]
}

// move presses the button of a transition on the case page, as the page offers it.
func (v *visitor) move(id, to, date string, extra url.Values) (int, string) {
	v.s.t.Helper()
	_, page := v.get("/dossiers/" + id)
	form := hiddenFields(page, to)
	form.Set("date", date)
	for k, vals := range extra {
		form[k] = vals
	}
	return v.post("/dossiers/"+id+"/fase", form)
}

var moveForm = regexp.MustCompile(`(?s)<form method="post" action="/dossiers/[^"]+/fase".*?</form>`)
var hiddenInput = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)

// hiddenFields returns the hidden inputs of the transition form to stage to.
func hiddenFields(page, to string) url.Values {
	for _, f := range moveForm.FindAllString(page, -1) {
		if !strings.Contains(f, `name="toStage" value="`+to+`"`) {
			continue
		}
		out := url.Values{}
		for _, m := range hiddenInput.FindAllStringSubmatch(f, -1) {
			out.Set(m[1], m[2])
		}
		return out
	}
	return url.Values{"toStage": {to}} // not offered: post it anyway, the server decides
}

func TestCasePagesAccess(t *testing.T) {
	s := newSite(t)
	amsterdam := s.as("klantmanager.gm0363@demo.startbaan.nl")
	other := amsterdam.createCase(testBSN(0), "Nour Amsterdam")
	km := s.as(kmEindhoven)
	if status, body := km.get("/dossiers/" + other); status != http.StatusNotFound ||
		!strings.Contains(body, "Niet gevonden") {
		t.Errorf("another municipality's case: %d, want the 404 page", status)
	}
	if status, _ := km.get("/dossiers/geen-id"); status != http.StatusNotFound {
		t.Errorf("an id that cannot exist: %d, want 404", status)
	}
	if status, _ := km.post(
		"/dossiers/"+other+"/fase",
		url.Values{"toStage": {"gevestigd"}, "date": {daysAgo(1)}},
	); status != http.StatusNotFound {
		t.Errorf("moving another municipality's case: %d, want 404", status)
	}
	analyst := s.as("analist.gm0772@demo.startbaan.nl")
	for _, path := range []string{"/werklijst", "/dossiers", "/dossiers/nieuw", "/dossiers/" + other} {
		if status, body := analyst.get(path); status != http.StatusForbidden ||
			!strings.Contains(body, "Geen toegang") {
			t.Errorf("analyst on %s: %d, want the 403 page", path, status)
		}
	}
}

func TestNewCaseForm(t *testing.T) {
	s := newSite(t)
	km := s.as(kmEindhoven)
	status, body := km.get("/dossiers/nieuw")
	if status != http.StatusOK || !strings.Contains(body, `hx-post="/dossiers/bsn-controle"`) ||
		!strings.Contains(body, `<label class="utrecht-form-label" for="bsn">`) {
		t.Fatalf("form: %d, want a labelled BSN input with the live check", status)
	}

	bad := newCaseForm("123456789", "Amal Testfout")
	bad.Set("birthDate", "31-02-1990")
	status, body = km.post("/dossiers/nieuw", bad)
	for _, want := range []string{"voldoen aan de elfproef", `id="fout-bsn"`, `aria-invalid="true"`,
		`value="Amal Testfout"`,
		`id="fout-birthDate"`, `value="31-02-1990"`, `<option value="alleenstaand" selected>`, "Via COA gekoppeld."} {
		if status != http.StatusBadRequest || !strings.Contains(body, want) {
			t.Errorf("bad BSN and date: %d, want %q on the page", status, want)
		}
	}

	good := testBSN(1)
	id := km.createCase(good, "Amal Test")
	_, body = km.get("/dossiers/" + id)
	if !strings.Contains(body, "Dossier Amal Test") ||
		!strings.Contains(body, "Aangemeld op "+dutchDaysAgo(60)) {
		t.Errorf("case page after create: want the name and the first event")
	}
	status, body = km.post("/dossiers/nieuw", newCaseForm(good, "Amal Tweede"))
	if status != http.StatusBadRequest ||
		!strings.Contains(body, "Er bestaat al een actief dossier") ||
		!strings.Contains(body, `id="fout-bsn"`) {
		t.Errorf("second active case for the BSN: %d, want the conflict beside the BSN", status)
	}
}

func TestBSNCheckAsYouType(t *testing.T) {
	s := newSite(t)
	km := s.as(kmEindhoven)
	km.get("/dossiers/nieuw")
	tests := []struct{ typed, want string }{
		{"12345", "Een BSN heeft 9 cijfers; u heeft er 5 ingevuld."},
		{"123456789", "voldoet niet aan de elfproef"},
		{testBSN(2), "Dit BSN voldoet aan de elfproef."},
		{"12a", "Een BSN bestaat alleen uit cijfers."},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest(http.MethodPost, s.url+"/dossiers/bsn-controle",
			strings.NewReader(url.Values{"bsn": {tt.typed}, "csrf": {km.csrf}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("HX-Request", "true")
		req.Header.Set("HX-Target", "bsn-controle")
		status, body := km.do(req)
		if status != http.StatusOK || !strings.Contains(body, tt.want) ||
			strings.Contains(body, "<html") {
			t.Errorf("check %q: %d %q, want a fragment with %q", tt.typed, status, body, tt.want)
		}
	}
}

func TestCaseMovesThroughStages(t *testing.T) {
	s := newSite(t)
	km := s.as(kmEindhoven)
	id := km.createCase(testBSN(3), "Samir Fasen")
	steps := []struct{ to, date, event string }{
		{"gevestigd", daysAgo(50), "Gevestigd in de gemeente op " + dutchDaysAgo(50)},
		{"uitkering_aangevraagd", daysAgo(45), "Uitkering aangevraagd op " + dutchDaysAgo(45)},
		{"baan_aangeboden", daysAgo(40), "In de fase Baan aangeboden sinds " + dutchDaysAgo(40)},
		{"aan_het_werk", daysAgo(30), "Aan het werk sinds " + dutchDaysAgo(30)},
		{"uitgestroomd", daysAgo(5), "Uitgestroomd uit de uitkering op " + dutchDaysAgo(5)},
		{"uitkering_aangevraagd", daysAgo(2), "Opnieuw een uitkering aangevraagd op " +
			dutchDaysAgo(2) + " (herinstroom)"},
	}
	for _, st := range steps {
		status, body := km.move(id, st.to, st.date, url.Values{"note": {"stap " + st.to}})
		if status != http.StatusOK || !strings.Contains(body, "De fase is bijgewerkt.") ||
			!strings.Contains(body, st.event) {
			t.Fatalf("move to %s: %d, want the notice and %q in the timeline", st.to, status, st.event)
		}
	}
	_, body := km.get("/dossiers/" + id)
	if !strings.Contains(body, "Herinstroom: 1 keer") ||
		!strings.Contains(body, "Notitie: “stap gevestigd”") {
		t.Error("the return to the benefit and the notes should stay visible")
	}
	if strings.Contains(body, "Dossier afsluiten") {
		t.Error("a client manager is offered to close the case")
	}

	// A date before the current stage: the error beside the date, the note kept. (The
	// moves to baan_aangeboden and aan_het_werk above have no button on the page any
	// more, they follow the offer; the route still takes them, as the API does.)
	tl := s.as(tlEindhoven)
	status, body := tl.move(id, "afgesloten", daysAgo(3),
		url.Values{"note": {"te vroeg"}, "closeReason": {"verhuisd"}})
	if status != http.StatusBadRequest || !strings.Contains(body, `id="fout-datum-afgesloten"`) ||
		!strings.Contains(body, ">te vroeg</textarea>") {
		t.Errorf("a date before the stage: %d, want the error beside the date and the note kept", status)
	}
	// Closing needs the close permission: the server refuses even if the form is forged.
	if status, _ := km.move(
		id,
		"afgesloten",
		daysAgo(1),
		url.Values{"closeReason": {"verhuisd"}},
	); status != http.StatusForbidden {
		t.Errorf("client manager closes: %d, want 403", status)
	}
	status, body = tl.move(id, "afgesloten", daysAgo(1), nil)
	if status != http.StatusBadRequest || !strings.Contains(body, "Kies een reden van afsluiting.") {
		t.Errorf("closing without a reason: %d", status)
	}
	status, body = tl.move(id, "afgesloten", daysAgo(1), url.Values{"closeReason": {"verhuisd"}})
	if status != http.StatusOK || !strings.Contains(body, "Reden van afsluiting: Verhuisd") ||
		!strings.Contains(body, "kan niet meer worden gewijzigd") || strings.Contains(body, `action="/dossiers/`+id+`/fase"`) {
		t.Errorf("team lead closes: %d, want the case closed with its reason", status)
	}
}

// TestWorklistSignals builds a case whose benefit was applied for 30 days ago
// without an offer, then puts the client at work, then logs last week.
func TestWorklistSignals(t *testing.T) {
	s := newSite(t)
	km := s.as(kmEindhoven)
	id := km.createCase(testBSN(4), "Yara Signaal")
	km.move(id, "gevestigd", daysAgo(40), nil)
	km.move(id, "uitkering_aangevraagd", daysAgo(30), nil)
	row := func() string {
		t.Helper()
		status, body := km.get("/werklijst")
		if status != http.StatusOK {
			t.Fatalf("werklijst: %d", status)
		}
		start := strings.Index(body, ">Yara Signaal</a>")
		if start < 0 {
			t.Fatal("the new case is not on the werklijst")
		}
		end := strings.Index(body[start:], "</tr>")
		return body[start : start+end]
	}
	if r := row(); !strings.Contains(r, "Nog geen baanaanbod") ||
		!strings.Contains(r, "16 dagen te laat") {
		t.Errorf("benefit applied 30 days ago, no offer: want the overdue signal, got %s", r)
	}
	km.move(id, "baan_aangeboden", daysAgo(20), nil)
	km.move(id, "aan_het_werk", daysAgo(15), nil)
	r := row()
	if strings.Contains(r, "Nog geen baanaanbod") ||
		!strings.Contains(r, "Geen uren vastgelegd voor vorige week") {
		t.Errorf("at work without hours: want only the missing hours, got %s", r)
	}
	lastWeek := weekKey(-1)
	km.get("/dossiers/" + id)
	status, _ := km.post("/dossiers/"+id+"/uren", url.Values{"weeks": {lastWeek},
		lastWeek + ".plannedWorkHours": {"24"}, lastWeek + ".actualWorkHours": {"24"},
		lastWeek + ".plannedIntegrationHours": {"8"}, lastWeek + ".actualIntegrationHours": {"8"}})
	if status != http.StatusOK {
		t.Fatalf("log last week: %d", status)
	}
	if r := row(); strings.Contains(r, "Geen uren vastgelegd") ||
		strings.Contains(r, "onder het doel") {
		t.Errorf("last week logged at 32 hours: want no hours signal, got %s", r)
	}
	status, body := km.get("/werklijst")
	if !strings.Contains(body, "Overige dossiers") || !strings.Contains(body, "<caption") ||
		status != http.StatusOK {
		t.Error("the werklijst lists the whole caseload in two captioned tables")
	}
	// A team lead sees the team's cases with their manager, or only their own.
	tl := s.as(tlEindhoven)
	if _, body := tl.get("/werklijst"); !strings.Contains(body, ">Yara Signaal</a>") ||
		!strings.Contains(body, "Demo klantmanager GM0772") {
		t.Error("team lead's werklijst: want the client manager's case with the manager's name")
	}
	if _, body := tl.get("/werklijst?alleen=mijn"); strings.Contains(body, "Yara Signaal") {
		t.Error("team lead's own cases: the client manager's case should not show")
	}
}

// weekKey is the ISO week n weeks from this one, as the grid names it.
func weekKey(n int) string {
	y, w := calendar.Today(time.Now()).AddDate(0, 0, 7*n).ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

var seenField = regexp.MustCompile(`name="(\d{4}-W\d{2})\.seen" value="([^"]*)"`)

// gridForm is the week grid as the page shows it: every week with its stamp.
func gridForm(page string) url.Values {
	form := url.Values{}
	for _, m := range seenField.FindAllStringSubmatch(page, -1) {
		form.Add("weeks", m[1])
		form.Set(m[1]+".seen", m[2])
	}
	return form
}

// toWork moves a new case (registered 60 days ago) to aan_het_werk 30 days ago: hours
// are kept only while a case is at work.
func (v *visitor) toWork(id string) {
	v.s.t.Helper()
	for _, m := range []struct {
		to   string
		days int
	}{{"gevestigd", 50}, {"uitkering_aangevraagd", 45}, {"baan_aangeboden", 40}, {"aan_het_werk", 30}} {
		if status, _ := v.move(id, m.to, daysAgo(m.days), url.Values{}); status != http.StatusOK {
			v.s.t.Fatalf("move to %s: %d", m.to, status)
		}
	}
}

func TestHoursGrid(t *testing.T) {
	s := newSite(t)
	km := s.as(kmEindhoven)
	id := km.createCase(testBSN(5), "Omar Uren")
	km.toWork(id)
	_, page := km.get("/dossiers/" + id)
	form := gridForm(page)
	if len(form["weeks"]) != 7 {
		t.Fatalf("grid shows %d weeks, want 7 (4 back, this week, 2 ahead)", len(form["weeks"]))
	}
	hoursOf := map[int][4]string{
		-4: {"24", "24", "8", "8"},
		-3: {"24", "20", "8", "4"},
		-2: {"24", "24", "8", "7,5"},
		-1: {"24", "26", "8", "8"},
	}
	for n, h := range hoursOf {
		k := weekKey(n)
		form.Set(k+".plannedWorkHours", h[0])
		form.Set(k+".actualWorkHours", h[1])
		form.Set(k+".plannedIntegrationHours", h[2])
		form.Set(k+".actualIntegrationHours", h[3])
	}
	bad := form.Get(weekKey(-2) + ".actualIntegrationHours")
	form.Set(weekKey(-2)+".actualIntegrationHours", "veel")
	status, body := km.post("/dossiers/"+id+"/uren", form)
	cell := "uren-" + weekKey(-2) + "-actualIntegrationHours"
	if status != http.StatusBadRequest || !strings.Contains(body, `id="fout-`+cell+`"`) ||
		!strings.Contains(body, `value="veel"`) ||
		!strings.Contains(
			body,
			`id="uren-`+weekKey(-3)+`-actualWorkHours" name="`+weekKey(-3)+
				`.actualWorkHours" type="text" inputmode="decimal" autocomplete="off" value="20"`,
		) {
		t.Fatalf("a bad cell: %d, want the error beside it and every typed value kept", status)
	}
	form.Set(weekKey(-2)+".actualIntegrationHours", bad)
	status, body = km.post("/dossiers/"+id+"/uren", form)
	if status != http.StatusOK || !strings.Contains(body, "De uren zijn opgeslagen.") {
		t.Fatalf("save four weeks: %d", status)
	}
	for _, want := range []string{"✓ 32 van 30 uur samen: doel gehaald",
		"✗ 24 van 30 uur samen: doel niet gehaald",
		"✗ 31,5 van 30 uur samen: doel niet gehaald", "✓ 34 van 30 uur samen: doel gehaald", "Werk verdringt inburgering"} {
		if !strings.Contains(body, want) {
			t.Errorf("grid after saving: want %q", want)
		}
	}
}

func TestStaleEdits(t *testing.T) {
	s := newSite(t)
	km := s.as(kmEindhoven)
	id := km.createCase(testBSN(6), "Lina Gelijktijdig")
	_, kmPage := km.get("/dossiers/" + id)
	tl := s.as(tlEindhoven)
	if status, _ := tl.move(
		id,
		"gevestigd",
		daysAgo(10),
		url.Values{"note": {"door de teamleider"}},
	); status != http.StatusOK {
		t.Fatalf("team lead moves: %d", status)
	}
	// The client manager still has the old page and moves from it.
	form := hiddenFields(kmPage, "gevestigd")
	form.Set("date", daysAgo(8))
	form.Set("note", "mijn notitie")
	status, body := km.post("/dossiers/"+id+"/fase", form)
	for _, want := range []string{"Iemand anders heeft dit dossier gewijzigd", "Wat is er veranderd?",
		"De fase is nu Gevestigd (u zag Aangemeld).", "Van fase Aangemeld naar Gevestigd — door Demo teamleider GM0772",
		"U wilde het dossier naar fase Gevestigd op", "mijn notitie"} {
		if status != http.StatusConflict || !strings.Contains(body, want) {
			t.Errorf("stale move: %d, want %q", status, want)
		}
	}
	_, body = km.get("/dossiers/" + id)
	if strings.Count(body, "Gevestigd in de gemeente op") != 1 {
		t.Error("the stale move was saved after all")
	}

	// Hours: both open the grid; the team lead saves last week first.
	for _, m := range []struct {
		to   string
		days int
	}{{"uitkering_aangevraagd", 9}, {"baan_aangeboden", 8}, {"aan_het_werk", 8}} {
		if status, _ := tl.move(id, m.to, daysAgo(m.days), url.Values{}); status != http.StatusOK {
			t.Fatalf("move to %s: %d", m.to, status)
		}
	}
	week := weekKey(-1)
	_, kmPage = km.get("/dossiers/" + id)
	_, tlPage := tl.get("/dossiers/" + id)
	theirs := gridForm(tlPage)
	theirs.Set(week+".actualWorkHours", "12")
	if status, _ := tl.post("/dossiers/"+id+"/uren", theirs); status != http.StatusOK {
		t.Fatalf("team lead saves hours: %d", status)
	}
	mine := gridForm(kmPage)
	mine.Set(week+".actualWorkHours", "30")
	km.csrf = csrfField.FindStringSubmatch(kmPage)[1]
	status, body = km.post("/dossiers/"+id+"/uren", mine)
	if status != http.StatusConflict ||
		!strings.Contains(body, "Iemand anders heeft intussen uren van dit dossier gewijzigd") ||
		!strings.Contains(body, "werk gewerkt 12") || !strings.Contains(body, `value="30"`) {
		t.Errorf("stale hours: %d, want the other's 12 hours shown beside the typed 30", status)
	}
	// Saving again from that page is a deliberate overwrite.
	mine = gridForm(body)
	mine.Set(week+".actualWorkHours", "30")
	if status, _ := km.post("/dossiers/"+id+"/uren", mine); status != http.StatusOK {
		t.Errorf("second try after the warning: %d", status)
	}
}

func TestCaseListFiltersSearchAndPages(t *testing.T) {
	s := newSite(t)
	km := s.as(kmEindhoven)
	number := testBSN(9)
	id := km.createCase(number, "Zahra Zoekbaar")
	status, body := km.get("/dossiers")
	if status != http.StatusOK || !strings.Contains(body, "pagina 1 van") ||
		!strings.Contains(body, `rel="next"`) {
		t.Fatalf("case list: %d, want the first page with a next link", status)
	}
	if !strings.Contains(body, `href="/dossiers?pagina=2"`) {
		t.Error("the next page link should name page 2")
	}
	if _, page2 := km.get("/dossiers?pagina=2"); !strings.Contains(page2, "pagina 2 van") ||
		!strings.Contains(page2, `rel="prev"`) {
		t.Error("page 2: want its caption and a link back")
	}
	_, body = km.get("/dossiers?fase=aangemeld&mijn=1&sorteer=name")
	if !strings.Contains(body, `href="/dossiers/`+id+`"`) ||
		!strings.Contains(body, `<option value="aangemeld" selected>`) {
		t.Error("filter on stage and my cases: the new case and the chosen stage should show")
	}
	_, body = km.get("/dossiers?fase=aan_het_werk")
	if strings.Contains(body, "Zahra Zoekbaar") {
		t.Error("the stage filter lets a case of another stage through")
	}
	// htmx asks only for the results when a filter changes.
	req, _ := http.NewRequest(http.MethodGet, s.url+"/dossiers?fase=aangemeld", nil)
	req.Header.Set("HX-Request", "true")
	req.Header.Set("HX-Target", "dossier-resultaten")
	if _, frag := km.do(req); strings.Contains(frag, "<html") ||
		!strings.Contains(frag, `id="dossier-resultaten"`) {
		t.Error("an htmx filter request should get the results fragment only")
	}

	tests := []struct{ name, search, want string }{
		{"name", "zoekbaar", `href="/dossiers/` + id + `"`},
		{"BSN", number, `href="/dossiers/` + id + `"`},
		{"BSN failing the 11-proef", "123456789", "elfproef"},
		{"nothing", " ", "Vul een naam, een BSN of een dossiernummer in."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			km.get("/dossiers")
			_, body := km.post("/dossiers/zoeken", url.Values{"zoek": {tt.search}})
			if !strings.Contains(body, tt.want) {
				t.Errorf("search %q: want %q", tt.search, tt.want)
			}
		})
	}
}

func TestPIPAndJobOfferForms(t *testing.T) {
	s := newSite(t)
	km := s.as(kmEindhoven)
	id := km.createCase(testBSN(10), "Karim Plannen")
	km.move(id, "gevestigd", daysAgo(50), nil)
	km.get("/dossiers/" + id)
	status, body := km.post("/dossiers/"+id+"/pip", url.Values{"drawnUpOn": {daysAgo(40)}})
	if status != http.StatusBadRequest || !strings.Contains(body, `id="fout-pip-route"`) ||
		!strings.Contains(body, `value="`+daysAgo(40)+`"`) {
		t.Errorf("PIP without a route: %d, want the error beside the route and the date kept", status)
	}
	status, body = km.post(
		"/dossiers/"+id+"/pip",
		url.Values{"drawnUpOn": {daysAgo(40)}, "route": {"b1"}},
	)
	if status != http.StatusOK || !strings.Contains(body, "Het PIP is vastgelegd.") ||
		!strings.Contains(body, "Einde inburgeringstermijn") {
		t.Errorf("first PIP: %d", status)
	}

	employer := offerEmployerOption.FindStringSubmatch(body)
	if employer == nil {
		t.Fatal("no employer to choose in the offer form")
	}
	offer := url.Values{"employerId": {employer[1]}, "offeredOn": {daysAgo(10)},
		"contractType": {"bepaalde_tijd"},
		"hoursPerWeek": {"16"}, "hourlyWage": {"14,50"}, "startDate": {daysAgo(5)}, "endDate": {daysAgo(-180)}, "sowisGranted": {"ja"}}
	status, body = km.post("/dossiers/"+id+"/baanaanbod", offer)
	if status != http.StatusBadRequest ||
		!strings.Contains(body, `id="fout-aanbod-sowis-toegekend"`) ||
		!strings.Contains(body, `value="14,50"`) {
		t.Errorf(
			"SOWIS granted without a request: %d, want the error beside it and the wage kept",
			status,
		)
	}
	offer.Set("sowisRequested", "ja")
	status, body = km.post("/dossiers/"+id+"/baanaanbod", offer)
	if status != http.StatusOK || !strings.Contains(body, "Het baanaanbod is vastgelegd.") ||
		!strings.Contains(body, "€ 14,50") ||
		!strings.Contains(body, "✗ Voldoet niet: 16 uur per week, korter dan 12 maanden") {
		t.Errorf("offer of 16 hours for 6 months: %d, want it listed below the bar", status)
	}
}

// A case number, as read out on the phone, finds its case in the case list's search
// (exactly: not the cases whose number merely contains it), and the list shows it.
func TestCaseListFindsCaseNumber(t *testing.T) {
	s := newSite(t)
	km := s.as(kmEindhoven)
	id := km.createCase(testBSN(41), "Yara Nummer")
	_, page := km.get("/dossiers/" + id)
	m := regexp.MustCompile(`<dd class="sb-case-number">(\d{4}-\d{4,})</dd>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no case number in the case page's summary")
	}
	number := m[1]
	year, seq, _ := strings.Cut(number, "-")
	for _, typed := range []string{number, year + " " + seq, year + "-" + strings.TrimLeft(seq, "0")} {
		status, body := km.post("/dossiers/zoeken", url.Values{"zoek": {typed}})
		if status != http.StatusOK || !strings.Contains(body, "Yara Nummer") ||
			strings.Count(body, `class="utrecht-table__cell sb-case-number"`) != 1 ||
			!strings.Contains(body, ">"+number+"</td>") {
			t.Errorf("search %q: %d, want exactly the case %s", typed, status, number)
		}
	}
}
