package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/users"
)

// Mijn account: who the user is, their roles, and their API tokens. Only the user's
// own account: every handler takes the id from the session, never from the request.

type accountData struct {
	User   users.User
	Names  map[string]string // municipality names by CBS code
	Tokens []tokenRow
	// NewToken is the value of the token just made: shown once, stored only as a hash.
	NewToken string
	Form     tokenForm
}

type tokenForm struct{ Name, ExpiresInDays string }

// lifetime is the token's life as typed; what is not a number is no lifetime, and
// the service answers with the allowed range beside the field.
func (f tokenForm) lifetime() time.Duration {
	days, err := strconv.Atoi(f.ExpiresInDays)
	if err != nil {
		return 0
	}
	return users.TokenLifetime(days)
}

type tokenRow struct {
	users.Token
	Expired bool
}

// defaultTokenDays is what the form proposes; the API uses the same default.
const defaultTokenDays = "90"

func (h *handlers) accountPage(c echo.Context) error {
	return h.renderAccount(c, http.StatusOK, tokenForm{ExpiresInDays: defaultTokenDays}, "")
}

// renderAccount shows the account page with the token form as given.
func (h *handlers) renderAccount(
	c echo.Context,
	status int,
	form tokenForm,
	newToken string,
	mod ...func(*page),
) error {
	ctx := c.Request().Context()
	p, _ := h.guard.Principal(c)
	u, err := h.Users.ByID(ctx, p.UserID)
	if err != nil {
		return err
	}
	names, _, err := h.municipalityNames(ctx)
	if err != nil {
		return err
	}
	list, err := h.Users.Tokens(ctx, p.UserID)
	if err != nil {
		return err
	}
	now := h.Clock()
	rows := make([]tokenRow, len(list))
	for i, t := range list {
		rows[i] = tokenRow{Token: t, Expired: !t.ExpiresAt.After(now)}
	}
	data := accountData{User: u, Names: names, Tokens: rows, NewToken: newToken, Form: form}
	return h.render(c, status, "account", "Mijn account", data, mod...)
}

// createToken makes an API token and shows its value on the page that answers the
// POST: the value exists nowhere else, so it cannot travel through a redirect.
func (h *handlers) createToken(c echo.Context) error {
	form := tokenForm{Name: formValue(c, "name"), ExpiresInDays: formValue(c, "expiresInDays")}
	p, _ := h.guard.Principal(c)
	plain, _, err := h.Users.CreateToken(c.Request().Context(), p.UserID, form.Name, form.lifetime())
	if err != nil {
		status, mod, ok := formFailure(err, nil)
		if !ok {
			return err
		}
		return h.renderAccount(c, status, form, "", mod)
	}
	return h.renderAccount(c, http.StatusOK, tokenForm{ExpiresInDays: defaultTokenDays}, plain,
		func(pg *page) { pg.Notice = notices["token-made"] })
}

// revokeToken revokes one of the user's own tokens; another user's is not found.
func (h *handlers) revokeToken(c echo.Context) error {
	id, err := pathID(c, "Token")
	if err != nil {
		return err
	}
	p, _ := h.guard.Principal(c)
	if err := h.Users.RevokeToken(c.Request().Context(), p.UserID, id); err != nil {
		return err
	}
	h.guard.AccessChanged(c)
	return h.redirect(c, "/account", "token-gone")
}
