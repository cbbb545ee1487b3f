package api

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/guard"
	"github.com/startbaan/startbaan/internal/server"
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
	id, token, err := h.guard.SignIn(c, req.Email, req.Password)
	var failed *guard.LoginFailed
	if errors.As(err, &failed) {
		if failed.RetryAfter > 0 {
			secs := int(failed.RetryAfter.Round(time.Second).Seconds()) + 1
			c.Response().Header().Set("Retry-After", strconv.Itoa(secs))
			return server.NewProblem(http.StatusTooManyRequests,
				"Te veel mislukte pogingen. Probeer het over "+strconv.Itoa(secs)+" seconden opnieuw.")
		}
		return server.NewProblem(http.StatusUnauthorized, failed.Message)
	}
	if err != nil {
		return err
	}
	u, err := h.Users.ByID(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return h.json(
		c,
		http.StatusCreated,
		sessionJSON{User: toUserJSON(u), CSRFToken: guard.CSRFTokenOf(token), Via: "cookie"},
	)
}

// currentSession tells who is logged in, with their roles and CSRF token.
func (h *handlers) currentSession(c echo.Context) error {
	u, err := h.Users.ByID(c.Request().Context(), *h.guard.Actor(c).UserID)
	if err != nil {
		return err
	}
	out := sessionJSON{User: toUserJSON(u), Via: "token"}
	if guard.ViaCookie(c) {
		out.Via = "cookie"
		out.CSRFToken = h.guard.CSRFToken(c)
	}
	return h.json(c, http.StatusOK, out)
}

// logout ends the cookie session. A program ends its access by revoking its token.
func (h *handlers) logout(c echo.Context) error {
	if err := h.guard.Logout(c); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
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
	return tokenJSON{
		ID:         t.ID,
		Name:       t.Name,
		CreatedAt:  t.CreatedAt,
		ExpiresAt:  t.ExpiresAt,
		LastUsedAt: t.LastUsedAt,
		Revoked:    t.Revoked,
	}
}

func (h *handlers) listTokens(c echo.Context) error {
	list, err := h.Users.Tokens(c.Request().Context(), *h.guard.Actor(c).UserID)
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
	plain, t, err := h.Users.CreateToken(
		c.Request().Context(),
		*h.guard.Actor(c).UserID,
		req.Name,
		req.lifetime(),
	)
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
	if err := h.Users.RevokeToken(c.Request().Context(), *h.guard.Actor(c).UserID, id); err != nil {
		return err
	}
	h.Auth.Forget()
	return c.NoContent(http.StatusNoContent)
}
