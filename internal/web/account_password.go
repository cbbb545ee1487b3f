package web

import (
	"errors"
	"math"
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/users"
)

// Passwords: the user changes their own on Mijn account (the current one proven);
// an administrator sets one for an account in their scope on its page. Passwords
// are never written back into a page.

// newPasswordFields checks a new password and its repetition before any service is
// asked, so that every problem shows at once; newName and repeatName are the fields'
// names in the form.
func newPasswordFields(fields map[string]string, password, repeat, newName, repeatName string) {
	switch {
	case password == "":
		fields[newName] = "Vul een nieuw wachtwoord in van minstens 12 tekens."
	case utf8.RuneCountInString(password) < users.MinPasswordLength:
		fields[newName] = "Een wachtwoord heeft minstens 12 tekens."
	}
	switch {
	case repeat == "":
		fields[repeatName] = "Vul het nieuwe wachtwoord nog een keer in."
	case password != "" && repeat != password:
		fields[repeatName] = "De twee nieuwe wachtwoorden zijn niet gelijk."
	}
}

// changePassword changes the user's own password. The current one is checked like a
// login (and throttled alike); the other sessions end, this one stays.
func (h *handlers) changePassword(c echo.Context) error {
	current, next, repeat := c.FormValue("currentPassword"), c.FormValue("newPassword"), c.FormValue("repeatPassword")
	fields := map[string]string{}
	if current == "" {
		fields["currentPassword"] = "Vul uw huidige wachtwoord in."
	}
	newPasswordFields(fields, next, repeat, "newPassword", "repeatPassword")
	form := tokenForm{ExpiresInDays: defaultTokenDays}
	if len(fields) > 0 {
		return h.renderAccount(c, http.StatusBadRequest, form, "", withFields(fields))
	}
	keep := h.guard.SessionSecret(c)
	err := h.Users.ChangeOwnPassword(c.Request().Context(), h.guard.Actor(c),
		users.PasswordChange{Current: current, New: next, KeepSession: keep, Now: h.Clock()})
	var wait *users.TooManyAttempts
	if errors.As(err, &wait) {
		c.Response().Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.RetryAfter.Seconds()))))
		return h.renderAccount(c, http.StatusTooManyRequests, form, "", withFields(map[string]string{
			"currentPassword": "Te veel mislukte pogingen. Probeer het over enkele minuten opnieuw."}))
	}
	if err != nil {
		status, mod, ok := formFailure(err, nil)
		if !ok {
			return err
		}
		return h.renderAccount(c, status, form, "", mod)
	}
	h.guard.AccessChanged(c)
	return h.redirect(c, "/account", "password-changed")
}

// setPassword gives an account in the administrator's scope a new password, which
// ends its sessions. Not for one's own account: that is Mijn account's form.
func (h *handlers) setPassword(c echo.Context) error {
	id, err := userID(c)
	if err != nil {
		return err
	}
	password, repeat := c.FormValue("password"), c.FormValue("repeatPassword")
	fields := map[string]string{}
	newPasswordFields(fields, password, repeat, "password", "repeatPassword")
	if len(fields) > 0 {
		return h.renderUser(c, http.StatusBadRequest, grantForm{}, withFields(fields))
	}
	if err := h.Users.SetPassword(c.Request().Context(), h.guard.Actor(c), id, password); err != nil {
		return h.userFailure(c, err, grantForm{})
	}
	h.guard.AccessChanged(c)
	return h.redirect(c, "/beheer/gebruikers/"+id.String(), "password-set")
}
