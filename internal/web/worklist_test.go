package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestWorklistFiltersSearchAndLinks: the werklijst filters by stage and signal in the
// URL, searches names in a POST body (never in a URL), links each signal to where it
// is resolved and shows the birth year beside the name.
func TestWorklistFiltersSearchAndLinks(t *testing.T) {
	s := newSite(t)
	km := s.as(kmEindhoven)
	khatib := km.createCase(testBSN(21), "Hana Al-Khatib")
	km.createCase(testBSN(22), "Ayşe Öztürk")
	left := km.createCase(testBSN(23), "Wim Uitstroom")
	for _, to := range []string{"gevestigd", "uitkering_aangevraagd", "baan_aangeboden",
		"aan_het_werk", "uitgestroomd"} {
		if status, _ := km.move(left, to, daysAgo(50), nil); status != http.StatusOK {
			t.Fatalf("move to %s: %d", to, status)
		}
	}

	// Registered 60 days ago and still aangemeld: the signal links to the overview.
	status, body := km.get("/werklijst?signaal=lang_aangemeld")
	if status != http.StatusOK || !strings.Contains(body,
		`href="/dossiers/`+khatib+`?deel=overzicht#overzicht">Al 60 dagen aangemeld en nog niet gevestigd.</a>`) {
		t.Errorf("signal filter: %d, want Al-Khatib's signal with its link", status)
	}
	if !strings.Contains(body, `<option value="lang_aangemeld" selected>`) {
		t.Error("the chosen signal should stay selected")
	}
	if !strings.Contains(body, "Hana Al-Khatib</a> <span class=\"sb-muted\">(geboren 1994)") {
		t.Error("the birth year belongs beside the name")
	}
	if strings.Contains(body, "Wim Uitstroom") {
		t.Error("uitgestroomd is out of the active list")
	}
	if _, body := km.get("/werklijst?fase=uitgestroomd"); !strings.Contains(body, "Wim Uitstroom") {
		t.Error("asked for uitgestroomd, the case should show")
	}
	if status, body := km.get("/werklijst?signaal=onzin"); status != http.StatusBadRequest ||
		!strings.Contains(body, "Onbekend signaal.") {
		t.Errorf("unknown signal: %d, want 400 with the reason", status)
	}

	for _, typed := range []string{"al khatib", "AL-KHATIB", "alkhatib"} {
		status, body := km.post("/werklijst", url.Values{"zoek": {typed}, "fase": {""}, "signaal": {""}})
		if status != http.StatusOK || !strings.Contains(body, ">Hana Al-Khatib</a>") ||
			strings.Contains(body, "Öztürk") {
			t.Errorf("werklijst search %q: %d, want Al-Khatib only", typed, status)
		}
	}
	status, body = km.post("/dossiers/zoeken", url.Values{"zoek": {"ozturk"}})
	if status != http.StatusOK || !strings.Contains(body, ">Ayşe Öztürk</a> <span class=\"sb-muted\">(geboren 1994)") {
		t.Errorf("case search ozturk: %d, want Öztürk with her birth year", status)
	}
}

// TestWorklistInTheBrowser: type "al khatib" into the werklijst search and find
// Al-Khatib; the filtered werklijst passes axe; at 390 px wide the names and signals
// do not scroll sideways.
func TestWorklistInTheBrowser(t *testing.T) {
	s := newSite(t)
	km := s.as(kmEindhoven)
	km.createCase(testBSN(31), "Hana Al-Khatib")
	km.createCase(testBSN(32), "Mohammed Yilmaz")
	b := s.browser(t)
	b.login(kmEindhoven)
	b.open("/werklijst")
	b.do(chromedp.SendKeys("#wl-zoek", "al khatib"))
	b.submit(`form[action="/werklijst"][method="post"] button[type=submit]`)
	if got := b.text("main"); !strings.Contains(got, "Hana Al-Khatib") ||
		strings.Contains(got, "Mohammed Yilmaz") {
		t.Errorf("werklijst after searching al khatib: want Al-Khatib only, got %q", got)
	}
	if strings.Contains(b.location(), "khatib") {
		t.Error("the name searched for must not be in the URL")
	}
	b.axe()

	b.open("/werklijst?signaal=lang_aangemeld")
	b.axe()
	b.screenshot("werklijst-gefilterd")
	b.open("/dossiers")
	b.do(chromedp.SendKeys("#zoek", "al khatib"))
	b.submit(`form[action="/dossiers/zoeken"] button[type=submit]`)
	if got := b.text("#dossier-resultaten"); !strings.Contains(got, "Hana Al-Khatib") {
		t.Errorf("case list after searching al khatib: %q", got)
	}

	b.do(chromedp.EmulateViewport(390, 844))
	b.open("/werklijst")
	b.screenshotOf("werklijst-390", `section[aria-labelledby="aandacht-kop"] tbody tr:nth-child(2)`)
	wide := eval[bool](b, `document.documentElement.scrollWidth > window.innerWidth`)
	if wide {
		t.Error("the werklijst scrolls sideways at 390 px")
	}
	clipped := eval[[]string](b, `[...document.querySelectorAll(".sb-worklist th[scope=row], .sb-signal")]
		.filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).map(e => e.textContent)`)
	if len(clipped) > 0 {
		t.Errorf("at 390 px these names or signals run off the screen: %q", clipped)
	}
	// Each case's block holds its content: nothing runs into the next case.
	overlaps := eval[int](b, `(() => { let n = 0;
		const rows = [...document.querySelectorAll(".sb-worklist tbody tr")];
		rows.forEach(r => { const box = r.getBoundingClientRect();
			[...r.querySelectorAll("th, td, li")].forEach(e => {
				if (e.getBoundingClientRect().bottom > box.bottom + 1) n++; }); });
		return n; })()`)
	if overlaps > 0 {
		t.Errorf("at 390 px %d cells run out of their case's block", overlaps)
	}
	b.axe()
}
