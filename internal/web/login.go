package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/guard"
)

type loginData struct {
	Email, Next string
	Demo        []DemoLogin
}

func (h *handlers) loginPage(c echo.Context) error {
	if _, ok := h.guard.Principal(c); ok {
		return c.Redirect(http.StatusSeeOther, "/")
	}
	return h.render(
		c,
		http.StatusOK,
		"login",
		"Inloggen",
		loginData{Next: safeNext(c.QueryParam("terug")), Demo: h.DemoLogins},
	)
}

// login takes the form; a refusal shows the form again with the address kept.
func (h *handlers) login(c echo.Context) error {
	email, next := strings.TrimSpace(c.FormValue("email")), safeNext(c.FormValue("terug"))
	data := loginData{Email: email, Next: next, Demo: h.DemoLogins}
	fields := map[string]string{}
	if email == "" {
		fields["email"] = "Vul uw e-mailadres in."
	}
	if c.FormValue("password") == "" {
		fields["password"] = "Vul uw wachtwoord in."
	}
	if len(fields) > 0 {
		return h.render(c, http.StatusBadRequest, "login", "Inloggen", data, withFields(fields))
	}
	_, _, err := h.guard.SignIn(c, email, c.FormValue("password"))
	var failed *guard.LoginFailed
	if errors.As(err, &failed) {
		status := http.StatusUnauthorized
		if failed.RetryAfter > 0 {
			status = http.StatusTooManyRequests
		}
		return h.render(
			c,
			status,
			"login",
			"Inloggen",
			data,
			func(p *page) { p.Problem = failed.Message },
		)
	}
	if err != nil {
		return err
	}
	if next == "" {
		next = "/"
	}
	return c.Redirect(http.StatusSeeOther, next)
}

func (h *handlers) logout(c echo.Context) error {
	if err := h.guard.Logout(c); err != nil {
		return err
	}
	return h.redirect(c, "/inloggen", "logged-out")
}

// safeNext keeps a return address only when it is a path of this site. The address
// given back is checked too: "%2F" decodes to the path "/" but would be sent back as
// "%2F", a relative address.
func safeNext(s string) string {
	u, err := url.Parse(s)
	if err != nil || s == "" || u.IsAbs() || u.Host != "" || !strings.HasPrefix(u.Path, "/") ||
		strings.HasPrefix(s, "//") {
		return ""
	}
	next := u.RequestURI()
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") ||
		strings.HasPrefix(next, "/\\") {
		return ""
	}
	return next
}

// withFields shows a form's errors beside its fields; the layout sums them up above
// the page (errorsummary.go).
func withFields(f map[string]string) func(*page) {
	return func(p *page) { p.Fields = f }
}
