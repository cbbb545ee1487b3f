package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/startbaan/startbaan/internal/web/dutch"
)

// recordOffer fills the offer form of the open case page as a person would.
func (b *tab) recordOffer(offeredOn string) {
	b.t.Helper()
	b.reveal("werk", "actie-baanaanbod")
	employer := eval[string](b, `document.querySelector('#aanbod-werkgever option:not([value=""])').value`)
	for id, v := range map[string]string{"aanbod-werkgever": employer, "aanbod-datum": offeredOn,
		"aanbod-contract": "onbepaalde_tijd", "aanbod-uren": "24", "aanbod-loon": "14,50"} {
		b.do(chromedp.SetValue("#"+id, v))
	}
	b.submit(`form[action$="/baanaanbod"] button[type=submit]`)
	if main := b.text("main"); !strings.Contains(main, "Het baanaanbod is vastgelegd.") {
		b.t.Fatalf("offer refused: %.400s", main)
	}
}

// acceptOffer records that the client took the open offer, starting on start.
func (b *tab) acceptOffer(start string) {
	b.t.Helper()
	offer := eval[string](b, `document.querySelector('form[action$="/baanaanbod/uitkomst"] input[name=offerId]').value`)
	b.reveal("werk", "actie-uitkomst-"+offer)
	// the radio's own click, not a mouse event at coordinates: the page may still be
	// scrolling to its #fragment
	eval[bool](b, `(r => { r.click(); return r.checked; })(document.getElementById("uitkomst-`+offer+
		`-status-geaccepteerd"))`)
	b.do(chromedp.SetValue(`#uitkomst-`+offer+`-start`, start))
	b.submit(`form[action$="/baanaanbod/uitkomst"] button[type=submit]`)
	if main := b.text("main"); !strings.Contains(main, "De uitkomst van het baanaanbod is vastgelegd.") {
		b.t.Fatalf("outcome refused: %.400s", main)
	}
}

// openDetails unfolds the details element that holds the form with action suffix.
func (b *tab) openDetails(action string) {
	b.t.Helper()
	// every details around the form: the section, and the form's own disclosure
	eval[bool](b, fmt.Sprintf(`(f => { for (let d = f.closest("details"); d; d = d.parentElement.closest("details"))
		d.open = true; return true; })(document.querySelector('form[action$=%q]'))`, action))
}

func stageLine(b *tab) string {
	b.t.Helper()
	stage := eval[string](b, `[...document.querySelectorAll(".sb-case-summary__facts dt")]
		.filter(dt => dt.textContent.trim() === "Fase").map(dt => dt.nextElementSibling.textContent)[0] || ""`)
	return "Fase: " + strings.Join(strings.Fields(stage), " ")
}

// TestOfferFollowsInTheBrowser walks issue 12's "record an offer and its acceptance
// and see the stage follow; correct a wrong result; reopen a closed case": no stage
// button is pressed for baan_aangeboden or aan_het_werk, and each state passes axe.
func TestOfferFollowsInTheBrowser(t *testing.T) {
	s := newSite(t)
	km := s.as(kmEindhoven)
	id := km.createCase(testBSN(21), "Nour Volgt")
	km.move(id, "gevestigd", daysAgo(50), nil)
	km.move(id, "uitkering_aangevraagd", daysAgo(40), nil)
	b := s.browser(t)
	b.login(kmEindhoven)
	b.open("/dossiers/" + id)
	if n := eval[int](b, `document.querySelectorAll('input[name=toStage][value=baan_aangeboden]').length`); n != 0 {
		t.Error("the page still offers a stage button to baan_aangeboden")
	}
	if v := eval[string](b, `document.querySelector('#aanbod-datum').value`); v != "" {
		t.Errorf("the offer date defaults to %q, want empty", v)
	}
	b.axe()

	day := func(s string) string {
		d, _ := time.Parse(time.DateOnly, s)
		return dutch.Date(d)
	}
	b.recordOffer(daysAgo(30))
	if line := stageLine(b); !strings.Contains(line, "Fase: Baan aangeboden sinds "+day(daysAgo(30))) {
		t.Fatalf("after the offer: %q", line)
	}
	b.reveal("geschiedenis")
	if story := b.text("#geschiedenis"); !strings.Contains(story, "In de fase Baan aangeboden sinds "+
		day(daysAgo(30))) || !strings.Contains(story, "Baan aangeboden bij ") {
		t.Errorf("the story does not tell the offer and the move on its date: %q", story)
	}
	b.axe()
	b.acceptOffer(daysAgo(20))
	if line := stageLine(b); !strings.Contains(line, "Fase: Aan het werk sinds "+day(daysAgo(20))) {
		t.Fatalf("after the acceptance: %q", line)
	}
	b.axe()
	b.open("/dossiers/" + id + "?deel=geschiedenis#geschiedenis")
	b.screenshot("baanaanbod-fase-volgt")

	// A wrong result, corrected with a reason (refused without one first).
	if status, _ := km.post("/dossiers/"+id+"/resultaat", url.Values{"kind": {"knm"},
		"outcome": {"niet_behaald"}, "onDate": {daysAgo(10)}}); status != http.StatusOK {
		t.Fatalf("record result: %d", status)
	}
	b.open("/dossiers/" + id + "?deel=inburgering#inburgering") // a new document, not a jump
	result := eval[string](b, `document.querySelector('form[action$="/resultaat/correctie"] input[name=resultId]').value`)
	b.openDetails("/resultaat/correctie")
	b.do(chromedp.SetValue("#resultaat-"+result+"-uitkomst", "behaald"))
	b.submit(`form[action$="/resultaat/correctie"] button[type=submit]`)
	b.do(chromedp.WaitVisible("#fout-resultaat-" + result + "-reden"))
	if got := eval[string](b, `document.querySelector('#resultaat-`+result+`-uitkomst').value`); got != "behaald" {
		t.Errorf("the typed outcome was lost: %q", got)
	}
	b.axe()
	b.do(chromedp.SetValue("#resultaat-"+result+"-reden", "Verkeerde uitkomst aangeklikt"))
	b.submit(`form[action$="/resultaat/correctie"] button[type=submit]`)
	b.reveal("geschiedenis")
	main, story := b.text("main"), b.text("#geschiedenis")
	if !strings.Contains(main, "Het resultaat is gecorrigeerd.") ||
		!strings.Contains(story, "Resultaat gecorrigeerd: knm: niet_behaald") ||
		!strings.Contains(story, "Verkeerde uitkomst aangeklikt") {
		t.Fatalf("after the correction: %.200s … story %.1500s", main, story)
	}
	b.axe()
	b.screenshot("resultaat-gecorrigeerd")

	// The team lead closes the case: read-only for the client manager, no reopen.
	tl := s.as(tlEindhoven)
	if status, _ := tl.move(id, "afgesloten", daysAgo(1),
		url.Values{"closeReason": {"verhuisd"}}); status != http.StatusOK {
		t.Fatalf("close: %d", status)
	}
	b.open("/dossiers/" + id)
	if n := eval[int](b, `document.querySelectorAll('main form[method=post]').length`); n != 0 {
		t.Errorf("a closed case shows %d forms to a client manager", n)
	}
	if !strings.Contains(b.text("#heropenen"), "Alleen een teamleider kan het heropenen.") {
		t.Error("the client manager is not told who reopens")
	}
	b.axe()
	if status, _ := km.post("/dossiers/"+id+"/heropenen", url.Values{"reason": {"x"}}); status !=
		http.StatusForbidden {
		t.Errorf("a client manager reopens: %d, want 403", status)
	}

	// The team lead reopens it: a reason is asked, then the case is back at work.
	b.do(chromedp.Click(`form[action="/uitloggen"] button[type=submit]`), chromedp.WaitVisible("#email"))
	b.login(tlEindhoven)
	b.open("/dossiers/" + id)
	if n := eval[int](b, `document.querySelectorAll('main form[method=post]').length`); n != 1 {
		t.Errorf("a closed case shows %d forms to a team lead, want only Heropenen", n)
	}
	b.submit(`form[action$="/heropenen"] button[type=submit]`)
	b.do(chromedp.WaitVisible("#fout-heropenen-reden"))
	b.axe()
	b.do(chromedp.SetValue("#heropenen-reden", "Ten onrechte afgesloten: verhuizing ging niet door"))
	b.submit(`form[action$="/heropenen"] button[type=submit]`)
	if line := stageLine(b); !strings.Contains(b.text("main"), "Het dossier is heropend.") ||
		!strings.Contains(line, "Fase: Aan het werk sinds "+day(daysAgo(20))) {
		t.Fatalf("after reopening: %q", line)
	}
	b.axe()
	b.screenshot("dossier-heropend")

	// The last move undone, with a reason: back to baan_aangeboden on the offer date.
	b.openDetails("/fase/terugzetten")
	b.do(chromedp.SetValue("#terugzetten-reden", "Start ging niet door"))
	b.submit(`form[action$="/fase/terugzetten"] button[type=submit]`)
	if line := stageLine(b); !strings.Contains(line, "Fase: Baan aangeboden sinds "+day(daysAgo(30))) {
		t.Fatalf("after undoing the start: %q", line)
	}
	b.axe()
}
