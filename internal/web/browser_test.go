package web_test

import (
	"context"
	_ "embed"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// axeSource is axe-core, vendored by scripts/assets.sh with the page assets.
//
//go:embed testdata/axe.min.js
var axeSource string

// tab is one logged-in (or not) tab of a real headless Chromium: Debian's package,
// which `make test` installs.
type tab struct {
	t    *testing.T
	ctx  context.Context
	base string
}

func chromium(t *testing.T) string {
	for _, p := range []string{
		os.Getenv("CHROMIUM"),
		"/usr/bin/chromium",
		"/usr/bin/chromium-browser",
	} {
		if p == "" {
			continue
		}
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	t.Fatal("Chromium is missing: `make test` installs Debian's chromium (apt-get install chromium)")
	return ""
}

func (s *site) browser(t *testing.T) *tab {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox,
		chromedp.Headless, chromedp.DisableGPU, chromedp.WindowSize(1280, 900), chromedp.Flag("lang", "nl-NL"))
	actx, stopAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, stop := chromedp.NewContext(actx)
	t.Cleanup(func() { stop(); stopAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return &tab{t: t, ctx: ctx, base: s.url}
}

func (b *tab) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("browser: %v (at %s)", err, b.location())
	}
}

func (b *tab) location() string {
	ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
	defer cancel()
	l, _ := chromedp.Run(ctx, chromedp.Location())
	return l
}

func (b *tab) open(path string) {
	b.t.Helper()
	b.do(chromedp.Navigate(b.base+path), chromedp.WaitReady("body"))
}

func (b *tab) text(sel string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(sel))
	if err != nil {
		b.t.Fatalf("text of %s: %v (at %s)", sel, err, b.location())
	}
	return s
}

func eval[T any](b *tab, js string, opts ...chromedp.EvaluateOption) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, opts...))
	if err != nil {
		b.t.Fatalf("evaluate: %v (at %s)", err, b.location())
	}
	return v
}

// login fills the login form as a person would.
func (b *tab) login(email string) {
	b.t.Helper()
	b.open("/inloggen")
	b.do(chromedp.SendKeys("#email", email), chromedp.SendKeys("#password", "startbaan-demo"),
		chromedp.Click(
			`form[action="/inloggen"] button[type=submit]`,
		), chromedp.WaitVisible("nav.sb-nav"))
}

type violation struct {
	ID, Impact, Help string
	Nodes            []string
}

// axe runs axe-core's WCAG 2.1 A and AA rules on the page and fails on any violation.
func (b *tab) axe() {
	b.t.Helper()
	for _, v := range b.violations() {
		b.t.Errorf(
			"%s: axe %s (%s): %s — %s",
			b.location(),
			v.ID,
			v.Impact,
			v.Help,
			strings.Join(v.Nodes, ", "),
		)
	}
}

func (b *tab) violations() []violation {
	b.t.Helper()
	if !eval[bool](b, `typeof window.axe !== "undefined"`) {
		eval[chromedp.Void](b, axeSource)
	}
	return eval[[]violation](b, `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
		.then(r => r.violations.map(v => ({id: v.id, impact: v.impact || "", help: v.help,
			nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))})))`, chromedp.EvalAwaitPromise)
}

// screenshot writes docs/screenshots/NAME.png when STARTBAAN_SCREENSHOTS is set
// (`make screenshots`); a normal test run leaves the tree alone.
func (b *tab) screenshot(name string) { b.screenshotOf(name, "") }

// screenshotOf photographs one element (sel), or the first screen as a person sees it.
func (b *tab) screenshotOf(name, sel string) {
	b.t.Helper()
	if os.Getenv("STARTBAAN_SCREENSHOTS") == "" {
		return
	}
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	shot := chromedp.CaptureScreenshot()
	if sel != "" {
		shot = chromedp.Screenshot(sel)
	}
	png, err := chromedp.Run(ctx, shot)
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	dir := filepath.Join("..", "..", "docs", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// links lists the distinct same-site paths of the links matching sel.
func (b *tab) links(sel string) []string {
	b.t.Helper()
	return eval[[]string](b, fmt.Sprintf(`[...new Set([...document.querySelectorAll(%q)]
		.map(a => a.getAttribute("href")).filter(h => h && h.startsWith("/") && !h.startsWith("/api/")))]`, sel))
}

func keyTab() chromedp.Action[chromedp.Void] { return chromedp.KeyEvent("\t") }
