package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/guard"
)

// Permissions of the pages, the same (object, action) pairs as the API's.
type perm struct{ object, action string }

// guarded is the guard's permission: a login only for mine.
func (p perm) guarded() guard.Permission {
	if p.object == "" {
		return guard.Self
	}
	return guard.Perm(p.object, p.action)
}

var (
	mine         = perm{}
	readCases    = perm{"cases", "read"}
	writeCases   = perm{"cases", "write"}
	readEmployer = perm{"employers", "read"}
	reference    = perm{"reference", "read"}
	readOutcomes = perm{"outcomes", "read"}
	readLessons  = perm{"lessons", "read"}
	writeLessons = perm{"lessons", "write"}
	manageUsers  = perm{"users", "manage"}
	readAudit    = perm{"audit", "read"}
	readMonitor  = perm{"monitor", "read"}
)

// routes is the page route table, read top to bottom: method, path, permission,
// handler. Each page file adds its own rows through these helpers.
func (h *handlers) routes(e *echo.Echo) {
	g := e.Group("", pageHeaders, h.guard.AuthenticatePage)
	e.GET("/static/*", staticFiles())
	g.GET("/inloggen", h.loginPage, h.guard.Require(http.MethodGet, "/inloggen", guard.Public))
	g.POST("/inloggen", h.login, h.guard.Require(http.MethodPost, "/inloggen", guard.Public))
	h.add(g, http.MethodPost, "/uitloggen", mine, h.logout)
	h.add(g, http.MethodGet, "/", mine, h.home)
	h.accountRoutes(g)
	h.caseRoutes(g)
	h.referenceRoutes(g)
	h.outcomeRoutes(g)
	h.monitorRoutes(g)
	h.lessonRoutes(g)
	h.adminRoutes(g)
}

// add registers a page with its permission (checked by the guard, as the API's).
func (h *handlers) add(g *echo.Group, method, path string, p perm, fn echo.HandlerFunc) {
	g.Add(method, path, fn, h.guard.Require(method, path, p.guarded()))
}

// addCase registers a page about one case (its id the parameter "id"): an answer
// "not found" there is an attempt on a case, recorded in the audit log.
func (h *handlers) addCase(g *echo.Group, method, path string, p perm, fn echo.HandlerFunc) {
	g.Add(method, path, fn, h.guard.Require(method, path, p.guarded()), h.guard.RecordMissingCase("id"))
}

// pageHeaders: pages may load their own scripts, styles and images, nothing else;
// no inline script or style can run.
func pageHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		hd := c.Response().Header()
		hd.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
			"connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
		hd.Set("Cache-Control", "no-store")
		return next(c)
	}
}

// navItem is an entry of the main navigation, shown only to who may use it.
type navItem struct {
	Key, Label, Href string
}

var navigation = []struct {
	navItem
	p perm
}{
	{navItem{"werklijst", "Werklijst", "/werklijst"}, writeCases},
	{navItem{"dossiers", "Dossiers", "/dossiers"}, readCases},
	{navItem{"werkgevers", "Werkgevers", "/werkgevers"}, readEmployer},
	{navItem{"uitkomsten", "Uitkomsten", "/uitkomsten"}, readOutcomes},
	{navItem{"monitor", "Monitor", "/monitor"}, readMonitor},
	{navItem{"lessen", "Lessen", "/lessen"}, readLessons},
	{navItem{"pilots", "Pilots", "/pilots"}, reference},
	{navItem{"gebruikers", "Gebruikers", "/beheer/gebruikers"}, manageUsers},
	{navItem{"logboek", "Logboek", "/logboek"}, readAudit},
}

func (h *handlers) nav(c echo.Context) []navItem {
	var out []navItem
	for _, n := range navigation {
		if h.guard.May(c, n.p.object, n.p.action) {
			out = append(out, n.navItem)
		}
	}
	return append(out, navItem{"account", "Mijn account", "/account"})
}

// startPages are where each kind of work starts, in order: a case worker's werklijst,
// the figures of analysts and the ministry, an administrator's accounts.
var startPages = []string{"werklijst", "uitkomsten", "gebruikers"}

// home sends each role to where its work starts.
func (h *handlers) home(c echo.Context) error {
	nav := h.nav(c)
	for _, key := range startPages {
		for _, n := range nav {
			if n.Key == key {
				return c.Redirect(http.StatusSeeOther, n.Href)
			}
		}
	}
	return c.Redirect(http.StatusSeeOther, nav[0].Href)
}
