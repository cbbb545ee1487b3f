package api

import (
	"strings"

	"github.com/labstack/echo/v4"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/audit"
)

// PageGuard lends the web pages the API's login, permission checks, CSRF tokens and
// audit of refusals, so pages and API share one model of who may do what. A page
// route declares its permission like an API route (Require); refusals reach the page
// error handler instead of problem+json.
type PageGuard struct{ h *handlers }

// Guard gives the pages the API's access checks.
func (s *Server) Guard() PageGuard { return PageGuard{s.h} }

// PageError renders an error of a page (any path outside /api/) for the user; an
// error it returns (the error page itself failed) is logged.
type PageError func(c echo.Context, status int, detail string, fields map[string]string, internal bool) error

// HandlePageErrors sends the errors of every path outside the API to fn.
func (s *Server) HandlePageErrors(fn PageError) { s.h.pageError = fn }

// Authenticate finds the session cookie of the request. Pages take no bearer token:
// one sent to a page is ignored, and the page acts as for a visitor not logged in.
func (g PageGuard) Authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return g.h.authenticateSession(next)
}

// Require registers a page route's permission and checks it like an API route's:
// a login, the CSRF token of a state-changing request, a role that grants it.
func (g PageGuard) Require(method, path, object, action string) echo.MiddlewareFunc {
	p := Permission{Object: object, Action: action}
	if object == "" {
		p = self
	}
	g.h.perms[method+" "+path] = p
	return g.h.authorize(p)
}

// Public registers a page anybody may open (the login page).
func (g PageGuard) Public(method, path string) { g.h.perms[method+" "+path] = public }

// Actor is the acting user of the request, scoped by Require.
func (g PageGuard) Actor(c echo.Context) access.Actor { return g.h.actor(c) }

// Principal is who is logged in, if anybody.
func (g PageGuard) Principal(c echo.Context) (access.Principal, bool) {
	p, ok := c.Get(keyPrincipal).(access.Principal)
	return p, ok
}

// May tells whether the logged-in user holds object/action in some municipality:
// what the navigation and buttons offer. The server checks again on every route.
func (g PageGuard) May(c echo.Context, object, action string) bool {
	p, ok := g.Principal(c)
	if !ok {
		return false
	}
	_, ok = g.h.enforcer.Actor(p, object, action)
	return ok
}

// ActorFor is the actor the user would be for object/action (empty scope when none).
func (g PageGuard) ActorFor(c echo.Context, object, action string) access.Actor {
	p, ok := g.Principal(c)
	if !ok {
		return access.Actor{}
	}
	a, _ := g.h.enforcer.Actor(p, object, action)
	a.TraceID, a.ClientRequestID = traceIDs(c)
	a.ClientAddress = c.RealIP()
	return a
}

// CSRFToken is the token forms send back in the field "csrf".
func (g PageGuard) CSRFToken(c echo.Context) string {
	s, _ := c.Get(keySession).(string)
	if s == "" {
		return ""
	}
	return csrfToken(s)
}

// Login checks the e-mail address and password exactly as POST /sessions does and
// sets a new session cookie; a refusal is a *LoginFailed.
func (g PageGuard) Login(c echo.Context, email, password string) error {
	_, _, err := g.h.signIn(c, strings.TrimSpace(email), password)
	return err
}

// Logout ends the session of the request and clears the cookie.
func (g PageGuard) Logout(c echo.Context) error {
	h := g.h
	if s, _ := c.Get(keySession).(string); s != "" {
		if err := h.auth.EndSession(c.Request().Context(), s); err != nil {
			return err
		}
		if err := h.recordLogin(c, h.actor(c).UserID, audit.ActionLogout, audit.OutcomeOK); err != nil {
			return err
		}
	}
	c.SetCookie(h.sessionCookie("", -1))
	return nil
}

// pageErrorFor hands an error of a page to the page error handler; false for API
// paths or when no pages are served.
func (h *handlers) pageErrorFor(err error, c echo.Context) bool {
	if h.pageError == nil || strings.HasPrefix(c.Request().URL.Path, BasePath+"/") || c.Request().URL.Path == BasePath {
		return false
	}
	p, internal := problemFor(err)
	fields := map[string]string{}
	for _, f := range p.InvalidParams {
		fields[f.Name] = f.Reason
	}
	if internal {
		h.log.ErrorContext(c.Request().Context(), "page failed", "error", err,
			"request_id", c.Response().Header().Get(echo.HeaderXRequestID), "method", knownMethod(c.Request().Method), "route", c.Path())
	}
	retryAfter(c, p.Status)
	if perr := h.pageError(c, p.Status, p.Detail, fields, internal); perr != nil {
		h.log.ErrorContext(c.Request().Context(), "error page failed", "error", perr, "status", p.Status,
			"request_id", c.Response().Header().Get(echo.HeaderXRequestID), "method", knownMethod(c.Request().Method), "route", c.Path())
	}
	return true
}

// AccessChanged applies a change of accounts, roles or tokens made through a page on
// this instance at once (the others follow the database notification), as the API's
// own handlers do.
func (g PageGuard) AccessChanged(c echo.Context) { g.h.reloadAccess(c) }

// SessionSecret is the session secret of the request ("" for a bearer token): a
// page that ends a user's other sessions keeps this one.
func (g PageGuard) SessionSecret(c echo.Context) string {
	s, _ := c.Get(keySession).(string)
	return s
}

// Report marks a page as a report: it gets the longer deadline of reports.
func (g PageGuard) Report(path string) { g.h.reportPaths[path] = true }

// ReportsDB is the database handle for reports and exports (a longer statement timeout).
func (g PageGuard) ReportsDB() *gorm.DB { return g.h.reportsDB }
