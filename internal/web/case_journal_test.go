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
	noteAnchor  = regexp.MustCompile(`id="notitie-([0-9]+)"`)
	versionHint = regexp.MustCompile(`name="version" value="([0-9]+)"`)
)

// versionOf is the case version a page's forms carry.
func versionOf(t *testing.T, page string) string {
	t.Helper()
	m := versionHint.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no case version on the page")
	}
	return m[1]
}

// addNote writes a note on the case page as the form sends it; it returns the
// page the redirect leads to and the new note's id.
func (v *visitor) addNote(id string, form url.Values) (int, string, string) {
	v.s.t.Helper()
	v.get("/dossiers/" + id)
	status, body := v.post("/dossiers/"+id+"/journaal", form)
	m := noteAnchor.FindStringSubmatch(body)
	if m == nil {
		return status, body, ""
	}
	return status, body, m[1]
}

// TestJournalOnTheCasePage: a note with a follow-up due today becomes a signal on
// the werklijst that links to the note; marking it done takes the signal away;
// search stays within the case; withdrawal needs a reason and hides the note.
func TestJournalOnTheCasePage(t *testing.T) {
	s := newSite(t)
	km := s.as(kmEindhoven)
	id := km.createCase(testBSN(31), "Samira Journaal")
	status, body, note := km.addNote(id, url.Values{"contactOn": {daysAgo(1)}, "kind": {"telefoon"},
		"body": {"Gebeld over de taalles in Café Éénhoorn."}, "followUpOn": {daysAgo(0)}})
	if status != http.StatusOK || note == "" || !strings.Contains(body, "De notitie is vastgelegd") {
		t.Fatalf("add note: %d, want the case page with the note", status)
	}
	_, list := km.get("/werklijst")
	link := fmt.Sprintf(`href="/dossiers/%s?deel=journaal#notitie-%s"`, id, note)
	if !strings.Contains(list, link) || !strings.Contains(list, "Opvolging: telefoongesprek van") {
		t.Fatalf("werklijst: no follow-up signal linking to the note (%s)", link)
	}
	if strings.Contains(list, "Éénhoorn") {
		t.Error("the werklijst shows a note's text")
	}
	// Search within the case, without regard to case or diacritics.
	if _, page := km.get("/dossiers/" + id + "?zoek=cafe+eenhoorn"); !strings.Contains(page, "1 notitie met") {
		t.Error("search for 'cafe eenhoorn' does not find the note")
	}
	if _, page := km.get("/dossiers/" + id + "?zoek=fietsen"); !strings.Contains(page, "Geen notities gevonden") {
		t.Error("search for an absent word finds notes")
	}
	// A note without text is refused beside its field, the typed values kept.
	status, body, _ = km.addNote(id, url.Values{"kind": {"gesprek"}, "body": {" "},
		"followUpOn": {daysAgo(-3)}})
	if status != http.StatusBadRequest || !strings.Contains(body, `id="fout-notitie-tekst"`) ||
		!strings.Contains(body, `value="`+daysAgo(-3)+`"`) {
		t.Errorf("empty note: %d, want the form with an error at the text and the date kept", status)
	}

	status, _ = km.post("/dossiers/"+id+"/journaal/"+note+"/opvolging", url.Values{})
	if status != http.StatusOK {
		t.Fatalf("follow-up done: %d", status)
	}
	if _, list := km.get("/werklijst"); strings.Contains(list, link) {
		t.Error("the signal stays after the follow-up was done")
	}
	status, body = km.post("/dossiers/"+id+"/journaal/"+note+"/intrekken", url.Values{"reason": {""}})
	if status != http.StatusBadRequest || !strings.Contains(body, `id="fout-intrekken-`+note+`"`) {
		t.Errorf("withdraw without reason: %d, want the form with an error", status)
	}
	status, body = km.post("/dossiers/"+id+"/journaal/"+note+"/intrekken",
		url.Values{"reason": {"Verkeerd dossier."}})
	if status != http.StatusOK || strings.Contains(body, `id="notitie-`+note+`"`) {
		t.Errorf("withdrawn: %d, the note should be hidden", status)
	}
	if _, page := km.get("/dossiers/" + id + "?ingetrokken=ja"); !strings.Contains(page, "Reden: Verkeerd dossier.") {
		t.Error("withdrawn notes are not shown on request")
	}
}

// TestJournalAccess: another municipality's client manager cannot write or complete
// notes of the case (not found); an analyst reaches no journal (forbidden).
func TestJournalAccess(t *testing.T) {
	s := newSite(t)
	km := s.as(kmEindhoven)
	id := km.createCase(testBSN(32), "Omar Toegang")
	_, _, note := km.addNote(id, url.Values{"kind": {"gesprek"}, "body": {"Kennismaking."}})
	amsterdam := s.as("klantmanager.gm0363@demo.startbaan.nl")
	amsterdam.get("/werklijst")
	for _, path := range []string{"/journaal", "/journaal/" + note + "/opvolging", "/journaal/" + note + "/intrekken"} {
		status, _ := amsterdam.post("/dossiers/"+id+path, url.Values{"kind": {"gesprek"}, "body": {"x"},
			"reason": {"x"}})
		if status != http.StatusNotFound {
			t.Errorf("other municipality POST %s: %d, want 404", path, status)
		}
	}
	analyst := s.as("analist.gm0772@demo.startbaan.nl")
	analyst.get("/")
	status, _ := analyst.post("/dossiers/"+id+"/journaal", url.Values{"kind": {"gesprek"}, "body": {"x"}})
	if status != http.StatusForbidden {
		t.Errorf("analyst writes a note: %d, want 403", status)
	}
	if status, _ := km.post("/dossiers/"+id+"/journaal/abc/opvolging", url.Values{}); status != http.StatusNotFound {
		t.Errorf("malformed note id: %d, want 404", status)
	}
}

// TestJournalInTheBrowser walks the follow-up in Chromium: write a note with a
// follow-up due today, see it as a signal on the werklijst, follow the link to the
// note, mark it done, and see the signal gone; axe on each state; the journal fits a
// phone (390 px) without sideways scrolling.
func TestJournalInTheBrowser(t *testing.T) {
	s := newSite(t)
	km := s.as(kmEindhoven)
	id := km.createCase(testBSN(33), "Yara Browser")
	b := s.browser(t)
	b.login(kmEindhoven)
	b.open("/dossiers/" + id + "?deel=journaal#journaal")
	b.axe()
	// Refused first: no kind and no text.
	b.do(chromedp.Click(`form[action$="/journaal"] button[type=submit]`),
		chromedp.WaitVisible("#fout-notitie-tekst"))
	b.axe()
	b.do(chromedp.SetValue("#notitie-soort", "huisbezoek"),
		chromedp.SendKeys("#notitie-tekst", "Huisbezoek: de kinderopvang is geregeld vanaf maandag."),
		chromedp.SetValue("#notitie-opvolgen", daysAgo(0)),
		chromedp.Click(`form[action$="/journaal"] button[type=submit]`),
		chromedp.WaitVisible(".sb-note--due"))
	b.axe()
	b.screenshotOf("journaal", "#journaal")

	b.open("/werklijst")
	sel := `a[href^="/dossiers/` + id + `?deel=journaal#notitie-"]`
	b.do(chromedp.WaitVisible(sel))
	if got := b.text(sel); !strings.Contains(got, "Opvolging: huisbezoek van") {
		t.Errorf("signal %q", got)
	}
	b.axe()
	b.do(chromedp.Click(sel), chromedp.WaitVisible(".sb-note--due"))
	if loc := b.location(); !strings.Contains(loc, "#notitie-") {
		t.Errorf("the signal led to %s, not to the note", loc)
	}
	b.do(chromedp.WaitReady(`.sb-note--due form[action$="/opvolging"] button[type=submit]`),
		chromedp.Click(`.sb-note--due form[action$="/opvolging"] button[type=submit]`),
		chromedp.WaitNotPresent(".sb-note--due"))
	b.waitText("#journaal", "Opvolging afgerond op")
	b.axe()
	b.open("/werklijst")
	if n := eval[int](b, `document.querySelectorAll('`+sel+`').length`); n != 0 {
		t.Errorf("the signal is still on the werklijst (%d links)", n)
	}

	// A phone: nothing in the journal sticks out sideways.
	b.do(chromedp.EmulateViewport(390, 844))
	b.open("/dossiers/" + id + "?deel=journaal#journaal")
	// Other sections of the page are another part's work; the journal itself must fit.
	over := eval[[]string](b, `[...document.querySelectorAll("#journaal, #journaal *")]
		.filter(e => e.getBoundingClientRect().right > 391).slice(0, 5).map(e => e.tagName + "." + e.className)`)
	if len(over) > 0 {
		t.Errorf("at 390 px these journal elements stick out: %v", over)
	}
	b.axe()
	b.screenshotOf("journaal-mobiel", "#journaal")

	// The contact block: its form, refused and then saved.
	b.do(chromedp.EmulateViewport(1280, 900))
	b.open("/dossiers/" + id + "#contact")
	eval[bool](b, `(d => d.open = true)(document.querySelector(".sb-contact-edit"))`)
	b.do(chromedp.SendKeys("#contact-telefoon", "12345"),
		chromedp.Click(`form[action$="/gegevens"] input[value="contact"] ~ fieldset button[type=submit]`),
		chromedp.WaitVisible("#fout-contact-telefoon"))
	b.axe()
	b.do(chromedp.SetValue("#contact-telefoon", "06 1234 5678"), chromedp.SetValue("#contact-postcode", "5611ab"),
		chromedp.Click(`form[action$="/gegevens"] input[value="contact"] ~ fieldset button[type=submit]`),
		chromedp.WaitNotPresent("#fout-contact-telefoon"))
	b.waitText("#contact", "06 12345678")
	b.axe()
	b.screenshotOf("contact", "#contact")
}

// TestContactBlock: the contact form saves normalised details, refuses a bad phone
// number beside its field with the typed value kept, and clears an emptied field.
func TestContactBlock(t *testing.T) {
	s := newSite(t)
	km := s.as(kmEindhoven)
	id := km.createCase(testBSN(34), "Hana Contact")
	_, page := km.get("/dossiers/" + id)
	version := versionOf(t, page)
	form := url.Values{"part": {"contact"}, "version": {version}, "phone": {"06-1234 5678"},
		"postcode": {"5611ab"}, "houseNumber": {"12a"}, "street": {"Stratumseind"}, "city": {"Eindhoven"},
		"interpreterNeeded": {"ja"}, "coursePhone": {"040 123 4567"}}
	status, body := km.post("/dossiers/"+id+"/gegevens", form)
	if status != http.StatusOK || !strings.Contains(body, "06 12345678") ||
		!strings.Contains(body, "Stratumseind 12a, 5611 AB Eindhoven") || !strings.Contains(body, "0401234567") {
		t.Fatalf("contact saved: %d, want the normalised details on the page", status)
	}
	form.Set("version", versionOf(t, body))
	form.Set("phone", "12345")
	status, body = km.post("/dossiers/"+id+"/gegevens", form)
	if status != http.StatusBadRequest || !strings.Contains(body, `id="fout-contact-telefoon"`) ||
		!strings.Contains(body, `value="12345"`) {
		t.Errorf("bad phone: %d, want the form with an error at the phone and the input kept", status)
	}
}
