// Package guard decides who may do what, for the API and the pages alike:
// authentication (the session cookie; a bearer token on the API only), the route
// permission table and its enforcement (deny by default), CSRF tokens, session
// cookies, and the audit of logins and refusals. internal/api and internal/web
// declare every route through Require; a route without a declaration answers 403.
package guard

import (
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/app"
	"github.com/startbaan/startbaan/internal/audit"
	"github.com/startbaan/startbaan/internal/server"
	"github.com/startbaan/startbaan/internal/users"
)

// Permission is what a route needs: an (object, action) pair that Casbin decides in
// each of the user's municipalities. Every route declares one; a route without a
// declaration answers 403 to everybody (deny by default).
type Permission struct{ Object, Action string }

var (
	// Public routes need no login: the OpenAPI document and logging in.
	Public = Permission{Object: "public"}
	// Self routes need a login and touch only the user's own session, tokens and account.
	Self = Permission{Object: "self"}
	// OwnSession routes are self routes that a person must do from their session:
	// managing API tokens. A token that could mint or revoke tokens would outlive
	// its own revocation through the tokens it made.
	OwnSession = Permission{Object: "self", Action: "session"}
)

// Perm is the permission object/action.
func Perm(object, action string) Permission { return Permission{Object: object, Action: action} }

// CSRFHeader carries the CSRF token of a cookie session on every state-changing call.
const CSRFHeader = "X-CSRF-Token"

const (
	keyPrincipal = "startbaan.principal"
	keyViaCookie = "startbaan.cookie"
	keySession   = "startbaan.session"
)

// Options are the guard's settings beside the services.
type Options struct {
	Logger *slog.Logger
	// SecureCookies marks the session cookie Secure (and __Host-); off only for
	// local development over plain http.
	SecureCookies bool
	// Metrics counts failed logins; nil: nothing is counted.
	Metrics server.Metrics
}

// Guard holds the permission of every route and checks it on every request.
type Guard struct {
	users         *users.Service
	auth          *users.Authenticator
	enforcer      *access.Enforcer
	audit         *audit.Service
	clock         func() time.Time
	log           *slog.Logger
	secureCookies bool
	metrics       server.Metrics
	perms         map[string]Permission
}

// New makes the guard on the services' accounts, sessions, access rules and audit log.
func New(svc *app.Services, o Options) *Guard {
	clock := svc.Clock
	if clock == nil {
		clock = time.Now
	}
	auth := svc.Auth
	if auth == nil {
		auth = users.NewAuthenticator(svc.Users, 0)
	}
	return &Guard{users: svc.Users, auth: auth, enforcer: svc.Enforcer, audit: svc.Audit, clock: clock,
		log:           o.Logger,
		secureCookies: o.SecureCookies, metrics: o.Metrics, perms: map[string]Permission{}}
}

// Require declares the permission of a route (its full path, as registered, such as
// "/api/v1/cases/:caseId") and returns the middleware that checks it: a login, the
// CSRF token of a state-changing request of a cookie session, a role that grants it.
func (g *Guard) Require(method, path string, p Permission) echo.MiddlewareFunc {
	g.perms[method+" "+path] = p
	return g.authorize(p)
}

// Permissions lists the permission declared for every route, API and pages, keyed by
// "METHOD /path".
func (g *Guard) Permissions() map[string]Permission { return g.perms }

// Undeclared refuses a route registered without a permission: deny by default.
func (g *Guard) Undeclared(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if _, ok := g.perms[c.Request().Method+" "+c.Path()]; !ok && c.Path() != "" &&
			!strings.HasSuffix(c.Path(), "/*") {
			return g.deny(c, http.StatusForbidden, "Deze route heeft geen toegangsregel.")
		}
		return next(c)
	}
}

// deny answers 401 or 403 and records the refusal in the audit log.
func (g *Guard) deny(c echo.Context, status int, detail string) error {
	var user *uuid.UUID
	if p, ok := c.Get(keyPrincipal).(access.Principal); ok {
		user = &p.UserID
	}
	if err := g.RecordAccess(
		c,
		user,
		audit.ActionDenied,
		audit.OutcomeDenied,
		"route",
		c.Request().Method+" "+c.Path(),
	); err != nil {
		return err
	}
	if status == http.StatusUnauthorized {
		c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer realm="startbaan"`)
	}
	return server.NewProblem(status, detail)
}

// RecordAccess writes an access event of the request (login, logout, refusal, an
// answer given again) to the audit log: no case data, so no municipality or data
// subject.
func (g *Guard) RecordAccess(
	c echo.Context,
	userID *uuid.UUID,
	action,
	outcome,
	objectType,
	objectID string,
) error {
	trace, client := server.TraceIDs(c)
	return g.audit.Record(c.Request().Context(), audit.Event{TraceID: trace, ClientRequestID: client,
		UserID: userID, Action: action, ObjectType: objectType, ObjectID: objectID, ProcessingActivity: audit.ActivityAccess,
		Outcome: outcome, ClientAddress: c.RealIP()})
}

// AccessChanged applies a change of accounts, roles or tokens at once on this
// instance; the others follow the database notification.
func (g *Guard) AccessChanged(c echo.Context) {
	g.auth.Forget()
	if err := g.enforcer.Reload(c.Request().Context()); err != nil {
		g.log.WarnContext(
			c.Request().Context(),
			"access reload failed; the watcher will retry",
			"error",
			err,
		)
	}
}
