// Package web serves Startbaan's pages: server-rendered Dutch HTML on the domain
// services, progressively enhanced with htmx, styled with the NL Design System
// (Utrecht components, the neutral "voorbeeld" theme). Every page works without
// JavaScript. Access checks are internal/guard's, as for the API: one model for both.
package web

import (
	"html/template"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/app"
	"github.com/startbaan/startbaan/internal/guard"
	"github.com/startbaan/startbaan/internal/server"
)

// Options are the pages' own settings beside the services.
type Options struct {
	// DemoLogins are listed on the login page (demo mode only; nil otherwise).
	DemoLogins []DemoLogin
}

// DemoLogin is a published demo account, shown on the login page in demo mode.
type DemoLogin struct{ Email, Role, Municipality string }

type handlers struct {
	*app.Services
	DemoLogins []DemoLogin
	guard      *guard.Guard
	server     *server.Server
	pages      map[string]*pageTemplate
}

// Mount adds every page to the server and renders the errors of every path outside
// the API; the guard decides access to each page.
func Mount(s *server.Server, g *guard.Guard, svc *app.Services, o Options) error {
	pages, err := parsePages()
	if err != nil {
		return err
	}
	h := &handlers{Services: svc, DemoLogins: o.DemoLogins, guard: g, server: s, pages: pages}
	s.HandlePageErrors(h.renderError)
	h.routes(s.Echo)
	return nil
}

// page is what every template gets: the layout's needs and the page's own data.
type page struct {
	Title   string
	User    *access.Principal
	Nav     []navItem
	Active  string
	CSRF    string
	Notice  string
	Data    any
	Problem string            // a message above the form
	Fields  map[string]string // per-field errors, by field name
	// Set by pageTemplate.execute: the rendered "content", and the errors it shows
	// for the summary above it.
	Content template.HTML
	Errors  []summaryItem
	// OwnSummary: the page sums up its errors itself (the week screen, whose rows
	// also report a colleague's change and what was saved).
	OwnSummary bool
}

// Failed tells a page answering a failed submit: it gets the error summary at the
// top, which takes the focus, and "Fout: " before its title.
func (p *page) Failed() bool {
	if p.OwnSummary {
		return false
	}
	return p.Problem != "" || len(p.Fields) > 0 || len(p.Errors) > 0
}

// render writes a page with the layout; status 200 unless told.
func (h *handlers) render(
	c echo.Context,
	status int,
	name,
	title string,
	data any,
	mod ...func(*page),
) error {
	p := &page{
		Title:  title,
		Data:   data,
		CSRF:   h.guard.CSRFToken(c),
		Fields: map[string]string{},
		Active: name,
	}
	if pr, ok := h.guard.Principal(c); ok {
		p.User = &pr
		p.Nav = h.nav(c)
	}
	if n, err := c.Cookie(noticeCookie); err == nil && n.Value != "" {
		p.Notice = notices[n.Value]
		c.SetCookie(
			&http.Cookie{
				Name:     noticeCookie,
				Path:     "/",
				MaxAge:   -1,
				HttpOnly: true,
				SameSite: http.SameSiteLaxMode,
			},
		)
	}
	for _, m := range mod {
		m(p)
	}
	t, ok := h.pages[name]
	if !ok {
		return echo.NewHTTPError(http.StatusInternalServerError, "no template "+name)
	}
	return t.execute(c, status, p)
}

// redirect answers a form POST: 303 to the next page, with a notice to show there.
func (h *handlers) redirect(c echo.Context, to, notice string) error {
	if notice != "" {
		c.SetCookie(
			&http.Cookie{
				Name:     noticeCookie,
				Value:    notice,
				Path:     "/",
				HttpOnly: true,
				SameSite: http.SameSiteLaxMode,
				MaxAge:   60,
			},
		)
	}
	if c.Request().Header.Get("HX-Request") == "true" {
		c.Response().Header().Set("HX-Redirect", to)
		return c.NoContent(http.StatusNoContent)
	}
	return c.Redirect(http.StatusSeeOther, to)
}
