package api

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/audit"
	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/users"
)

type loginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

type sessionJSON struct {
	User      userJSON `json:"user"`
	CSRFToken string   `json:"csrfToken,omitempty"`
	Via       string   `json:"via"` // "cookie" or "token"
}

// login checks e-mail address and password and starts a session in a new cookie.
// Every failure gets the same answer; repeated failures wait (429, Retry-After).
func (h *handlers) login(c echo.Context) error {
	var req loginRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	var p errs.Problems
	if req.Email == "" {
		p.Add("email", "Vul uw e-mailadres in.")
	}
	if req.Password == "" {
		p.Add("password", "Vul uw wachtwoord in.")
	}
	if err := p.Err(); err != nil {
		return err
	}
	id, token, err := h.signIn(c, req.Email, req.Password)
	var failed *LoginFailed
	if errors.As(err, &failed) {
		if failed.RetryAfter > 0 {
			secs := int(failed.RetryAfter.Round(time.Second).Seconds()) + 1
			c.Response().Header().Set("Retry-After", strconv.Itoa(secs))
			return newProblem(http.StatusTooManyRequests,
				"Te veel mislukte pogingen. Probeer het over "+strconv.Itoa(secs)+" seconden opnieuw.")
		}
		return newProblem(http.StatusUnauthorized, failed.Message)
	}
	if err != nil {
		return err
	}
	u, err := h.users.ByID(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return h.json(c, http.StatusCreated, sessionJSON{User: toUserJSON(u), CSRFToken: csrfToken(token), Via: "cookie"})
}

// LoginFailed is a login refused with a message for the user.
type LoginFailed struct {
	Message    string
	RetryAfter time.Duration // > 0: too many attempts, wait this long
}

func (e *LoginFailed) Error() string { return e.Message }

// signIn checks the e-mail address and password, starts a session in a new cookie and
// records the login, for the API and the pages alike. Every failure gets the same
// answer (a *LoginFailed); repeated failures wait. A session cookie planted before
// login is ended: a new session at every login.
func (h *handlers) signIn(c echo.Context, email, password string) (uuid.UUID, string, error) {
	ctx := c.Request().Context()
	id, err := h.users.Login(ctx, email, password, c.RealIP(), h.clock())
	var wait *users.TooManyAttempts
	if errors.As(err, &wait) || errors.Is(err, users.ErrLoginFailed) {
		if h.metrics != nil {
			h.metrics.LoginFailed(wait != nil)
		}
		if aerr := h.recordLogin(c, nil, audit.ActionFailed, audit.OutcomeFailed); aerr != nil {
			return uuid.Nil, "", aerr
		}
		if wait != nil {
			return uuid.Nil, "", &LoginFailed{Message: "Te veel mislukte pogingen. Probeer het later opnieuw.", RetryAfter: wait.RetryAfter}
		}
		return uuid.Nil, "", &LoginFailed{Message: "E-mailadres of wachtwoord klopt niet."}
	}
	if err != nil {
		return uuid.Nil, "", err
	}
	if ck, cerr := c.Cookie(h.cookieName()); cerr == nil && ck.Value != "" {
		if err := h.auth.EndSession(ctx, ck.Value); err != nil {
			return uuid.Nil, "", err
		}
	}
	token, err := h.users.StartSession(ctx, id, c.RealIP())
	if err != nil {
		return uuid.Nil, "", err
	}
	if err := h.recordLogin(c, &id, audit.ActionLogin, audit.OutcomeOK); err != nil {
		return uuid.Nil, "", err
	}
	c.SetCookie(h.sessionCookie(token, int(users.AbsoluteTimeout.Seconds())))
	return id, token, nil
}

// currentSession tells who is logged in, with their roles and CSRF token.
func (h *handlers) currentSession(c echo.Context) error {
	u, err := h.users.ByID(c.Request().Context(), *h.actor(c).UserID)
	if err != nil {
		return err
	}
	out := sessionJSON{User: toUserJSON(u), Via: "token"}
	if viaCookie(c) {
		out.Via = "cookie"
		out.CSRFToken = csrfToken(c.Get(keySession).(string))
	}
	return h.json(c, http.StatusOK, out)
}

// logout ends the cookie session. A program ends its access by revoking its token.
func (h *handlers) logout(c echo.Context) error {
	if viaCookie(c) {
		// At once here; other instances on the notification.
		if err := h.auth.EndSession(c.Request().Context(), c.Get(keySession).(string)); err != nil {
			return err
		}
		if err := h.recordLogin(c, h.actor(c).UserID, audit.ActionLogout, audit.OutcomeOK); err != nil {
			return err
		}
	}
	c.SetCookie(h.sessionCookie("", -1))
	return c.NoContent(http.StatusNoContent)
}

// recordAccess writes an access event of the request (login, logout, refusal) to the
// audit log: no case data, so no municipality or data subject.
func (h *handlers) recordAccess(c echo.Context, userID *uuid.UUID, action, outcome, objectType, objectID string) error {
	trace, client := traceIDs(c)
	return audit.Record(c.Request().Context(), h.db, audit.Event{TraceID: trace, ClientRequestID: client,
		UserID: userID, Action: action, ObjectType: objectType, ObjectID: objectID, ProcessingActivity: audit.ActivityAccess,
		Outcome: outcome, ClientAddress: c.RealIP()})
}

// recordLogin records a login, failed login or logout; a failed one names no account.
func (h *handlers) recordLogin(c echo.Context, userID *uuid.UUID, action, outcome string) error {
	id := ""
	if userID != nil {
		id = userID.String()
	}
	return h.recordAccess(c, userID, action, outcome, audit.ObjectAccount, id)
}

type tokenRequest struct {
	Name          string `json:"name"`
	ExpiresInDays *int   `json:"expiresInDays"`
}

// lifetime is the token's life as asked, 90 days when not asked.
func (r tokenRequest) lifetime() time.Duration {
	days := 90
	if r.ExpiresInDays != nil {
		days = *r.ExpiresInDays
	}
	return users.TokenLifetime(days)
}

type tokenJSON struct {
	ID         uuid.UUID  `json:"id"`
	Name       string     `json:"name"`
	Token      string     `json:"token,omitempty"`
	CreatedAt  time.Time  `json:"createdAt"`
	ExpiresAt  time.Time  `json:"expiresAt"`
	LastUsedAt *time.Time `json:"lastUsedAt"`
	Revoked    bool       `json:"revoked"`
}

func toTokenJSON(t users.Token) tokenJSON {
	return tokenJSON{ID: t.ID, Name: t.Name, CreatedAt: t.CreatedAt, ExpiresAt: t.ExpiresAt, LastUsedAt: t.LastUsedAt, Revoked: t.Revoked}
}

func (h *handlers) listTokens(c echo.Context) error {
	list, err := h.users.Tokens(c.Request().Context(), *h.actor(c).UserID)
	if err != nil {
		return err
	}
	out := make([]tokenJSON, len(list))
	for i, t := range list {
		out[i] = toTokenJSON(t)
	}
	return h.json(c, http.StatusOK, map[string]any{"tokens": out})
}

// createToken makes an API token, shown once. Only a logged-in person makes one (the
// route's permission is ownSession): a token cannot mint tokens and so outlive its
// own expiry or revocation.
func (h *handlers) createToken(c echo.Context) error {
	var req tokenRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	plain, t, err := h.users.CreateToken(c.Request().Context(), *h.actor(c).UserID, req.Name, req.lifetime())
	if err != nil {
		return err
	}
	out := toTokenJSON(t)
	out.Token = plain
	c.Response().Header().Set(echo.HeaderLocation, BasePath+"/tokens/"+t.ID.String())
	return h.json(c, http.StatusCreated, out)
}

func (h *handlers) revokeToken(c echo.Context) error {
	id, err := pathUUID(c, "tokenId")
	if err != nil {
		return err
	}
	if err := h.users.RevokeToken(c.Request().Context(), *h.actor(c).UserID, id); err != nil {
		return err
	}
	h.auth.Forget()
	return c.NoContent(http.StatusNoContent)
}
