package web_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// roles are the demo accounts of every role.
var roles = []string{
	"klantmanager.gm0772@demo.startbaan.nl", "teamleider.gm0772@demo.startbaan.nl", "analist.gm0772@demo.startbaan.nl",
	"beheerder.gm0772@demo.startbaan.nl", "ministerie@demo.startbaan.nl", "platformbeheer@demo.startbaan.nl",
}

// photographed are the pages of the README's screenshots that no day test takes.
var photographed = map[string]string{
	"ministerie@demo.startbaan.nl /uitkomsten":              "uitkomsten-landelijk",
	"ministerie@demo.startbaan.nl /lessen":                  "lessen",
	"teamleider.gm0772@demo.startbaan.nl /logboek":          "logboek",
	"beheerder.gm0772@demo.startbaan.nl /beheer/gebruikers": "gebruikers",
	"klantmanager.gm0772@demo.startbaan.nl /dossiers":       "dossiers",
}

// TestEveryPageIsAccessible logs in as each role, opens every page of its navigation
// and the first record linked from each (a case, a lesson, an account ...), and runs
// axe-core's WCAG 2.1 AA rules on every one; the login page is checked logged out.
// The site has a release, so the pages that show one (other municipalities, the
// ministry's outcomes, the monitor) are checked with their tables.
func TestEveryPageIsAccessible(t *testing.T) {
	s := newSiteOn(t, releasedData)
	b := s.browser(t)
	b.open("/inloggen")
	b.axe()
	b.screenshot("inloggen")
	for _, email := range roles {
		t.Run(strings.SplitN(email, "@", 2)[0], func(t *testing.T) {
			b := s.browser(t)
			b.login(email)
			seen := map[string]bool{}
			for _, path := range b.links("nav.sb-nav a") {
				b.open(path)
				b.axe()
				if name, ok := photographed[email+" "+path]; ok {
					b.screenshot(name)
				}
				seen[path] = true
				for _, deeper := range b.links("main table a") {
					if !seen[deeper] && len(seen) < 40 {
						seen[deeper] = true
						b.open(deeper)
						b.axe()
					}
					break
				}
			}
			if len(seen) < 2 {
				t.Errorf("only %d pages reached", len(seen))
			}
		})
	}
}

// TestKeyboardFocusIsVisible tabs through the login page: every element that takes
// the focus shows an outline.
func TestKeyboardFocusIsVisible(t *testing.T) {
	s := newSite(t)
	b := s.browser(t)
	b.open("/inloggen")
	for i := 0; i < 5; i++ {
		b.do(keyTab())
		got := eval[map[string]string](b, `(() => { const e = document.activeElement, s = getComputedStyle(e);
			return {tag: e.tagName, outline: s.outlineStyle, width: s.outlineWidth}; })()`)
		if got["tag"] == "BODY" {
			break
		}
		if got["outline"] == "none" || got["width"] == "0px" {
			t.Errorf("focus on %s without a visible outline: %v", got["tag"], got)
		}
	}
}

// TestThemeFontsLoad: the theme's fonts come from the binary (vendored, SIL OFL) and
// load under the page's CSP: Noto Sans for text, Noto Serif for headings, including
// the Latin Extended letters of names such as Öztürk and Şahin.
func TestThemeFontsLoad(t *testing.T) {
	s := newSite(t)
	b := s.browser(t)
	b.open("/inloggen")
	got := eval[[]string](b, `(async () => {
		const faces = ["400 16px 'Noto Sans'", "italic 400 16px 'Noto Sans'", "700 16px 'Noto Sans'",
			"700 24px 'Noto Serif'", "400 16px 'Noto Sans Mono'"];
		await Promise.all(faces.map(f => document.fonts.load(f, "Öztürk Şahin")));
		return [...document.fonts].filter(f => f.status === "loaded")
			.map(f => f.family.replaceAll('"', "") + " " + f.style + " " + f.weight);
	})()`, chromedp.EvalAwaitPromise)
	want := []string{"Noto Sans normal 400", "Noto Sans italic 400", "Noto Sans normal 700",
		"Noto Serif normal 700", "Noto Sans Mono normal 400"}
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("font %s did not load; loaded: %v", w, got)
		}
	}
}

// TestAxeFindsViolations: the check itself works — a page with an unlabelled field,
// an image without text and no language fails it.
func TestAxeFindsViolations(t *testing.T) {
	s := newSite(t)
	b := s.browser(t)
	b.open("/inloggen")
	eval[bool](b, `(() => { document.documentElement.removeAttribute("lang");
		document.querySelector("label[for=email]").remove(); return true; })()`)
	ids := map[string]bool{}
	for _, v := range b.violations() {
		ids[v.ID] = true
	}
	if !ids["label"] || !ids["html-has-lang"] {
		t.Errorf("axe missed the violations: %v", ids)
	}
}
