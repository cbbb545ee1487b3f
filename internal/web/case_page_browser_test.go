package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// storyCase makes a case as a client manager's caseload has them: settled, a PIP and
// an exam, the benefit applied for, an offer accepted and at work, with four weeks of
// hours. It returns the case id.
func storyCase(t *testing.T, km *visitor) string {
	t.Helper()
	id, offer := offerCase(t, km, testBSN(31), "Nadia Verhaal", yearOffer())
	posts := []struct {
		path string
		form url.Values
		want string
	}{
		{"/pip", url.Values{"drawnUpOn": {daysAgo(45)}, "route": {"b1"}}, "Het PIP is vastgelegd."},
		{"/resultaat", url.Values{"kind": {"examen_lezen"}, "outcome": {"behaald"},
			"onDate": {daysAgo(10)}}, "Het resultaat is vastgelegd."},
	}
	for _, p := range posts {
		if status, body := km.post("/dossiers/"+id+p.path, p.form); status != http.StatusOK ||
			!strings.Contains(body, p.want) {
			t.Fatalf("%s: %d, want %q", p.path, status, p.want)
		}
	}
	km.move(id, "uitkering_aangevraagd", daysAgo(40), nil)
	km.move(id, "baan_aangeboden", daysAgo(20), nil)
	if status, _ := km.post("/dossiers/"+id+"/baanaanbod/uitkomst", url.Values{"offerId": {offer},
		"status": {"geaccepteerd"}, "startDate": {daysAgo(14)}}); status != http.StatusOK {
		t.Fatalf("accept offer: %d", status)
	}
	km.move(id, "aan_het_werk", daysAgo(14), nil)
	return id
}

// height is the page's full height in CSS pixels.
func (b *tab) height() int { return eval[int](b, `document.documentElement.scrollHeight`) }

// TestCasePageStates walks the case page through its states in Chromium: the summary
// with every section closed but the Overzicht, a section opened by a link, a failed
// form with its error summary, print, and a phone 390 px wide; axe-core passes on
// each. The heights are logged for docs/web.md.
func TestCasePageStates(t *testing.T) {
	s := newSite(t)
	km := s.as(kmEindhoven)
	id := storyCase(t, km)
	path := "/dossiers/" + id
	b := s.browser(t)
	b.login(kmEindhoven)

	b.open(path)
	summary := b.text(".sb-case-summary")
	for _, want := range []string{"Dossiernummer", "Geboortejaar", "1994", "Aan het werk",
		"Volgende stap", "Uren van week", "Klantmanager"} {
		if !strings.Contains(summary, want) {
			t.Errorf("summary lacks %q: %s", want, summary)
		}
	}
	if !regexp.MustCompile(`\d{4}-\d{4}`).MatchString(summary) {
		t.Errorf("no case number in the summary: %s", summary)
	}
	open := eval[[]string](b, `[...document.querySelectorAll("details.sb-section[open], details.sb-action[open]")]
		.map(d => d.id)`)
	if len(open) != 1 || open[0] != "overzicht" {
		t.Errorf("open at first: %v, want only the Overzicht", open)
	}
	if n := eval[int](b, `[...document.querySelectorAll("form")].filter(f => f.checkVisibility()).length`); n != 1 {
		t.Errorf("%d forms visible at first, want only the logout button's", n)
	}
	wide := b.height()
	t.Logf("case page height at 1280 px, sections closed: %d px", wide)
	if wide > 1800 {
		t.Errorf("the closed case page is %d px high at 1280 px wide, want a short page", wide)
	}
	b.axe()
	b.screenshot("dossier")

	// Geschiedenis tells the story with the real dates.
	b.open(path + "?deel=geschiedenis#geschiedenis")
	story := b.text("#geschiedenis")
	for _, want := range []string{"PIP opgesteld op " + dutchDaysAgo(45) + ", B1-route",
		"Baan aangeboden bij", "(24 uur per week)", "Examen lezen behaald op " + dutchDaysAgo(10),
		"Aan het werk sinds " + dutchDaysAgo(14), "Vastgelegd door"} {
		if !strings.Contains(story, want) {
			t.Errorf("story lacks %q:\n%s", want, story)
		}
	}
	b.axe()

	// A plain link to #werk opens that section (startbaan.js), without a page load.
	b.open(path)
	b.do(chromedp.Evaluate[chromedp.Void](`location.hash = "werk"`))
	b.waitFor(`document.getElementById("werk").open`)
	b.axe()

	// A failed form comes back in its section, opened, with what was typed, under an
	// error summary that takes the focus and links to the fields.
	b.open(path + "?deel=werk#werk")
	b.reveal("actie-baanaanbod")
	b.do(chromedp.SetValue("#aanbod-uren", "veertig"))
	b.submit(`form[action$="/baanaanbod"] button[type=submit]`)
	if title := eval[string](b, `document.title`); !strings.HasPrefix(title, "Fout: ") {
		t.Errorf("title after a failed submit: %q", title)
	}
	if got := eval[string](b, `document.activeElement.id`); got != "foutmeldingen" {
		t.Errorf("focus after a failed submit on %q, want the error summary", got)
	}
	if !eval[bool](b, `document.getElementById("werk").open && document.getElementById("actie-baanaanbod").open`) {
		t.Error("the failed form's section and form are not open")
	}
	if got := eval[string](b, `document.getElementById("aanbod-uren").value`); got != "veertig" {
		t.Errorf("typed hours after the failed submit: %q", got)
	}
	targets := eval[[]string](b, `[...document.querySelectorAll("#foutmeldingen a")].map(a => a.getAttribute("href"))`)
	if len(targets) == 0 {
		t.Error("no links in the error summary")
	}
	for _, h := range targets {
		if !eval[bool](b, `!!document.querySelector(`+"`"+h+"`"+`)`) {
			t.Errorf("summary link %s leads nowhere", h)
		}
	}
	b.axe()
	b.screenshot("dossier-fouten")
	b.do(chromedp.Click(`#foutmeldingen a[href="#aanbod-uren"]`))
	if got := eval[string](b, `document.activeElement.id`); got != "aanbod-uren" {
		t.Errorf("the summary's link moved the focus to %q, want the field", got)
	}
	// Fields get the strong focus ring of links and buttons.
	ring := eval[string](b, `getComputedStyle(document.activeElement).boxShadow`)
	eval[bool](b, `document.querySelector("#foutmeldingen a").focus({focusVisible: true}); true`)
	if link := eval[string](b, `getComputedStyle(document.activeElement).boxShadow`); ring != link || ring == "none" {
		t.Errorf("focus ring of a field %q, of a link %q: want the same", ring, link)
	}

	// Print: the summary and the facts of every section, no forms, at most two A4 pages.
	b.open(path)
	b.do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	}))
	if n := eval[int](b, `[...document.querySelectorAll("form, .sb-action, nav")].filter(f => f.checkVisibility()).length`); n != 0 {
		t.Errorf("%d forms, buttons or menus in print", n)
	}
	if !eval[bool](b, `document.querySelector("#inburgering .sb-facts").checkVisibility()`) {
		t.Error("the facts of a closed section do not print")
	}
	b.axe()
	var pdf []byte
	b.do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		res, err := cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{PaperWidth: 8.27,
			PaperHeight: 11.69})
		pdf = res.Data
		return err
	}))
	pages := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(pdf, -1))
	t.Logf("case page in print: %d A4 pages", pages)
	if pages < 1 || pages > 2 {
		t.Errorf("the case prints on %d A4 pages, want one or two", pages)
	}
	b.do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
		return err
	}))

	// A phone: no sideways scrolling, the summary first.
	b.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	b.open(path)
	if w := eval[int](b, `document.documentElement.scrollWidth`); w > 390 {
		t.Errorf("the case page is %d px wide on a 390 px screen", w)
	}
	t.Logf("case page height at 390 px, sections closed: %d px", b.height())
	b.axe()
	b.screenshot("dossier-mobiel")
	b.open(path + "?deel=uren#uren")
	if w := eval[int](b, `document.documentElement.scrollWidth`); w > 390 {
		t.Errorf("the hours section makes the page %d px wide on a 390 px screen", w)
	}
	b.axe()
}
