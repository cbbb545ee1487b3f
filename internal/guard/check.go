package guard

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/server"
	"github.com/startbaan/startbaan/internal/users"
)

// AuthenticateAPI finds who calls the API: a bearer token, or else the session cookie.
func (g *Guard) AuthenticateAPI(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if auth := c.Request().Header.Get(echo.HeaderAuthorization); auth != "" {
			token, ok := strings.CutPrefix(auth, "Bearer ")
			if !ok {
				return g.deny(
					c,
					http.StatusUnauthorized,
					"Stuur een API-token als Authorization: Bearer <token>.",
				)
			}
			p, err := g.auth.Token(c.Request().Context(), strings.TrimSpace(token), g.clock())
			if errors.Is(err, users.ErrNoSession) {
				return g.deny(c, http.StatusUnauthorized, "Dit API-token is onbekend, verlopen of ingetrokken.")
			}
			if err != nil {
				return err
			}
			c.Set(keyPrincipal, p)
			return next(c)
		}
		return g.AuthenticatePage(next)(c)
	}
}

// AuthenticatePage finds the session cookie of the request and nothing else: the
// pages take no bearer token, so a token can never act as a person on a page; one
// sent to a page is ignored, and the page acts as for a visitor not logged in.
func (g *Guard) AuthenticatePage(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if ck, err := c.Cookie(g.cookieName()); err == nil && ck.Value != "" {
			p, err := g.auth.Session(c.Request().Context(), ck.Value, g.clock())
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
func (g *Guard) authorize(p Permission) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if p == Public {
				return next(c)
			}
			principal, ok := c.Get(keyPrincipal).(access.Principal)
			if !ok {
				return g.deny(c, http.StatusUnauthorized, "Log in, of stuur een API-token.")
			}
			if ViaCookie(c) && !safeMethod(c.Request().Method) && !validCSRF(c) {
				return g.deny(
					c,
					http.StatusForbidden,
					"Het CSRF-token ontbreekt of klopt niet; laad de pagina opnieuw.",
				)
			}
			if p == OwnSession && !ViaCookie(c) {
				return g.deny(
					c,
					http.StatusForbidden,
					"Een API-token beheert geen tokens; log in om tokens te maken of in te trekken.",
				)
			}
			var actor access.Actor
			if p.Object == Self.Object {
				id := principal.UserID
				actor = access.Actor{UserID: &id, Name: principal.Name}
			} else if actor, ok = g.enforcer.Actor(principal, p.Object, p.Action); !ok {
				return g.deny(c, http.StatusForbidden, "U heeft geen rol die dit toestaat.")
			}
			actor.TraceID, actor.ClientRequestID = server.TraceIDs(c)
			actor.ClientAddress = c.RealIP()
			c.Set(server.KeyActor, actor)
			return next(c)
		}
	}
}

// Actor is the acting user of the request, scoped by Require. A handler reached
// without Require gets an actor without any municipality: it sees nothing.
func (g *Guard) Actor(c echo.Context) access.Actor {
	a, _ := c.Get(server.KeyActor).(access.Actor)
	return a
}

// Principal is who is logged in, if anybody.
func (g *Guard) Principal(c echo.Context) (access.Principal, bool) {
	p, ok := c.Get(keyPrincipal).(access.Principal)
	return p, ok
}

// May tells whether the logged-in user holds object/action in some municipality:
// what the navigation and buttons offer. The server checks again on every route.
func (g *Guard) May(c echo.Context, object, action string) bool {
	p, ok := g.Principal(c)
	if !ok {
		return false
	}
	_, ok = g.enforcer.Actor(p, object, action)
	return ok
}

// ActorFor is the actor the user would be for object/action (empty scope when none).
func (g *Guard) ActorFor(c echo.Context, object, action string) access.Actor {
	p, ok := g.Principal(c)
	if !ok {
		return access.Actor{}
	}
	a, _ := g.enforcer.Actor(p, object, action)
	a.TraceID, a.ClientRequestID = server.TraceIDs(c)
	a.ClientAddress = c.RealIP()
	return a
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}
