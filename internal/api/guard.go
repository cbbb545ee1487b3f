package api

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/audit"
	"github.com/startbaan/startbaan/internal/users"
)

// Permission is what a route needs: an (object, action) pair that Casbin decides in
// each of the user's municipalities. Every route declares one; a route without a
// declaration answers 403 to everybody (deny by default).
type Permission struct{ Object, Action string }

var (
	// public routes need no login: the OpenAPI document and logging in.
	public = Permission{Object: "public"}
	// self routes need a login and touch only the user's own session and tokens.
	self = Permission{Object: "self"}
	// ownSession routes are self routes that a person must do from their session:
	// managing API tokens. A token that could mint or revoke tokens would outlive
	// its own revocation through the tokens it made.
	ownSession = Permission{Object: "self", Action: "session"}
)

func perm(object, action string) Permission { return Permission{Object: object, Action: action} }

// CSRFHeader carries the CSRF token of a cookie session on every state-changing call.
const CSRFHeader = "X-CSRF-Token"

const (
	keyPrincipal = "startbaan.principal"
	keyViaCookie = "startbaan.cookie"
	keySession   = "startbaan.session"
	keyActor     = "startbaan.actor"
)

// route registers a handler with its permission. All API routes go through here. A
// route about one case also records an answer "not found" in the audit log.
func (h *handlers) route(g *echo.Group, method, path string, p Permission, fn echo.HandlerFunc) {
	h.perms[method+" "+BasePath+path] = p
	mw := []echo.MiddlewareFunc{h.authorize(p)}
	if strings.Contains(path, "/:caseId") {
		mw = append(mw, h.recordMissingCase("caseId"))
	}
	g.Add(method, path, fn, mw...)
}

// undeclared refuses a route registered without a permission: deny by default.
func (h *handlers) undeclared(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if _, ok := h.perms[c.Request().Method+" "+c.Path()]; !ok && c.Path() != "" && !strings.HasSuffix(c.Path(), "/*") {
			return h.deny(c, http.StatusForbidden, "Deze route heeft geen toegangsregel.")
		}
		return next(c)
	}
}

// authenticate finds who calls: a bearer token, or else the session cookie.
func (h *handlers) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if auth := c.Request().Header.Get(echo.HeaderAuthorization); auth != "" {
			token, ok := strings.CutPrefix(auth, "Bearer ")
			if !ok {
				return h.deny(c, http.StatusUnauthorized, "Stuur een API-token als Authorization: Bearer <token>.")
			}
			p, err := h.auth.Token(c.Request().Context(), strings.TrimSpace(token), h.clock())
			if errors.Is(err, users.ErrNoSession) {
				return h.deny(c, http.StatusUnauthorized, "Dit API-token is onbekend, verlopen of ingetrokken.")
			}
			if err != nil {
				return err
			}
			c.Set(keyPrincipal, p)
			return next(c)
		}
		return h.authenticateSession(next)(c)
	}
}

// authenticateSession finds the session cookie of the request and nothing else: the
// pages take no bearer token, so a token can never act as a person on a page.
func (h *handlers) authenticateSession(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if ck, err := c.Cookie(h.cookieName()); err == nil && ck.Value != "" {
			p, err := h.auth.Session(c.Request().Context(), ck.Value, h.clock())
			if err != nil && !errors.Is(err, users.ErrNoSession) {
				return err
			}
			if err == nil {
				c.Set(keyPrincipal, p)
				c.Set(keyViaCookie, true)
				c.Set(keySession, ck.Value)
			}
		}
		return next(c)
	}
}

// authorize checks the route's permission: a login, the CSRF token of a cookie
// session on a state-changing call, and a role that grants the permission somewhere.
// The actor it hands on is scoped to exactly the municipalities where it does.
func (h *handlers) authorize(p Permission) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if p == public {
				return next(c)
			}
			principal, ok := c.Get(keyPrincipal).(access.Principal)
			if !ok {
				return h.deny(c, http.StatusUnauthorized, "Log in, of stuur een API-token.")
			}
			if viaCookie(c) && !safeMethod(c.Request().Method) && !h.validCSRF(c) {
				return h.deny(c, http.StatusForbidden, "Het CSRF-token ontbreekt of klopt niet; laad de pagina opnieuw.")
			}
			if p == ownSession && !viaCookie(c) {
				return h.deny(c, http.StatusForbidden, "Een API-token beheert geen tokens; log in om tokens te maken of in te trekken.")
			}
			var actor access.Actor
			if p.Object == self.Object {
				id := principal.UserID
				actor = access.Actor{UserID: &id, Name: principal.Name}
			} else if actor, ok = h.enforcer.Actor(principal, p.Object, p.Action); !ok {
				return h.deny(c, http.StatusForbidden, "U heeft geen rol die dit toestaat.")
			}
			actor.TraceID, actor.ClientRequestID = traceIDs(c)
			actor.ClientAddress = c.RealIP()
			c.Set(keyActor, actor)
			return next(c)
		}
	}
}

// actor is the acting user of the request. A handler reached without authorize gets
// an actor without any municipality: it sees nothing.
func (h *handlers) actor(c echo.Context) access.Actor {
	a, _ := c.Get(keyActor).(access.Actor)
	return a
}

// deny answers 401 or 403 and records the refusal in the audit log.
func (h *handlers) deny(c echo.Context, status int, detail string) error {
	var user *uuid.UUID
	if p, ok := c.Get(keyPrincipal).(access.Principal); ok {
		user = &p.UserID
	}
	if err := h.recordAccess(c, user, audit.ActionDenied, audit.OutcomeDenied, "route", c.Request().Method+" "+c.Path()); err != nil {
		return err
	}
	if status == http.StatusUnauthorized {
		c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer realm="startbaan"`)
	}
	return newProblem(status, detail)
}

func viaCookie(c echo.Context) bool { v, _ := c.Get(keyViaCookie).(bool); return v }

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// csrfToken is derived from the session secret: only who holds the session can know
// it, and it needs no storage. The session cookie itself is HttpOnly.
func csrfToken(session string) string {
	sum := sha256.Sum256([]byte("startbaan-csrf\x00" + session))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

func (h *handlers) validCSRF(c echo.Context) bool {
	session, _ := c.Get(keySession).(string)
	got := c.Request().Header.Get(CSRFHeader)
	if got == "" { // an HTML form sends it as a field
		got = c.Request().PostFormValue("csrf")
	}
	return session != "" && subtle.ConstantTimeCompare([]byte(got), []byte(csrfToken(session))) == 1
}

// cookieName uses the __Host- prefix when cookies are Secure: the browser then
// refuses it from any subdomain or over plain http.
func (h *handlers) cookieName() string {
	if h.secureCookies {
		return "__Host-startbaan_session"
	}
	return "startbaan_session"
}

func (h *handlers) sessionCookie(value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: h.cookieName(), Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true,
		Secure: h.secureCookies, SameSite: http.SameSiteLaxMode}
}
