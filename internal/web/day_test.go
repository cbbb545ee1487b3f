package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestClientManagersDay is a client manager's day in Chromium: log in, open the
// werklijst, register a case through the form, move it from settlement through the
// benefit application to a job offer and work with the buttons of the case page, log
// four weeks of hours in the grid, and see the case leave the signals on the werklijst.
// Every page passes axe-core on the way; the main pages are photographed for the README.
func TestClientManagersDay(t *testing.T) {
	s := newSite(t)
	b := s.browser(t)
	b.login(kmEindhoven)
	b.open("/werklijst")
	b.axe()
	b.screenshot("werklijst")

	b.do(chromedp.Click(`a[href="/dossiers/nieuw"]`), chromedp.WaitVisible("#bsn"))
	b.axe()
	b.screenshot("nieuw-dossier")
	for id, v := range map[string]string{"bsn": testBSN(11), "name": "Dilan Dagelijks",
		"birthDate": "1996-02-03",
		"gender":    "vrouw", "countryOfBirth": "SY", "residencePermitDate": daysAgo(120), "householdType": "alleenstaand",
		"languageLevelIntake": "A1", "registeredOn": daysAgo(60)} {
		b.do(chromedp.SetValue("#"+id, v))
	}
	b.submit(`form[action="/dossiers/nieuw"] button[type=submit]`)
	if !strings.Contains(b.text("main"), "Het dossier is aangemaakt.") {
		t.Fatal("no confirmation after registering the case")
	}
	caseURL := b.location()
	b.press("gevestigd", daysAgo(40))
	b.press("uitkering_aangevraagd", daysAgo(30))
	b.open("/werklijst")
	if section, row := b.worklistRow("Dilan Dagelijks"); section != "aandacht-kop" ||
		!strings.Contains(row, "Nog geen baanaanbod") {
		t.Errorf("benefit applied 30 days ago without an offer: %s %q", section, row)
	}
	b.submit(`a[href="` + strings.TrimPrefix(caseURL, b.base) + `"]`)
	// One action per real event: the offer and its acceptance move the case; the start
	// lies in the week four weeks back: hours only while at work.
	b.recordOffer(daysAgo(29))
	b.acceptOffer(daysAgo(28))
	b.axe()
	b.open(strings.TrimPrefix(caseURL, b.base)) // from the top; TestCasePageStates photographs it

	// Four weeks in the grid at once: 24 hours of work and 8 of integration each.
	b.reveal("uren")
	for w := -4; w <= -1; w++ {
		for field, v := range map[string]string{"plannedWorkHours": "24", "actualWorkHours": "24",
			"plannedIntegrationHours": "8", "actualIntegrationHours": "8"} {
			b.do(chromedp.SetValue(fmt.Sprintf("#uren-%s-%s", weekKey(w), field), v))
		}
	}
	b.submit(`form[action$="/uren"] button[type=submit]`)
	if main := b.text("main"); !strings.Contains(main, "De uren zijn opgeslagen.") {
		t.Fatalf("hours not saved: %.300s", main)
	}
	b.axe()
	b.open("/werklijst")
	if section, row := b.worklistRow("Dilan Dagelijks"); section != "overig-kop" {
		t.Errorf("after four weeks of 32 hours the case still asks for attention: %s %q", section, row)
	}
}

// press fills the date of the transition to stage `to` on the case page and presses
// its button.
func (b *tab) press(to, date string) {
	b.t.Helper()
	form := `form[action$="/fase"]:has(input[name="toStage"][value="` + to + `"])`
	b.reveal("actie-fase")
	b.do(chromedp.SetValue(form+` input[type="date"]`, date))
	b.submit(form + ` button[type=submit]`)
	if main := b.text("main"); !strings.Contains(main, "De fase is bijgewerkt.") {
		b.t.Fatalf("move to %s refused: %.400s", to, main)
	}
}

// submit clicks a button or link and waits for the next page to have loaded. The
// click is the element's own (not a mouse event at coordinates), since the page may
// still be scrolling to its #fragment.
func (b *tab) submit(button string) {
	b.t.Helper()
	eval[bool](
		b,
		fmt.Sprintf(`window.sbOldPage = true; document.querySelector(%q).focus(); true`, button),
	)
	b.do(chromedp.KeyEvent("\r"))
	b.waitFor(`!window.sbOldPage && document.readyState === "complete"`)
}

// worklistRow finds the client's row on the werklijst: the heading of its section
// (aandacht-kop: asks for attention, overig-kop: the rest) and the row's text.
func (b *tab) worklistRow(name string) (section, row string) {
	b.t.Helper()
	got := eval[[]string](b, fmt.Sprintf(`(() => {
		const a = [...document.querySelectorAll("main table a")].find(a => a.textContent.trim() === %q);
		if (!a) return ["", ""];
		const s = a.closest("section"), h = s && s.querySelector("h2");
		return [h ? h.id : "", a.closest("tr").textContent.replace(/\s+/g, " ")];
	})()`, name))
	return got[0], got[1]
}

// waitFor polls a JavaScript condition until it holds: htmx swaps asynchronously.
func (b *tab) waitFor(js string) {
	b.t.Helper()
	var err error
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(
		50 * time.Millisecond,
	) {
		ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
		var ok bool
		// fails while the page navigates: try again
		ok, err = chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		cancel()
		if err == nil && ok {
			return
		}
	}
	b.t.Fatalf("waiting for %s: %v (at %s)", js, err, b.location())
}

// TestAnalystsDay: an analyst opens the peer comparison in Chromium, switches the
// cohort width, and downloads the CSV of the same choices.
func TestAnalystsDay(t *testing.T) {
	s := newSite(t)
	b := s.browser(t)
	b.login("analist.gm0772@demo.startbaan.nl")
	b.do(chromedp.Click(`nav a[href="/uitkomsten"]`), chromedp.WaitVisible("#resultaat-kop"))
	b.axe()
	b.screenshot("uitkomsten")
	b.screenshotOf("uitkomsten-grafiek", ".sb-figure")
	b.do(chromedp.SetValue("#cohort", "quarter"),
		chromedp.Focus(`form[action="/uitkomsten"] button[type=submit]`),
		chromedp.KeyEvent("\r"))
	b.waitFor(
		`location.search.includes("cohort=quarter") && !!document.querySelector("#resultaat-kop")`,
	)
	if !strings.Contains(b.text("main"), "Groep") {
		t.Error("switching to quarters shows no groups")
	}
	b.axe()
	href := eval[string](b, `document.querySelector("a[href*='format=csv']").getAttribute("href")`)
	if !strings.Contains(href, "cohort=quarter") {
		t.Errorf("the CSV link %q does not carry the chosen cohort", href)
	}
	got := eval[map[string]string](b, `fetch(`+fmt.Sprintf("%q", href)+`).then(async r => ({status: String(r.status),
		type: r.headers.get("content-type") || "", disposition: r.headers.get("content-disposition") || "",
		head: [...new Uint8Array(await r.arrayBuffer()).slice(0, 3)].join(",")}))`, chromedp.EvalAwaitPromise)
	if got["status"] != "200" || !strings.HasPrefix(got["type"], "text/csv") ||
		!strings.Contains(got["disposition"], "attachment") ||
		got["head"] != "239,187,191" { // UTF-8 BOM, for Dutch Excel
		t.Errorf("CSV download: %v", got)
	}
}
