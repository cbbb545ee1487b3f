package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// reveal opens sections and form disclosures of the case page by their ids, as a
// click on each would.
func (b *tab) reveal(ids ...string) {
	b.t.Helper()
	for _, id := range ids {
		if !eval[bool](b, fmt.Sprintf(`(d => !!d && (d.open = true))(document.getElementById(%q))`, id)) {
			b.t.Fatalf("no section or form %q to open (at %s)", id, b.location())
		}
	}
}

// waitText polls the text of sel until it contains want: htmx answers asynchronously.
func (b *tab) waitText(sel, want string) string {
	b.t.Helper()
	var got string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(
		100 * time.Millisecond,
	) {
		got = eval[string](b, `(document.querySelector(`+"`"+sel+"`"+`) || {}).textContent || ""`)
		if strings.Contains(got, want) {
			return got
		}
	}
	b.t.Fatalf("%s says %q, want %q", sel, got, want)
	return got
}

// TestCasePagesInTheBrowser drives the case pages in Chromium: the live BSN check
// runs under the strict CSP, and every state a user can reach — the empty form, the
// form with errors, the case page, the grid with an error, the stale-edit warning —
// passes axe-core's WCAG 2.1 AA rules.
func TestCasePagesInTheBrowser(t *testing.T) {
	s := newSite(t)
	b := s.browser(t)
	b.login(kmEindhoven)
	b.open("/werklijst")
	b.axe()
	b.open("/dossiers")
	b.axe()

	b.open("/dossiers/nieuw")
	b.axe()
	b.do(chromedp.SendKeys("#bsn", "123456789"))
	b.waitText("#bsn-controle", "voldoet niet aan de elfproef")
	b.do(chromedp.SendKeys("#name", "Rana Browser"),
		chromedp.Click(`form[action="/dossiers/nieuw"] button[type=submit]`),
		chromedp.WaitVisible("#fout-bsn"))
	if got := eval[string](b, `document.querySelector("#name").value`); got != "Rana Browser" {
		t.Errorf("name after a refused submit: %q", got)
	}
	b.axe()
	b.screenshot("nieuw-dossier-fouten")

	km := s.as(kmEindhoven)
	id := km.createCase(testBSN(7), "Rana Browser")
	b.open("/dossiers/" + id)
	b.axe()
	b.reveal("uren")
	cell := "#uren-" + weekKey(-1) + "-actualWorkHours"
	b.do(
		chromedp.SendKeys(cell, "veel"),
		chromedp.Click(`form[action$="/uren"] button[type=submit]`),
		chromedp.WaitVisible("#fout-"+cell[1:]),
	)
	b.axe()

	// Someone else moves the case while the page is open in the browser.
	b.open("/dossiers/" + id)
	s.as(tlEindhoven).move(id, "gevestigd", daysAgo(3), url.Values{})
	b.reveal("actie-fase")
	b.do(
		chromedp.SetValue("#datum-gevestigd", daysAgo(1)),
		chromedp.Click(`form[action$="/fase"] button[type=submit]`),
		chromedp.WaitVisible("#veranderd-kop"),
	)
	b.axe()

	// The forms that record an offer's outcome, a result and the case's details,
	// each in its error state.
	other, offer := offerCase(t, km, testBSN(8), "Rana Formulier", yearOffer())
	b.open("/dossiers/" + other)
	b.reveal("werk", "actie-uitkomst-"+offer)
	b.do(
		chromedp.Click(`form[action$="/baanaanbod/uitkomst"] button[type=submit]`),
		chromedp.WaitVisible("#fout-uitkomst-"+offer+"-status"),
	)
	b.axe()
	b.reveal("inburgering", "actie-resultaat")
	b.do(
		chromedp.Click(`form[action$="/resultaat"] button[type=submit]`),
		chromedp.WaitVisible("#fout-resultaat-soort"),
	)
	b.axe()
	b.reveal("actie-inburgering")
	b.do(chromedp.SetValue("#inburgering-intake-af", daysAgo(3)),
		chromedp.Click(
			`form[action$="/gegevens"] input[value="inburgering"] ~ fieldset button[type=submit]`,
		), chromedp.WaitVisible("#fout-inburgering-intake-start"))
	b.axe()
	b.reveal("werk", "actie-uitkomst-"+offer)
	b.do(chromedp.Click(
		`form[action$="/baanaanbod/uitkomst"] #uitkomst-`+offer+`-status-geaccepteerd`,
	),
		chromedp.Click(
			`form[action$="/baanaanbod/uitkomst"] button[type=submit]`,
		), chromedp.WaitVisible("#fout-uitkomst-"+offer+"-start"))
	b.axe()
	b.do(chromedp.Click(
		`form[action$="/baanaanbod/uitkomst"] #uitkomst-`+offer+`-status-geaccepteerd`,
	),
		chromedp.SetValue("#uitkomst-"+offer+"-start", daysAgo(5)),
		chromedp.Click(
			`form[action$="/baanaanbod/uitkomst"] button[type=submit]`,
		), chromedp.WaitVisible("#actie-einde-"+offer))
	b.reveal("actie-einde-" + offer)
	b.do(
		chromedp.Click(`form[action$="/baanaanbod/einde"] button[type=submit]`),
		chromedp.WaitVisible("#fout-einde-"+offer+"-eind"),
	)
	b.axe()
	b.open("/dossiers/" + other + "?vanaf=" + weekKey(-11))
	b.axe()

	// A team lead's assign form, with its error.
	b.do(
		chromedp.Click(`form[action="/uitloggen"] button[type=submit]`),
		chromedp.WaitVisible("#email"),
	)
	b.login(tlEindhoven)
	b.open("/dossiers/" + other)
	b.reveal("actie-toewijzen")
	b.do(chromedp.SetValue("#toewijzen-klantmanager", ""),
		chromedp.Click(
			`form[action$="/klantmanager"] button[type=submit]`,
		), chromedp.WaitVisible("#fout-toewijzen-klantmanager"))
	b.axe()
}
