package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var publishAction = regexp.MustCompile(`action="/lessen/([0-9a-f-]{36})/publiceren"`)

func TestLessonsWritePublishSearchAssess(t *testing.T) {
	s := newSite(t)
	lead := s.as("teamleider.gm0772@demo.startbaan.nl")
	if status, _ := lead.get("/lessen/nieuw"); status != http.StatusOK {
		t.Fatalf("new lesson form: %d", status)
	}
	tried := "Een collega op de werkvloer werd taalmaatje van de nieuwe werknemer."
	status, body := lead.post(
		"/lessen/nieuw",
		url.Values{"municipality": {"GM0772"}, "title": {""}, "theme": {""}, "tried": {tried}},
	)
	if status != http.StatusBadRequest || !strings.Contains(body, `id="fout-title"`) ||
		!strings.Contains(body, `id="fout-theme"`) ||
		!strings.Contains(body, `aria-describedby="fout-title"`) || !strings.Contains(body, tried) {
		t.Fatalf(
			"empty title and theme: %d, want 400 with errors beside the fields and the text kept",
			status,
		)
	}
	status, body = lead.post("/lessen/nieuw", url.Values{"municipality": {"GM0772"},
		"title": {"Taalmaatje op de werkvloer"},
		"theme": {"taal"}, "tried": {tried}, "worked": {
			"Werknemers spraken sneller Nederlands op het werk.",
		},
		"linkedFigures": {"offerWithin14Days", "hours"}})
	m := publishAction.FindStringSubmatch(body)
	if status != http.StatusOK || !strings.Contains(body, "De les is opgeslagen als concept.") ||
		m == nil {
		t.Fatalf("save draft: %d, want the lesson with a publish button", status)
	}
	id := m[1]
	if !strings.Contains(body, "Baanaanbod binnen 14 dagen") ||
		!regexp.MustCompile(
			`href="/uitkomsten\?[^"]*municipality=GM0772&amp;population=municipality[^"]*#g1-aanbod"`,
		).MatchString(body) {
		t.Error("linked figures not shown with a link to the outcomes page")
	}

	ministry := s.as("ministerie@demo.startbaan.nl")
	if status, _ := ministry.get("/lessen/" + id); status != http.StatusNotFound {
		t.Errorf("ministry reads a draft: %d, want 404", status)
	}
	if status, _ := s.as("klantmanager.gm0772@demo.startbaan.nl").post(
		"/lessen/"+id+"/publiceren",
		url.Values{},
	); status != http.StatusForbidden {
		t.Errorf("client manager publishes: %d, want 403", status)
	}
	_, body = lead.get("/lessen/" + id)
	if !strings.Contains(body, `name="confirm" value="ja" required`) ||
		!strings.Contains(
			body,
			"Ik begrijp dat een gepubliceerde les voor alle gemeenten en het ministerie zichtbaar wordt",
		) {
		t.Error("the publish form asks for no confirmation")
	}
	status, body = lead.post("/lessen/"+id+"/publiceren", url.Values{})
	if status != http.StatusBadRequest || !strings.Contains(body, `id="fout-confirm"`) ||
		!strings.Contains(body, `aria-describedby="fout-confirm"`) {
		t.Fatalf("publish without confirming: %d, want 400 with the error beside the checkbox", status)
	}
	if status, _ := ministry.get("/lessen/" + id); status != http.StatusNotFound {
		t.Errorf("published without confirmation: the ministry reads it (%d)", status)
	}
	if status, body := lead.post(
		"/lessen/"+id+"/publiceren",
		url.Values{"confirm": {"ja"}},
	); status != http.StatusOK ||
		!strings.Contains(body, "De les is gepubliceerd.") {
		t.Fatalf("publish as team lead: %d", status)
	}
	if status, _ := lead.get("/lessen/" + id + "/bewerken"); status != http.StatusConflict {
		t.Errorf("edit a published lesson: %d, want 409", status)
	}

	status, body = ministry.get("/lessen?q=taalmaatje")
	if status != http.StatusOK ||
		!strings.Contains(body, `href="/lessen/`+id+`">Taalmaatje op de werkvloer</a>`) {
		t.Fatalf("search for taalmaatje: %d, lesson not found", status)
	}
	if _, body := ministry.get("/lessen?q=taalmaatje&theme=werkgevers"); strings.Contains(body, id) {
		t.Error("theme filter ignored")
	}
	ministry.get("/lessen/" + id)
	long := strings.Repeat("x", 51)
	status, body = ministry.post("/lessen/"+id+"/beoordeling", url.Values{"tags": {"taal, " + long}})
	if status != http.StatusBadRequest || !strings.Contains(body, `id="fout-tags"`) ||
		!strings.Contains(body, long) {
		t.Errorf("label too long: %d, want 400 beside the field with the text kept", status)
	}
	status, body = ministry.post(
		"/lessen/"+id+"/beoordeling",
		url.Values{"tags": {"Taal, werkgevers"}, "readyForScaleUp": {"true"}},
	)
	if status != http.StatusOK || !strings.Contains(body, "De beoordeling is opgeslagen.") ||
		!strings.Contains(body, "taal, werkgevers") ||
		!strings.Contains(body, "Klaar voor opschaling</strong>") {
		t.Fatalf("assess: %d", status)
	}
	if _, body := ministry.get("/lessen?readyForScaleUp=true"); !strings.Contains(body, id) {
		t.Error("ready-for-scale-up filter does not find the assessed lesson")
	}
	if !strings.Contains(body, `href="/lessen?tag=werkgevers"`) {
		t.Error("the lesson's labels do not link to the lessons with that label")
	}

	// The ministry's labels are searchable and filterable.
	if status, body := ministry.post(
		"/lessen/"+id+"/beoordeling",
		url.Values{"tags": {"mentorschap"}},
	); status != http.StatusOK {
		t.Fatalf("relabel: %d %s", status, body)
	}
	_, body = ministry.get("/lessen?q=mentorschap")
	if !strings.Contains(body, id) || !strings.Contains(body, "Gevonden lessen (1)") {
		t.Error("searching for a label word does not find the lesson")
	}
	_, body = ministry.get("/lessen?tag=mentorschap")
	if !strings.Contains(body, id) ||
		!strings.Contains(body, `<option value="mentorschap" selected>`) ||
		!strings.Contains(body, "Gevonden lessen (1)") {
		t.Error("the label filter does not find the lesson")
	}
	if _, body := ministry.get("/lessen?tag=werkgevers"); strings.Contains(body, id) {
		t.Error("the label filter finds a lesson without the label")
	}
}

// TestLessonsListCounts: the heading counts every lesson found, not the page; a long
// list says which lessons the page shows and links back and forth.
func TestLessonsListCounts(t *testing.T) {
	s := newSite(t)
	m := s.as("ministerie@demo.startbaan.nl")
	var total int64
	if err := s.db.Gorm.Raw(
		`SELECT count(*) FROM lessons WHERE status = 'gepubliceerd'`,
	).Scan(&total).Error; err != nil {
		t.Fatal(err)
	}
	if total <= 20 {
		t.Fatalf("%d published demo lessons: the test needs more than one page", total)
	}
	_, body := m.get("/lessen")
	if !strings.Contains(body, fmt.Sprintf("Alle lessen (%d)", total)) ||
		!strings.Contains(body, fmt.Sprintf("Lessen 1 tot en met 20 van %d.", total)) ||
		strings.Contains(body, "20+") {
		t.Errorf("first page does not count all %d lessons", total)
	}
	_, body = m.get("/lessen?page=2")
	if !strings.Contains(body, "Lessen 21 tot en met ") ||
		!strings.Contains(body, `href="/lessen?page=1"`) {
		t.Error("second page: no range or no link back")
	}
	if _, body := m.get("/lessen?theme=taal"); !strings.Contains(body, "Gevonden lessen (") {
		t.Error("a filtered list is not headed as found lessons")
	}
}

func TestLessonsAnalystReadsButDoesNotWrite(t *testing.T) {
	s := newSite(t)
	a := s.as("analist.gm0772@demo.startbaan.nl")
	status, body := a.get("/lessen")
	if status != http.StatusOK || strings.Contains(body, "Nieuwe les schrijven") ||
		!strings.Contains(body, "<h1 class=\"utrecht-heading-1\">Lessen</h1>") {
		t.Errorf("analyst's list: %d, want the list without a write button", status)
	}
	if status, _ := a.get("/lessen/nieuw"); status != http.StatusForbidden {
		t.Errorf("analyst opens the form: %d, want 403", status)
	}
	if status, _ := a.post(
		"/lessen/nieuw",
		url.Values{"municipality": {"GM0772"}, "title": {"x"}, "theme": {"taal"}},
	); status != http.StatusForbidden {
		t.Errorf("analyst writes: %d, want 403", status)
	}
	if status, _ := a.get("/lessen/niet-een-id"); status != http.StatusNotFound {
		t.Errorf("malformed id: %d, want 404", status)
	}
	if status, body := a.get("/lessen?theme=onbekend"); status != http.StatusBadRequest ||
		!strings.Contains(body, `id="fout-theme"`) {
		t.Errorf("unknown theme: %d, want 400 beside the field", status)
	}
}
