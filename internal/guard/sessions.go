package guard

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/audit"
	"github.com/startbaan/startbaan/internal/users"
)

// LoginFailed is a login refused with a message for the user.
type LoginFailed struct {
	Message    string
	RetryAfter time.Duration // > 0: too many attempts, wait this long
}

func (e *LoginFailed) Error() string { return e.Message }

// SignIn checks the e-mail address and password, starts a session in a new cookie and
// records the login, for the API and the pages alike; it returns the user and the
// session secret. Every failure gets the same answer (a *LoginFailed); repeated
// failures wait. A session cookie planted before login is ended: a new session at
// every login.
func (g *Guard) SignIn(c echo.Context, email, password string) (uuid.UUID, string, error) {
	ctx := c.Request().Context()
	id, err := g.users.Login(ctx, email, password, c.RealIP(), g.clock())
	var wait *users.TooManyAttempts
	if errors.As(err, &wait) || errors.Is(err, users.ErrLoginFailed) {
		if g.metrics != nil {
			g.metrics.LoginFailed(wait != nil)
		}
		if aerr := g.recordLogin(c, nil, audit.ActionFailed, audit.OutcomeFailed); aerr != nil {
			return uuid.Nil, "", aerr
		}
		if wait != nil {
			return uuid.Nil, "", &LoginFailed{
				Message:    "Te veel mislukte pogingen. Probeer het later opnieuw.",
				RetryAfter: wait.RetryAfter,
			}
		}
		return uuid.Nil, "", &LoginFailed{Message: "E-mailadres of wachtwoord klopt niet."}
	}
	if err != nil {
		return uuid.Nil, "", err
	}
	if ck, cerr := c.Cookie(g.cookieName()); cerr == nil && ck.Value != "" {
		if err := g.auth.EndSession(ctx, ck.Value); err != nil {
			return uuid.Nil, "", err
		}
	}
	token, err := g.users.StartSession(ctx, id, c.RealIP())
	if err != nil {
		return uuid.Nil, "", err
	}
	if err := g.recordLogin(c, &id, audit.ActionLogin, audit.OutcomeOK); err != nil {
		return uuid.Nil, "", err
	}
	c.SetCookie(g.sessionCookie(token, int(users.AbsoluteTimeout.Seconds())))
	return id, token, nil
}

// Logout ends the cookie session of the request, if any, and clears the cookie. A
// program ends its access by revoking its token. Other instances forget the session
// on the database notification.
func (g *Guard) Logout(c echo.Context) error {
	if s := g.SessionSecret(c); s != "" {
		if err := g.auth.EndSession(c.Request().Context(), s); err != nil {
			return err
		}
		if err := g.recordLogin(c, g.Actor(c).UserID, audit.ActionLogout, audit.OutcomeOK); err != nil {
			return err
		}
	}
	c.SetCookie(g.sessionCookie("", -1))
	return nil
}

// recordLogin records a login, failed login or logout; a failed one names no account.
func (g *Guard) recordLogin(c echo.Context, userID *uuid.UUID, action, outcome string) error {
	id := ""
	if userID != nil {
		id = userID.String()
	}
	return g.RecordAccess(c, userID, action, outcome, audit.ObjectAccount, id)
}

// ViaCookie tells whether the request is of a cookie session (not a bearer token).
func ViaCookie(c echo.Context) bool { v, _ := c.Get(keyViaCookie).(bool); return v }

// SessionSecret is the session secret of the request ("" for a bearer token): a
// page that ends a user's other sessions keeps this one.
func (g *Guard) SessionSecret(c echo.Context) string {
	s, _ := c.Get(keySession).(string)
	return s
}

// CSRFToken is the token of the request's cookie session ("" without one) that forms
// send back in the field "csrf" and scripts in the X-CSRF-Token header.
func (g *Guard) CSRFToken(c echo.Context) string {
	s := g.SessionSecret(c)
	if s == "" {
		return ""
	}
	return CSRFTokenOf(s)
}

// CSRFTokenOf is the CSRF token of a session secret (what a login answers). It is
// derived from the secret: only who holds the session can know it, and it needs no
// storage. The session cookie itself is HttpOnly.
func CSRFTokenOf(session string) string {
	sum := sha256.Sum256([]byte("startbaan-csrf\x00" + session))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

func validCSRF(c echo.Context) bool {
	session, _ := c.Get(keySession).(string)
	got := c.Request().Header.Get(CSRFHeader)
	if got == "" { // an HTML form sends it as a field
		got = c.Request().PostFormValue("csrf")
	}
	return session != "" && subtle.ConstantTimeCompare([]byte(got), []byte(CSRFTokenOf(session))) == 1
}

// cookieName uses the __Host- prefix when cookies are Secure: the browser then
// refuses it from any subdomain or over plain http.
func (g *Guard) cookieName() string {
	if g.secureCookies {
		return "__Host-startbaan_session"
	}
	return "startbaan_session"
}

func (g *Guard) sessionCookie(value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: g.cookieName(), Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true,
		Secure: g.secureCookies, SameSite: http.SameSiteLaxMode}
}
