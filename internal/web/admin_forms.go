package web

import (
	"context"
	"net/http"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/calendar"
	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/pilots"
	"github.com/startbaan/startbaan/internal/web/dutch"
)

// Helpers shared by the account, administration and reference pages.

// formatDateTime writes a moment in Dutch, in Dutch time: 3 maart 2026 14:05.
func formatDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(calendar.Zone())
	return dutch.Date(t) + " " + t.Format("15:04")
}

// placeLabel names a role's domain: the national domain has no municipality.
func placeLabel(code string, names map[string]string) string {
	if code == access.NationalDomain {
		return "Landelijk"
	}
	if n, ok := names[code]; ok {
		return n
	}
	return code
}

// inNav marks the navigation entry of a page whose template name differs from its
// entry's key (the template "users" belongs to "Gebruikers").
func inNav(key string) func(*page) {
	return func(p *page) { p.Active = key }
}

// withProblem shows a message above the page, such as a refusal of the domain.
func withProblem(msg string) func(*page) {
	return func(p *page) { p.Problem = msg }
}

// formFailure sorts a domain error of a form into what the form shows again: field
// errors beside their fields (renamed from the domain's input names to the form's),
// a refusal or conflict above the form. ok is false for anything else (not found,
// internal failures): the handler returns those to the error page.
func formFailure(err error, rename map[string]string) (status int, mod func(*page), ok bool) {
	e, ok := errs.As(err)
	if !ok {
		return 0, nil, false
	}
	switch e.Kind {
	case errs.KindInvalid:
		fields := map[string]string{}
		for _, f := range e.Fields {
			name := f.Name
			if to, ok := rename[name]; ok {
				name = to
			}
			if _, seen := fields[name]; !seen { // the first reason is the most precise
				fields[name] = sentence(f.Reason)
			}
		}
		return http.StatusBadRequest, withFields(fields), true
	case errs.KindForbidden:
		return http.StatusForbidden, withProblem(e.Detail), true
	case errs.KindConflict:
		return http.StatusConflict, withProblem(e.Detail), true
	}
	return 0, nil, false
}

// sentence starts a domain reason with a capital, should one be written in lower case.
func sentence(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// municipalityNames maps CBS codes to names, for showing roles and records.
func (h *handlers) municipalityNames(ctx context.Context) (
	map[string]string,
	[]pilots.Municipality,
	error,
) {
	list, err := h.Pilots.Municipalities(ctx)
	if err != nil {
		return nil, nil, err
	}
	names := make(map[string]string, len(list))
	for _, m := range list {
		names[m.Code] = m.Name
	}
	return names, list, nil
}

// municipalityChoices are the municipalities in the actor's scope, as options; the
// server checks the scope again on submit.
func municipalityChoices(list []pilots.Municipality, actor access.Actor) []option {
	var out []option
	for _, m := range list {
		if actor.Allows(m.ID) {
			out = append(out, option{m.Code, m.Name + " (" + m.Code + ")"})
		}
	}
	return out
}

// formValue is a trimmed form field.
func formValue(c echo.Context, name string) string { return strings.TrimSpace(c.FormValue(name)) }
